"""Rules of sales documents (Orçamento, Pedido de Venda, Venda): numbers, statuses, lines,
conversions. Their links with follow-ups are in links.py, the lists in queries.py."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models import (
    CUSTOMER,
    ORDER,
    QUOTE,
    SALE,
    SUPPLIER,
    FollowUp,
    Party,
    Product,
    SalesDocument,
    SalesDocumentLine,
    User,
)
from ..parties.services import find_by_code
from ..rules import RuleError
from .totals import ZERO, document_totals, line_gross

KIND_SLUGS = {"quotes": QUOTE, "orders": ORDER, "sales": SALE}
SLUG_OF = {kind: slug for slug, kind in KIND_SLUGS.items()}
KIND_LABELS = {QUOTE: _l("Quote"), ORDER: _l("Sales order"), SALE: _l("Sale")}
KIND_PLURALS = {QUOTE: _l("Quotes"), ORDER: _l("Sales orders"), SALE: _l("Sales")}

OPEN, APPROVED, REJECTED, CONVERTED = "open", "approved", "rejected", "converted"
INVOICED, CANCELLED, COMPLETED = "invoiced", "cancelled", "completed"
STATUS_LABELS = {
    QUOTE: {OPEN: _l("Open"), APPROVED: _l("Approved"), REJECTED: _l("Rejected"),
            CONVERTED: _l("Converted to order")},
    ORDER: {OPEN: _l("Open"), INVOICED: _l("Invoiced"), CANCELLED: _l("Cancelled order")},
    SALE: {COMPLETED: _l("Completed"), CANCELLED: _l("Cancelled sale")},
}
INITIAL_STATUS = {QUOTE: OPEN, ORDER: OPEN, SALE: COMPLETED}
# Statuses a user picks in the form; the others come from Cancel and Convert only.
CHOSEN_STATUSES = {QUOTE: (OPEN, APPROVED, REJECTED), ORDER: (OPEN,), SALE: (COMPLETED,)}
LOCKED_STATUSES = {QUOTE: (CONVERTED,), ORDER: (INVOICED, CANCELLED), SALE: (CANCELLED,)}
CANCEL_STATUS = {QUOTE: REJECTED, ORDER: CANCELLED, SALE: CANCELLED}
# What a document converts into, from which statuses, and the status it is left in.
CONVERSIONS = {QUOTE: (ORDER, (OPEN, APPROVED), CONVERTED), ORDER: (SALE, (OPEN,), INVOICED)}

QUANTITY_PLACES, MONEY_PLACES = 3, 2
QUANTITY_MAX, MONEY_MAX = Decimal("1000000000"), Decimal("10000000000")


class DocumentRuleError(RuleError):
    """The document was refused; errors maps form field names (lines-2-quantity …) to messages."""

    def __init__(self, errors: dict[str, object]):
        super().__init__(errors=errors)


@dataclass
class LineInput:
    product_code: str = ""
    description: str = ""
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    discount: Decimal | None = None

    @property
    def is_blank(self) -> bool:
        return not (self.product_code or self.description or self.quantity is not None
                    or self.unit_price is not None or self.discount is not None)


@dataclass
class DocumentInput:
    issued_on: date
    customer_code: str
    salesperson_id: int | None
    notes: str = ""
    status: str | None = None
    lines: list[LineInput] = field(default_factory=list)


def status_label(document: SalesDocument) -> str:
    return str(STATUS_LABELS[document.kind].get(document.status, document.status))


def is_locked(document: SalesDocument) -> bool:
    """Converted, invoiced and cancelled documents can no longer be changed."""
    return document.status in LOCKED_STATUSES[document.kind]


def can_cancel(document: SalesDocument) -> bool:
    return not is_locked(document) and document.status != CANCEL_STATUS[document.kind]


def can_convert(document: SalesDocument) -> bool:
    conversion = CONVERSIONS.get(document.kind)
    return bool(conversion) and document.status in conversion[1] and document.party.active


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
        raise DocumentRuleError({"customer_code": message})
    if party.kind != CUSTOMER:
        raise DocumentRuleError({"customer_code": _l("Sales documents are for customers only.")})
    if not party.active:
        raise DocumentRuleError({"customer_code": _l(
            "%(name)s is inactive: reactivate it in its record first.", name=party.name)})
    return party


def find_product(code: str) -> Product | None:
    return db.session.scalar(select(Product).where(func.lower(Product.code) == code.lower()))


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_line(row: LineInput, prefix: str, kept_products: set[int],
                errors: dict[str, object]) -> SalesDocumentLine | None:
    """Check one typed line; record its problems in errors, or return the line to store."""
    product = None
    if row.product_code:
        product = find_product(row.product_code)
        if product is None:
            errors[prefix + "product_code"] = _l("No product with code %(code)s.",
                                                 code=row.product_code)
        elif not product.active and product.id not in kept_products:
            errors[prefix + "product_code"] = _l("Product %(code)s is inactive.",
                                                 code=product.code)
    description = row.description or (product.description if product else "")
    if not description and prefix + "product_code" not in errors:
        errors[prefix + "description"] = _l("Type a description or a product code.")
    unit_price = row.unit_price if row.unit_price is not None else (
        product.price if product else None)
    quantity, discount = row.quantity, row.discount if row.discount is not None else ZERO
    if quantity is None:
        errors[prefix + "quantity"] = _l("Type the quantity.")
    elif quantity <= 0:
        errors[prefix + "quantity"] = _l("The quantity must be greater than zero.")
    elif _places(quantity) > QUANTITY_PLACES or quantity >= QUANTITY_MAX:
        errors[prefix + "quantity"] = _l("At most 3 decimal places and below one billion.")
    if unit_price is None:
        if prefix + "product_code" not in errors:
            errors[prefix + "unit_price"] = _l("Type the unit price.")
    elif unit_price < 0:
        errors[prefix + "unit_price"] = _l("The price cannot be negative.")
    elif _places(unit_price) > MONEY_PLACES or unit_price >= MONEY_MAX:
        errors[prefix + "unit_price"] = _l("Type reais and cents (at most 2 decimal places).")
    if discount < 0:
        errors[prefix + "discount"] = _l("The discount cannot be negative.")
    elif _places(discount) > MONEY_PLACES or discount >= MONEY_MAX:
        errors[prefix + "discount"] = _l("Type reais and cents (at most 2 decimal places).")
    elif prefix + "quantity" not in errors and prefix + "unit_price" not in errors \
            and quantity is not None and unit_price is not None \
            and discount > line_gross(quantity, unit_price):
        errors[prefix + "discount"] = _l(
            "The discount is more than the line's amount (%(amount)s).",
            amount=str(line_gross(quantity, unit_price)).replace(".", ","))
    if any(key.startswith(prefix) for key in errors):
        return None
    return SalesDocumentLine(product_id=product.id if product else None,
                             description=description[:200], quantity=quantity,
                             unit_price=unit_price, discount=discount)


def check_lines(rows: list[LineInput], kept_products: set[int] = frozenset(),
                errors: dict[str, object] | None = None) -> list[SalesDocumentLine]:
    """Turn typed rows into lines (blank rows skipped); raise with every problem found."""
    errors = {} if errors is None else errors
    lines = []
    for index, row in enumerate(rows):
        if row.is_blank:
            continue
        line = _check_line(row, f"lines-{index}-", set(kept_products), errors)
        if line is not None:
            line.position = len(lines) + 1
            lines.append(line)
    if not lines and not errors:
        errors["lines"] = _l("Add at least one line.")
    if errors:
        raise DocumentRuleError(errors)
    return lines


def _check_salesperson(user_id: int | None, current: int | None) -> int | None:
    if user_id is None or user_id == current:
        return user_id
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        raise DocumentRuleError({"salesperson_id": _l("Choose an active user.")})
    return user_id


def _check_follow_up_party(follow_up: FollowUp | None, party: Party) -> None:
    if follow_up is not None and follow_up.party_id != party.id:
        raise DocumentRuleError({"customer_code": _l(
            "This document belongs to follow-up #%(id)s of %(name)s: it must be for that "
            "customer.", id=follow_up.id, name=follow_up.party.name)})


def _validated(kind: str, data: DocumentInput, document: SalesDocument | None,
               follow_up: FollowUp | None) -> tuple[Party, list[SalesDocumentLine], int | None]:
    """Check everything before anything changes, collecting every message at once."""
    errors: dict[str, object] = {}
    party = None
    try:
        party = find_customer(data.customer_code)
        _check_follow_up_party(follow_up, party)
    except DocumentRuleError as error:
        errors.update(error.errors)
    salesperson_id = None
    try:
        salesperson_id = _check_salesperson(data.salesperson_id,
                                            document.salesperson_id if document else None)
    except DocumentRuleError as error:
        errors.update(error.errors)
    if data.status is not None and data.status not in CHOSEN_STATUSES[kind] and not (
            document is not None and data.status == document.status):
        errors["status"] = _l("Choose a status from the list.")
    kept = {line.product_id for line in document.lines if line.product_id} if document else set()
    try:
        lines = check_lines(data.lines, kept, errors)
    except DocumentRuleError as error:
        errors.update(error.errors)
    if errors:
        raise DocumentRuleError(errors)
    return party, lines, salesperson_id


def create_document(kind: str, data: DocumentInput, follow_up: FollowUp | None = None, *,
                    by: User | None) -> SalesDocument:
    """Create a document of this kind with the next number; the caller commits."""
    if follow_up is not None:
        check_follow_up_accepts_documents(follow_up)
    party, lines, salesperson_id = _validated(kind, data, None, follow_up)
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


def update_document(document: SalesDocument, data: DocumentInput, *, by: User | None) -> None:
    """Change a document's header and lines; converted or cancelled ones are refused."""
    if is_locked(document):
        raise DocumentRuleError({"": locked_message(document)})
    follow_up = db.session.get(FollowUp, document.follow_up_id) if document.follow_up_id else None
    party, lines, salesperson_id = _validated(document.kind, data, document, follow_up)
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


