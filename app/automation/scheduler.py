"""The daily run: a daemon thread runs the rules at start and again when the business day turns."""

import logging
import threading
from datetime import date

from flask import Flask, g

from ..extensions import db
from ..settings.services import business_today
from .runner import run_rules

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 15 * 60
EXTENSION_KEY = "retorno_rules_stop"


def run_if_new_day(app: Flask, last_day: date | None) -> date:
    """Run the rules when the business day differs from the last run's; return today."""
    with app.app_context():
        g.rules_run = True  # a non-empty g lets Flask-Babel switch locale here
        try:
            today = business_today()
            if today != last_day:
                for run in run_rules(today):
                    log.info("automatic rule %s: %d created, %d failed", run.rule,
                             run.created, run.failed)
            return today
        finally:
            db.session.remove()


def _run(app: Flask, stop: threading.Event) -> None:
    last_day = None
    while not stop.is_set():
        try:
            last_day = run_if_new_day(app, last_day)
        except Exception:  # noqa: BLE001 - a locked database must not end the thread
            log.exception("automatic rules failed; retrying later")
        stop.wait(CHECK_EVERY_SECONDS)


def start_rules_thread(app: Flask) -> threading.Event:
    """Start the thread that runs the automatic rules; return the event that stops it."""
    stop = threading.Event()
    thread = threading.Thread(target=_run, args=(app, stop), name="retorno-rules", daemon=True)
    thread.start()
    app.extensions[EXTENSION_KEY] = stop
    return stop
