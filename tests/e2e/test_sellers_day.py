"""A seller's day at full speed (#12.3–6) in a real browser: the list's first row has focus,
Baixar e agendar próximo, Adiar from a row, F5 beside the name on the code screen, and nothing
typed is lost (Esc asks; a draft survives a reload)."""

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import FollowUpEntry
from app.settings.calendar import add_business_days
from app.settings.services import business_today

from ..conftest import PASSWORD
from .conftest import sign_in


def today_and_next_business_day(app):
    with app.app_context():
        today = business_today()
        return today, add_business_days(today, 1)


def br(day) -> str:
    return day.strftime("%d/%m/%Y")


def test_the_lists_first_row_has_focus_so_the_keys_work_at_once(page, live_server, factory,
                                                                 admin, app):
    today, _ = today_and_next_business_day(app)
    factory.entry(factory.party("Primeiro"), admin, return_date=today)
    second = factory.entry(factory.party("Segundo"), admin, return_date=today + timedelta(days=1))
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/")
    expect(page.get_by_role("row", name=re.compile("Primeiro"))).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/entries/{second.id}$"))


def test_close_and_schedule_next_in_one_save(page, live_server, factory, admin, app, shot):
    today, _ = today_and_next_business_day(app)
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890")
    due = factory.entry(party, admin, return_date=today, notes="Ligar para saber do forno.")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/?period=today")
    page.keyboard.press("Enter")  # the first row has focus: Enter opens it
    expect(page).to_have_url(re.compile(rf"/entries/{due.id}$"))

    notes = page.get_by_role("textbox", name="Follow Up", exact=True)
    notes.fill(notes.input_value() + "\nChegou bem; quer orçamento de um segundo forno.")
    # The next return: Pós-Venda's 30 days from today, type and responsible kept.
    expect(page.get_by_label("Data do próximo retorno")).to_have_value(
        br(today + timedelta(days=30)))
    expect(page.get_by_label("Tipo do próximo retorno")).to_have_value(
        str(factory.type_id("Pós-Venda")))
    page.get_by_label("Tipo do próximo retorno").select_option(label="Em Análise")
    with app.app_context():
        in_analysis = add_business_days(today, 2)  # Em Análise: 2 business days
    expect(page.get_by_label("Data do próximo retorno")).to_have_value(br(in_analysis))
    page.get_by_label("Follow Up do próximo retorno").fill("Enviar orçamento do segundo forno.")
    shot("close-and-schedule")
    page.get_by_role("button", name="Baixar e agendar próximo").click()

    expect(page.get_by_text(f"Retorno baixado. Próximo retorno agendado para "
                            f"{br(in_analysis)}.")).to_be_visible()
    closed, following = factory.scalars(select(FollowUpEntry).order_by(FollowUpEntry.id))
    assert (closed.status, following.status) == ("done", "open")
    assert closed.notes.endswith("segundo forno.") and following.return_date == in_analysis
    assert following.notes == "Enviar orçamento do segundo forno."
    page.goto(f"{live_server.url}/followups/")
    expect(page.get_by_role("row", name=re.compile("Enviar orçamento do segundo forno"))
           ).to_be_visible()
    shot("list-after")


def test_adiar_from_a_row_puts_the_return_off_and_counts_it(page, live_server, factory, admin,
                                                            app, shot):
    today, next_day = today_and_next_business_day(app)
    due = factory.entry(factory.party("Mercado Central"), admin, return_date=today)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/")
    row = page.get_by_role("row", name=re.compile("Mercado Central"))
    row.locator("summary", has_text="Adiar").click()
    expect(row.get_by_role("button", name="+1 dia útil")).to_be_visible()
    row.get_by_label("Nova Data Retorno").fill(br(today - timedelta(days=1)))
    shot("row-reschedule")
    row.get_by_label("Nova Data Retorno").press("Enter")  # Enter: to the typed date
    expect(page.get_by_text("o retorno não pode voltar ao passado")).to_be_visible()
    expect(page.get_by_label("Nova Data Retorno")).to_have_value(br(today - timedelta(days=1)))
    shot("reschedule-refused")
    page.get_by_role("button", name="+1 dia útil").click()
    expect(page.get_by_text(f"Mercado Central: retorno adiado para {br(next_day)}.")
           ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Mercado Central"))).to_contain_text(
        "adiado 1 vez")
    assert factory.get(FollowUpEntry, due.id).reschedule_count == 1
    page.goto(f"{live_server.url}/entries/{due.id}")
    expect(page.locator(".reschedule-box")).to_contain_text("adiado 1 vez")
    shot("entry-rescheduled")


