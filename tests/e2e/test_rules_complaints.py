"""In Chromium: an admin switches a rule on beside a refused delay, a complaint typed in an
entry's tab gets its own page, the report and Clientes sem contato render; screenshots in
test-output/rules/."""

from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from app.extensions import db
from app.models import Complaint
from app.settings.services import business_today

from ..conftest import PASSWORD
from .conftest import sign_in

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "rules"


def save(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_rules_complaints_and_silent_customers_in_the_browser(page, live_server, factory,
                                                              admin, app):
    party = factory.party("Padaria Reclamona", phone="(11) 3333-4444")
    with app.app_context():
        today = business_today()
    factory.entry(party, admin, return_date=today, notes="Ligar sobre a entrega",
                  complaints="O forno chegou com a porta amassada.")
    factory.document("sale", party, admin, issued_on=today - timedelta(days=40))
    sign_in(page, live_server.url, "admin", PASSWORD)

    page.goto(f"{live_server.url}/settings/rules")
    page.locator("#open_quote-enabled").check()
    page.locator("#open_quote-delay_days").fill("0")
    page.get_by_role("button", name="Salvar").click()
    expect(page.locator("#open_quote-delay_days-msg")).to_have_text(
        "Digite um número de dias de 1 a 3650.")
    save(page, "rules-refused")
    page.locator("#open_quote-delay_days").fill("10")
    page.get_by_role("button", name="Salvar").click()
    expect(page.get_by_text("Regras automáticas salvas.")).to_be_visible()
    save(page, "rules-saved")

    with app.app_context():
        complaint_id = db.session.scalar(db.select(Complaint.id))
    page.goto(f"{live_server.url}/complaints/{complaint_id}")
    expect(page.get_by_text("O forno chegou com a porta amassada.")).to_be_visible()
    page.get_by_label("Prazo de resposta").fill((date(2000, 1, 3)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Salvar").click()
    expect(page.locator("#deadline-msg")).to_have_text(
        "O prazo de resposta não pode ser antes do dia em que a reclamação foi aberta.")
    save(page, "complaint-refused")

    page.goto(f"{live_server.url}/complaints/report")
    expect(page.locator("#count-total")).to_have_text("1")
    save(page, "complaints-report")
    page.emulate_media(media="print")
    save(page, "complaints-report-print")
    page.emulate_media(media="screen")

    page.goto(f"{live_server.url}/customers/without-contact?days=1")  # last contact 3 days ago
    expect(page.get_by_role("cell", name="Padaria Reclamona", exact=True)).to_be_visible()
    page.get_by_role("link", name="Novo Follow Up Padaria Reclamona").click()
    expect(page).to_have_url(f"{live_server.url}/followups/new/entry?party={party.id}")
    page.go_back()
    save(page, "silent-customers")
