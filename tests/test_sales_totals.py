"""Totals in Decimal, rounded to the cent per line with ROUND_HALF_UP, as the user sees them."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import SalesDocument
from app.sales.totals import document_totals, line_total

from .sales_helpers import doc_form, line

# (quantity, unit price, discount) as typed in pt-BR → the line total the screen shows.
LINE_CASES = [
    ("1", "10,00", "", "10,00"),
    ("3", "33,33", "0,99", "99,00"),
    ("0,333", "10,00", "", "3,33"),          # 3,33 exactly
    ("1,5", "0,01", "", "0,02"),             # 0,015 → 0,02 (half up)
    ("2,5", "0,05", "", "0,13"),             # 0,125 → 0,13 (banker's rounding would say 0,12)
    ("0,125", "0,10", "", "0,01"),           # 0,0125 → 0,01
    ("0,001", "4,99", "", "0,00"),           # 0,00499 → 0,00
    ("0,001", "5,00", "", "0,01"),           # 0,005 → 0,01
    ("3", "0,10", "", "0,30"),               # a float would give 0.30000000000000004
    ("2", "10", "20", "0,00"),               # a discount equal to the line is allowed
    ("1.000", "1.234,56", "0,56", "1.234.559,44"),
    ("999.999,999", "9.999,99", "", "9.999.989.990,00"),  # 9999989990,00001 → ,00
]


@pytest.mark.parametrize("quantity,price,discount,expected", LINE_CASES)
def test_line_totals_table_through_the_screen(signed_in, factory, quantity, price, discount,
                                              expected):
    customer = factory.party("Padaria Pão Quente")
    response = signed_in.post("/documents/sales/new", doc_form(
        customer.code, [line("Item", quantity, price, discount)]))
    assert response.status_code == 302, response.get_data(as_text=True)
    page = signed_in.get(response.location).get_data(as_text=True)
    shown = f"R$\xa0{expected}"
    assert page.count(shown) >= 2  # the row and the document total
    assert f'id="total">{shown}<' in page
    document = factory.scalar(select(SalesDocument))
    stored = document_totals(factory.get(SalesDocument, document.id, "lines").lines).total
    assert stored == Decimal(expected.replace(".", "").replace(",", "."))


def test_the_rule_is_per_line_so_document_totals_never_drift():
    """Three lines of a third of a real: each rounds to 0,33, the document is 0,99, not 1,00;
    and gross − discounts = total to the cent."""
    class Line:
        def __init__(self, q, p, d="0"):
            self.quantity, self.unit_price, self.discount = Decimal(q), Decimal(p), Decimal(d)

    thirds = [Line("0.333", "1.00")] * 3
    totals = document_totals(thirds)
    assert (totals.gross, totals.discount, totals.total) == (
        Decimal("0.99"), Decimal("0.00"), Decimal("0.99"))
    many = [Line("1.005", "0.99", "0.01")] * 1000  # 0,99495 → 0,99 each, minus 0,01
    totals = document_totals(many)
    assert totals.total == Decimal("980.00") and totals.gross - totals.discount == totals.total
    assert line_total(Decimal("0.5"), Decimal("0.01"), None) == Decimal("0.01")
    assert all(isinstance(v, Decimal) for v in (totals.gross, totals.discount, totals.total))


def test_the_document_screen_shows_subtotal_discounts_and_total(signed_in, factory):
    customer = factory.party("Padaria Pão Quente")
    response = signed_in.post("/documents/orders/new", doc_form(customer.code, [
        line("Forno", "2", "1.234,56", "100"), line("Bandeja", "3", "19,90", "0,70")]))
    page = signed_in.get(response.location).get_data(as_text=True)
    assert 'id="total-gross">R$\xa02.528,82<' in page      # 2.469,12 + 59,70
    assert 'id="total-discount">R$\xa0100,70<' in page
    assert 'id="total">R$\xa02.428,12<' in page
    listing = signed_in.get("/documents/orders/").get_data(as_text=True)
    assert "R$\xa02.428,12" in listing


def test_amounts_typed_in_english_are_read_the_english_way(signed_in, factory, app):
    from app.extensions import db
    from app.models import User

    with app.app_context():
        db.session.scalar(select(User).where(User.login == "admin")).language = "en"
        db.session.commit()
    customer = factory.party("Padaria Pão Quente")
    form = doc_form(customer.code, [line("Item", "1,000", "1,234.56", "0.56")])
    form["issued_on"] = date.today().strftime("%m/%d/%Y")  # dates, too, the English way
    response = signed_in.post("/documents/sales/new", form)
    assert response.status_code == 302, response.get_data(as_text=True)
    document = factory.get(SalesDocument, factory.scalar(select(SalesDocument.id)), "lines")
    assert (document.lines[0].quantity, document.lines[0].unit_price) == (
        Decimal("1000"), Decimal("1234.56"))
