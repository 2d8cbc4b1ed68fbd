"""Full-text search over follow-up notes, complaints and internal comments, behind one function.

On SQLite an FTS5 index (migration 0002, kept current by triggers) answers in milliseconds on
a million entries; other backends fall back to a case-insensitive LIKE.
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
    conditions = []
    for term in terms:
        pattern = f"%{term}%"
        conditions.append(or_(FollowUpEntry.notes.ilike(pattern),
                              FollowUpEntry.complaints.ilike(pattern),
                              FollowUpEntry.internal_comment.ilike(pattern)))
    return conditions[0] if len(conditions) == 1 else db.and_(*conditions)


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
