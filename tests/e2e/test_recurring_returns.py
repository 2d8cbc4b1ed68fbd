"""Hora do retorno and recurring returns in a real browser (#13.3–4): a time like 25:00 is
refused beside the field with the text kept, a return set to repeat every 30 days creates its
next one when closed, and Parar de repetir is one click. Screenshots in test-output/timerec/."""

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import FollowUpEntry
from app.settings.services import business_today

from ..conftest import PASSWORD
from .conftest import sign_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "timerec"


def snap(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_timed_recurring_return_from_typing_to_stopping(page, live_server, factory, admin,
                                                          app):
    with app.app_context():
        today = business_today()
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890")
    due = factory.entry(party, admin, return_date=today, notes="Cliente-chave: ligar todo mês.")
    factory.entry(factory.party("Mercado Bom Preço"), admin, return_date=today)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/entries/{due.id}")

    page.get_by_label("Hora do retorno").fill("25:00")
    page.get_by_label("Repetir a cada").fill("30")
    page.get_by_label("Unidade da repetição").select_option(label="dias")
    page.get_by_role("button", name="Salvar", exact=True).click()
    expect(page.get_by_text("25:00 não é uma hora do dia: use de 00:00 a 23:59.")).to_be_visible()
    expect(page.get_by_label("Hora do retorno")).to_have_value("25:00")
    expect(page.get_by_label("Repetir a cada")).to_have_value("30")
    snap(page, "entry-bad-time")

    page.get_by_label("Hora do retorno").fill("14:30")
    page.get_by_role("button", name="Salvar", exact=True).click()
    expect(page.get_by_text("Observação do Follow Up salva.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Padaria Pão Quente"))).to_contain_text("14:30")
    snap(page, "list-with-time")

    page.goto(f"{live_server.url}/entries/{due.id}")
    expect(page.get_by_text("Repete a cada 30 dias")).to_be_visible()
    snap(page, "entry-recurring")
    page.get_by_label("Situação").select_option(label="Baixado")
    page.get_by_role("button", name="Salvar", exact=True).click()
    following_day = (today + timedelta(days=30)).strftime("%d/%m/%Y")
    expect(page.get_by_text(f"Próximo retorno agendado para {following_day}.")).to_be_visible()
    following = factory.scalars(select(FollowUpEntry).where(
        FollowUpEntry.party_id == party.id).order_by(FollowUpEntry.id))[-1]
    assert (following.notes, following.repeat_every) == ("recorrente", 30)

    page.goto(f"{live_server.url}/entries/{following.id}")
    page.get_by_role("button", name="Parar de repetir").click()
    expect(page.get_by_text("Este retorno não se repete mais.")).to_be_visible()
    expect(page.get_by_label("Repetir a cada")).to_have_value("")
    snap(page, "entry-stopped")
