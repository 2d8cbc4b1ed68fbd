"""How a sales document's fields and values read in its change history."""

from typing import Any

from flask_babel import lazy_gettext as _l

from ..history import plain_value
from .statuses import KIND_LABELS, STATUS_LABELS

DOCUMENT_FIELD_LABELS = {
    "number": _l("Number"), "total": _l("Total"), "into": _l("Converted into"),
    "source": _l("Converted from"), "issued_on": _l("Date"), "salesperson_id": _l("Salesperson"),
    "party_id": _l("Customer"), "status": _l("Status"), "notes": _l("Notes"),
}


def document_value(kind: str):
    """The value reader for one document kind's history (its statuses, linked documents)."""

    def show(field: str, value: Any) -> str:
        if field == "status" and value in STATUS_LABELS[kind]:
            return str(STATUS_LABELS[kind][value])
        if field in ("into", "source") and isinstance(value, str) and " " in value:
            linked_kind, number = value.split(" ", 1)
            return f"{KIND_LABELS.get(linked_kind, linked_kind)} {number}"
        return plain_value(value)

    return show
