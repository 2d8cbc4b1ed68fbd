"""F1 Configurações Gerais: the alarm switch, the time zone, follow-up types, holidays."""

import os
import re
from datetime import date, timedelta

import pytest
import tzlocal
from sqlalchemy import select

from app.extensions import db
from app.models import FollowUpType, Holiday, Settings
from app.settings.calendar import add_business_days, default_return_date, public_holidays
from app.settings.services import business_zone_name

from .conftest import PASSWORD

KEEP_IDLE = {"session_idle_hours": "8"}  # the general form's other field, unchanged


def test_only_administrators_reach_the_settings(web, factory, admin):
    factory.user("vendas")
    web.login("vendas")
    type_id = factory.type_id()
    for url in ("/settings/", f"/settings/types/{type_id}"):
        assert web.get(url).status_code == 403
    forged = [("/settings/", {"alerts_enabled": ""}),
              ("/settings/types/new", {"type-name": "Hacked"}),
              (f"/settings/types/{type_id}", {"name": "Hacked", "active": "y"}),
              (f"/settings/types/{type_id}/move", {"direction": "up"}),
              ("/settings/holidays/new", {"holiday-day": "01/02/2030", "holiday-name": "X"})]
    for url, data in forged:
        assert web.post(url, data).status_code == 403
    assert factory.scalar(select(Settings.alerts_enabled)) is True
    assert factory.scalar(select(FollowUpType).where(FollowUpType.name == "Hacked")) is None


def test_the_alarm_switch_and_the_time_zone_are_saved(signed_in, factory):
    page = signed_in.get("/settings/").get_data(as_text=True)
    assert "Configurações Gerais" in page
    assert '<label for="alerts_enabled">Ativar aviso automático de retorno (alarme)</label>' in page
    response = signed_in.post("/settings/", {**KEEP_IDLE, "time_zone": "America/Manaus"})
    assert response.status_code == 302
    settings = factory.get(Settings, 1)
    assert (settings.alerts_enabled, settings.time_zone) == (False, "America/Manaus")
    signed_in.post("/settings/", {**KEEP_IDLE, "alerts_enabled": "y", "time_zone": ""})
    settings = factory.get(Settings, 1)
    assert (settings.alerts_enabled, settings.time_zone) == (True, None)