def test_f5_buttons_appear_beside_the_name_once_the_code_shows_a_customer(page, live_server,
                                                                         factory, admin, shot):
    customer = factory.party("Padaria Pão Quente")
    supplier = factory.party("Distribuidora Sul", kind="supplier")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/new")
    buttons = page.get_by_role("group", name="Iniciar um documento de venda para este cliente")
    expect(buttons).to_be_hidden()
    page.get_by_label("Código").fill(str(customer.code))
    expect(page.locator("#party-preview")).to_contain_text("Padaria Pão Quente")
    expect(buttons).to_be_visible()
    shot("f5-start")
    page.get_by_label("Fornecedor").check()
    page.get_by_label("Código").fill(str(supplier.code))
    expect(page.locator("#party-preview")).to_contain_text("Distribuidora Sul")
    expect(buttons).to_be_hidden()
    page.get_by_label("Cliente", exact=True).check()
    page.get_by_label("Código").fill(str(customer.code))
    buttons.get_by_role("button", name="Venda", exact=True).click()
    expect(page.get_by_text("Ao salvar, também começa um Follow Up")).to_be_visible()
    expect(page.get_by_label("Código do cliente")).to_have_value(str(customer.code))


def test_esc_on_a_changed_form_asks_before_leaving(page, live_server, factory, admin, app, shot):
    today, _ = today_and_next_business_day(app)
    entry = factory.entry(factory.party("Padaria Pão Quente"), admin, return_date=today)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/entries/{entry.id}")
    page.keyboard.press("Escape")  # nothing changed: Esc = Cancelar at once
    expect(page).to_have_url(re.compile(rf"/followups/{entry.follow_up_id}$"))

    page.goto(f"{live_server.url}/entries/{entry.id}")
    notes = page.get_by_role("textbox", name="Follow Up", exact=True)
    notes.fill("Cliente pediu desconto")
    page.keyboard.press("Escape")
    question = page.get_by_role("dialog")
    expect(question).to_contain_text("alterações que não foram salvas")
    shot("leave-question")
    question.get_by_role("button", name="Continuar editando").click()
    expect(question).to_be_hidden()
    expect(page).to_have_url(re.compile(rf"/entries/{entry.id}$"))
    expect(notes).to_have_value("Cliente pediu desconto")

    page.get_by_role("link", name="Follow Up").first.click()  # a menu link asks too
    expect(question).to_be_visible()
    question.get_by_role("button", name="Sair sem salvar").click()
    expect(page).to_have_url(re.compile(r"/followups/$"))
    assert factory.get(FollowUpEntry, entry.id).notes == "Ligar"
    page.goto(f"{live_server.url}/entries/{entry.id}")  # leaving discarded the draft
    expect(page.get_by_role("textbox", name="Follow Up", exact=True)).to_have_value("Ligar")
    expect(page.get_by_text("Rascunho recuperado")).to_have_count(0)


def test_the_text_being_typed_survives_a_reload_until_saved(page, live_server, factory, admin,
                                                            app, shot):
    today, _ = today_and_next_business_day(app)
    entry = factory.entry(factory.party("Padaria Pão Quente"), admin, return_date=today)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/entries/{entry.id}")
    notes = page.get_by_role("textbox", name="Follow Up", exact=True)
    notes.fill("Ligar\nCliente pediu desconto de 5%")
    page.on("dialog", lambda dialog: dialog.accept())  # the browser's "leave this page?"
    page.reload()
    expect(page.get_by_text("Rascunho recuperado")).to_be_visible()
    notes = page.get_by_role("textbox", name="Follow Up", exact=True)
    expect(notes).to_have_value("Ligar\nCliente pediu desconto de 5%")
    shot("draft-recovered")
    page.get_by_role("button", name="Descartar rascunho").click()
    expect(notes).to_have_value("Ligar")

    notes.fill("Ligar\nCliente aceitou.")
    page.keyboard.press("F2")  # Salvar: the draft goes once the save is through
    expect(page.get_by_text("Observação do Follow Up salva.")).to_be_visible()
    saved = factory.get(FollowUpEntry, entry.id).notes
    assert saved.replace("\r\n", "\n") == "Ligar\nCliente aceitou."  # a browser sends CRLF
    page.goto(f"{live_server.url}/entries/{entry.id}")
    expect(page.get_by_role("textbox", name="Follow Up", exact=True)).to_have_value(
        "Ligar\nCliente aceitou.")
    expect(page.get_by_text("Rascunho recuperado")).to_have_count(0)
    with app.app_context():
        assert db.session.get(FollowUpEntry, entry.id).status == "open"


def test_enter_on_the_code_goes_on_to_a_new_entry_with_the_cursor_in_data_retorno(
        page, live_server, factory, admin):
    customer = factory.party("Padaria Pão Quente")
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/new")
    page.get_by_label("Código").fill(str(customer.code))
    expect(page.get_by_role("button", name="Orçamento")).to_be_visible()
    page.get_by_label("Código").press("Enter")  # Incluir, not the first F5 button
    expect(page.get_by_role("heading", name="Inclusão de Observações do Follow Up")
           ).to_be_visible()
    expect(page.get_by_label("Data Retorno")).to_be_focused()
