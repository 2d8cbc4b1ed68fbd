"""The Painel and the Agenda in Chromium at 1280×800: sign-in lands on the Painel (after F7),
its numbers open their lists, it prints without the menus; the Agenda's ←/→ keys, its month
view, and putting a return off from a day. Screenshots: test-output/painel/."""

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect

from app.clock import week_of
from app.settings.services import business_today

from ..conftest import PASSWORD
from .conftest import sign_in

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "painel"


def snap(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def today_of(app):
    with app.app_context():
        return business_today()


def busy_office(factory, admin, today):
    """Two sellers with returns over the next two weeks, a few overdue, complaints in months."""
    seller = factory.user("vendas.a")
    names = ("Padaria Pão Quente", "Mercado Bom Preço", "Oficina do Zé", "Ferragens Silva",
             "Açougue Boi Gordo", "Farmácia Central")
    parties = [factory.party(name) for name in names]
    for n in range(18):
        factory.entry(parties[n % len(parties)], admin if n % 3 else seller,
                      return_date=today + timedelta(days=n % 14),
                      type_name=("Pós-Venda", "Em Análise")[n % 2])
    for n in range(3):
        factory.entry(parties[n], seller if n else admin, return_date=today - timedelta(days=n + 2),
                      contacted_at=None)
    for months_ago in range(0, 12, 2):
        day = today - timedelta(days=30 * months_ago + 1)
        factory.entry(parties[months_ago % len(parties)], admin, return_date=day, status="done",
                      contacted_at=None, complaints="Entrega atrasada")
    return seller


def test_the_painel_after_sign_in_opens_its_lists_and_prints(page, live_server, factory, admin,
                                                             app):
    today = today_of(app)
    busy_office(factory, admin, today)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.get_by_role("button", name="Não").click()  # the F7 prompt first: returns are due today
    expect(page).to_have_url(re.compile(r"/painel$"))
    expect(page.get_by_role("heading", name=re.compile("Painel"))).to_be_visible()
    tiles = page.locator(".tile")
    expect(tiles).to_have_count(4)
    expect(page.locator("svg.chart-svg")).to_have_count(2)
    expect(page.locator("rect.chart-bar")).not_to_have_count(0)
    expect(page.locator(".seller-numbers tbody tr")).to_have_count(2)
    # Both charts side by side fit the 1280-wide window.
    boxes = [page.locator("figure.chart").nth(n).bounding_box() for n in range(2)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[1]["x"] + boxes[1]["width"] <= 1280
    snap(page, "painel")
    overdue = int(page.locator(".tile-overdue .tile-count").inner_text())
    assert overdue == 3
    page.locator(".tile-overdue").click()
    expect(page).to_have_url(re.compile(r"/followups/\?period=overdue$"))
    expect(page.locator("tbody tr[data-href]")).to_have_count(overdue)
    page.go_back()
    page.emulate_media(media="print")
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator("svg.chart-svg").first).to_be_visible()
    snap(page, "painel-print")


def test_the_agenda_keys_change_the_week_and_the_month(page, live_server, factory, admin, app):
    today = today_of(app)
    busy_office(factory, admin, today)
    monday = week_of(today)[0]
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.get_by_role("button", name="Não").click()
    page.get_by_role("link", name="Agenda").first.click()
    expect(page).to_have_url(re.compile(r"/agenda/$"))
    expect(page.locator(f'[data-day="{monday.isoformat()}"]')).to_be_visible()
    snap(page, "agenda-week")
    page.keyboard.press("ArrowRight")
    next_monday = monday + timedelta(days=7)
    expect(page).to_have_url(re.compile(rf"day={next_monday.isoformat()}"))
    expect(page.locator(f'[data-day="{next_monday.isoformat()}"]')).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(rf"day={monday.isoformat()}"))
    page.get_by_role("link", name="Mês").click()
    expect(page.locator(".agenda-month")).to_be_visible()
    snap(page, "agenda-month")
    page.keyboard.press("ArrowLeft")
    first_of_last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    expect(page).to_have_url(re.compile(rf"view=month&day={first_of_last_month.isoformat()}"))


def test_a_return_is_put_off_from_its_day_in_the_agenda(page, live_server, factory, admin, app):
    today = today_of(app)
    factory.entry(factory.party("Padaria Pão Quente"), admin, return_date=today + timedelta(days=1))
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/agenda/")
    tomorrow = today + timedelta(days=1)
    if week_of(tomorrow) != week_of(today):
        page.keyboard.press("ArrowRight")
    page.locator(f'[data-day="{tomorrow.isoformat()}"] a.agenda-date').click()
    expect(page).to_have_url(re.compile(rf"/agenda/day/{tomorrow.isoformat()}$"))
    snap(page, "agenda-day")
    page.get_by_role("button", name="+1 semana").click()
    later = (tomorrow + timedelta(days=7)).strftime("%d/%m/%Y")
    expect(page.get_by_text(f"Padaria Pão Quente: retorno adiado para {later}.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/agenda/day/{tomorrow.isoformat()}$"))
    expect(page.get_by_text("Nenhum retorno neste dia.")).to_be_visible()
