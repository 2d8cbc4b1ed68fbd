"""Recording the audit trail: one call per change, old and new values side by side."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .extensions import db
from .models import AuditEvent, User

ACTION_LABELS = {"create": _l("Added"), "update": _l("Changed"), "done": _l("Closed (Done)"),
                 "delete": _l("Deleted"), "restore": _l("Restored"), "cancel": _l("Cancelled"),
                 "convert": _l("Converted")}
FIELD_LABELS = {
    "name": _l("Name"), "trade_name": _l("Trade name"), "document": _l("CPF/CNPJ"),
    "phone": _l("Phone"), "mobile": _l("Mobile"), "email": _l("E-mail"), "address": _l("Address"),
    "city": _l("City"), "state": _l("State"), "postal_code": _l("Postal code"),
    "notes": _l("Notes"), "active": _l("Active"), "contacted_at": _l("Contact date"),
    "return_date": _l("Return date"), "type_id": _l("Follow-up type"), "status": _l("Status"),
    "complaints": _l("Complaints"), "internal_comment": _l("Internal comment"),
    "responsible_id": _l("Responsible"), "number": _l("Number"), "total": _l("Total"),
    "into": _l("Converted into"), "source": _l("Converted from"), "code": _l("Code"),
    "description": _l("Description"), "unit": _l("Unit"), "price": _l("Price"),
    "issued_on": _l("Date"), "salesperson_id": _l("Salesperson"), "party_id": _l("Customer"),
}
KIND_WORDS = {"quote": _l("Quote"), "order": _l("Sales order"), "sale": _l("Sale")}


def install_template_helpers(app: Flask) -> None:
    app.add_template_global(lambda action: str(ACTION_LABELS.get(action, action)), "audit_action")
    app.add_template_global(lambda field: str(FIELD_LABELS.get(field, field)), "audit_field")
    app.add_template_global(shown_value, "audit_value")


def shown_value(value: Any, field: str = "") -> str:
    """How an old or new value reads in the change history (statuses in the user's words)."""
    if value is None or value == "":
        return "—"
    if field == "status" and isinstance(value, str):
        return status_word(value)
    if field in ("into", "source") and isinstance(value, str) and " " in value:
        kind, number = value.split(" ", 1)
        return f"{KIND_WORDS.get(kind, kind)} {number}"
    if value is True:
        return str(_l("Yes"))
    if value is False:
        return str(_l("No"))
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(record: db.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """Remember the current values of some fields, before a change is applied."""
    return {name: getattr(record, name) for name in fields}


def changes_since(before: dict[str, Any], record: db.Model) -> dict[str, list]:
    """Return {field: [old, new]} for the fields whose value differs from the snapshot."""
    return {name: [_plain(old), _plain(getattr(record, name))]
            for name, old in before.items() if getattr(record, name) != old}


def record(entity: str, entity_id: int, action: str, changes: dict | None = None, *,
           by: User | None) -> None:
    """Add an audit event by this user (None: the system) to the caller's transaction."""
    db.session.add(AuditEvent(entity=entity, entity_id=entity_id, action=action,
                              user_id=by.id if by is not None else None,
                              changes=changes or {}))


def history_of(entity: str, entity_id: int) -> list[AuditEvent]:
    """Return the audit events of one record, newest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ))


def status_word(code: str) -> str:
    """The label of a follow-up or sales-document status code."""
    words = {"open": _l("Open"), "done": _l("Done")}
    try:
        from .sales.services import STATUS_LABELS

        for labels in STATUS_LABELS.values():
            words = {**{k: v for k, v in labels.items() if k not in words}, **words}
    except ImportError:  # the sales area is optional for the history of other records
        pass
    return str(words.get(code, code))
