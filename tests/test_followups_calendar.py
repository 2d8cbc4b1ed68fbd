"""Calendar out (#13.7): my open returns as an .ics file that a real iCalendar parser reads —
one event per open return of mine, all day or at its time in the business zone, the party and
phone in the description, never the Comentário Interno, UIDs that stay the same."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from app.extensions import db
from app.followups.services import soft_delete_entry
from app.models import FollowUpEntry, User

from .alerts_helpers import configure, sp

TODAY = date(2026, 3, 13)


@pytest.fixture(autouse=True)
def friday_morning(app):
    configure(app)
    with time_machine.travel(sp(2026, 3, 13, 10, 0), tick=False):
        yield


@pytest.fixture
def returns(app, factory, admin):
    """Admin's: one all-day, one at 14:30, one closed, one deleted; a seller's one."""
    padaria = factory.party("Padaria Pão Quente", phone="(11) 3456-7890")
    mercado = factory.party("Mercado Bom Preço", phone="(11) 2222-3333")
    all_day = factory.entry(padaria, admin, return_date=TODAY, notes="Ligar sobre o forno.",
                            internal_comment="SEGREDO-INTERNO-1")
    timed = factory.entry(mercado, admin, return_date=TODAY + timedelta(days=3),
                          return_time=time(14, 30), internal_comment="SEGREDO-INTERNO-2")
    factory.entry(padaria, admin, return_date=TODAY, status="done", notes="Fechado")
    gone = factory.entry(mercado, admin, return_date=TODAY, notes="Apagado")
    with app.app_context():
        soft_delete_entry(db.session.get(FollowUpEntry, gone.id), db.session.get(User, admin.id))
        db.session.commit()
    seller = factory.user("vendas")
    factory.entry(factory.party("Cliente da Vendedora"), seller, return_date=TODAY)
    return all_day, timed


def download(web) -> tuple[bytes, Calendar]:
    response = web.get("/followups/agenda.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="retornos-2026-03-13.ics"'
    return response.data, Calendar.from_ical(response.data)


def test_one_event_per_open_return_of_mine(signed_in, returns):
    all_day, timed = returns
    raw, calendar = download(signed_in)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {f"retorno-entry-{all_day.id}@retorno",
                           f"retorno-entry-{timed.id}@retorno"}
    day = events[f"retorno-entry-{all_day.id}@retorno"]
    assert day.decoded("dtstart") == TODAY and day.decoded("dtend") == TODAY + timedelta(days=1)
    assert str(day["summary"]) == "Padaria Pão Quente · Pós-Venda"
    description = str(day["description"])
    assert "Padaria Pão Quente" in description and "(11) 3456-7890" in description
    assert "Ligar sobre o forno." in description
    at = events[f"retorno-entry-{timed.id}@retorno"].decoded("dtstart")
    assert at == datetime(2026, 3, 16, 14, 30, tzinfo=ZoneInfo("America/Sao_Paulo"))
    assert events[f"retorno-entry-{timed.id}@retorno"]["dtstart"].params["TZID"] == \
        "America/Sao_Paulo"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Sao_Paulo"]
    assert b"SEGREDO-INTERNO" not in raw and b"Fechado" not in raw and b"Apagado" not in raw
    assert b"Cliente da Vendedora" not in raw  # another user's return, even for an admin


def test_the_uids_stay_the_same_from_one_download_to_the_next(signed_in, returns):
    first = [str(e["uid"]) for e in download(signed_in)[1].walk("VEVENT")]
    second = [str(e["uid"]) for e in download(signed_in)[1].walk("VEVENT")]
    assert first == second and len(first) == 2


def test_a_seller_gets_only_her_own_returns(web, returns):
    web.login("vendas")
    raw, calendar = download(web)
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "Cliente da Vendedora · Pós-Venda"]
    assert b"Padaria" not in raw and b"Mercado" not in raw


def test_the_list_and_the_users_own_page_link_to_it(signed_in):
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert page.count('href="/followups/agenda.ics"') == 1
    assert "Meus retornos abertos para a agenda (.ics)" in page
    own = signed_in.get("/account/preferences").get_data(as_text=True)
    assert '<a href="/followups/agenda.ics">Minha agenda (.ics)</a>' in own


def test_no_returns_is_an_empty_calendar_that_still_parses(signed_in):
    raw, calendar = download(signed_in)
    assert calendar.walk("VEVENT") == [] and str(calendar["version"]) == "2.0"
