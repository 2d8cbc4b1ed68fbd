"""Creating a rule's return exactly once: the mark and the entry go in one transaction."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..clock import now_utc
from ..extensions import db
from ..models import OPEN, FollowUp, FollowUpEntry, FollowUpType, RuleMark, User


@dataclass(frozen=True)
class Candidate:
    """A return a rule wants: for whom, when, of which type, and why (notes)."""

    subject: str  # unique per rule: "sale:12", "party:5:2026-08-30"
    party_id: int
    responsible_id: int
    type_id: int
    return_date: date
    notes: str
    origin_document_id: int | None = None


def marked_subjects(rule: str) -> set[str]:
    """The subjects this rule already acted on (a quick filter; the unique key is the guard)."""
    return set(db.session.scalars(select(RuleMark.subject).where(RuleMark.rule == rule)))


def first_active_type() -> int | None:
    return db.session.scalar(select(FollowUpType.id).where(FollowUpType.active.is_(True))
                             .order_by(FollowUpType.position, FollowUpType.name).limit(1))


def fallback_responsible() -> int | None:
    """Who gets a rule's return when the document or customer names nobody: the first admin."""
    return db.session.scalar(select(User.id).where(User.is_admin.is_(True),
                                                   User.active.is_(True))
                             .order_by(User.id).limit(1))


def create_once(rule: str, candidate: Candidate) -> FollowUpEntry | None:
    """Add the mark, a follow-up and its open return in the caller's transaction; None (and
    nothing added) when the mark exists already, here or in another process."""
    savepoint = db.session.begin_nested()
    try:
        mark = RuleMark(rule=rule, subject=candidate.subject)
        db.session.add(mark)
        db.session.flush()
    except IntegrityError:
        savepoint.rollback()
        return None
    follow_up = FollowUp(party_id=candidate.party_id, responsible_id=candidate.responsible_id,
                         created_by_id=candidate.responsible_id,
                         origin_document_id=candidate.origin_document_id)
    db.session.add(follow_up)
    db.session.flush()
    entry = FollowUpEntry(
        follow_up_id=follow_up.id, party_id=candidate.party_id,
        responsible_id=candidate.responsible_id, created_by_id=candidate.responsible_id,
        type_id=candidate.type_id, contacted_at=now_utc(), return_date=candidate.return_date,
        status=OPEN, notes=candidate.notes, created_by_rule=rule)
    db.session.add(entry)
    db.session.flush()
    mark.entry_id = entry.id
    audit.record("entry", entry.id, "create", {
        "return_date": [None, entry.return_date.isoformat()], "status": [None, OPEN]},
        by=None)
    savepoint.commit()
    return entry