def test_an_unknown_time_zone_is_refused_beside_the_field(signed_in, factory):
    response = signed_in.post("/settings/", {**KEEP_IDLE, "alerts_enabled": "y",
                                             "time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="time_zone-msg"' in page
    assert factory.get(Settings, 1).time_zone is None


def test_types_are_added_renamed_deactivated_and_ordered(signed_in, factory):
    response = signed_in.post("/settings/types/new", {"type-name": "  Visita   técnica ",
                                                      "type-default_delay_days": "5",
                                                      "type-business_days": "y"})
    assert response.status_code == 302
    kind = factory.scalar(select(FollowUpType).where(FollowUpType.name == "Visita técnica"))
    assert (kind.default_delay_days, kind.business_days, kind.active) == (5, True, True)
    last = factory.scalar(select(FollowUpType.position).order_by(FollowUpType.position.desc()))
    assert kind.position == last

    response = signed_in.post(f"/settings/types/{kind.id}",
                              {"name": "Visita", "default_delay_days": ""})
    assert response.status_code == 302
    kind = factory.get(FollowUpType, kind.id)
    assert (kind.name, kind.default_delay_days, kind.active) == ("Visita", None, False)

    signed_in.post(f"/settings/types/{kind.id}/move", {"direction": "up"})
    names = factory.scalars(select(FollowUpType.name).order_by(FollowUpType.position))
    assert names[-2:] == ["Visita", "Outros"]
    party_id = factory.party().id
    page = signed_in.get(f"/followups/new/entry?party={party_id}").get_data(as_text=True)
    assert ">Visita<" not in page  # an inactive type is no longer offered


@pytest.mark.parametrize("name, delay, message", [
    ("", "3", "Digite o nome do tipo de Follow Up."),
    ("   ", "3", "Digite o nome do tipo de Follow Up."),
    ("pós-venda", "3", "Já existe um tipo de Follow Up com este nome."),
    ("Novo", "-1", "Digite um número de dias de 0 a 3650."),
    ("Novo", "3651", "Digite um número de dias de 0 a 3650."),
    ("Novo", "dez", "Not a valid integer value."),
    ("N" * 61, "3", "Too long"),
])
def test_bad_type_input_is_refused_with_the_typed_values_kept(signed_in, factory, name, delay,
                                                              message):
    count = len(factory.scalars(select(FollowUpType.id)))
    response = signed_in.post("/settings/types/new", {"type-name": name,
                                                      "type-default_delay_days": delay})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    if message != "Too long" and "valid integer" not in message:
        assert message in page
    assert 'class="field-error"' in page
    assert f'value="{delay}"' in page
    if name.strip():
        assert f'value="{name}"' in page
    assert len(factory.scalars(select(FollowUpType.id))) == count
    # The other form on the page still shows the stored settings (the alarm stays ticked).
    alarm = re.search(r'<input[^>]*id="alerts_enabled"[^>]*>', page).group(0)
    assert "checked" in alarm


def test_renaming_to_another_types_name_is_refused(signed_in, factory):
    type_id = factory.type_id("Cobrança")
    response = signed_in.post(f"/settings/types/{type_id}", {"name": "Outros", "active": "y",
                                                             "default_delay_days": "4"})
    assert response.status_code == 422
    assert "Já existe um tipo de Follow Up com este nome." in response.get_data(as_text=True)
    assert 'value="4"' in response.get_data(as_text=True)
    assert factory.get(FollowUpType, type_id).name == "Cobrança"


def test_business_days_skip_weekends_national_and_company_holidays(app):
    with app.app_context():
        assert date(2025, 4, 18) in public_holidays(2025)  # Good Friday
        assert date(2024, 11, 20) in public_holidays(2024)
        assert date(2023, 11, 20) not in public_holidays(2023)
        # Thursday 17/04/2025 + 1 business day: Friday is Good Friday, Monday 21/04 Tiradentes.
        assert add_business_days(date(2025, 4, 17), 1) == date(2025, 4, 22)
        assert add_business_days(date(2025, 3, 14), 1) == date(2025, 3, 17)  # Fri → Mon
        assert add_business_days(date(2025, 3, 15), 0) == date(2025, 3, 17)  # Sat → Mon
        db.session.add(Holiday(day=date(2025, 3, 17), name="Aniversário da cidade"))
        db.session.flush()
        assert add_business_days(date(2025, 3, 14), 1) == date(2025, 3, 18)
        kind = FollowUpType(name="X", default_delay_days=30, business_days=False)
        assert default_return_date(kind, date(2025, 3, 14)) == date(2025, 4, 13)
        kind.default_delay_days = None
        assert default_return_date(kind, date(2025, 3, 14)) is None
        db.session.rollback()


def _state(app, state):
    with app.app_context():
        db.session.get(Settings, 1).state = state
        db.session.commit()


@pytest.mark.parametrize("state, after_8_july", [
    ("SP", date(2025, 7, 10)),  # Wednesday 9 July: São Paulo's Revolução Constitucionalista
    (None, date(2025, 7, 9)),
    ("RJ", date(2025, 7, 9)),
])
def test_the_chosen_states_holidays_are_skipped_too(app, state, after_8_july):
    _state(app, state)
    with app.app_context():
        assert add_business_days(date(2025, 7, 8), 1) == after_8_july


@pytest.mark.parametrize("state, day, is_holiday", [
    (None, date(2025, 3, 4), False),  # Carnival: an optional day off nationally
    ("SP", date(2025, 3, 4), False),
    ("RJ", date(2025, 3, 4), True),  # a state holiday in Rio de Janeiro
    (None, date(2025, 6, 19), False),  # Corpus Christi: optional nationally
    ("SP", date(2025, 6, 19), False),
])
def test_carnival_and_corpus_christi_count_as_the_holidays_package_says(app, state, day,
                                                                         is_holiday):
    _state(app, state)
    with app.app_context():
        skipped = add_business_days(day - timedelta(days=1), 1) != day
        assert skipped is is_holiday


def test_a_company_holiday_still_counts_with_a_state_chosen(app):
    _state(app, "SP")
    with app.app_context():
        db.session.add(Holiday(day=date(2025, 7, 10), name="Aniversário da empresa"))
        db.session.commit()
        # Tuesday 8 July + 1: 9 July (SP) and 10 July (the company's) are skipped.
        assert add_business_days(date(2025, 7, 8), 1) == date(2025, 7, 11)


def test_the_state_is_saved_from_the_settings_form(signed_in, factory):
    page = signed_in.get("/settings/").get_data(as_text=True)
    assert '<option value="SP">SP – São Paulo</option>' in page
    response = signed_in.post("/settings/", {**KEEP_IDLE, "alerts_enabled": "y", "time_zone": "",
                                             "state": "SP"})
    assert response.status_code == 302
    assert factory.get(Settings, 1).state == "SP"
    page = signed_in.get("/settings/").get_data(as_text=True)
    assert '<option selected value="SP">' in page
    signed_in.post("/settings/", {**KEEP_IDLE, "alerts_enabled": "y", "time_zone": "", "state": ""})
    assert factory.get(Settings, 1).state is None


def test_an_unknown_state_is_refused_beside_the_field(signed_in, factory):
    response = signed_in.post("/settings/", {**KEEP_IDLE, "alerts_enabled": "y",
                                             "time_zone": "America/Manaus",
                                             "state": "XX"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = re.search(r'<p class="field-error" id="state-msg"[^>]*>([^<]*)</p>', page)
    assert message.group(1) == "Escolha um estado da lista."
    assert '<option selected value="America/Manaus">' in page  # what was typed stays
    settings = factory.get(Settings, 1)
    assert (settings.state, settings.time_zone) == (None, None)


def test_the_entry_form_gets_the_suggested_return_date(signed_in, factory, web):
    em_analise = factory.type_id("Em Análise")  # 2 business days
    answer = signed_in.get(f"/followup-types/{em_analise}/return-date?from=17/04/2025 10:00")
    assert answer.get_json()["return_date"] == "23/04/2025"
    pos_venda = factory.type_id("Pós-Venda")  # 30 calendar days
    answer = signed_in.get(f"/followup-types/{pos_venda}/return-date?from=17/04/2025 10:00")
    assert answer.get_json()["return_date"] == "17/05/2025"
    outros = factory.type_id("Outros")
    assert signed_in.get(f"/followup-types/{outros}/return-date").get_json()["return_date"] is None


def test_the_suggestion_needs_follow_up_access(app, web, factory):
    factory.user("semacesso", can_access_followups=False)
    web.login("semacesso", PASSWORD)
    assert web.get(f"/followup-types/{factory.type_id()}/return-date").status_code == 403


def test_company_holidays_are_added_refused_twice_and_removed(signed_in, factory):
    first = signed_in.post("/settings/holidays/new", {"holiday-day": "20/01/2030",
                                                      "holiday-name": "São Sebastião"})
    assert first.status_code == 302
    again = signed_in.post("/settings/holidays/new", {"holiday-day": "20/01/2030",
                                                      "holiday-name": "Outro"})
    assert again.status_code == 422
    assert "Este dia já está na lista." in again.get_data(as_text=True)
    assert 'value="Outro"' in again.get_data(as_text=True)
    bad = signed_in.post("/settings/holidays/new", {"holiday-day": "31/02/2030",
                                                    "holiday-name": "X"})
    assert bad.status_code == 422 and 'value="31/02/2030"' in bad.get_data(as_text=True)
    holiday = factory.scalar(select(Holiday))
    signed_in.post(f"/settings/holidays/{holiday.id}/delete", {})
    assert factory.scalar(select(Holiday)) is None


@pytest.fixture
def machine_zone():
    """Set this computer's zone (TZ, which tzlocal reads first) for one test."""
    saved = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        tzlocal.reload_localzone()

    yield set_zone
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    tzlocal.reload_localzone()


def _zone_options(page: str) -> list[tuple[str, str]]:
    select_html = re.search(r'<select[^>]*id="time_zone".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select_html)


def test_brazils_time_zones_come_first_by_name(signed_in, machine_zone):
    machine_zone("America/Manaus")
    options = _zone_options(signed_in.get("/settings/").get_data(as_text=True))
    assert options[0] == ("", "O do computador (Amazonas · UTC−4 · Manaus)")
    names = [value for value, _label in options]
    assert names[1:4] == ["America/Sao_Paulo", "America/Bahia", "America/Fortaleza"]
    labels = dict(options)
    assert labels["America/Sao_Paulo"].startswith("Brasília · UTC−3 · SP, RJ")
    assert labels["America/Rio_Branco"] == "Acre · UTC−5 · AC"
    assert labels["America/Noronha"] == "Fernando de Noronha · UTC−2 · PE"
    assert labels["America/Belem"] == "Belém · UTC−3 · PA leste, AP"
    brazil = [name for name in names if name.startswith("America/")][:16]
    assert names.index("Europe/Lisbon") > max(names.index(name) for name in brazil)
    assert '<optgroup label="Brasil">' in signed_in.get("/settings/").get_data(as_text=True)


def test_on_a_computer_set_to_utc_the_zone_is_sao_paulo(signed_in, app, machine_zone):
    machine_zone("Etc/UTC")
    options = _zone_options(signed_in.get("/settings/").get_data(as_text=True))
    assert options[0] == ("", "Automático: Brasília (este computador está em UTC)")
    with app.app_context():
        assert business_zone_name() == "America/Sao_Paulo"
    machine_zone("America/Manaus")
    with app.app_context():
        assert business_zone_name() == "America/Manaus"


def test_the_company_name_is_saved_and_printed_on_documents(signed_in, factory, admin):
    response = signed_in.post("/settings/", {**KEEP_IDLE, "company_name": "  Fornos   Brasil Ltda ",
                                             "alerts_enabled": "y", "time_zone": ""})
    assert response.status_code == 302
    assert factory.get(Settings, 1).company_name == "Fornos Brasil Ltda"
    assert 'value="Fornos Brasil Ltda"' in signed_in.get("/settings/").get_data(as_text=True)
    quote = factory.document("quote", factory.party(), admin)
    page = signed_in.get(f"/documents/{quote.id}").get_data(as_text=True)
    assert '<p class="print-company">Fornos Brasil Ltda</p>' in page


def test_the_states_written_out_are_the_holiday_calendars_states():
    """app.brazil writes the 27 UFs out (reading them from the holidays package cost ~140 ms at
    every start); a state the package knows by another name would get no state holidays."""
    from holidays.countries.brazil import Brazil

    from app.brazil import STATES

    assert STATES == {code: names[0] for code, names in Brazil.get_subdivision_aliases().items()
                      if len(code) == 2}
