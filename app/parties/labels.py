"""How a party's kind is named, and its fields and values in its change history."""

from flask_babel import lazy_gettext as _l

from ..history import as_document, shown_as
from ..models import CUSTOMER, SUPPLIER

KIND_SINGULAR = {CUSTOMER: _l("Customer"), SUPPLIER: _l("Supplier")}

FIELD_LABELS = {
    "name": _l("Name"), "trade_name": _l("Trade name"), "document": _l("CPF/CNPJ"),
    "state_registration": _l("State registration (IE)"),
    "phone": _l("Phone"), "mobile": _l("Mobile"), "email": _l("E-mail"), "address": _l("Address"),
    "city": _l("City"), "state": _l("State"), "postal_code": _l("Postal code"),
    "notes": _l("Notes"), "active": _l("Active"), "contacts": _l("Contacts"),
    "format": _l("File format"),
}
shown_value = shown_as({"document": as_document})
