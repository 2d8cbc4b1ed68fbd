"""Consulta in the browser: type part of a name, pick with the keyboard; F9 opens the grid."""

import re
from datetime import date

from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import sign_in


def test_f3_finds_a_customer_by_part_of_the_name_and_the_keyboard_picks_it(
        page, live_server, factory, admin, shot):
    factory.party("Padaria Pão Quente", trade_name="Pão do Zé", phone="(11) 3456-7890",
                  contacts=[{"name": "Marcos", "role": "Comprador", "phone": "", "email": ""}])
    factory.party("Padaria Fechada", active=False)
    factory.party("Pastelaria Bom Gosto")
    factory.party("Padaria do Moinho", kind="supplier")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/new")
    code = page.get_by_label("Código")
    code.press_sequentially("pada")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(2)  # customers only: the supplier is not offered
    expect(options.nth(0)).to_contain_text("Padaria Fechada")
    expect(options.nth(0)).to_have_attribute("aria-disabled", "true")
    expect(options.nth(1)).to_contain_text("1 — Padaria Pão Quente")
    code.press("ArrowDown")
    code.press("Enter")  # an inactive party cannot be picked
    expect(code).to_have_value("pada")
    code.press("ArrowDown")
    expect(code).to_have_attribute("aria-activedescendant", re.compile(r"-1$"))
    shot("suggestions")
    code.press("Enter")
    expect(code).to_have_value("1")
    expect(page.get_by_role("listbox")).to_be_hidden()
    preview = page.locator("#party-preview")
    expect(preview).to_contain_text("Padaria Pão Quente")
    expect(preview).to_contain_text("(11) 3456-7890")
    expect(preview).to_contain_text("Marcos (Comprador)")
    shot("picked")
    code.press("Enter")  # the list is closed: Enter sends the form
    expect(page).to_have_url(re.compile(r"/followups/new/entry\?party=\d+"))
    expect(page.get_by_text("Padaria Pão Quente").first).to_be_visible()


def test_esc_closes_the_suggestions_before_it_cancels_the_form(page, live_server, factory,
                                                                admin):
    factory.party("Mercearia Central")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/new")
    code = page.get_by_label("Código")
    code.press_sequentially("merc")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    code.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/followups/new$"))
    code.press("Escape")
    expect(page).to_have_url(re.compile(r"/followups/$"))


def test_f9_opens_the_search_grid_and_enter_picks(page, live_server, factory, admin, shot):
    for n in range(1, 19):
        factory.party(f"Comércio Número {n:02d}", document="", phone=f"(11) 3000-{n:04d}")
    factory.party("Comércio Inativo", active=False)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/new")
    code = page.get_by_label("Código")
    code.fill("comercio")
    code.press("F9")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    grid = dialog.get_by_role("grid")
    expect(grid.locator("tbody tr")).to_have_count(15)
    expect(dialog.get_by_text("Página 1")).to_be_visible()
    shot("grid")
    search = dialog.get_by_role("combobox", name="Pesquisar")
    expect(search).to_be_focused()
    search.press("PageDown")
    expect(dialog.get_by_text("Página 2")).to_be_visible()
    expect(grid.locator("tbody tr")).to_have_count(4)
    search.press("ArrowDown")
    expect(grid.locator('tbody tr[aria-selected="true"]')).to_contain_text("Número 16")
    search.press("Enter")
    expect(dialog).to_be_hidden()
    expect(code).to_have_value("16")
    expect(page.locator("#party-preview")).to_contain_text("Comércio Número 16")
    code.press("F9")
    page.get_by_role("dialog").press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/followups/new$"))  # Esc left the form alone


def test_the_list_filter_picks_one_party_with_the_lookup(page, live_server, factory, admin,
                                                          shot):
    customer = factory.party("Oficina Souza")
    supplier = factory.party("Souza Autopeças", kind="supplier")
    factory.entry(customer, admin, return_date=date.today())
    factory.entry(supplier, admin, return_date=date.today())
    factory.entry(factory.party("Outro Cliente"), admin, return_date=date.today())
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/")
    field = page.get_by_label("Cliente ou fornecedor")
    field.press_sequentially("souza")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(2)  # both kinds
    shot("suggestions")
    field.press("ArrowDown")
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value("1 — Souza Autopeças")
    page.get_by_role("button", name="Pesquisar").click()
    rows = page.get_by_role("table", name="Observações do Follow Up").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Souza Autopeças")
    shot("filtered")


def test_a_product_line_offers_products_and_fills_the_line(page, live_server, factory, admin,
                                                            shot):
    factory.party("Cliente da Venda")
    factory.product("FOR-45", "Forno elétrico 45 L", "899.90")
    factory.product("FOG-4", "Fogão 4 bocas", "1200.00")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/documents/quotes/new")
    product = page.get_by_label("Produto 1", exact=True)
    product.press_sequentially("eletrico")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    shot("suggestions")
    product.press("ArrowDown")
    product.press("Enter")
    expect(product).to_have_value("FOR-45")
    expect(page.get_by_label("Descrição 1", exact=True)).to_have_value("Forno elétrico 45 L")
    customer = page.get_by_label("Código do cliente")
    customer.press_sequentially("venda")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    customer.press("ArrowDown")
    customer.press("Enter")
    expect(customer).to_have_value("1")
    expect(page.locator("#customer-preview")).to_contain_text("Cliente da Venda")
    shot("filled")
