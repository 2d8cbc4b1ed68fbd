"""How a follow-up entry's fields and values read in its change history."""

from typing import Any

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..history import as_day, as_moment, plain_value
from ..models import DONE, OPEN, FollowUpType, User

FIELD_LABELS = {
    "contacted_at": _l("Contact date"), "return_date": _l("Return date"),
    "type_id": _l("Follow-up type"), "status": _l("Status"), "notes": _l("Notes"),
    "complaints": _l("Complaints"), "internal_comment": _l("Internal comment"),
    "responsible_id": _l("Responsible"), "return_time": _l("Return time"),
    "repeat_every": _l("Repeat every"), "repeat_unit": _l("Repeat unit"),
}
REPEAT_UNIT_LABELS = {"days": _l("days"), "weeks": _l("weeks"), "months": _l("months")}
STATUS_LABELS = {OPEN: _l("Open"), DONE: _l("Done")}


def _name_of(model, value: Any) -> str:
    record = db.session.get(model, value) if isinstance(value, int) else None
    return record.name if record is not None else plain_value(value)


def shown_value(field: str, value: Any) -> str:
    """A value of an entry's history: Situação, dates, the type and the user by name."""
    if field == "status" and value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    if field == "return_date":
        return as_day(value)
    if field == "contacted_at":
        return as_moment(value)
    if field == "return_time" and isinstance(value, str):
        return value[:5]  # hh:mm
    if field == "repeat_unit" and value in REPEAT_UNIT_LABELS:
        return str(REPEAT_UNIT_LABELS[value])
    if field == "type_id":
        return _name_of(FollowUpType, value)
    if field == "responsible_id":
        return _name_of(User, value)
    return plain_value(value)
