"""How a product's fields and values read in its change history."""

from flask_babel import lazy_gettext as _l

from ..history import as_money, shown_as

FIELD_LABELS = {"code": _l("Code"), "description": _l("Description"), "unit": _l("Unit"),
                "price": _l("Price"), "active": _l("Active")}
shown_value = shown_as({"price": as_money})
