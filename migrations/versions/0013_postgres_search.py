"""Full-text search on PostgreSQL: the entries' three texts in a Portuguese tsvector, GIN-indexed.

`retorno_pt` is Portuguese stemming after `unaccent`, so "ligação" and "ligacao" are one word
as in SQLite's FTS5 (remove_diacritics). The index is on an expression (no column to keep in
step), and app/search.py writes the same expression so the planner uses it. SQLite: nothing.

Revision ID: 0013
Revises: 0009
"""
from alembic import op

revision = '0013'
down_revision = '0009'
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
    op.execute("ALTER TEXT SEARCH CONFIGURATION retorno_pt ALTER MAPPING FOR "
               "hword, hword_part, word WITH unaccent, portuguese_stem")
    op.execute(f"CREATE INDEX ix_entries_search ON follow_up_entries USING gin ({SEARCH_DOCUMENT})")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX IF EXISTS ix_entries_search")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS retorno_pt")
