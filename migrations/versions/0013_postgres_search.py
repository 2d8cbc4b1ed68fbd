"""Full-text search on PostgreSQL: the entries' three texts in a tsvector, GIN-indexed.

`retorno_pt` is PostgreSQL's Portuguese configuration with its words mapped through `unaccent`
then `simple` (no stemming, no stop words): "ligação" and "ligacao" are one word, as in SQLite's
FTS5 (remove_diacritics), and a prefix finds what it finds there. Portuguese stemming would
make "técnico" find "técnica" on the office server but not on a single PC; the same search
must give the same answer on both. The index is on an expression (no column to keep in step),
and app/search.py writes the same expression so the planner uses it. SQLite: nothing.

Revision ID: 0013
Revises: 0012
"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

SEARCH_DOCUMENT = ("to_tsvector('retorno_pt'::regconfig, coalesce(notes, '') || ' ' || "
                   "coalesce(complaints, '') || ' ' || coalesce(internal_comment, ''))")


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    # unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS retorno_pt")
    op.execute("CREATE TEXT SEARCH CONFIGURATION retorno_pt (COPY = pg_catalog.portuguese)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION retorno_pt ALTER MAPPING FOR asciiword, "
               "asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple")
    op.execute(f"CREATE INDEX ix_entries_search ON follow_up_entries USING gin ({SEARCH_DOCUMENT})")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX IF EXISTS ix_entries_search")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS retorno_pt")
