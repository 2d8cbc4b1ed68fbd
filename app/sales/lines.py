"""The typed rows of a document turned into lines: product codes, quantities, prices, discounts."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from ..catalog.services import find_product
from ..models import SalesDocumentLine
from .totals import ZERO, line_gross

QUANTITY_PLACES, MONEY_PLACES = 3, 2
QUANTITY_MAX, MONEY_MAX = Decimal("1000000000"), Decimal("10000000000")


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


def typed_lines(rows: list[LineInput], kept_products: set[int],
                errors: dict[str, object]) -> list[SalesDocumentLine]:
    """Turn typed rows into numbered lines, skipping blank rows; problems go into errors."""
    # errors is keyed by the form's field names (lines-2-quantity …), so each message lands
    # beside its field; products already on the document stay accepted when inactive.
    lines = []
    for index, row in enumerate(rows):
        if row.is_blank:
            continue
        line = _check_line(row, f"lines-{index}-", kept_products, errors)
        if line is not None:
            line.position = len(lines) + 1
            lines.append(line)
    return lines
