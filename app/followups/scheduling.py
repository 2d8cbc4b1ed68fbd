"""Putting a return off (Adiar) and closing one while scheduling the next, in one save."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from ..clock import to_local
from ..extensions import db
from ..models import DONE, OPEN, FollowUpEntry, User
from ..permissions import (
    FOLLOW_UP_ACCESS,
    FOLLOW_UP_ADD,
    FOLLOW_UP_EDIT,
    FOLLOW_UP_MARK_DONE,
    FOLLOW_UP_SEE_ALL,
    can,
    require,
)
from ..rules import RuleError
from ..settings.calendar import add_business_days
from ..settings.services import business_zone_name
from .ownership import assign
from .recurrence import check_recurrence
from .services import (
    NOT_IN_THE_PAST,
    EntryData,
    add_entry,
    check_entry_rules,
    count_reschedule,
    update_entry,
)

BUSINESS_DAY, WEEK, CHOSEN_DATE = "business_day", "week", "date"
STEPS = (BUSINESS_DAY, WEEK, CHOSEN_DATE)
NEXT_PREFIX = "next-"  # the form fields of the next return (Baixar e agendar próximo)


@dataclass
class NextReturn:
    """The open return that Baixar e agendar próximo creates (contacted_at: now, in the zone)."""

    contacted_at: datetime
    return_date: date
    type_id: int
    responsible_id: int
    notes: str


def postponed_date(entry: FollowUpEntry, step: str, today: date) -> date:
    """The day +1 dia útil or +1 semana lands on: counted from the planned day, or from today
    when the return is already overdue."""
    start = max(entry.return_date, today)
    if step == BUSINESS_DAY:
        return add_business_days(start, 1)
    if step == WEEK:
        return start + timedelta(days=7)
    raise ValueError(step)


def reschedule(entry: FollowUpEntry, user: User, new_date: date, today: date) -> None:
    """Put an open return off to new_date (Adiar), keeping the planned date in its history."""
    require(user, FOLLOW_UP_EDIT)
    if entry.status != OPEN:
        raise RuleError("", _l("This return is already closed."))
    if new_date < today:
        raise RuleError("new_date", NOT_IN_THE_PAST)
    if new_date == entry.return_date:
        raise RuleError("new_date", _l("The return is already on that day."))
    if new_date < to_local(entry.contacted_at, business_zone_name()).date():
        raise RuleError("new_date", _l("The return date cannot be before the contact date."))
    old = entry.return_date
    entry.return_date = new_date
    count_reschedule(entry, old, user)


def close_and_schedule(entry: FollowUpEntry, user: User, closing_data: EntryData,
                       next_data: NextReturn, typed_version: int | str | None) -> FollowUpEntry:
    """Close an open return with what was said and create the follow-up's next open return.

    Baixar needs the right to close, the next return the right to add, handing it to someone
    else the right to see others' returns; nothing changes unless everything is accepted.
    The caller commits.
    """
    require(user, FOLLOW_UP_MARK_DONE)
    require(user, FOLLOW_UP_ADD)
    if entry.status != OPEN:
        raise RuleError("status", _l("This return is already closed."))
    if next_data.return_date < next_data.contacted_at.date():  # contacted now: before today
        raise RuleError(NEXT_PREFIX + "return_date", NOT_IN_THE_PAST)
    follow_up = entry.follow_up
    responsible = _next_responsible(follow_up.responsible_id, next_data.responsible_id, user)
    # A recurring return's chosen next one carries the time and the recurrence on (and no
    # other next one is made).
    check_recurrence(closing_data.repeat_every, closing_data.repeat_unit)  # this entry's fields
    following = EntryData(contacted_at=next_data.contacted_at, return_date=next_data.return_date,
                          type_id=next_data.type_id, status=OPEN, notes=next_data.notes,
                          return_time=closing_data.return_time,
                          repeat_every=closing_data.repeat_every,
                          repeat_unit=closing_data.repeat_unit)
    try:
        check_entry_rules(following)
    except RuleError as error:  # name the next return's own fields
        raise RuleError(errors={NEXT_PREFIX + name: message
                                for name, message in error.errors.items()}) from error
    closing_data.status = DONE
    update_entry(entry, user, closing_data, typed_version, repeat=False)
    if responsible is not None:
        assign(follow_up, responsible, user)
    return add_entry(follow_up, user, following)


def _next_responsible(current_id: int, chosen_id: int, user: User) -> User | None:
    """The user the follow-up goes to with its next return (None: it stays where it is)."""
    if chosen_id == current_id:
        return None
    require(user, FOLLOW_UP_SEE_ALL)  # only the offered choices reach here; a forged one is refused
    chosen = db.session.get(User, chosen_id)
    if chosen is None or not chosen.active or not can(chosen, FOLLOW_UP_ACCESS):
        raise RuleError(NEXT_PREFIX + "responsible_id", _l("Choose an active user who works "
                                                           "with follow-ups."))
    return chosen
