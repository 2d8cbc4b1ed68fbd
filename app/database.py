"""Backend-neutral database set-up: engine hooks chosen by dialect, start-up checks, migrations."""

import logging
import threading
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from click import ClickException
from flask import Flask
from flask_migrate import upgrade

from .config import resource_root
from .extensions import db

log = logging.getLogger(__name__)


class DamagedDatabaseError(ClickException):
    """The database failed its integrity check: the app must not start on it.

    A ClickException so that every `retorno` command prints the message and exits with 1.
    """


def install_engine_hooks(app: Flask) -> None:
    """Attach the dialect's connection hooks to the app's engine."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        from . import sqlite_tuning

        sqlite_tuning.install(engine)


def migrations_dir() -> str:
    return str(Path(resource_root()) / "migrations")


def sqlite_path(app: Flask) -> str | None:
    """Return the SQLite file of the app (None for other backends or memory)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return None
        from .sqlite_tuning import database_path

        return database_path(db.engine)


def check_database(app: Flask) -> None:
    """Log the database library's version; refuse a damaged SQLite file, naming a good backup."""
    path = sqlite_path(app)
    if path is None:
        with app.app_context():
            log.info("database: %s", db.engine.dialect.name)
        return
    from . import sqlite_tuning

    log.info("SQLite library %s, database %s", sqlite_tuning.library_version(), path)
    if not Path(path).exists():
        return
    # integrity_check reads every page (about 1 s per 80 MB, quick_check ~1 s per 800 MB): a
    # big file starts at once and gets the full check right after, in the background; if that
    # fails, the app stops serving (503 with the same message) before anyone works on it long.
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
    from . import sqlite_tuning

    problems = sqlite_tuning.integrity_problems(path)
    if problems:
        message = damaged_message(app, path, problems)
        app.extensions["retorno_damaged"] = message
        log.critical(message)


def damaged_message(app: Flask, path: str, problems: list[str]) -> str:
    from .backups.services import backup_dir, latest_good_backup

    good = latest_good_backup(backup_dir(app.config["DATA_DIR"]))
    advice = (f"The latest good backup is {good.path} (taken {good.taken_at:%Y-%m-%d %H:%M} "
              f"UTC). Put it back with:\n    retorno restore \"{good.path}\""
              if good else "No good backup was found in the backups folder.")
    return (f"Retorno will not start: the database {path} is damaged "
            f"(integrity check: {'; '.join(problems[:3])}).\n{advice}")


def pending_migration(app: Flask) -> bool:
    """True when an existing (non-empty) database is behind the newest migration."""
    with app.app_context():
        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        return False  # a new database: nothing to lose yet
    head = ScriptDirectory(migrations_dir()).get_current_head()
    return current != head


def upgrade_database(app: Flask) -> None:
    """Bring the schema to the newest migration, backing up an existing SQLite file first."""
    path = sqlite_path(app)
    if path and Path(path).exists() and pending_migration(app):
        from .backups.services import PRE_MIGRATION, backup_dir, take_backup

        with app.app_context():
            db.engine.dispose()
        take_backup(path, backup_dir(app.config["DATA_DIR"]), PRE_MIGRATION)
    with app.app_context():
        upgrade(directory=migrations_dir())
