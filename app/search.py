"""Full-text search over follow-up notes, complaints and internal comments, behind one function.

On SQLite an FTS5 index (migration 0002, kept current by triggers) answers in milliseconds on
a million entries; on PostgreSQL a GIN index over an unaccented tsvector (migration 0013).
Both match each typed word as a prefix, all words required, accents ignored.
"""

import re

from sqlalchemy import ColumnElement, Connection, or_, select, text

from .extensions import db
from .models import FollowUpEntry

MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """Split what the user typed into words (punctuation and FTS syntax are dropped)."""
    return _WORD.findall(query or "")[:MAX_TERMS]


def matching_entries(query: str) -> ColumnElement[bool] | None:
    """Return a WHERE condition selecting the entries whose texts contain every typed word."""
    terms = search_terms(query)
    if not terms:
        return None
    if db.engine.dialect.name == "sqlite":
        # Each word as a quoted prefix: "ferr"* finds ferramenta; quotes neutralise FTS syntax.
        fts_query = " ".join(f'"{term}"*' for term in terms)
        ids = select(text("rowid")).select_from(text("follow_up_entries_fts")).where(
            text("follow_up_entries_fts MATCH :fts_query").bindparams(fts_query=fts_query))
        return FollowUpEntry.id.in_(ids)
    if db.engine.dialect.name == "postgresql":
        return _postgres_match(terms)
    conditions = []
    for term in terms:
        pattern = f"%{term}%"
        conditions.append(or_(FollowUpEntry.notes.ilike(pattern),
                              FollowUpEntry.complaints.ilike(pattern),
                              FollowUpEntry.internal_comment.ilike(pattern)))
    return conditions[0] if len(conditions) == 1 else db.and_(*conditions)


# The very expression of the GIN index in migration 0013, so the planner uses the index.
_PG_DOCUMENT = ("to_tsvector('retorno_pt'::regconfig, coalesce(follow_up_entries.notes, '') "
                "|| ' ' || coalesce(follow_up_entries.complaints, '') || ' ' || "
                "coalesce(follow_up_entries.internal_comment, ''))")


def _postgres_match(terms: list[str]) -> ColumnElement[bool]:
    # Words are \w+ only (no tsquery syntax); each is quoted and matched as a prefix (:*).
    query = " & ".join(f"'{term}':*" for term in terms)
    return text(f"{_PG_DOCUMENT} @@ to_tsquery('retorno_pt'::regconfig, :ts_query)").bindparams(
        ts_query=query)


def compact_search_index_step(connection: Connection, pages: int = 2000) -> bool:
    """Merge up to `pages` pages of the search index towards one piece; True while work is
    left. Words deleted or changed in the entries stay in an FTS5 index's older segments until
    those are merged: call this until it answers False, each call in a short transaction of
    its own (other saves wait for one step, not for the whole index)."""
    if connection.dialect.name != "sqlite":
        return False
    raw = connection.connection.dbapi_connection
    before = raw.total_changes
    connection.exec_driver_sql("INSERT INTO follow_up_entries_fts(follow_up_entries_fts, rank) "
                               f"VALUES ('merge', {-abs(int(pages))})")
    return raw.total_changes - before > 1  # the command itself counts as one change
