"""The three kinds of sales document, their names, and the statuses each one goes through.

Which statuses a user picks, which lock the document, what Cancel leaves and what a conversion
makes: the life cycle in tables, read by the services, the lists and the templates alike.
"""

from flask_babel import lazy_gettext as _l

from ..models import ORDER, QUOTE, SALE, SalesDocument

KIND_SLUGS = {"quotes": QUOTE, "orders": ORDER, "sales": SALE}
SLUG_OF = {kind: slug for slug, kind in KIND_SLUGS.items()}
KIND_LABELS = {QUOTE: _l("Quote"), ORDER: _l("Sales order"), SALE: _l("Sale")}
KIND_PLURALS = {QUOTE: _l("Quotes"), ORDER: _l("Sales orders"), SALE: _l("Sales")}
# The heading of a document not saved yet ("Venda — nova": the adjective agrees with the kind).
NEW_TITLES = {QUOTE: _l("Quote — new"), ORDER: _l("Sales order — new"), SALE: _l("Sale — new")}

DOCUMENT_OPEN, APPROVED, REJECTED, CONVERTED = "open", "approved", "rejected", "converted"
INVOICED, CANCELLED, COMPLETED = "invoiced", "cancelled", "completed"
STATUS_LABELS = {
    QUOTE: {DOCUMENT_OPEN: _l("Open"), APPROVED: _l("Approved"), REJECTED: _l("Rejected"),
            CONVERTED: _l("Converted to order")},
    ORDER: {DOCUMENT_OPEN: _l("Open"), INVOICED: _l("Invoiced"), CANCELLED: _l("Cancelled order")},
    SALE: {COMPLETED: _l("Completed"), CANCELLED: _l("Cancelled sale")},
}
INITIAL_STATUS = {QUOTE: DOCUMENT_OPEN, ORDER: DOCUMENT_OPEN, SALE: COMPLETED}
# Statuses a user picks in the form; the others come from Cancel and Convert only.
CHOSEN_STATUSES = {QUOTE: (DOCUMENT_OPEN, APPROVED, REJECTED), ORDER: (DOCUMENT_OPEN,),
                   SALE: (COMPLETED,)}
# Concluded, converted and cancelled documents are read-only; a concluded sale can still be
# cancelled (CANCELLABLE_STATUSES), nothing else.
LOCKED_STATUSES = {QUOTE: (CONVERTED,), ORDER: (INVOICED, CANCELLED), SALE: (COMPLETED, CANCELLED)}
CANCEL_STATUS = {QUOTE: REJECTED, ORDER: CANCELLED, SALE: CANCELLED}
CANCELLABLE_STATUSES = {QUOTE: (DOCUMENT_OPEN, APPROVED), ORDER: (DOCUMENT_OPEN,),
                        SALE: (COMPLETED,)}
# What a document converts into, from which statuses, and the status it is left in.
CONVERSIONS = {QUOTE: (ORDER, (DOCUMENT_OPEN, APPROVED), CONVERTED),
               ORDER: (SALE, (DOCUMENT_OPEN,), INVOICED)}


def status_label(document: SalesDocument) -> str:
    return str(STATUS_LABELS[document.kind].get(document.status, document.status))


def is_locked(document: SalesDocument) -> bool:
    """Concluded, converted, invoiced and cancelled documents can no longer be changed."""
    return document.status in LOCKED_STATUSES[document.kind]


def can_cancel(document: SalesDocument) -> bool:
    return document.status in CANCELLABLE_STATUSES[document.kind]


def can_convert(document: SalesDocument) -> bool:
    conversion = CONVERSIONS.get(document.kind)
    return bool(conversion) and document.status in conversion[1] and document.party.active


def locked_message(document: SalesDocument):
    """Why a locked document refuses changes, in the user's words."""
    return _l("%(kind)s %(number)s is %(status)s: no more changes are accepted.",
              kind=KIND_LABELS[document.kind], number=document.number,
              status=status_label(document).lower())
