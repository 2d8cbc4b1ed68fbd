"""Money rules of sales documents: Decimal only, rounded to the cent once per line.

The rule (the same everywhere: screens, lists, timeline, tests):

* a line's gross amount is quantity × unit price, rounded to the cent with ROUND_HALF_UP
  (R$ 0,005 becomes R$ 0,01; R$ 0,0049 becomes R$ 0,00);
* its discount is an amount in reais with at most two decimals, never above that gross;
* its total is gross − discount, exact because both are already in cents;
* a document's gross, discount and total are the sums of its lines' rounded values, so
  gross − discount = total to the cent and nothing drifts however many lines there are.

Floats never enter: quantities, prices and discounts are parsed straight into Decimal.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_cents(value: Decimal) -> Decimal:
    """Round an amount to the cent, halves away from zero (ROUND_HALF_UP)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_gross(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Quantity × unit price, rounded to the cent."""
    return round_cents(quantity * unit_price)


def line_total(quantity: Decimal, unit_price: Decimal, discount: Decimal | None) -> Decimal:
    """The line's rounded gross minus its discount."""
    return line_gross(quantity, unit_price) - round_cents(discount or ZERO)


@dataclass(frozen=True)
class Totals:
    gross: Decimal = ZERO
    discount: Decimal = ZERO
    total: Decimal = ZERO


def document_totals(lines: Iterable) -> Totals:
    """Sum rounded line values; each line has quantity, unit_price and discount."""
    gross = discount = ZERO
    for line in lines:
        gross += line_gross(line.quantity, line.unit_price)
        discount += round_cents(line.discount or ZERO)
    return Totals(gross=gross, discount=discount, total=gross - discount)


def preview_totals(rows: Iterable) -> tuple[list[Decimal | None], Totals]:
    """Each typed row's total (None while its numbers are incomplete or wrong) and their sum."""
    row_totals, complete = [], []
    for row in rows:
        q, p, d = row.quantity, row.unit_price, row.discount
        try:
            if q is None or p is None or q <= 0 or p < 0 or (d is not None and d < 0):
                raise InvalidOperation
            row_totals.append(line_total(q, p, d))
        except InvalidOperation:  # incomplete, negative or beyond Decimal's precision
            row_totals.append(None)
        else:
            complete.append(row)
    return row_totals, document_totals(complete)
