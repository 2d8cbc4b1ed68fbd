"""The change history as people read it: each area names its fields and shows its values."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .extensions import db
from .formatting import format_day, format_moment, format_money
from .models import AuditEvent
from .validation import format_document

ACTION_LABELS = {"create": _l("Added"), "update": _l("Changed"), "done": _l("Closed (Done)"),
                 "delete": _l("Deleted"), "restore": _l("Restored"), "cancel": _l("Cancelled"),
                 "convert": _l("Converted"), "reschedule": _l("Rescheduled"),
                 "data_export": _l("Personal data exported (LGPD)"),
                 "anonymise": _l("Anonymised (LGPD)")}


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


def _stored(read: Callable[[str], Any], show: Callable[[Any], str]) -> Callable[[Any], str]:
    """Show a value the audit stored as text (ISO dates, exact amounts); odd ones as they are."""

    def shown(value: Any) -> str:
        if value is None or value == "":
            return plain_value(value)
        try:
            return show(read(str(value)))
        except (ValueError, InvalidOperation):
            return plain_value(value)

    return shown


# Value readers for shown_as: dd/mm/aaaa, dd/mm/aaaa hh:mm, R$ 1.234,56, masked CPF/CNPJ.
as_day = _stored(date.fromisoformat, format_day)
as_moment = _stored(datetime.fromisoformat, format_moment)
as_money = _stored(Decimal, format_money)
as_document = _stored(str, format_document)


def shown_as(readers: Mapping[str, Callable[[Any], str]]) -> Callable[[str, Any], str]:
    """A history's value reader: fields named in readers through theirs, others plainly."""

    def show(field: str, value: Any) -> str:
        return readers[field](value) if field in readers else plain_value(value)

    return show


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
