"""Agenda (#13.2): week and month views across month ends, overdue marked, a day's returns, and
putting one off to another day from there with the list's own Adiar (history kept)."""

import re
from datetime import date

import pytest
import time_machine
from sqlalchemy import select

from app.models import AuditEvent, FollowUpEntry

from .alerts_helpers import configure, sp
from .conftest import Browser
from .pages import field_error, flashes

DAY_CELL = re.compile(r'<section role="gridcell" class="agenda-day([^"]*)" data-day="([\d-]+)"')


@pytest.fixture(autouse=True)
def business_zone(app):
    configure(app)


def cells(page: str) -> list[tuple[str, str]]:
    """(day, classes) of each day the grid shows, in order."""
    return [(day, classes.strip()) for classes, day in DAY_CELL.findall(page)]


def names_in(page: str, day: str) -> list[str]:
    cell = page.split(f'data-day="{day}"')[1].split("</section>")[0]
    return re.findall(r'<a href="/entries/\d+"[^>]*>([^<]+)</a>', cell)


def test_a_week_crossing_a_month_end_runs_monday_to_sunday(web, factory, admin):
    for name, day in (("Domingo Antes", date(2026, 11, 29)),
                      ("Fim de Novembro", date(2026, 11, 30)),
                      ("Começo de Dezembro", date(2026, 12, 1)),
                      ("Outra Semana", date(2026, 12, 7))):
        factory.entry(factory.party(name), admin, return_date=day)
    with time_machine.travel(sp(2026, 12, 1, 9, 0), tick=False):
        web.login("admin")
        page = web.get("/agenda/").get_data(as_text=True)
    assert [day for day, _classes in cells(page)] == [
        "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05",
        "2026-12-06"]
    assert names_in(page, "2026-11-30") == ["Fim de Novembro"]
    assert names_in(page, "2026-12-01") == ["Começo de Dezembro"]
    assert "Domingo Antes" not in page and "Outra Semana" not in page
    assert 'data-agenda="prev" href="/agenda/?view=week&amp;day=2026-11-23"' in page
    assert 'data-agenda="next" href="/agenda/?view=week&amp;day=2026-12-07"' in page
    assert "is-today" in dict(cells(page))["2026-12-01"]
    # Yesterday's open return is overdue; the week's title names both months.
    assert "has-overdue" in dict(cells(page))["2026-11-30"]
    assert "30/11/2026 – 06/12/2026" in page


def test_the_month_of_february_2028_has_29_days_in_whole_weeks(web, factory, admin):
    factory.entry(factory.party("Dia Bissexto"), admin, return_date=date(2028, 2, 29))
    factory.entry(factory.party("Março"), admin, return_date=date(2028, 3, 1))
    factory.entry(factory.party("Janeiro"), admin, return_date=date(2028, 1, 30))
    with time_machine.travel(sp(2028, 2, 10, 9, 0), tick=False):
        web.login("admin")
        page = web.get("/agenda/?view=month&day=2028-02-10").get_data(as_text=True)
    shown = cells(page)
    assert shown[0][0] == "2028-01-31" and shown[-1][0] == "2028-03-05"  # Monday … Sunday
    assert len(shown) == 35
    in_month = [day for day, classes in shown if "other-month" not in classes]
    assert in_month[0] == "2028-02-01" and in_month[-1] == "2028-02-29" and len(in_month) == 29
    assert names_in(page, "2028-02-29") == ["Dia Bissexto"]
    assert names_in(page, "2028-03-01") == ["Março"]  # shown, greyed, in the last week
    assert "Janeiro" not in page  # 30/01 is a Sunday: the grid starts on Monday 31/01
    assert "fevereiro de 2028" in page
    assert 'data-agenda="prev" href="/agenda/?view=month&amp;day=2028-01-01"' in page
    assert 'data-agenda="next" href="/agenda/?view=month&amp;day=2028-03-01"' in page


def test_a_month_from_december_goes_on_to_january(web, admin):
    with time_machine.travel(sp(2026, 12, 31, 23, 50), tick=False):
        web.login("admin")
        page = web.get("/agenda/?view=month").get_data(as_text=True)
    assert 'data-agenda="next" href="/agenda/?view=month&amp;day=2027-01-01"' in page
    assert cells(page)[-1][0] == "2027-01-03"


