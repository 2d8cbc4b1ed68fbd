"""The automatic daily backup: a daemon thread that wakes up now and then while the app runs."""

import logging
import threading
from datetime import UTC, datetime

from flask import Flask

from ..leases import hold
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
# One server process of the office takes the daily backup: the one holding this lease.
LEASE, LEASE_SECONDS = "daily-backup", 3 * CHECK_EVERY_SECONDS


def backup_if_due(app: Flask) -> bool:
    """Take the daily backup when the last one is a day old or missing; True when taken."""
    database = database_store(app)
    with app.app_context():
        if not hold(LEASE, LEASE_SECONDS):
            return False  # another server process on this database does it
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
            return  # in memory, or no pg_dump: nothing this thread can do
        except Exception:  # noqa: BLE001 - a failed night must not end the thread
            log.exception("automatic backup failed; retrying later")


def start_backup_thread(app: Flask) -> threading.Event:
    """Start the daily-backup thread; return the event that stops it."""
    stop = threading.Event()
    thread = threading.Thread(target=_run, args=(app, stop), name="retorno-backups", daemon=True)
    thread.start()
    app.extensions["retorno_backup_stop"] = stop
    return stop
