"""Backend-neutral database set-up: engine hooks chosen by dialect, start-up checks, migrations."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError
from click import ClickException
from flask import Flask
from sqlalchemy import text

from . import sqlite_tuning
from .backups.services import (
    PRE_MIGRATION,
    BackupError,
    backup_dir,
    database_store,
    latest_good_backup,
    take_backup,
)
from .backups.stores import PostgresStore, SqliteStore
from .extensions import db, migrate
from .schema_versions import head_revision, is_known, migrations_dir

log = logging.getLogger(__name__)


class DamagedDatabaseError(ClickException):
    """The database failed its integrity check: the app must not start on it.

    A ClickException so that every `retorno` command prints the message and exits with 1.
    """


class SchemaError(ClickException):
    """The schema is newer than this version knows, or could not be brought up to date."""


@contextmanager
def reading() -> Iterator[None]:
    """Run the block's queries in a transaction that takes no write lock, and end it after.

    For slow work beside the reads (a password hash): on SQLite a write transaction would hold
    the one writer's lock all that time. The session must have nothing unsaved.
    """
    db.session.rollback()
    with sqlite_tuning.read_only_transactions():
        try:
            yield
        finally:
            db.session.rollback()


def install_engine_hooks(app: Flask) -> None:
    """Attach the dialect's connection hooks to the app's engine."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        sqlite_tuning.install(engine)


def sqlite_path(app: Flask) -> str | None:
    """Return the SQLite file of the app (None for other backends or memory)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return None
        return sqlite_tuning.database_path(db.engine)


def check_database(app: Flask) -> None:
    """Log the database library's version; refuse a damaged SQLite file, naming a good backup."""
    path = sqlite_path(app)
    if path is None:
        with app.app_context():
            log.info("database: %s", db.engine.dialect.name)
        return
    log.info("SQLite library %s, database %s", sqlite_tuning.library_version(), path)
    if not Path(path).exists():
        return
    # integrity_check reads every page (about 1 s per 80 MB): a big file starts at once and
    # gets the check right after, in the background; if that fails, the app stops serving
    # (503 with the same message) before anyone works on it long.
    full = Path(path).stat().st_size <= app.config["STARTUP_FULL_CHECK_MAX_BYTES"]
    if full:
        problems = sqlite_tuning.integrity_problems(path)
        if problems:
            raise DamagedDatabaseError(damaged_message(app, path, problems))
    else:
        threading.Thread(target=_late_full_check, args=(app, path), daemon=True,
                         name="retorno-integrity").start()


def _late_full_check(app: Flask, path: str) -> None:
    """Run the full check after start; a damaged file then stops the app from serving."""
    problems = sqlite_tuning.integrity_problems(path)
    if problems:
        message = damaged_message(app, path, problems)
        app.extensions["retorno_damaged"] = message
        log.critical(message)


def damaged_message(app: Flask, path: str, problems: list[str]) -> str:
    good = latest_good_backup(backup_dir(app.config["DATA_DIR"]), SqliteStore(path))
    advice = (f"The latest good backup is {good.path} (taken {good.taken_at:%Y-%m-%d %H:%M} "
              f"UTC). Put it back with:\n    retorno restore \"{good.path}\""
              if good else "No good backup was found in the backups folder.")
    return (f"Retorno will not start: the database {path} is damaged "
            f"(integrity check: {'; '.join(problems[:3])}).\n{advice}")


def current_revision(app: Flask) -> str | None:
    """Return the schema revision of the app's database (None for a new, empty one)."""
    with app.app_context():
        with db.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()


def pending_migration(app: Flask) -> bool:
    """True when an existing (non-empty) database is behind the newest migration."""
    current = current_revision(app)
    return current is not None and current != head_revision()


def _back_up_before_migrating(app: Flask) -> None:
    """A copy of the database as it was, before a migration changes it."""
    store = database_store(app)
    with app.app_context():
        db.engine.dispose()
    if isinstance(store, PostgresStore):
        try:
            take_backup(store, backup_dir(app.config["DATA_DIR"]), PRE_MIGRATION)
        except BackupError as error:  # e.g. no pg_dump here: the server's own backups remain
            log.warning("no backup before the migration: %s", error)
        return
    if store.exists():
        take_backup(store, backup_dir(app.config["DATA_DIR"]), PRE_MIGRATION)


# pg_advisory_lock key of "one server process migrates at a time" (any fixed 64-bit number).
MIGRATION_LOCK = 0x5245544F524E4F  # "RETORNO"


@contextmanager
def one_migrator(app: Flask) -> Iterator[None]:
    """On PostgreSQL, hold the office's migration lock: two servers started at once on one
    database would otherwise both create the same tables, and the second would fail."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            yield
            return
        with db.engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            lock.commit()
            try:
                yield
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                lock.commit()


def upgrade_database(app: Flask) -> None:
    """Bring the schema to the newest migration, backing up an existing database first.

    Raises SchemaError (never SystemExit, as Flask-Migrate's upgrade would: this also runs
    inside a request, after a restore) for a newer schema or a migration that failed.
    """
    with one_migrator(app):  # the revision is read again once the lock is ours
        _upgrade(app)


def _upgrade(app: Flask) -> None:
    current = current_revision(app)
    if current is not None and not is_known(current):
        raise SchemaError(
            f"Retorno will not start: the database {sqlite_path(app) or ''} comes from a newer "
            f"version of Retorno (database version {current}); this version knows database "
            f"versions up to {head_revision()}. Install that newer Retorno, or restore a backup "
            f"taken by this version.")
    if current not in (None, head_revision()):
        _back_up_before_migrating(app)
    with app.app_context():
        try:
            command.upgrade(migrate.get_config(migrations_dir()), "head")
        except (CommandError, RuntimeError) as error:
            raise SchemaError(f"The database could not be brought up to date: {error}") from error