def locked_message(document: SalesDocument):
    return _l("%(kind)s %(number)s is %(status)s: no more changes are accepted.",
              kind=KIND_LABELS[document.kind], number=document.number,
              status=status_label(document).lower())


def cancel_document(document: SalesDocument, *, by: User | None) -> None:
    """Cancel an order or a sale, or reject a quote."""
    if not can_cancel(document):
        raise DocumentRuleError({"": locked_message(document)})
    old = document.status
    document.status = CANCEL_STATUS[document.kind]
    audit.record("sales_document", document.id, "cancel", {"status": [old, document.status]},
                 by=by)


def convert_document(source: SalesDocument, today: date, *, by: User | None) -> SalesDocument:
    """Turn a quote into an order, or an order into a sale, keeping the link both ways."""
    if source.kind not in CONVERSIONS or is_locked(source) or \
            source.status not in CONVERSIONS[source.kind][1]:
        raise DocumentRuleError({"": _l(
            "%(kind)s %(number)s cannot be converted in its current status (%(status)s).",
            kind=KIND_LABELS[source.kind], number=source.number,
            status=status_label(source).lower())})
    if not source.party.active:
        raise DocumentRuleError({"": _l("%(name)s is inactive: reactivate it in its record "
                                        "first.", name=source.party.name)})
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
    if follow_up.party.kind != CUSTOMER:
        raise DocumentRuleError({"": _l(
            "Quotes, orders and sales are for customers only: %(name)s is a supplier. "
            "Nothing was created.", name=follow_up.party.name)})
    if not follow_up.party.active:
        raise DocumentRuleError({"": _l(
            "%(name)s is inactive: reactivate it in its record first.",
            name=follow_up.party.name)})
