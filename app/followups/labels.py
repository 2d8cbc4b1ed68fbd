"""How a follow-up entry's fields and values read in its change history."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from ..formatting import format_day
from ..history import plain_value
from ..models import DONE, OPEN

FIELD_LABELS = {
    "contacted_at": _l("Contact date"), "return_date": _l("Return date"),
    "type_id": _l("Follow-up type"), "status": _l("Status"), "notes": _l("Notes"),
    "complaints": _l("Complaints"), "internal_comment": _l("Internal comment"),
    "responsible_id": _l("Responsible"),
}
STATUS_LABELS = {OPEN: _l("Open"), DONE: _l("Done")}


def shown_value(field: str, value: Any) -> str:
    """A value of an entry's history: Situação in the user's words, Data Retorno as a date."""
    if field == "status" and value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    if field == "return_date" and isinstance(value, str):
        try:
            return format_day(date.fromisoformat(value))
        except ValueError:
            return plain_value(value)
    return plain_value(value)
