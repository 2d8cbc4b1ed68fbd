"""Imports running beside the web pages: a thread with its own app context, and its progress
for the page's bar to poll."""

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..i18n import force_locale
from .parties import MappingError
from .reading import BadFile
from .report import ImportRefused, Report

KEPT_JOBS = 20
log = logging.getLogger(__name__)


@dataclass
class Job:
    """One dry run or import: where it is, and its report once finished."""

    id: str
    token: str
    user_id: int
    dry_run: bool
    phase: str = "check"
    done: int = 0
    total: int = 0
    report: Report | None = None
    problem: str = ""  # the file or mapping could not be used
    finished: bool = False

    def progress(self, phase: str, done: int, total: int) -> None:
        self.phase, self.done, self.total = phase, done, total

    thread: threading.Thread | None = None

    @property
    def percent(self) -> int:
        """Checking the rows is the first half of an import, writing them the second."""
        if self.finished:
            return 100
        share = min(self.done / self.total, 1) if self.total else 0
        if self.dry_run:
            return int(100 * share)
        return int(50 * share) + (50 if self.phase == "write" else 0)


def _registry(app: Flask) -> dict[str, Job]:
    return app.extensions.setdefault("retorno_import_jobs", {})


def find_job(app: Flask, job_id: str, user_id: int) -> Job | None:
    job = _registry(app).get(job_id)
    return job if job is not None and job.user_id == user_id else None


def start_job(app: Flask, token: str, user_id: int, dry_run: bool, locale: str,
              work: Callable[[Job], Report]) -> Job:
    """Run work(job) in a thread with its own app context; the job tells how far it got."""
    jobs = _registry(app)
    running = next((job for job in jobs.values() if job.token == token and not job.finished),
                   None)
    if running is not None:
        return running  # a second click while it runs follows the same job
    for old in [job_id for job_id, job in jobs.items() if job.finished][:-KEPT_JOBS]:
        del jobs[old]
    job = Job(secrets.token_urlsafe(12), token, user_id, dry_run)
    jobs[job.id] = job

    def run() -> None:
        with app.app_context(), force_locale(locale):
            try:
                job.report = work(job)
            except ImportRefused as refused:
                job.report = refused.report
            except (BadFile, MappingError) as error:
                job.problem = str(error.message)
            except Exception:
                log.exception("import %s failed", job.id)
                job.problem = str(_l("Something went wrong on our side. Nothing was imported; "
                                     "please try again."))
            finally:
                db.session.remove()
                job.finished = True

    job.thread = threading.Thread(target=run, name=f"import-{job.id}", daemon=True)
    job.thread.start()
    return job
