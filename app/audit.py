"""Recording the audit trail: one call per change, old and new values side by side."""

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from .extensions import db
from .models import AuditEvent, User


def plain(value: Any) -> Any:
    """A value as the audit stores it (dates and times as ISO text, amounts as exact text)."""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(record: db.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """Remember the current values of some fields, before a change is applied."""
    return {name: getattr(record, name) for name in fields}


def changes_since(before: dict[str, Any], record: db.Model) -> dict[str, list]:
    """Return {field: [old, new]} for the fields whose value differs from the snapshot."""
    return {name: [plain(old), plain(getattr(record, name))]
            for name, old in before.items() if getattr(record, name) != old}


def record(entity: str, entity_id: int, action: str, changes: dict | None = None, *,
           by: User | None) -> None:
    """Add an audit event by this user (None: the system) to the caller's transaction."""
    db.session.add(AuditEvent(entity=entity, entity_id=entity_id, action=action,
                              user_id=by.id if by is not None else None,
                              changes=changes or {}))
