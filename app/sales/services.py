"""Rules of sales documents (Orçamento, Pedido de Venda, Venda): create, change, cancel, convert.

The statuses are in statuses.py, the typed lines in lines.py, the money in totals.py.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models import CUSTOMER, SUPPLIER, FollowUp, Party, SalesDocument, SalesDocumentLine, User
from ..parties.services import find_by_code
from ..permissions import SALES_SEE_ALL, can
from ..rules import RuleError, check_version
from .lines import LineInput, typed_lines
from .statuses import (
    CANCEL_STATUS,
    CHOSEN_STATUSES,
    CONVERSIONS,
    INITIAL_STATUS,
    KIND_LABELS,
    can_cancel,
    is_locked,
    locked_message,
    status_label,
)
from .totals import document_totals


@dataclass
class DocumentInput:
    issued_on: date
    customer_code: str
    salesperson_id: int | None
    notes: str = ""
    status: str | None = None
    lines: list[LineInput] = field(default_factory=list)


def next_number(kind: str) -> int:
    """The next number of this kind (inside the caller's write transaction)."""
    current = db.session.scalar(select(func.max(SalesDocument.number))
                                .where(SalesDocument.kind == kind))
    return (current or 0) + 1


def find_customer(code: str) -> Party:
    """The active customer with this code; a supplier's or an inactive code is refused."""
    party = find_by_code(CUSTOMER, code)
    if party is None:
        supplier = find_by_code(SUPPLIER, code)
        if supplier is not None:
            message = _l("No customer with code %(code)s (supplier %(code)s is %(name)s: sales "
                         "documents are for customers only).", code=code, name=supplier.name)
        else:
            message = _l("No customer with code %(code)s.", code=code)
        raise RuleError("customer_code", message)
    if party.kind != CUSTOMER:
        raise RuleError("customer_code", _l("Sales documents are for customers only."))
    if not party.active:
        raise RuleError("customer_code", _l(
            "%(name)s is inactive: reactivate it in its record first.", name=party.name))
    return party


def _check_salesperson(user_id: int | None, current: int | None, by: User | None) -> int | None:
    if by is not None and not can(by, SALES_SEE_ALL) and user_id != by.id:
        # He would lose sight of the document: he sees only those he is the salesperson of.
        raise RuleError("salesperson_id", _l("You can only name yourself the salesperson."))
    if user_id is None or user_id == current:
        return user_id
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise RuleError("salesperson_id", _l("Choose an active user."))
    return user_id


def _check_follow_up_party(follow_up: FollowUp | None, party: Party) -> None:
    if follow_up is not None and follow_up.party_id != party.id:
        raise RuleError("customer_code", _l(
            "This document belongs to follow-up #%(id)s of %(name)s: it must be for that "
            "customer.", id=follow_up.id, name=follow_up.party.name))


def _validated(kind: str, data: DocumentInput, document: SalesDocument | None,
               follow_up: FollowUp | None, by: User | None
               ) -> tuple[Party, list[SalesDocumentLine], int | None]:
    """Check everything before anything changes, collecting every message at once."""
    errors: dict[str, object] = {}
    party = None
    try:
        party = find_customer(data.customer_code)
        _check_follow_up_party(follow_up, party)
    except RuleError as error:
        errors.update(error.errors)
    salesperson_id = None
    try:
        salesperson_id = _check_salesperson(data.salesperson_id,
                                            document.salesperson_id if document else None, by)
    except RuleError as error:
        errors.update(error.errors)
    if data.status is not None and data.status not in CHOSEN_STATUSES[kind] and not (
            document is not None and data.status == document.status):
        errors["status"] = _l("Choose a status from the list.")
    kept = {line.product_id for line in document.lines if line.product_id} if document else set()
    lines = typed_lines(data.lines, kept, errors)
    if not lines and not errors:
        errors["lines"] = _l("Add at least one line.")
    if errors:
        raise RuleError(errors=errors)
    return party, lines, salesperson_id


def create_document(kind: str, data: DocumentInput, follow_up: FollowUp | None = None, *,
                    by: User | None) -> SalesDocument:
    """Create a document of this kind with the next number; the caller commits."""
    if follow_up is not None:
        check_follow_up_accepts_documents(follow_up)
    party, lines, salesperson_id = _validated(kind, data, None, follow_up, by)
    document = SalesDocument(kind=kind, number=next_number(kind), party=party,
                             salesperson_id=salesperson_id, issued_on=data.issued_on,
                             status=INITIAL_STATUS[kind], notes=data.notes,
                             follow_up_id=follow_up.id if follow_up else None, lines=lines)
    if data.status in CHOSEN_STATUSES[kind]:
        document.status = data.status
    db.session.add(document)
    db.session.flush()
    audit.record("sales_document", document.id, "create", {
        "number": [None, document.number], "status": [None, document.status],
        "total": [None, str(document_totals(lines).total)]}, by=by)
    return document


def update_document(document: SalesDocument, data: DocumentInput, *,
                    typed_version: str | None, by: User | None) -> None:
    """Change the header and lines of a document opened at typed_version; the caller commits.

    A converted or cancelled document is refused before the version is compared.
    """
    if is_locked(document):
        raise RuleError("", locked_message(document))
    check_version(document, typed_version)
    follow_up = db.session.get(FollowUp, document.follow_up_id) if document.follow_up_id else None
    party, lines, salesperson_id = _validated(document.kind, data, document, follow_up, by)
    before = _summary(document)
    document.party, document.salesperson_id = party, salesperson_id
    document.issued_on, document.notes = data.issued_on, data.notes
    if data.status is not None:
        document.status = data.status
    document.lines.clear()
    db.session.flush()
    document.lines.extend(lines)
    db.session.flush()
    after = _summary(document)
    changes = {name: [before[name], after[name]] for name in before if before[name] != after[name]}
    if changes:
        audit.record("sales_document", document.id, "update", changes, by=by)


def _summary(document: SalesDocument) -> dict:
    return {"party": document.party_id, "salesperson": document.salesperson_id,
            "issued_on": document.issued_on.isoformat(), "status": document.status,
            "notes": document.notes, "lines": len(document.lines),
            "total": str(document_totals(document.lines).total)}


def cancel_document(document: SalesDocument, *, by: User | None) -> None:
    """Cancel an order or a sale, or reject a quote."""
    if not can_cancel(document):
        raise RuleError("", locked_message(document))
    old = document.status
    document.status = CANCEL_STATUS[document.kind]
    audit.record("sales_document", document.id, "cancel", {"status": [old, document.status]},
                 by=by)


def convert_document(source: SalesDocument, today: date, *, by: User | None) -> SalesDocument:
    """Turn a quote into an order, or an order into a sale, keeping the link both ways."""
    if source.kind not in CONVERSIONS or is_locked(source) or \
            source.status not in CONVERSIONS[source.kind][1]:
        raise RuleError("", _l(
            "%(kind)s %(number)s cannot be converted in its current status (%(status)s).",
            kind=KIND_LABELS[source.kind], number=source.number,
            status=status_label(source).lower()))
    if not source.party.active:
        raise RuleError("", _l("%(name)s is inactive: reactivate it in its record first.",
                               name=source.party.name))
    target_kind, _allowed, left_as = CONVERSIONS[source.kind]
    target = SalesDocument(
        kind=target_kind, number=next_number(target_kind), party_id=source.party_id,
        salesperson_id=source.salesperson_id, issued_on=today, status=INITIAL_STATUS[target_kind],
        notes=source.notes, source_document_id=source.id, follow_up_id=source.follow_up_id,
        lines=[SalesDocumentLine(position=line.position, product_id=line.product_id,
                                 description=line.description, quantity=line.quantity,
                                 unit_price=line.unit_price, discount=line.discount)
               for line in source.lines])
    db.session.add(target)
    old = source.status
    source.status = left_as
    db.session.flush()
    audit.record("sales_document", source.id, "convert",
                 {"status": [old, left_as], "into": [None, f"{target_kind} {target.number}"]},
                 by=by)
    audit.record("sales_document", target.id, "create",
                 {"number": [None, target.number],
                  "source": [None, f"{source.kind} {source.number}"]}, by=by)
    return target


def check_follow_up_accepts_documents(follow_up: FollowUp) -> None:
    """F5 is for customers only: a supplier's follow-up (or an inactive party's) is refused."""
    check_party_accepts_documents(follow_up.party)


def check_party_accepts_documents(party: Party) -> None:
    """Quotes, orders and sales are for active customers: a supplier is refused."""
    if party.kind != CUSTOMER:
        raise RuleError("", _l(
            "Quotes, orders and sales are for customers only: %(name)s is a supplier. "
            "Nothing was created.", name=party.name))
    if not party.active:
        raise RuleError("", _l(
            "%(name)s is inactive: reactivate it in its record first.", name=party.name))
