"""Recurring returns (#13.4): closing one creates exactly one next return at date + interval,
bad intervals are refused beside the field, stopping is one click and stays in the history —
through the HTTP interface."""

import threading
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import select

from app.followups.recurrence import add_interval
from app.models import FollowUpEntry

from .alerts_helpers import configure, sp
from .conftest import Browser
from .pages import field_error, flashes, input_value

TODAY = date(2026, 1, 30)  # a Friday


@pytest.fixture(autouse=True)
def friday_morning(app):
    configure(app)
    with time_machine.travel(sp(2026, 1, 30, 10, 0), tick=False):
        yield


@pytest.fixture
def monthly(factory, admin):
    """An open return on the 31st that repeats every month, at 14:30."""
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890")
    return factory.entry(party, admin, return_date=date(2026, 1, 31), notes="Cliente-chave.",
                         return_time=time(14, 30), repeat_every=1, repeat_unit="months")


def entry_post(entry, factory, **changes) -> dict:
    data = {"contacted_at": "27/01/2026 10:00", "return_date": "31/01/2026",
            "return_time": "14:30", "type_id": str(factory.type_id("Pós-Venda")),
            "status": "open", "notes": entry.notes, "complaints": "", "internal_comment": "",
            "repeat_every": "1", "repeat_unit": "months", "version": str(entry.version)}
    data.update(changes)
    return data


def entries(factory) -> list[FollowUpEntry]:
    return factory.scalars(select(FollowUpEntry).order_by(FollowUpEntry.id))


def test_closing_creates_the_next_return_a_month_later_on_the_last_day(signed_in, factory,
                                                                        admin, monthly):
    response = signed_in.post(f"/entries/{monthly.id}", entry_post(monthly, factory,
                                                                   status="done"))
    assert response.status_code == 302
    closed, following = entries(factory)
    assert closed.status == "done"
    assert following.return_date == date(2026, 2, 28)  # the 31st, clamped to February
    assert following.status == "open" and following.notes == "recorrente"
    assert (following.follow_up_id, following.party_id, following.type_id,
            following.responsible_id) == (closed.follow_up_id, closed.party_id, closed.type_id,
                                          admin.id)
    assert (following.return_time, following.repeat_every, following.repeat_unit) == (
        time(14, 30), 1, "months")
    page = signed_in.get(response.location).get_data(as_text=True)
    assert ("success", "Retorno baixado. Próximo retorno agendado para 28/02/2026.") in \
        flashes(page)


def test_a_return_closed_late_keeps_its_rhythm_from_today(signed_in, factory, admin):
    weekly = factory.entry(factory.party(), admin, return_date=date(2026, 1, 1),
                           contacted_at=sp(2025, 12, 20, 9, 0).replace(tzinfo=None),
                           repeat_every=1, repeat_unit="weeks")
    response = signed_in.post(f"/entries/{weekly.id}", entry_post(
        weekly, factory, contacted_at="20/12/2025 09:00", return_date="01/01/2026",
        return_time="", repeat_unit="weeks", status="done"))
    assert response.status_code == 302
    # 8, 15, 22 and 29 January are past: the next falls on Thursday 5 February.
    assert [e.return_date for e in entries(factory)] == [date(2026, 1, 1), date(2026, 2, 5)]


def test_a_return_that_does_not_repeat_creates_nothing_when_closed(signed_in, factory, admin):
    once = factory.entry(factory.party(), admin, return_date=TODAY)
    response = signed_in.post(f"/entries/{once.id}", entry_post(
        once, factory, return_date="30/01/2026", return_time="", repeat_every="",
        repeat_unit="", status="done"))
    assert response.status_code == 302
    assert len(entries(factory)) == 1


def test_the_same_close_sent_twice_creates_one_next_return(signed_in, factory, monthly):
    form = entry_post(monthly, factory, status="done")
    assert signed_in.post(f"/entries/{monthly.id}", form).status_code == 302
    assert signed_in.post(f"/entries/{monthly.id}", form).status_code == 409
    assert [e.status for e in entries(factory)] == ["done", "open"]


