"""Everything SQLite-specific lives here: pragmas and write transactions that wait, not fail.

SQLite with WAL lets readers run beside one writer. A deferred transaction that reads and
then writes can fail at once with "database is locked" when another writer got in between
(busy_timeout does not help there), so every transaction that may write starts with
BEGIN IMMEDIATE and waits its turn; read-only request transactions stay deferred.

Within one process the writers wait in a lock of ours, not in SQLite's busy handler: that
handler polls with sleeps growing to 100 ms, so with 20 users saving at once some saves kept
missing their turn for seconds (the office bench saw one wait past 10 s). The lock hands the
turn over at once; other processes (a CLI command) still meet the busy timeout.
"""

import contextvars
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

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


_writer_locks: dict[str, threading.Lock] = {}
_writer_locks_guard = threading.Lock()
HOLDS_WRITER = "retorno_holds_writer_lock"


def _writer_lock(connection: Connection) -> threading.Lock:
    """This database file's writer lock in this process (engines on one file share it)."""
    database = connection.engine.url.database or ""
    key = database if database not in ("", ":memory:") else f"memory-{id(connection.engine)}"
    with _writer_locks_guard:
        return _writer_locks.setdefault(key, threading.Lock())


def _on_begin(connection: Connection) -> None:
    if _read_only.get():
        connection.exec_driver_sql("BEGIN")
        return
    lock = _writer_lock(connection)
    if not lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise sqlite3.OperationalError("database is locked")
    connection.info[HOLDS_WRITER] = lock
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        _release_writer(connection.info)
        raise


def _release_writer(info: dict) -> None:
    lock = info.pop(HOLDS_WRITER, None)
    if lock is not None:
        lock.release()


def _on_commit(connection: Connection) -> None:
    if connection.invalidated or HOLDS_WRITER not in connection.info:
        return
    # COMMIT here, then let go: the next writer's BEGIN IMMEDIATE must find the file free
    # (sqlite3's own commit() that follows finds no transaction and does nothing).
    connection.exec_driver_sql("COMMIT")
    _release_writer(connection.info)


def _on_rollback(connection: Connection) -> None:
    if not connection.invalidated:  # an invalidated one was let go by the pool's event
        _release_writer(connection.info)


def _on_checkin(_dbapi_connection, record) -> None:
    # A connection back in the pool (or thrown away) in the middle of a transaction: let go.
    _release_writer(record.info)


def _on_reset(_dbapi_connection, record, _reset_state) -> None:
    _release_writer(record.info)


def _on_invalidate(_dbapi_connection, record, _exception) -> None:
    _release_writer(record.info)


def install(engine: Engine) -> None:
    """Attach the pragmas, the BEGIN policy and the writer lock to an SQLite engine
    (idempotent)."""
    if not event.contains(engine, "connect", _on_connect):
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        event.listen(engine, "commit", _on_commit)
        event.listen(engine, "rollback", _on_rollback)
        event.listen(engine, "checkin", _on_checkin)
        event.listen(engine, "reset", _on_reset)
        event.listen(engine, "invalidate", _on_invalidate)
        event.listen(engine, "soft_invalidate", _on_invalidate)
        # Connections opened before the hooks existed lack the pragmas.
        engine.dispose()


def overwrite_deleted_content(connection: Connection, on: bool = True) -> None:
    """Have SQLite zero what this connection deletes or rewrites (PRAGMA secure_delete), so an
    erased value leaves no copy in the file's free space. Nothing on other databases."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}")


def checkpoint(engine: Engine) -> None:
    """Move the write-ahead log into the database file and empty it (older page copies go)."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def library_version() -> str:
    return sqlite3.sqlite_version


# --- Whole-file operations for backups and startup checks (plain sqlite3, no engine) ---

def _open(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def integrity_problems(path: str) -> list[str]:
    """Run PRAGMA integrity_check; return what it reports (an empty list: the file is sound)."""
    try:
        connection = _open(path)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:  # not a database, or unreadable
        return [str(error)]
    return [] if rows == ["ok"] else rows


def copy_database(source: str, target: str) -> None:
    """Copy a live database into target with the online backup API (one consistent snapshot)."""
    src = _open(source)
    try:
        dest = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dest)  # pages=-1: every page in one step, from one read transaction
            # A backup is one self-contained file: no -wal beside it.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
    finally:
        src.close()


def restore_database(backup: str, live: str) -> None:
    """Write a backup's pages over the live database (readers then see the restored data)."""
    if not Path(backup).is_file():  # sqlite3 would create an empty one and copy that
        raise FileNotFoundError(backup)
    src = _open(backup)
    try:
        dest = _open(live)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode = WAL")
            dest.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dest.close()
    finally:
        src.close()


def schema_revision(path: str) -> str | None:
    """Return the Alembic revision stored in an SQLite file (None when it has none)."""
    connection = _open(path)
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except (sqlite3.DatabaseError, TypeError):
        return None
    finally:
        connection.close()


def database_path(engine: Engine) -> str | None:
    """Return the file of an SQLite engine (None for memory databases)."""
    name = engine.url.database
    return name if name and name != ":memory:" and not name.startswith("file::memory") else None
