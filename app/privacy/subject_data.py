"""Everything held about one party, as plain data: its record, contacts, follow-ups, documents
and the audit rows about them. Comentário Interno stays out: it never leaves the company."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..audit import plain
from ..extensions import db
from ..models import AuditEvent, Complaint, FollowUp, FollowUpEntry, Party, SalesDocument, User

PARTY_COLUMNS = ("kind", "code", "name", "trade_name", "document", "state_registration", "phone",
                 "mobile", "email", "address", "city", "state", "postal_code", "notes", "active",
                 "created_at", "updated_at")
CONTACT_COLUMNS = ("name", "role", "phone", "email")
ENTRY_COLUMNS = ("id", "follow_up_id", "contacted_at", "return_date", "return_time", "status",
                 "notes", "complaints", "created_at", "done_at", "deleted_at", "reschedule_count")
DOCUMENT_COLUMNS = ("id", "kind", "number", "issued_on", "status", "notes", "created_at")
LINE_COLUMNS = ("position", "description", "quantity", "unit_price", "discount")
COMPLAINT_COLUMNS = ("id", "entry_id", "opened_on", "deadline", "status", "resolution",
                     "resolved_on")
INTERNAL = "internal_comment"


def _values(record: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    return {name: plain(getattr(record, name)) for name in columns}


def _user_name(user: User | None) -> str:
    return user.name if user is not None else ""


def party_entries(party: Party) -> list[FollowUpEntry]:
    """All of the party's entries, deleted ones too, oldest first."""
    return list(db.session.scalars(
        select(FollowUpEntry).where(FollowUpEntry.party_id == party.id)
        .order_by(FollowUpEntry.contacted_at, FollowUpEntry.id)))


def record_counts(party: Party) -> tuple[int, int]:
    """How many follow-up entries (deleted ones too) and sales documents the party has."""
    entries = db.session.scalar(select(func.count(FollowUpEntry.id)).where(
        FollowUpEntry.party_id == party.id)) or 0
    documents = db.session.scalar(select(func.count(SalesDocument.id)).where(
        SalesDocument.party_id == party.id)) or 0
    return entries, documents


def party_documents(party: Party) -> list[SalesDocument]:
    return list(db.session.scalars(
        select(SalesDocument).where(SalesDocument.party_id == party.id)
        .options(selectinload(SalesDocument.lines))
        .order_by(SalesDocument.issued_on, SalesDocument.id)))


def party_complaints(party: Party) -> list[Complaint]:
    """The complaints opened from the party's entries, oldest first."""
    return list(db.session.scalars(select(Complaint).where(Complaint.party_id == party.id)
                                   .order_by(Complaint.opened_on, Complaint.id)))


def audit_rows(party: Party, entry_ids: list[int], follow_up_ids: list[int],
               document_ids: list[int], complaint_ids: list[int] = ()) -> list[AuditEvent]:
    """The audit events about the party, its follow-ups, entries, documents and complaints,
    oldest first."""
    about = [(AuditEvent.entity == "party") & (AuditEvent.entity_id == party.id)]
    for entity, ids in (("entry", entry_ids), ("follow_up", follow_up_ids),
                        ("sales_document", document_ids), ("complaint", list(complaint_ids))):
        if ids:
            about.append((AuditEvent.entity == entity) & AuditEvent.entity_id.in_(ids))
    return list(db.session.scalars(
        select(AuditEvent).where(or_(*about)).order_by(AuditEvent.at, AuditEvent.id)))


def subject_data(party: Party, requested_by: User, at: datetime) -> dict[str, Any]:
    """The titular's data as one JSON-ready dict, with when and by whom it was asked for."""
    entries = party_entries(party)
    documents = party_documents(party)
    follow_ups = list(db.session.scalars(
        select(FollowUp).where(FollowUp.party_id == party.id).order_by(FollowUp.id)))
    complaints = party_complaints(party)
    events = audit_rows(party, [e.id for e in entries], [f.id for f in follow_ups],
                        [d.id for d in documents], [c.id for c in complaints])
    return {
        "exported_at": plain(at),
        "requested_by": requested_by.name,
        "party": _values(party, PARTY_COLUMNS),
        "contacts": [_values(contact, CONTACT_COLUMNS) for contact in party.contacts],
        "follow_ups": [{"id": f.id, "created_at": plain(f.created_at),
                        "responsible": _user_name(f.responsible),
                        "origin_document_id": f.origin_document_id} for f in follow_ups],
        "entries": [{**_values(entry, ENTRY_COLUMNS), "type": entry.type.name,
                     "responsible": _user_name(entry.responsible)} for entry in entries],
        "complaints": [{**_values(complaint, COMPLAINT_COLUMNS),
                        "responsible": _user_name(complaint.responsible)}
                       for complaint in complaints],
        "documents": [{**_values(document, DOCUMENT_COLUMNS),
                       "salesperson": _user_name(document.salesperson),
                       "lines": [_values(line, LINE_COLUMNS) for line in document.lines]}
                      for document in documents],
        "audit": [{"at": plain(event.at), "user": _user_name(event.user), "entity": event.entity,
                   "entity_id": event.entity_id, "action": event.action,
                   "changes": {field: values for field, values in (event.changes or {}).items()
                               if field != INTERNAL}}
                  for event in events],
    }


def record_export(party: Party, file_format: str, *, by: User) -> None:
    """Keep in the audit that the titular's data left the app, when, how and by whom."""
    audit.record("party", party.id, "data_export", {"format": [None, file_format]}, by=by)