def test_two_people_closing_at_once_create_one_next_return(app, factory, admin, monthly):
    factory.user("vendas2", is_admin=True)
    browsers = []
    for login in ("admin", "vendas2"):
        browser = Browser(app.test_client())
        assert browser.login(login).status_code == 302
        browsers.append(browser)
    form = entry_post(monthly, factory, status="done")
    start, statuses = threading.Barrier(2), []

    def close(browser: Browser) -> None:
        start.wait()
        statuses.append(browser.post(f"/entries/{monthly.id}", form).status_code)

    threads = [threading.Thread(target=close, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [302, 409]
    assert [e.status for e in entries(factory)] == ["done", "open"]


@pytest.mark.parametrize("every,unit,field,message", [
    ("0", "days", "repeat_every", "Digite um número a partir de 1."),
    ("-5", "weeks", "repeat_every", "Digite um número a partir de 1."),
    ("3651", "days", "repeat_every", "Repita no máximo a cada 3650 dias, 522 semanas ou 120 "
                                     "meses (dez anos)."),
    ("523", "weeks", "repeat_every", "Repita no máximo a cada 3650 dias"),
    ("121", "months", "repeat_every", "Repita no máximo a cada 3650 dias"),
    ("trinta", "days", "repeat_every", "Digite um número inteiro, ex.: 30."),
    ("", "days", "repeat_every", "Digite de quanto em quanto tempo o retorno se repete"),
    ("30", "", "repeat_unit", "Escolha dias, semanas ou meses."),
])
def test_a_bad_recurrence_is_refused_beside_the_field(signed_in, factory, monthly, every, unit,
                                                       field, message):
    response = signed_in.post(f"/entries/{monthly.id}", entry_post(
        monthly, factory, repeat_every=every, repeat_unit=unit, status="done"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, field).startswith(message)
    assert input_value(page, "repeat_every") == every  # what was typed stays
    assert [e.status for e in entries(factory)] == ["open"]


@pytest.mark.parametrize("every,unit", [("3650", "days"), ("522", "weeks"), ("120", "months")])
def test_ten_years_is_the_longest_recurrence(signed_in, factory, monthly, every, unit):
    response = signed_in.post(f"/entries/{monthly.id}", entry_post(
        monthly, factory, repeat_every=every, repeat_unit=unit))
    assert response.status_code == 302


def test_stopping_the_repetition_is_one_click_and_stays_in_the_history(signed_in, factory,
                                                                       monthly):
    page = signed_in.get(f"/entries/{monthly.id}").get_data(as_text=True)
    assert "Repete todo mês" in page and ">Parar de repetir</button>" in page
    response = signed_in.post(f"/entries/{monthly.id}/stop-repeating", {})
    assert response.status_code == 302 and response.location.endswith(f"/entries/{monthly.id}")
    page = signed_in.get(response.location).get_data(as_text=True)
    assert ("success", "Este retorno não se repete mais.") in flashes(page)
    assert "Parar de repetir" not in page
    history = page.split("Histórico de alterações")[1]
    assert "<strong>Repetir a cada</strong>: 1 → " in history
    assert "<strong>Unidade da repetição</strong>: meses → " in history
    [entry] = entries(factory)
    assert (entry.repeat_every, entry.repeat_unit) == (None, None)
    stopped = entry_post(entry, factory, repeat_every="", repeat_unit="", status="done")
    assert signed_in.post(f"/entries/{entry.id}", stopped).status_code == 302
    assert [e.status for e in entries(factory)] == ["done"]  # closing makes no next one


def test_stopping_a_return_that_does_not_repeat_says_so(signed_in, factory, admin):
    once = factory.entry(factory.party(), admin, return_date=TODAY)
    response = signed_in.post(f"/entries/{once.id}/stop-repeating", {})
    page = signed_in.get(response.location).get_data(as_text=True)
    assert ("error", "Este retorno não se repete.") in flashes(page)


@pytest.mark.parametrize("day,every,unit,expected", [
    (date(2026, 1, 31), 1, "months", date(2026, 2, 28)),
    (date(2028, 1, 31), 1, "months", date(2028, 2, 29)),  # a leap year
    (date(2026, 12, 15), 1, "months", date(2027, 1, 15)),
    (date(2026, 3, 31), 120, "months", date(2036, 3, 31)),
    (date(2026, 2, 27), 2, "days", date(2026, 3, 1)),
    (date(2026, 12, 28), 1, "weeks", date(2027, 1, 4)),
])
def test_intervals_land_on_the_expected_day(day, every, unit, expected):
    assert add_interval(day, every, unit) == expected


def test_close_and_schedule_carries_the_repetition_to_the_chosen_return(signed_in, factory,
                                                                        admin, monthly):
    form = entry_post(monthly, factory, close_and_schedule="1", **{
        "next-return_date": "10/02/2026", "next-type_id": str(factory.type_id("Em Análise")),
        "next-responsible_id": str(admin.id), "next-notes": "Levar o catálogo novo."})
    assert signed_in.post(f"/entries/{monthly.id}", form).status_code == 302
    closed, chosen = entries(factory)  # the chosen next return, and no other
    assert closed.status == "done"
    assert (chosen.return_date, chosen.notes) == (date(2026, 2, 10), "Levar o catálogo novo.")
    assert (chosen.return_time, chosen.repeat_every, chosen.repeat_unit) == (
        time(14, 30), 1, "months")
