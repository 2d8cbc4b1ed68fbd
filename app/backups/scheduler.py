"""The automatic daily backup: a daemon thread that wakes up now and then while the app runs."""

import logging
from datetime import UTC, datetime

from flask import Flask

from ..leases import hold
from ..periodic import Periodic, StopRunning
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
EXTENSION_KEY = "retorno_backups"


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


def look_for_backup(app: Flask) -> None:
    """One look of the backup thread; a BackupError ends the thread for good."""
    try:
        backup_if_due(app)
    except BackupError as error:
        log.error("automatic backup failed: %s", error)
        raise StopRunning from error  # in memory, or no pg_dump: nothing this thread can do


def start_backup_thread(app: Flask) -> Periodic:
    """Start the daily-backup thread (kept in app.extensions[EXTENSION_KEY]) and return it."""
    looks = Periodic("retorno-backups", lambda: look_for_backup(app), CHECK_EVERY_SECONDS,
                     first_delay=FIRST_CHECK_SECONDS,
                     failure="automatic backup failed; retrying later")
    app.extensions[EXTENSION_KEY] = looks
    return looks.start()
