"""One page of a list: size + 1 rows fetched, so no COUNT over the table is ever needed."""

from typing import Any

from sqlalchemy import Select

from .extensions import db


def one_page(query: Select, page: int, size: int) -> tuple[list[Any], bool]:
    """Return the rows of page `page` (from 1) and whether another page follows."""
    rows = list(db.session.scalars(query.limit(size + 1).offset((max(page, 1) - 1) * size)))
    return rows[:size], len(rows) > size
