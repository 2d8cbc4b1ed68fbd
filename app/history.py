"""The change history as people read it: each area names its fields and shows its values."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .extensions import db
from .models import AuditEvent

ACTION_LABELS = {"create": _l("Added"), "update": _l("Changed"), "done": _l("Closed (Done)"),
                 "delete": _l("Deleted"), "restore": _l("Restored"), "cancel": _l("Cancelled"),
                 "convert": _l("Converted"), "reschedule": _l("Rescheduled")}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    user_name: str
    action: str
    changes: list[Change]


def plain_value(value: Any) -> str:
    """A stored value in words: nothing as a dash, booleans as Sim/Não."""
    if value is None or value == "":
        return "—"
    if value is True:
        return str(_l("Yes"))
    if value is False:
        return str(_l("No"))
    return str(value)


def change_history(entity: str, entity_id: int, field_labels: Mapping[str, Any],
                   show: Callable[[str, Any], str] = lambda _field, value: plain_value(value)
                   ) -> list[HistoryRow]:
    """One record's audit events, newest first, in the words of the area that owns it."""
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .options(joinedload(AuditEvent.user))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))
    return [HistoryRow(at=event.at, user_name=event.user.name if event.user else "—",
                       action=str(ACTION_LABELS.get(event.action, event.action)),
                       changes=[Change(str(field_labels.get(name, name)), show(name, old),
                                       show(name, new))
                                for name, (old, new) in (event.changes or {}).items()])
            for event in events]
