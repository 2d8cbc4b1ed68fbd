"""Recurring returns: how often one may repeat, the day of the next one, and its fields."""

from calendar import monthrange
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..models import OPEN, FollowUpEntry, User
from ..permissions import FOLLOW_UP_EDIT, require
from ..rules import RuleError
from .entry_data import EntryData

# At most every ten years, in each unit.
REPEAT_LIMITS = {"days": 3650, "weeks": 522, "months": 120}
TOO_RARE = _l("Repeat at most every 3650 days, 522 weeks or 120 months (ten years).")


def check_recurrence(every: int | None, unit: str | None) -> None:
    """Refuse a recurrence of 0, a negative one, one over ten years, or a number without unit."""
    if every is None and not unit:
        return
    if unit not in REPEAT_LIMITS:
        raise RuleError("repeat_unit", _l("Choose days, weeks or months."))
    if every is None:
        raise RuleError("repeat_every", _l("Type how often the return repeats, e.g. 30."))
    if every < 1:
        raise RuleError("repeat_every", _l("Type a number of at least 1."))
    if every > REPEAT_LIMITS[unit]:
        raise RuleError("repeat_every", TOO_RARE)


def add_interval(day: date, every: int, unit: str) -> date:
    """The day every N days/weeks/months after day (months: the same day of the month, or the
    month's last day when it is shorter)."""
    if unit == "days":
        return day + timedelta(days=every)
    if unit == "weeks":
        return day + timedelta(weeks=every)
    months = day.month - 1 + every
    year, month = day.year + months // 12, months % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def next_return_day(entry: FollowUpEntry, today: date) -> date:
    """The next return's day: one interval after this return, or more when that is already
    past (a return closed late keeps its rhythm instead of starting overdue)."""
    day = add_interval(entry.return_date, entry.repeat_every, entry.repeat_unit)
    while day < today:
        day = add_interval(day, entry.repeat_every, entry.repeat_unit)
    return day


def next_recurring(entry: FollowUpEntry, contacted_at: datetime, today: date) -> EntryData:
    """The open return that closing a recurring one creates: same type, time and recurrence,
    with the note "recorrente"."""
    return EntryData(contacted_at=contacted_at, return_date=next_return_day(entry, today),
                     type_id=entry.type_id, status=OPEN, notes=_("recurring"),
                     return_time=entry.return_time, repeat_every=entry.repeat_every,
                     repeat_unit=entry.repeat_unit)


def stop_repeating(entry: FollowUpEntry, user: User) -> None:
    """Stop a return from repeating (it stays as it is, closing it then creates no next one)."""
    require(user, FOLLOW_UP_EDIT)
    if not entry.repeat_every:
        raise RuleError("", _l("This return does not repeat."))
    audit.record("entry", entry.id, "update", {"repeat_every": [entry.repeat_every, None],
                                               "repeat_unit": [entry.repeat_unit, None]}, by=user)
    entry.repeat_every, entry.repeat_unit = None, None


def describe_recurrence(every: int | None, unit: str | None) -> str:
    """How a recurring return reads: "Repeats every 30 days" ("" for a return that does not)."""
    if not every or unit not in REPEAT_LIMITS:
        return ""
    if unit == "days":
        return _("Repeats every day") if every == 1 else _("Repeats every %(num)d days", num=every)
    if unit == "weeks":
        return (_("Repeats every week") if every == 1
                else _("Repeats every %(num)d weeks", num=every))
    return (_("Repeats every month") if every == 1
            else _("Repeats every %(num)d months", num=every))
