"""Restoring a backup, from the backups page or `retorno restore`: check, swap, bring up to date.

A refused or failed restore leaves the current database in place: the backup is checked before
anything is swapped, and if its schema cannot be brought up to date afterwards, the safety copy
goes back. Nothing here can end the process (no SystemExit inside a request).
"""

import logging
from pathlib import Path

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from ..database import upgrade_database
from ..extensions import db
from ..models import User
from .services import Backup, BackupError, backup_dir, database_store, pin, swap_in
from .stores import SqliteStore, Store

log = logging.getLogger(__name__)


def restore_backup(app: Flask, source: Path) -> Backup:
    """Put a backup in place of the app's database at the newest schema; the safety copy."""
    database = database_store(app)
    folder = backup_dir(app.config["DATA_DIR"])
    _close_connections(app)
    safety = swap_in(database, source, folder)
    try:
        upgrade_database(app)
    except Exception as error:  # noqa: BLE001 - whatever failed, the old file must come back
        log.error("restored %s could not be upgraded (%s); putting the database back",
                  source, error)
        _put_back(app, safety, database)
        reason = str(error.__cause__ or error)
        raise BackupError(_l(
            "%(name)s could not be brought up to date (%(reason)s); the database as it was "
            "before is back in place.", name=source.name, reason=reason)) from error
    finally:
        _close_connections(app)
    _end_restored_sessions(app)
    pin(source, folder)
    return safety


def _end_restored_sessions(app: Flask) -> None:
    """Sign everyone out: a session from before the backup must not come back to life."""
    with app.app_context():
        db.session.execute(update(User).values(session_version=User.session_version + 1))
        db.session.commit()
        db.session.remove()
    _close_connections(app)


def _close_connections(app: Flask) -> None:
    """Close pooled connections: the next ones open the file as it now is."""
    with app.app_context():
        db.engine.dispose()


def _put_back(app: Flask, safety: Backup, database: Store) -> None:
    _close_connections(app)
    if safety.path.exists():
        database.restore_from(safety.path)
    elif isinstance(database, SqliteStore):  # there was no file before the restore: none after
        database.remove()
