"""Once per office: a lease row in the database names the one process doing a job.

Two server processes on one database (two PCs started as servers, or a restart overlapping the
old process) must not both take the daily backup or run the automatic rules. Whoever takes
the lease first holds it until it expires; the holder renews it each time it works; when the
holder dies its lease runs out and another process takes over. Works the same on SQLite and
PostgreSQL: one UPDATE with a condition, or one INSERT that a second process cannot repeat.
"""

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from .clock import now_utc
from .extensions import db
from .models import OfficeLease

# This process, as other processes see it in the lease table.
PROCESS_ID = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def hold(name: str, seconds: float, holder: str = PROCESS_ID,
         now: datetime | None = None) -> bool:
    """Take or renew the lease `name` for `seconds`; True when `holder` has it now."""
    now = now or now_utc()
    until = now + timedelta(seconds=seconds)
    taken = db.session.execute(
        update(OfficeLease)
        .where(OfficeLease.name == name,
               or_(OfficeLease.holder == holder, OfficeLease.expires_at < now))
        .values(holder=holder, expires_at=until))
    if taken.rowcount == 1:
        db.session.commit()
        return True
    db.session.rollback()
    if db.session.get(OfficeLease, name) is not None:
        return False  # someone else's, still running
    try:
        db.session.add(OfficeLease(name=name, holder=holder, expires_at=until))
        db.session.commit()
    except IntegrityError:  # another process inserted it first
        db.session.rollback()
        return False
    return True


def release(name: str, holder: str = PROCESS_ID) -> None:
    """Let another process take the lease at once (on a clean stop)."""
    db.session.execute(update(OfficeLease).where(OfficeLease.name == name,
                                                 OfficeLease.holder == holder)
                       .values(expires_at=now_utc() - timedelta(seconds=1)))
    db.session.commit()