def test_a_day_lists_its_returns_overdue_marked(web, factory, admin):
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890")
    late = factory.entry(party, admin, return_date=date(2026, 11, 30), notes="Cobrar o boleto")
    factory.entry(party, admin, return_date=date(2026, 11, 30), status="done")
    with time_machine.travel(sp(2026, 12, 1, 9, 0), tick=False):
        web.login("admin")
        page = web.get("/agenda/day/2026-11-30").get_data(as_text=True)
        assert web.get("/agenda/day/30-11-2026").status_code == 404
    assert "Retornos de 30/11/2026" in page
    assert len(re.findall(r'<tr data-href="/entries/\d+"', page)) == 2
    row = page.split(f'data-entry="{late.id}"')[1].split("</tr>")[0]
    assert "atrasado" in row and "Cobrar o boleto" in row and "(11) 3456-7890" in row
    assert page.count('class="reschedule"') == 1  # only the open one can be put off


def test_a_return_moves_to_another_day_from_the_day_with_its_history(web, factory, admin):
    entry = factory.entry(factory.party("Mercearia Central"), admin,
                          return_date=date(2026, 12, 1))
    with time_machine.travel(sp(2026, 12, 1, 9, 0), tick=False):
        web.login("admin")
        day_page = web.get("/agenda/day/2026-12-01").get_data(as_text=True)
        form = re.search(r'<form method="post" action="([^"]+)" class="reschedule"', day_page)
        back = re.search(r'name="next" value="([^"]+)"', day_page.split('class="reschedule"')[1]
                         ).group(1)
        assert back == "/agenda/day/2026-12-01"
        response = web.post(form.group(1), {"next": back, "step": "date",
                                                  "new_date": "04/12/2026"})
        assert response.status_code == 302 and response.location == back
        shown = web.get(back).get_data(as_text=True)
        assert flashes(shown) == [("success", "Mercearia Central: retorno adiado para 04/12/2026.")]
        assert "Nenhum retorno neste dia." in shown
        week = web.get("/agenda/").get_data(as_text=True)
        assert names_in(week, "2026-12-04") == ["Mercearia Central"]
        # To the past: refused beside the field, with what was typed kept.
        refused = web.post(form.group(1), {"next": back, "step": "date",
                                                 "new_date": "30/11/2026"})
    assert refused.status_code == 422
    message = field_error(refused.get_data(as_text=True), f"reschedule-{entry.id}-date")
    assert message and "passado" in message
    assert 'value="30/11/2026"' in refused.get_data(as_text=True)
    moved = factory.get(FollowUpEntry, entry.id)
    assert moved.return_date == date(2026, 12, 4) and moved.reschedule_count == 1
    events = factory.scalars(select(AuditEvent).where(AuditEvent.entity == "entry",
                                                      AuditEvent.entity_id == entry.id,
                                                      AuditEvent.action == "reschedule"))
    assert [event.changes for event in events] == [
        {"return_date": ["2026-12-01", "2026-12-04"]}]


def test_a_seller_sees_her_own_agenda_and_cannot_pick_another(app, factory, admin):
    seller = factory.user("vendas.a")
    factory.entry(factory.party("Da Vendedora"), seller, return_date=date(2026, 12, 2))
    factory.entry(factory.party("Do Administrador"), admin, return_date=date(2026, 12, 2))
    web = Browser(app.test_client())
    with time_machine.travel(sp(2026, 12, 1, 9, 0), tick=False):
        web.login("vendas.a")
        page = web.get(f"/agenda/?user={admin.id}").get_data(as_text=True)
        day = web.get(f"/agenda/day/2026-12-02?user={admin.id}").get_data(as_text=True)
    assert names_in(page, "2026-12-02") == ["Da Vendedora"]
    assert 'id="agenda-user"' not in page
    assert "Da Vendedora" in day and "Do Administrador" not in day


def test_the_seller_filter_shows_another_sellers_agenda(web, factory, admin):
    seller = factory.user("vendas.a")
    factory.entry(factory.party("Da Vendedora"), seller, return_date=date(2026, 12, 2))
    factory.entry(factory.party("Do Administrador"), admin, return_date=date(2026, 12, 2))
    with time_machine.travel(sp(2026, 12, 1, 9, 0), tick=False):
        web.login("admin")
        mine = web.get("/agenda/").get_data(as_text=True)
        hers = web.get(f"/agenda/?user={seller.id}").get_data(as_text=True)
    assert names_in(mine, "2026-12-02") == ["Do Administrador"]
    assert names_in(hers, "2026-12-02") == ["Da Vendedora"]
    assert f'<option value="{seller.id}" selected>' in hers
    assert f'href="/agenda/day/2026-12-02?user={seller.id}"' in hers
