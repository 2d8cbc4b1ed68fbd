"""F7 and F8 in a real browser: the login prompt's Sim, the in-page notice, type → Data Retorno."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from app.models import User
from app.settings.services import business_today

from ..alerts_helpers import update_user
from ..conftest import PASSWORD
from ..waiting import wait_until
from .conftest import sign_in

# alerts.js ends every poll of /alerts/due by scheduling the next one, half a minute or more
# ahead: a page records those timers, so a test knows when a poll's answer has been handled.
RECORD_POLL_TIMERS = """
window.pollTimers = [];
const setTimeoutOfPage = window.setTimeout;
window.setTimeout = function (handler, delay, ...rest) {
  if (delay >= 30000) window.pollTimers.push(delay);
  return setTimeoutOfPage(handler, delay, ...rest);
};
"""
# Every fetch the page's scripts start, by URL (recorded as the call is made).
RECORD_FETCHES = """
window.fetched = [];
const fetchOfPage = window.fetch;
window.fetch = function (resource, options) {
  window.fetched.push(String(resource));
  return fetchOfPage.call(this, resource, options);
};
"""


def wait_for_handled_poll(page) -> None:
    # page.evaluate goes through the browser's debugging protocol, which the page's CSP does not
    # bind; wait_for_function polls with eval inside the page, which that CSP refuses.
    wait_until(lambda: page.evaluate("window.pollTimers.length > 0"), what="a handled poll")


def today_of(app):
    with app.app_context():
        return business_today()


def test_sign_in_with_returns_due_answer_sim_and_land_on_todays_list(page, live_server, factory,
                                                                    admin, shot, app):
    today = today_of(app)
    factory.entry(factory.party("Padaria Pão Quente"), admin, return_date=today)
    factory.entry(factory.party("Mercado Bom Preço"), admin, return_date=today)
    factory.entry(factory.party("Oficina do Zé"), admin, return_date=today - timedelta(days=3))
    factory.entry(factory.party("Ferragens Amanhã"), admin, return_date=today + timedelta(days=1))
    page.add_init_script(RECORD_POLL_TIMERS)
    sign_in(page, live_server.url, "admin", PASSWORD)
    question = page.get_by_role("heading", name="Existem 2 retornos de Follow Up para hoje. "
                                                "Deseja visualizar?")
    expect(question).to_be_visible()
    expect(page.get_by_text("E 1 retorno atrasado.")).to_be_visible()
    # The prompt counts as the first alert: no in-page notice over it, nor right after it.
    wait_for_handled_poll(page)
    expect(page.locator("#alert-notice")).to_be_hidden()
    shot("prompt")
    page.get_by_role("button", name="Sim").click()
    expect(page).to_have_url(re.compile(r"/followups/\?period=today$"))
    expect(page.get_by_role("row", name=re.compile("Padaria Pão Quente"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Mercado Bom Preço"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Ferragens Amanhã"))).to_have_count(0)
    # The list's poll finds returns to announce, and yet, once handled, shows no notice.
    due = page.request.get(f"{live_server.url}/alerts/due").json()
    assert (due["active"], due["total"]) == (True, 3)
    wait_for_handled_poll(page)
    expect(page.locator("#alert-notice")).to_be_hidden()
    shot("today")


def test_nao_goes_on_and_nothing_due_means_no_prompt(page, live_server, factory, admin, app):
    factory.entry(factory.party("Padaria Pão Quente"), admin, return_date=today_of(app))
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.get_by_role("button", name="Não").click()
    expect(page.get_by_role("heading", name=re.compile("^Painel"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/painel$"))


def test_the_in_page_notice_lists_the_returns_and_silences_today(page, live_server, factory, app,
                                                                 shot):
    seller = factory.user("vendas", alert_on_login=False, alert_every_minutes=10)
    factory.entry(factory.party("Padaria Pão Quente"), seller, return_date=today_of(app))
    sign_in(page, live_server.url, "vendas", PASSWORD)
    notice = page.locator("#alert-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("1 retorno de Follow Up para hoje")
    expect(notice).to_contain_text("Padaria Pão Quente")
    shot("notice")
    notice.get_by_role("button", name="Silenciar hoje").click()
    expect(notice).to_contain_text("Avisos silenciados até amanhã.")
    assert factory.get(User, seller.id).alerts_muted_on == today_of(app)
    update_user(app, seller.id, alerts_muted_on=None)


def test_choosing_a_type_fills_the_return_date(page, live_server, factory, admin, app):
    party = factory.party("Padaria Pão Quente")
    page.add_init_script(RECORD_FETCHES)
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/followups/new/entry?party={party.id}")
    page.get_by_label("Data do contato").fill("17/04/2025 10:00")
    page.get_by_label("Tipo de Follow Up").select_option(label="Pós-Venda")
    expect(page.get_by_label("Data Retorno")).to_have_value("17/05/2025")
    page.get_by_label("Tipo de Follow Up").select_option(label="Em Análise")  # 2 business days
    expect(page.get_by_label("Data Retorno")).to_have_value("23/04/2025")
    page.get_by_label("Data Retorno").fill("30/04/2025")  # typed by the user: kept
    asked = page.evaluate("window.fetched.filter(url => url.includes('/return-date')).length")
    assert asked >= 2  # one suggestion per type chosen so far
    page.get_by_label("Tipo de Follow Up").select_option(label="Cobrança")
    # The change handler ran within select_option: had it asked for a date, the fetch is listed.
    assert page.evaluate("window.fetched.filter(url => url.includes('/return-date')).length"
                         ) == asked
    expect(page.get_by_label("Data Retorno")).to_have_value("30/04/2025")


def test_settings_and_users_screens(page, live_server, admin, shot):
    sign_in(page, live_server.url, "admin", PASSWORD)
    page.goto(f"{live_server.url}/settings/")
    expect(page.get_by_role("heading", name="Configurações Gerais", exact=True)).to_be_visible()
    expect(page.get_by_label("Ativar aviso automático de retorno (alarme)")).to_be_checked()
    page.get_by_label("Nome").first.fill("")
    page.locator("#type-default_delay_days").fill("-2")
    page.get_by_role("button", name="Incluir", exact=True).click()
    expect(page.get_by_text("Digite o nome do tipo de Follow Up.")).to_be_visible()
    expect(page.locator("#type-default_delay_days")).to_have_value("-2")
    expect(page.get_by_label("Ativar aviso automático de retorno (alarme)")).to_be_checked()
    shot("settings")
    page.get_by_label("UF (feriados estaduais)").select_option(label="SP – São Paulo")
    page.get_by_role("button", name="Salvar", exact=True).first.click()
    expect(page.get_by_text("Configurações salvas.")).to_be_visible()
    expect(page.get_by_label("UF (feriados estaduais)")).to_have_value("SP")
    page.goto(f"{live_server.url}/users/")
    expect(page.get_by_role("heading", name="Cadastro de Usuários")).to_be_visible()
    page.get_by_role("link", name="Incluir").click()
    page.get_by_label("Minutos entre avisos").fill("61")
    page.get_by_role("button", name="Salvar").click()
    expect(page.get_by_text("Digite um número de minutos de 10 a 60.")).to_be_visible()
    expect(page.get_by_label("Minutos entre avisos")).to_have_value("61")
    shot("user-form")
