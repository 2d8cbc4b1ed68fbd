"""Everything SQLite-specific lives here: pragmas and write transactions that wait, not fail.

SQLite with WAL lets readers run beside one writer. A deferred transaction that reads and
then writes can fail at once with "database is locked" when another writer got in between
(busy_timeout does not help there), so every transaction that may write starts with
BEGIN IMMEDIATE and waits its turn; read-only request transactions stay deferred.
"""

import contextvars
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 10_000

_read_only = contextvars.ContextVar("retorno_sqlite_read_only", default=False)


@contextmanager
def read_only_transactions() -> Iterator[None]:
    """Within this block, new transactions begin deferred (they will not write)."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def mark_read_only(value: bool) -> contextvars.Token:
    return _read_only.set(value)


def reset_read_only(token: contextvars.Token) -> None:
    _read_only.reset(token)


def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
    # Take transaction control away from the sqlite3 module; _on_begin issues BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN" if _read_only.get() else "BEGIN IMMEDIATE")


def install(engine: Engine) -> None:
    """Attach the pragmas and the BEGIN policy to an SQLite engine (idempotent)."""
    if not event.contains(engine, "connect", _on_connect):
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        # Connections opened before the hooks existed lack the pragmas.
        engine.dispose()


def library_version() -> str:
    return sqlite3.sqlite_version
