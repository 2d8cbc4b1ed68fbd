"""The automatic daily backup: a daemon thread that wakes up now and then while the app runs."""

import logging
import threading
from datetime import UTC, datetime

from flask import Flask

from ..extensions import db
from .services import (
    DAILY,
    BackupError,
    backup_dir,
    database_store,
    needs_daily_backup,
    take_backup,
)

log = logging.getLogger(__name__)

FIRST_CHECK_SECONDS = 120  # let start-up (and the first sign-in) finish first
CHECK_EVERY_SECONDS = 30 * 60


def backup_if_due(app: Flask) -> bool:
    """Take the daily backup when the last one is a day old or missing; True when taken."""
    database = database_store(app)
    folder = backup_dir(app.config["DATA_DIR"])
    if not needs_daily_backup(folder, datetime.now(UTC)):
        return False
    take_backup(database, folder, DAILY)
    return True


def _run(app: Flask, stop: threading.Event) -> None:
    wait = FIRST_CHECK_SECONDS
    while not stop.wait(wait):
        wait = CHECK_EVERY_SECONDS
        try:
            backup_if_due(app)
        except BackupError as error:
            log.error("automatic backup failed: %s", error)
            return  # not SQLite, or in memory: nothing to do for this app
        except Exception:  # noqa: BLE001 - a failed night must not end the thread
            log.exception("automatic backup failed; retrying later")


def start_backup_thread(app: Flask) -> threading.Event | None:
    """Start the daily-backup thread for an SQLite app; return the event that stops it."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return None
    stop = threading.Event()
    thread = threading.Thread(target=_run, args=(app, stop), name="retorno-backups", daemon=True)
    thread.start()
    app.extensions["retorno_backup_stop"] = stop
    return stop
