"""The alarm at a return's own time (Hora do retorno): one notification per return, once.

The notifier thread calls send_timed_alarms(app, notify) on each tick, besides the day's alert.
A return of the desktop user's, open, due today, whose time has come, is announced once: the
alarm's instant is written on the entry (time_alert_sent_for) in the same statement that checks
it was not written yet, so a restart or a second process never announces it twice. A return
closed or moved to another day is no longer due today and never rings; moved to another time, it
rings at the new one. An alarm missed while the app was closed rings when it starts, the same day.
"""

import logging
from collections.abc import Callable
from datetime import date, datetime

from flask import Flask, g
from flask_babel import gettext as _
from sqlalchemy import or_, update
from sqlalchemy.orm import joinedload

from ..clock import local_to_utc, now_utc, to_local
from ..extensions import db
from ..followups.services import ListFilters, entry_list_query
from ..i18n import force_locale
from ..models import OPEN, FollowUpEntry, User
from ..settings.services import business_today, business_zone_name
from .desktop_user import desktop_user
from .services import alerts_allowed, muted_today

log = logging.getLogger(__name__)

Notify = Callable[[str, str], None]


def alarm_instant(entry: FollowUpEntry, zone_name: str) -> datetime:
    """The UTC instant of a timed return: its day and time in the business zone."""
    return local_to_utc(datetime.combine(entry.return_date, entry.return_time), zone_name)


def ringing_returns(user: User, today: date, now: datetime, zone_name: str) -> list[FollowUpEntry]:
    """The user's own open returns of today whose time has come and whose alarm has not rung."""
    local_now = to_local(now, zone_name).time().replace(tzinfo=None)
    query = entry_list_query(user, ListFilters(status=OPEN, period="today", user_id=user.id),
                             today).where(FollowUpEntry.return_time.is_not(None),
                                          FollowUpEntry.return_time <= local_now)
    entries = db.session.scalars(query.options(joinedload(FollowUpEntry.party),
                                               joinedload(FollowUpEntry.type)))
    return [entry for entry in entries
            if entry.time_alert_sent_for != alarm_instant(entry, zone_name)]


def claim_alarm(entry: FollowUpEntry, instant: datetime) -> bool:
    """Mark the alarm as rung unless someone already did (True: this caller rings it).

    A plain UPDATE: neither the entry's version (a form open on it stays valid) nor its
    updated_at change."""
    table = FollowUpEntry.__table__
    result = db.session.execute(
        update(table)
        .where(table.c.id == entry.id, table.c.status == OPEN,
               table.c.return_date == entry.return_date, table.c.return_time == entry.return_time,
               or_(table.c.time_alert_sent_for.is_(None), table.c.time_alert_sent_for != instant))
        .values(time_alert_sent_for=instant, updated_at=table.c.updated_at))
    return result.rowcount == 1


def alarm_text(entry: FollowUpEntry) -> tuple[str, str]:
    """(title, body): the return's time, then its party and type."""
    return (_("Return at %(time)s", time=entry.return_time.strftime("%H:%M")),
            f"{entry.party.name} · {entry.type.name}")


def alarms_ringing_now(user: User, today: date) -> list[tuple[str, str, str]]:
    """(key, title, body) of the user's timed returns ringing now, unclaimed: an office client
    asks for its signed-in user and rings each key once itself."""
    if not alerts_allowed(user) or muted_today(user, today):
        return []
    zone_name = business_zone_name()
    return [(f"{entry.id}@{alarm_instant(entry, zone_name).isoformat()}", *alarm_text(entry))
            for entry in ringing_returns(user, today, now_utc(), zone_name)]


def due_alarms(app: Flask) -> list[tuple[str, str]]:
    """Claim the alarms that ring now and return their texts (committed before they are shown)."""
    with app.app_context():
        g.notifier_tick = True  # a non-empty g lets Flask-Babel switch locale here
        try:
            user = desktop_user(app)
            today = business_today()
            if user is None or not alerts_allowed(user) or muted_today(user, today):
                return []
            zone_name = business_zone_name()
            texts = []
            with force_locale(user.language):
                for entry in ringing_returns(user, today, now_utc(), zone_name):
                    if claim_alarm(entry, alarm_instant(entry, zone_name)):
                        texts.append(alarm_text(entry))
            db.session.commit()
            return texts
        finally:
            db.session.remove()


def send_timed_alarms(app: Flask, notify: Notify) -> int:
    """Show one notification per return whose time has come; return how many. Never raises."""
    try:
        texts = due_alarms(app)
    except Exception:  # noqa: BLE001 - a locked database or a bug must not end the thread
        log.exception("notifier: could not read the timed returns")
        return 0
    for title, body in texts:
        try:
            notify(title, body)
        except Exception:  # noqa: BLE001 - a broken notification backend is not fatal
            log.exception("notifier: the notification backend failed")
    return len(texts)
