"""Follow-up rules: starting one, adding and closing entries, the lists and due counts."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import joinedload

from .. import audit
from ..clock import local_to_utc, now_utc, to_local, week_in_utc
from ..complaints.services import open_complaint
from ..extensions import db
from ..models import (
    DONE,
    OPEN,
    PARTY_KINDS,
    FollowUp,
    FollowUpEntry,
    FollowUpType,
    Party,
    SalesDocument,
    User,
)
from ..pagination import one_page
from ..permissions import (
    FOLLOW_UP_EDIT,
    FOLLOW_UP_MARK_DONE,
    FOLLOW_UP_SEE_ALL,
    can,
    require,
)
from ..rules import RuleError, check_version
from ..search import matching_entries
from ..settings.services import business_today, business_zone_name
from .entry_data import EntryData
from .recurrence import check_recurrence, next_recurring
from .visibility import scope_entries

NOT_IN_THE_PAST = _l("Choose today or a later day: the return cannot move to the past.")
ENTRY_FIELDS = ("contacted_at", "return_date", "return_time", "type_id", "status", "notes",
                "complaints", "internal_comment", "responsible_id", "repeat_every", "repeat_unit")
TIME_AND_REPEAT_FIELDS = ("return_time", "repeat_every", "repeat_unit")
DONE_THIS_WEEK = "done_week"  # closed (Baixado) in this business week, latest first
PERIODS = ("today", "overdue", "next7", DONE_THIS_WEEK, "range", "")
ALL = "all"
STATUSES = (OPEN, DONE, ALL)


@dataclass
class ListFilters:
    status: str = OPEN
    period: str = ""
    date_from: date | None = None
    date_to: date | None = None
    type_id: int | None = None
    party_id: int | None = None
    party_kind: str = ""  # customer / supplier: only their entries ("" for both)
    user_id: int | None = None
    text: str = ""


def now_local() -> datetime:
    """Now as the entry form shows it: wall-clock minutes in the business zone."""
    return to_local(now_utc(), business_zone_name()).replace(tzinfo=None, second=0,
                                                               microsecond=0)



def active_types() -> list[FollowUpType]:
    return list(db.session.scalars(
        select(FollowUpType).where(FollowUpType.active.is_(True))
        .order_by(FollowUpType.position, FollowUpType.name)))


def check_entry_rules(data: EntryData, current_type_id: int | None = None) -> None:
    """Refuse a return date before the contact's day, and an unknown or inactive type (an
    entry may keep the type it already has after that type was deactivated)."""
    if data.return_date < data.contacted_at.date():
        raise RuleError("return_date", _l("The return date cannot be before the contact date."))
    follow_up_type = db.session.get(FollowUpType, data.type_id)
    if follow_up_type is None or not (follow_up_type.active
                                      or follow_up_type.id == current_type_id):
        raise RuleError("type_id", _l("Choose a follow-up type from the list."))
    if data.status not in (OPEN, DONE):
        raise RuleError("status", _l("Choose Open or Done."))
    check_recurrence(data.repeat_every, data.repeat_unit)


def _apply(entry: FollowUpEntry, data: EntryData, user: User) -> None:
    contacted_at = local_to_utc(data.contacted_at.replace(second=0, microsecond=0),
                                business_zone_name())
    # The form shows minutes: keep a stored instant whose minute the user did not change.
    stored = entry.contacted_at
    if stored is None or stored.replace(second=0, microsecond=0) != contacted_at:
        entry.contacted_at = contacted_at
    entry.return_date = data.return_date
    entry.type_id = data.type_id
    entry.notes = data.notes
    entry.complaints = data.complaints
    entry.internal_comment = data.internal_comment
    for name in TIME_AND_REPEAT_FIELDS:
        setattr(entry, name, getattr(data, name))
    if data.status == DONE and entry.status != DONE:
        entry.done_by_id, entry.done_at = user.id, now_utc()
    elif data.status == OPEN and entry.status == DONE:
        entry.done_by_id, entry.done_at = None, None
    entry.status = data.status


def start_follow_up(party: Party, user: User, data: EntryData,
                    origin: SalesDocument | None = None) -> FollowUpEntry:
    """Create a follow-up for a party with its first entry; the caller commits."""
    check_entry_rules(data)
    follow_up = FollowUp(party=party, responsible_id=user.id, created_by_id=user.id,
                         origin_document=origin)
    db.session.add(follow_up)
    db.session.flush()
    return add_entry(follow_up, user, data)


def add_entry(follow_up: FollowUp, user: User, data: EntryData) -> FollowUpEntry:
    """Add an entry to an existing follow-up; the caller commits."""
    check_entry_rules(data)
    entry = FollowUpEntry(follow_up_id=follow_up.id, party_id=follow_up.party_id,
                          responsible_id=follow_up.responsible_id, created_by_id=user.id,
                          status=OPEN)
    _apply(entry, data, user)
    db.session.add(entry)
    db.session.flush()
    audit.record("entry", entry.id, "create", {
        "return_date": [None, entry.return_date.isoformat()], "status": [None, entry.status]},
        by=user)
    # A complaint told at a contact recorded afterwards was opened on that contact's day.
    contact_day = min(to_local(entry.contacted_at, business_zone_name()).date(), business_today())
    open_complaint(entry, user, today=contact_day)
    return entry


def is_closing(entry: FollowUpEntry, data: EntryData) -> bool:
    return data.status == DONE and entry.status != DONE


def _differs(entry: FollowUpEntry, data: EntryData, ignore_notes: bool) -> bool:
    """True when the form changes anything besides the Situação (and, if asked, the notes)."""
    current = entry_form_values(entry)
    typed = {"contacted_at": data.contacted_at.replace(second=0, microsecond=0),
             "return_date": data.return_date, "type_id": data.type_id,
             "complaints": data.complaints, "internal_comment": data.internal_comment,
             **{name: getattr(data, name) for name in TIME_AND_REPEAT_FIELDS}}
    if not ignore_notes:
        typed["notes"] = data.notes
    return any(current[name] != value for name, value in typed.items())


def update_entry(entry: FollowUpEntry, user: User, data: EntryData,
                 typed_version: int | str | None, repeat: bool = True) -> FollowUpEntry | None:
    """Change an entry (rescheduling, closing as Baixado), auditing each changed field; closing a
    recurring return creates and returns its next one (unless repeat is False).

    Closing needs Baixar and may note what was said; any other change needs Alterar.
    """
    closing = is_closing(entry, data)
    if closing:
        require(user, FOLLOW_UP_MARK_DONE)
    if _differs(entry, data, ignore_notes=closing) or (data.status != entry.status
                                                        and not closing):
        require(user, FOLLOW_UP_EDIT)
    check_version(entry, typed_version)
    check_entry_rules(data, current_type_id=entry.type_id)
    if data.status == OPEN and data.return_date != entry.return_date \
            and data.return_date < business_today():
        raise RuleError("return_date", NOT_IN_THE_PAST)
    was_open = entry.status == OPEN
    before = audit.snapshot(entry, ENTRY_FIELDS)
    _apply(entry, data, user)
    changes = audit.changes_since(before, entry)
    if was_open and entry.status == OPEN and entry.return_date > before["return_date"]:
        del changes["return_date"]  # a later return typed in the form is a reschedule too
        count_reschedule(entry, before["return_date"], user)
    if changes:
        action = "done" if was_open and entry.status == DONE else "update"
        audit.record("entry", entry.id, action, changes, by=user)
    open_complaint(entry, user)  # closing the entry leaves its complaint as it is
    if repeat and was_open and entry.status == DONE and entry.repeat_every:
        following = next_recurring(entry, now_local(), business_today())
        return add_entry(entry.follow_up, user, following)
    return None


def count_reschedule(entry: FollowUpEntry, old: date, user: User) -> None:
    """Record that an open return moved from old to its current date (Adiado), and count it."""
    entry.reschedule_count = (entry.reschedule_count or 0) + 1
    audit.record("entry", entry.id, "reschedule",
                 {"return_date": [old.isoformat(), entry.return_date.isoformat()]}, by=user)


def soft_delete_entry(entry: FollowUpEntry, user: User) -> None:
    entry.deleted_at, entry.deleted_by_id = now_utc(), user.id
    audit.record("entry", entry.id, "delete", by=user)


def restore_entry(entry: FollowUpEntry, user: User) -> None:
    entry.deleted_at, entry.deleted_by_id = None, None
    audit.record("entry", entry.id, "restore", by=user)


def entry_list_query(user: User, filters: ListFilters, today: date) -> Select:
    """Build the Follow Up list query: filters, permission scope, return-date order."""
    query = scope_entries(select(FollowUpEntry), user)
    if filters.status in (OPEN, DONE):
        query = query.where(FollowUpEntry.status == filters.status)
    if filters.period == "today":
        query = query.where(FollowUpEntry.return_date == today)
    elif filters.period == "overdue":
        query = query.where(FollowUpEntry.return_date < today, FollowUpEntry.status == OPEN)
    elif filters.period == "next7":
        query = query.where(FollowUpEntry.return_date.between(today, today + timedelta(days=7)))
    elif filters.period == DONE_THIS_WEEK:
        start, end = week_in_utc(today, business_zone_name())
        query = query.where(FollowUpEntry.status == DONE, FollowUpEntry.done_at >= start,
                            FollowUpEntry.done_at < end)
    elif filters.period == "range":
        if filters.date_from:
            query = query.where(FollowUpEntry.return_date >= filters.date_from)
        if filters.date_to:
            query = query.where(FollowUpEntry.return_date <= filters.date_to)
    if filters.type_id:
        query = query.where(FollowUpEntry.type_id == filters.type_id)
    if filters.party_id:
        query = query.where(FollowUpEntry.party_id == filters.party_id)
    if filters.party_kind in PARTY_KINDS:
        # Tested row by row (a primary-key read): the list keeps walking its return-date index.
        query = query.where(exists().where(Party.id == FollowUpEntry.party_id,
                                           Party.kind == filters.party_kind))
    if filters.user_id and (can(user, FOLLOW_UP_SEE_ALL) or filters.user_id == user.id):
        query = query.where(FollowUpEntry.responsible_id == filters.user_id)
    if filters.text:
        condition = matching_entries(filters.text)
        if condition is not None:
            # Newest first: the database walks the matches from the end and stops at a page,
            # instead of sorting every match of a common word by return date.
            return query.where(condition).order_by(FollowUpEntry.id.desc())
    if filters.period == DONE_THIS_WEEK:
        return query.order_by(FollowUpEntry.done_at.desc(), FollowUpEntry.id.desc())
    # Within a day, the returns without a time come first, then the timed ones by the clock.
    return query.order_by(FollowUpEntry.return_date, FollowUpEntry.return_time.asc().nulls_first(),
                          FollowUpEntry.id)


def list_entries(user: User, filters: ListFilters, today: date, page: int,
                 size: int) -> tuple[list[FollowUpEntry], bool]:
    """Return one page of the list and whether another follows (no COUNT over the table)."""
    query = entry_list_query(user, filters, today).options(
        joinedload(FollowUpEntry.party), joinedload(FollowUpEntry.type),
        joinedload(FollowUpEntry.responsible))
    return one_page(query, page, size)


def due_returns(user: User, today: date) -> Select:
    """Open returns due today that this user may see: one query for every alert and list."""
    return entry_list_query(user, ListFilters(status=OPEN, period="today"), today)


def overdue_returns(user: User, today: date) -> Select:
    return entry_list_query(user, ListFilters(status=OPEN, period="overdue"), today)


def count_of(query: Select) -> int:
    return db.session.scalar(
        select(func.count()).select_from(query.order_by(None).subquery())) or 0


def due_counts(user: User, today: date) -> tuple[int, int]:
    """Return (due today, overdue) counts of open returns visible to the user."""
    return count_of(due_returns(user, today)), count_of(overdue_returns(user, today))


def earlier_entries(entry: FollowUpEntry) -> list[FollowUpEntry]:
    """The follow-up's other entries, newest first: the history to read before calling."""
    return [e for e in entry.follow_up.entries if e.id != entry.id]


def entry_form_values(entry: FollowUpEntry) -> dict:
    """Values to pre-fill the entry form with, contact time shown in the business zone."""
    local = to_local(entry.contacted_at, business_zone_name())
    return {"contacted_at": local.replace(tzinfo=None, second=0, microsecond=0),
            "return_date": entry.return_date, "type_id": entry.type_id, "status": entry.status,
            "notes": entry.notes, "complaints": entry.complaints,
            "internal_comment": entry.internal_comment, "version": entry.version,
            **{name: getattr(entry, name) for name in TIME_AND_REPEAT_FIELDS}}
