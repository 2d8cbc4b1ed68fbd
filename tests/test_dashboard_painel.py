"""Painel (#13.1): each number is the row count of the list it links to, for an administrator
and for a seller who sees only their own; the charts with no data and with a year of data;
the business week's edge for "closed this week"; sign-in lands here."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
import time_machine

from app.extensions import db
from app.followups.services import soft_delete_entry
from app.models import FollowUpEntry, User

from .alerts_helpers import configure, sp
from .conftest import Browser

TODAY = date(2026, 12, 2)  # a Wednesday: the week runs from Monday 30/11 to Sunday 06/12
TILE = re.compile(r'<a class="tile tile-(\w+)[^"]*" href="([^"]+)" data-tile="\w+">\s*'
                  r'<span class="tile-count">(\d+)</span>')
SELLER_CELL = re.compile(r'<td class="num[^"]*"><a href="([^"]+)" data-tile="(\w+)">(\d+)</a>')


@pytest.fixture(autouse=True)
def wednesday(app):
    configure(app)
    with time_machine.travel(sp(2026, 12, 2, 9, 0), tick=False):
        yield


def tiles(web) -> dict[str, tuple[str, int]]:
    page = web.get("/painel").get_data(as_text=True)
    return {key: (unescape(url), int(count)) for key, url, count in TILE.findall(page)}


def rows_of(web, url: str) -> int:
    """How many entries the Follow Up list shows (every page: the list's pager follows)."""
    total, page = 0, 1
    while True:
        html = web.get(f"{url}&page={page}").get_data(as_text=True)
        total += len(re.findall(r'<tr data-href="/entries/\d+"', html))
        if 'rel="next"' not in html:
            return total
        page += 1


def close(app, entry_id: int, user_id: int) -> None:
    """Baixar through the service, at the frozen instant."""
    from app.followups.services import EntryData, entry_form_values, update_entry

    with app.app_context():
        entry = db.session.get(FollowUpEntry, entry_id)
        values = entry_form_values(entry)
        data = EntryData(values["contacted_at"], values["return_date"], values["type_id"],
                         "done", values["notes"])
        update_entry(entry, db.session.get(User, user_id), data, entry.version)
        db.session.commit()


@pytest.fixture
def office(app, factory, admin):
    """Two sellers (A sees only her own) with returns overdue, today, this week and later,
    some closed this week, one deleted."""
    a, b = factory.user("vendas.a"), factory.user("vendas.b", can_see_all_followups=True)
    party = factory.party("Padaria Pão Quente")
    days = {a: (-9, -1, 0, 0, 3, 7, 8, 20), b: (-2, 0, 1, 6, 30), admin: (-4, 2)}
    made = {}
    for seller, offsets in days.items():
        for offset in offsets:
            contacted = sp(2026, 11, 1, 10, 0).replace(tzinfo=None)
            made.setdefault(seller.login, []).append(factory.entry(
                party, seller, return_date=TODAY + timedelta(days=offset),
                contacted_at=contacted))
    close(app, made["vendas.a"][0].id, a.id)  # an overdue one closed this week
    close(app, made["vendas.b"][2].id, b.id)
    with app.app_context():
        soft_delete_entry(db.session.get(FollowUpEntry, made["vendas.a"][2].id),
                          db.session.get(User, admin.id))
        db.session.commit()
    return {"a": a, "b": b, "made": made}


def test_each_number_is_the_row_count_of_the_list_it_links_to(signed_in, office):
    shown = tiles(signed_in)
    assert set(shown) == {"today", "overdue", "next7", "done_week"}
    for key, (url, count) in shown.items():
        assert rows_of(signed_in, url) == count, key
    # Everyone's: overdue -9 (closed), -1, -2, -4 → 3; today 0 (one deleted), 0 → 2.
    assert {key: count for key, (_url, count) in shown.items()} == {
        "today": 2, "overdue": 3, "next7": 6, "done_week": 2}


def test_each_seller_number_is_the_row_count_of_that_sellers_list(signed_in, office):
    page = signed_in.get("/painel").get_data(as_text=True)
    cells = SELLER_CELL.findall(page)
    assert len(cells) == 3 * 4  # admin, A and B, four numbers each
    for url, key, count in cells:
        url = unescape(url)
        assert re.search(r"[?&]user=\d+", url), url
        assert rows_of(signed_in, url) == int(count), (key, url)
    seller_a = page.split(f'data-seller="{office["a"].id}"')[1].split("</tr>")[0]
    assert [int(n) for n in re.findall(r">(\d+)</a>", seller_a)] == [1, 1, 3, 1]
    assert "Atrasados por vendedor" in page


def test_a_seller_sees_only_her_own_numbers(app, office):
    web = Browser(app.test_client())
    web.login("vendas.a")
    shown = tiles(web)
    for key, (url, count) in shown.items():
        assert rows_of(web, url) == count, key
    assert {key: count for key, (_url, count) in shown.items()} == {
        "today": 1, "overdue": 1, "next7": 3, "done_week": 1}
    page = web.get("/painel").get_data(as_text=True)
    assert "Por vendedor" not in page and 'data-seller="' not in page


def test_closed_this_week_starts_on_monday_in_the_business_zone(app, factory, admin, signed_in):
    party = factory.party("Mercearia Central")
    late_sunday = factory.entry(party, admin, return_date=date(2026, 11, 27))
    monday = factory.entry(party, admin, return_date=date(2026, 11, 27))
    # Sunday 29/11 23:30 in São Paulo is already Monday in UTC: still last week.
    with time_machine.travel(sp(2026, 11, 29, 23, 30), tick=False):
        close(app, late_sunday.id, admin.id)
    with time_machine.travel(sp(2026, 11, 30, 0, 5), tick=False):
        close(app, monday.id, admin.id)
    url, count = tiles(signed_in)["done_week"]
    assert count == 1
    page = signed_in.get(url).get_data(as_text=True)
    assert f'/entries/{monday.id}"' in page and f'/entries/{late_sunday.id}"' not in page


def test_the_charts_render_with_no_data(signed_in):
    response = signed_in.get("/painel")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('<svg class="chart-svg"') == 2
    assert page.count("Nada para mostrar ainda.") == 2
    assert "<rect class=\"chart-bar" not in page
    assert " style=" not in page and "<style" not in page  # the CSP allows no inline style


def test_the_charts_with_a_year_of_data(app, factory, admin, signed_in):
    party = factory.party("Padaria Pão Quente")
    for month in range(12):  # one complaint a month from January to December, two in March
        contacted = sp(2026, month + 1, 10, 10, 0).replace(tzinfo=None)
        for _ in range(2 if month == 2 else 1):
            factory.entry(party, admin, return_date=contacted.date(), contacted_at=contacted,
                          status="done", complaints="Forno chegou riscado")
        factory.entry(party, admin, return_date=contacted.date(), contacted_at=contacted,
                      status="done")  # no complaint: not counted
    factory.entry(party, admin, return_date=TODAY + timedelta(days=1), type_name="Em Análise")
    factory.entry(party, admin, return_date=TODAY + timedelta(days=1))
    factory.entry(party, admin, return_date=TODAY + timedelta(days=13))
    factory.entry(party, admin, return_date=TODAY + timedelta(days=14))  # beyond the chart
    page = signed_in.get("/painel").get_data(as_text=True)
    returns, complaints = page.split('<figure class="chart card"')[1:3]
    titles = re.findall(r"<title>(.*?)</title>", returns)
    assert titles == ["03/12/2026 · Em Análise: 1 retorno", "03/12/2026 · Pós-Venda: 1 retorno",
                      "15/12/2026 · Pós-Venda: 1 retorno"]
    assert len(re.findall(r'class="chart-label"', returns)) == 14
    months = re.findall(r"<title>(.*?)</title>", complaints)
    assert len(months) == 12
    assert months[0].startswith("jan.") and months[0].endswith(": 1 reclamação")
    assert months[2].endswith(": 2 reclamações") and months[11].startswith("dez.")


def test_sign_in_lands_on_the_painel_and_the_list_is_one_click_away(app, factory):
    factory.user("vendas")
    web = Browser(app.test_client())
    response = web.login("vendas")
    while response.status_code == 302:
        last = response.location
        response = web.get(last)
    assert last == "/painel"
    page = response.get_data(as_text=True)
    assert 'href="/followups/"' in page and 'href="/agenda/"' in page
