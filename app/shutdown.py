"""Stopping a running Retorno cleanly: the stop signals (app/stop_signals.py), the database
closed."""

import logging

from flask import Flask

from .extensions import db
from .stop_signals import (
    install_stop_handlers,
    request_stop,
    restore_signal_handlers,
    wait_for_stop_signal,
)

# The stop signals lived here first: their callers (serving.py, the tests) still import them.
__all__ = ["close_database", "install_stop_handlers", "request_stop", "restore_signal_handlers",
           "wait_for_stop_signal"]

log = logging.getLogger(__name__)


def close_database(app: Flask) -> None:
    """Close every pooled connection, so nothing is left half-open when the process ends."""
    with app.app_context():
        db.session.remove()
        # On SQLite the last connection to close checkpoints the write-ahead log into the
        # database file and deletes it (the tests check that no -wal file is left behind).
        db.engine.dispose()
