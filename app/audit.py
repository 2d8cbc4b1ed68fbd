"""Recording the audit trail: one call per change, old and new values side by side."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_login import current_user
from sqlalchemy import inspect, select

from .extensions import db
from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def changed_fields(record: db.Model, fields: tuple[str, ...]) -> dict[str, list]:
    """Return {field: [old, new]} for the listed attributes changed in this session."""
    state = inspect(record)
    changes: dict[str, list] = {}
    for name in fields:
        history = state.attrs[name].history
        if history.has_changes() and history.deleted:
            old, new = history.deleted[0], history.added[0] if history.added else None
            if old != new:
                changes[name] = [_plain(old), _plain(new)]
    return changes


def record(entity: str, entity_id: int, action: str, changes: dict | None = None,
           user_id: int | None = None) -> None:
    """Add an audit event to the session (the caller's commit stores it with the change)."""
    if user_id is None and current_user and getattr(current_user, "is_authenticated", False):
        user_id = current_user.id
    db.session.add(AuditEvent(entity=entity, entity_id=entity_id, action=action, user_id=user_id,
                              changes=json.dumps(changes or {}, ensure_ascii=False)))


def history_of(entity: str, entity_id: int) -> list[AuditEvent]:
    """Return the audit events of one record, newest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ))
