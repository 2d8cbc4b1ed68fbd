"""Live totals of a sales document in a real browser: typed lines, the page's sums, and the
server's saved total agree to the cent (half-up per line, then the sum)."""

import re
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import SalesDocument
from app.sales.totals import document_totals

from ..conftest import PASSWORD
from .conftest import sign_in

# Each line is a rounding trap for floating point: 0,045 and 1.240,74285 round half-up.
LINES = [("0,333", "10,05", "", "R$\xa03,35"),          # 3,34665
         ("1,5", "0,03", "", "R$\xa00,05"),             # 0,045: a float makes it 0,04
         ("1,005", "1.234,57", "0,10", "R$\xa01.240,64")]  # 1.240,74285 − 0,10


def test_totals_follow_the_typed_lines_and_match_the_saved_order(page, live_server, factory,
                                                                 admin, shot):
    customer = factory.party("Mercado Bom Preço")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/documents/orders/new")
    expect(page.get_by_role("heading", name="Pedido de Venda — novo")).to_be_visible()
    page.get_by_label("Código do cliente").fill(str(customer.code))
    rows = page.locator("#doc-lines tbody tr")
    for number, (quantity, price, discount, total) in enumerate(LINES, start=1):
        page.get_by_label(f"Descrição {number}", exact=True).fill(f"Item {number}")
        page.get_by_label(f"Quantidade {number}", exact=True).fill(quantity)
        page.get_by_label(f"Preço unitário {number}", exact=True).fill(price)
        if discount:
            page.get_by_label(f"Desconto {number}", exact=True).fill(discount)
        expect(rows.nth(number - 1).locator(".row-total")).to_have_text(total)
    expect(page.locator("#total-gross")).to_have_text("R$\xa01.244,14")
    expect(page.locator("#total-discount")).to_have_text("R$\xa00,10")
    expect(page.locator("#total")).to_have_text("R$\xa01.244,04")
    shot("live-totals")

    # A line being typed wrong drops out of the sums, as the server's preview leaves it out.
    page.get_by_label("Quantidade 2", exact=True).fill("1,5x")
    expect(rows.nth(1).locator(".row-total")).to_have_text("")
    expect(page.locator("#total")).to_have_text("R$\xa01.243,99")
    page.get_by_label("Quantidade 2", exact=True).fill("1,5")
    shown = page.locator("#total").text_content()

    page.get_by_role("button", name="Salvar").click()
    expect(page.get_by_role("heading", name=re.compile("Pedido de Venda nº 1"))).to_be_visible()
    expect(page.locator("#total")).to_have_text(shown)  # the server's own total, rendered
    order = factory.get(SalesDocument, factory.scalar(select(SalesDocument.id)), "lines")
    assert document_totals(order.lines).total == Decimal("1244.04")

    # Imprimir gives the sheet alone: company, customer, lines, totals; no menus or inputs.
    page.emulate_media(media="print")
    expect(page.locator(".print-sheet")).to_be_visible()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("#document-form")).to_be_hidden()
    shot("printed")
