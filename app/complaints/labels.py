"""How a complaint's statuses, fields and values read (its page, the report, its history)."""

from typing import Any

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..history import as_day, plain_value
from ..models import COMPLAINT_IN_PROGRESS, COMPLAINT_OPEN, COMPLAINT_RESOLVED, User

# A complaint's own words (Aberta, Em andamento, Resolvida), apart from a return's Aberto.
STATUS_LABELS = {COMPLAINT_OPEN: _l("Opened"), COMPLAINT_IN_PROGRESS: _l("In progress"),
                 COMPLAINT_RESOLVED: _l("Resolved")}
FIELD_LABELS = {"status": _l("Status"), "responsible_id": _l("Responsible"),
                "deadline": _l("Response deadline"), "resolution": _l("Resolution")}


def shown_value(field: str, value: Any) -> str:
    """A value of a complaint's history: the status in words, dates, the user by name."""
    if field == "status" and value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    if field == "deadline":
        return as_day(value)
    if field == "responsible_id" and isinstance(value, int):
        user = db.session.get(User, value)
        return user.name if user is not None else plain_value(value)
    return plain_value(value)
