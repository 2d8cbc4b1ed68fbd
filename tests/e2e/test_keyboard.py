"""The ERP's keys: Insert = Incluir, Esc = Cancelar, arrows + Enter in the grid."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import sign_in


def test_insert_opens_incluir_and_esc_cancels(page, live_server, admin):
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/")
    page.keyboard.press("Insert")
    expect(page).to_have_url(re.compile(r"/followups/new$"))
    page.wait_for_load_state()  # the new page's scripts listen for keys once it has loaded
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/followups/$"))


def test_arrows_move_between_rows_and_enter_opens_one(page, live_server, factory, admin):
    today = date.today()
    first = factory.entry(factory.party("Primeiro"), admin, return_date=today + timedelta(days=1))
    second = factory.entry(factory.party("Segundo"), admin, return_date=today + timedelta(days=2))
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/")
    page.get_by_role("row", name=re.compile("Primeiro")).focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/entries/{second.id}$"))
    page.go_back()
    page.get_by_role("row", name=re.compile("Segundo")).focus()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/entries/{first.id}$"))


def test_a_double_click_opens_the_row(page, live_server, factory, admin):
    entry = factory.entry(factory.party("Duplo"), admin, return_date=date.today())
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/")
    page.get_by_role("row", name=re.compile("Duplo")).get_by_text("Pós-Venda").dblclick()
    expect(page).to_have_url(re.compile(rf"/entries/{entry.id}$"))
