"""Complaint rules: opening one from an entry, its deadline in business days, updating it, and
what each user may see of them."""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, false, select
from sqlalchemy.orm import aliased
from werkzeug.exceptions import NotFound

from .. import audit
from ..extensions import db
from ..models import (
    COMPLAINT_RESOLVED,
    COMPLAINT_STATUSES,
    Complaint,
    FollowUpEntry,
    User,
)
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_EDIT, FOLLOW_UP_SEE_ALL, can, require
from ..rules import RuleError, check_version
from ..settings.calendar import add_business_days
from ..settings.services import business_today, get_settings

COMPLAINT_FIELDS = ("status", "responsible_id", "deadline", "resolution")
MAX_RESPONSE_DAYS = 365


@dataclass
class ComplaintData:
    status: str
    responsible_id: int
    deadline: date
    resolution: str


def complaint_response_days() -> int:
    """How many business days a complaint may wait for its answer (Configurações Gerais)."""
    return get_settings().complaint_response_days


def set_complaint_response_days(days: int | None) -> None:
    """Change the response deadline for complaints opened from now on; the caller commits."""
    if days is None or not 1 <= days <= MAX_RESPONSE_DAYS:
        raise RuleError("complaint_response_days",
                        _l("Type a number of business days from 1 to 365."))
    get_settings().complaint_response_days = days


def complaint_of(entry: FollowUpEntry) -> Complaint | None:
    return db.session.scalar(select(Complaint).where(Complaint.entry_id == entry.id))


def open_complaint(entry: FollowUpEntry, user: User, today: date | None = None
                   ) -> Complaint | None:
    """Open a complaint for an entry whose Reclamações tab holds text, unless it has one; the
    deadline is the setting's business days after today. The caller commits."""
    if not (entry.complaints or "").strip() or complaint_of(entry) is not None:
        return None
    opened_on = today or business_today()
    complaint = Complaint(entry_id=entry.id, party_id=entry.party_id,
                          responsible_id=entry.responsible_id, opened_on=opened_on,
                          deadline=add_business_days(opened_on, complaint_response_days()))
    db.session.add(complaint)
    db.session.flush()
    audit.record("complaint", complaint.id, "create",
                 {"deadline": [None, complaint.deadline.isoformat()]}, by=user)
    return complaint


def update_complaint(complaint: Complaint, user: User, data: ComplaintData,
                     typed_version: int | str | None, today: date) -> None:
    """Change the status, responsible, deadline or resolution; the caller commits."""
    require(user, FOLLOW_UP_EDIT)
    check_version(complaint, typed_version)
    errors = {}
    if data.status not in COMPLAINT_STATUSES:
        errors["status"] = _l("Choose a status from the list.")
    if data.deadline < complaint.opened_on:
        errors["deadline"] = _l("The response deadline cannot be before the day the complaint "
                                "was opened.")
    if data.status == COMPLAINT_RESOLVED and not data.resolution.strip():
        errors["resolution"] = _l("Tell how the complaint was resolved.")
    responsible = db.session.get(User, data.responsible_id)
    handing_over = data.responsible_id not in (complaint.responsible_id, user.id)
    if responsible is None or not responsible.active or (
            handing_over and not can(user, FOLLOW_UP_SEE_ALL)):
        errors["responsible_id"] = _l("Choose a user from the list.")
    if errors:
        raise RuleError(errors=errors)
    before = audit.snapshot(complaint, COMPLAINT_FIELDS)
    complaint.status, complaint.responsible_id = data.status, data.responsible_id
    complaint.deadline, complaint.resolution = data.deadline, data.resolution.strip()
    if data.status == COMPLAINT_RESOLVED:
        complaint.resolved_on = complaint.resolved_on or today
    else:
        complaint.resolved_on = None
    changes = audit.changes_since(before, complaint)
    if changes:
        audit.record("complaint", complaint.id, "update", changes, by=user)


def scope_complaints(query: Select, user: User) -> Select:
    """Complaints this user may see: all with "see other users'", else those they answer for
    or whose entry is theirs; never those of a deleted entry."""
    entry = aliased(FollowUpEntry)  # the caller may join the entries table itself
    query = query.where(exists().where(entry.id == Complaint.entry_id,
                                       entry.deleted_at.is_(None)))
    if not can(user, FOLLOW_UP_ACCESS):
        return query.where(false())
    if not can(user, FOLLOW_UP_SEE_ALL):
        own = aliased(FollowUpEntry)
        query = query.where((Complaint.responsible_id == user.id) | exists().where(
            own.id == Complaint.entry_id, own.responsible_id == user.id))
    return query


def visible_complaint_or_404(user: User, complaint_id: int) -> Complaint:
    complaint = db.session.scalar(scope_complaints(
        select(Complaint).where(Complaint.id == complaint_id), user))
    if complaint is None:
        raise NotFound()
    return complaint


def is_overdue(complaint: Complaint, today: date) -> bool:
    return complaint.status != COMPLAINT_RESOLVED and complaint.deadline < today
