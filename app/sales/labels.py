"""How a sales document's fields and values read in its change history."""

from typing import Any

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..history import as_day, as_money, plain_value
from ..models import Party, User
from .statuses import KIND_LABELS, STATUS_LABELS

DOCUMENT_FIELD_LABELS = {
    "number": _l("Number"), "total": _l("Total"), "into": _l("Converted into"),
    "source": _l("Converted from"), "issued_on": _l("Date"), "salesperson": _l("Salesperson"),
    "party": _l("Customer"), "status": _l("Status"), "notes": _l("Notes"), "lines": _l("Lines"),
}


def _party(value: Any) -> str:
    party = db.session.get(Party, value) if isinstance(value, int) else None
    return f"{party.code} {party.name}" if party is not None else plain_value(value)


def _salesperson(value: Any) -> str:
    user = db.session.get(User, value) if isinstance(value, int) else None
    return user.name if user is not None else plain_value(value)


def document_value(kind: str):
    """The value reader for one document kind's history (its statuses, linked documents)."""

    def show(field: str, value: Any) -> str:
        if field == "status" and value in STATUS_LABELS[kind]:
            return str(STATUS_LABELS[kind][value])
        if field in ("into", "source") and isinstance(value, str) and " " in value:
            linked_kind, number = value.split(" ", 1)
            return f"{KIND_LABELS.get(linked_kind, linked_kind)} {number}"
        readers = {"issued_on": as_day, "total": as_money, "party": _party,
                   "salesperson": _salesperson}
        return readers[field](value) if field in readers else plain_value(value)

    return show
