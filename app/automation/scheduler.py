"""The daily run: a daemon thread runs the rules at start and again when the business day turns."""

import logging
from datetime import date

from flask import Flask, g

from ..extensions import db
from ..periodic import Periodic
from ..settings.services import business_today
from .runner import run_rules

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 15 * 60
EXTENSION_KEY = "retorno_rules"


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


def start_rules_thread(app: Flask) -> Periodic:
    """Start the automatic rules' thread (kept in app.extensions[EXTENSION_KEY]); return it."""
    last_day: date | None = None

    def run_once() -> None:
        nonlocal last_day
        last_day = run_if_new_day(app, last_day)

    runs = Periodic("retorno-rules", run_once, CHECK_EVERY_SECONDS,
                    failure="automatic rules failed; retrying later")
    app.extensions[EXTENSION_KEY] = runs
    return runs.start()
