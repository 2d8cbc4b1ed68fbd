"""The Follow Up list: filters, order, overdue marks, paging, scope, and "today" by time zone."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from app.extensions import db
from app.followups.services import ListFilters, due_counts, entry_list_query
from app.models import Settings, User

TODAY = date(2026, 11, 27)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def zone(app):
    def set_zone(name: str) -> None:
        with app.app_context():
            db.session.get(Settings, 1).time_zone = name
            db.session.commit()

    set_zone("America/Sao_Paulo")
    return set_zone


@pytest.fixture
def noon(zone):
    with time_machine.travel(utc(2026, 11, 27, 15, 0), tick=False):
        yield


@pytest.fixture
def returns(factory, admin):
    """Entries due at several distances from 27/11/2026, some done."""
    made = {}
    for name, offset, status in [("Hoje Aberto", 0, "open"), ("Ontem Aberto", -1, "open"),
                                 ("Semana Passada", -7, "open"), ("Amanhã", 1, "open"),
                                 ("Daqui Seis", 6, "open"), ("Daqui Vinte", 20, "open"),
                                 ("Hoje Baixado", 0, "done"), ("Antigo Baixado", -30, "done")]:
        day = TODAY + timedelta(days=offset)
        made[name] = factory.entry(factory.party(name), admin, return_date=day, status=status,
                                   contacted_at=datetime.combine(day - timedelta(days=40),
                                                                 datetime.min.time()))
    return made


def names_on(web, url: str) -> list[str]:
    page = web.get(url).get_data(as_text=True)
    import re

    return re.findall(r'<td><a href="/entries/\d+">([^<]+)</a>', page)


@pytest.mark.parametrize("query,expected", [
    ("", ["Semana Passada", "Ontem Aberto", "Hoje Aberto", "Amanhã", "Daqui Seis", "Daqui Vinte"]),
    ("?period=today", ["Hoje Aberto"]),
    ("?period=overdue", ["Semana Passada", "Ontem Aberto"]),
    ("?period=next7", ["Hoje Aberto", "Amanhã", "Daqui Seis"]),
    ("?status=done", ["Antigo Baixado", "Hoje Baixado"]),
    ("?status=all&period=today", ["Hoje Aberto", "Hoje Baixado"]),
    ("?status=all&from=26/11/2026&to=28/11/2026", ["Ontem Aberto", "Hoje Aberto", "Hoje Baixado",
                                                   "Amanhã"]),
])
def test_filters_and_return_date_order(noon, signed_in, returns, query, expected):
    assert names_on(signed_in, f"/followups/{query}") == expected


def test_overdue_rows_are_marked(noon, signed_in, returns):
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert page.count('class="overdue"') == 2
    assert page.count('class="due-today"') == 1


def test_filter_by_type_and_party(noon, signed_in, factory, admin):
    party = factory.party("Cliente Cobrança")
    factory.entry(party, admin, return_date=TODAY, type_name="Cobrança")
    factory.entry(factory.party("Outro"), admin, return_date=TODAY, type_name="Prospecção")
    type_id = factory.type_id("Cobrança")
    assert names_on(signed_in, f"/followups/?type={type_id}") == ["Cliente Cobrança"]
    assert names_on(signed_in, f"/followups/?party={party.id}") == ["Cliente Cobrança"]


def test_the_list_pages_without_counting_everything(noon, signed_in, factory, admin, app):
    app.config["PAGE_SIZE"] = 3
    for n in range(7):
        factory.entry(factory.party(f"Cliente {n}"), admin, return_date=TODAY + timedelta(days=n))
    first = signed_in.get("/followups/").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    third = names_on(signed_in, "/followups/?page=3")
    assert third == ["Cliente 6"]


def test_a_user_without_see_all_only_gets_his_own_returns(noon, web, factory, admin):
    seller = factory.user("vendas")
    factory.entry(factory.party("Do Admin"), admin, return_date=TODAY)
    factory.entry(factory.party("Da Vendedora"), seller, return_date=TODAY)
    web.login("vendas")
    assert names_on(web, "/followups/") == ["Da Vendedora"]
    assert names_on(web, f"/followups/?user={admin.id}") == ["Da Vendedora"]  # forged filter
    other = factory.scalar(__import__("sqlalchemy").select(
        __import__("app.models", fromlist=["FollowUpEntry"]).FollowUpEntry.id)
        .where(__import__("app.models", fromlist=["FollowUpEntry"]).FollowUpEntry.responsible_id
               == admin.id))
    assert web.get(f"/entries/{other}").status_code == 404


@pytest.mark.parametrize("instant,expected_today", [
    (utc(2026, 11, 28, 2, 30), date(2026, 11, 27)),   # 23:30 in São Paulo: still the 27th
    (utc(2026, 11, 28, 3, 0), date(2026, 11, 28)),    # midnight in São Paulo
    (utc(2026, 11, 27, 2, 59), date(2026, 11, 26)),   # 23:59 of the 26th in São Paulo
])
def test_today_is_the_business_zones_calendar_day(app, zone, instant, expected_today):
    from app.settings.services import business_today

    with time_machine.travel(instant, tick=False), app.app_context():
        assert business_today() == expected_today


def test_a_return_due_today_is_not_overdue_late_in_the_evening(app, zone, factory, admin):
    factory.entry(factory.party("Noite"), admin, return_date=date(2026, 11, 27))
    from app.settings.services import business_today

    with time_machine.travel(utc(2026, 11, 28, 2, 30), tick=False), app.app_context():
        user = db.session.get(User, admin.id)
        assert due_counts(user, business_today()) == (1, 0)
    with time_machine.travel(utc(2026, 11, 28, 3, 30), tick=False), app.app_context():
        user = db.session.get(User, admin.id)
        assert due_counts(user, business_today()) == (0, 1)  # after midnight: overdue


def test_an_app_left_open_overnight_moves_today_forward(web, zone, factory, admin):
    factory.entry(factory.party("Amanhã Cedo"), admin, return_date=date(2026, 11, 28))
    with time_machine.travel(utc(2026, 11, 28, 1, 55), tick=False):
        web.login("admin")  # the session starts before midnight in São Paulo, not at wall time
    with time_machine.travel(utc(2026, 11, 28, 2, 0), tick=False):
        assert names_on(web, "/followups/?period=today") == []
    with time_machine.travel(utc(2026, 11, 28, 3, 5), tick=False):
        assert names_on(web, "/followups/?period=today") == ["Amanhã Cedo"]


def test_list_query_never_returns_soft_deleted_entries(app, factory, admin):
    entry = factory.entry(factory.party("Apagado"), admin, return_date=TODAY)
    with app.app_context():
        from app.models import FollowUpEntry

        row = db.session.get(FollowUpEntry, entry.id)
        row.deleted_at = utc(2026, 11, 27, 10)
        db.session.commit()
        user = db.session.get(User, admin.id)
        rows = db.session.scalars(entry_list_query(user, ListFilters(status="all"), TODAY)).all()
        assert rows == []


@pytest.mark.parametrize("query,expected", [
    ("forno", ["Forno"]), ("FORNO quebrado", ["Forno"]), ("atraso", ["Reclamou"]),
    ("desconto", ["Interno"]), ("ferr", ["Ferramenta"]), ("ligação", ["Acento"]),
    ("ligacao", ["Acento"]), ('forno*"(', ["Forno"]), ('"forno" OR', []), ("nada-disso", []),
])
def test_search_across_notes_complaints_and_internal_comments(noon, signed_in, factory, admin,
                                                              query, expected):
    rows = [("Forno", {"notes": "Forno quebrado na entrega"}),
            ("Reclamou", {"notes": "Ligar", "complaints": "Atraso de três dias"}),
            ("Interno", {"notes": "Ligar", "internal_comment": "Dar desconto de 5%"}),
            ("Ferramenta", {"notes": "Levar ferramenta nova"}),
            ("Acento", {"notes": "Aguardando ligação do comprador"})]
    for name, texts in rows:
        factory.entry(factory.party(name), admin, return_date=TODAY, **texts)
    from urllib.parse import quote

    assert names_on(signed_in, f"/followups/?q={quote(query)}") == expected


def test_search_follows_edits_and_respects_the_scope(noon, web, factory, admin):
    seller = factory.user("vendas")
    mine = factory.entry(factory.party("Minha"), seller, return_date=TODAY, notes="banana")
    factory.entry(factory.party("Alheia"), admin, return_date=TODAY, notes="banana")
    web.login("vendas")
    assert names_on(web, "/followups/?q=banana") == ["Minha"]
    from app.extensions import db as _db
    from app.models import FollowUpEntry

    with web.client.application.app_context():
        _db.session.get(FollowUpEntry, mine.id).notes = "abacaxi"
        _db.session.commit()
    assert names_on(web, "/followups/?q=banana") == []
    assert names_on(web, "/followups/?q=abacaxi") == ["Minha"]


@pytest.fixture
def both_kinds(factory, admin):
    """A customer and a supplier with the same code, each with a return due today."""
    customer = factory.party("Cliente Um")
    supplier = factory.party("Fornecedor Um", kind="supplier")
    factory.entry(customer, admin, return_date=TODAY)
    factory.entry(supplier, admin, return_date=TODAY)
    assert customer.code == supplier.code == 1
    return customer, supplier


def test_the_party_filter_lists_customers_or_suppliers_without_a_code(noon, signed_in,
                                                                      both_kinds):
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert '<option value="" selected>Todos</option>' in page
    assert names_on(signed_in, "/followups/") == ["Cliente Um", "Fornecedor Um"]
    assert names_on(signed_in, "/followups/?pkind=&pq=") == ["Cliente Um", "Fornecedor Um"]
    assert names_on(signed_in, "/followups/?pkind=customer&pq=") == ["Cliente Um"]
    assert names_on(signed_in, "/followups/?pkind=supplier&pq=") == ["Fornecedor Um"]
    assert names_on(signed_in, "/followups/?pkind=nonsense") == ["Cliente Um", "Fornecedor Um"]
    export = signed_in.get("/followups/export.csv?pkind=supplier").get_data(as_text=True)
    assert "Fornecedor Um" in export and "Cliente Um" not in export


def test_the_party_filter_takes_one_party_by_code_name_or_pick(noon, signed_in, both_kinds):
    customer, supplier = both_kinds
    assert names_on(signed_in, "/followups/?pkind=customer&pq=1") == ["Cliente Um"]
    assert names_on(signed_in, "/followups/?pkind=supplier&pq=1") == ["Fornecedor Um"]
    assert names_on(signed_in, "/followups/?pq=fornec") == ["Fornecedor Um"]
    assert names_on(signed_in, "/followups/?pkind=customer&pcode=1") == ["Cliente Um"]  # old links
    # The Consulta's pick: the party's id beside its label, kept while the label is unchanged.
    picked = f"/followups/?party={supplier.id}&pq=1+%E2%80%94+Fornecedor+Um"
    assert names_on(signed_in, picked) == ["Fornecedor Um"]
    assert 'value="1 — Fornecedor Um"' in signed_in.get(picked).get_data(as_text=True)
    assert names_on(signed_in, f"/followups/?party={supplier.id}&pq=") == [
        "Cliente Um", "Fornecedor Um"]  # the field emptied: no party any more


def test_a_party_text_naming_several_or_none_lists_nothing_and_says_why(noon, signed_in,
                                                                        both_kinds):
    customer, supplier = both_kinds
    response = signed_in.get("/followups/?pq=um&status=open")
    page = response.get_data(as_text=True)
    assert names_on(signed_in, "/followups/?pq=um") == []
    assert "Vários cadastros correspondem a “um”: escolha um." in page
    choices = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', page)
    assert [label for _, label in choices] == ["1 — Cliente Um", "1 — Fornecedor Um"]
    assert names_on(signed_in, choices[1][0].replace("&amp;", "&")) == ["Fornecedor Um"]
    none = signed_in.get("/followups/?pq=zzz").get_data(as_text=True)
    assert "Nenhum cliente ou fornecedor corresponde a “zzz”." in none
    assert names_on(signed_in, "/followups/?pq=zzz") == []


def test_an_empty_day_says_so_and_offers_incluir(app, web, factory, admin, zone):
    seller = factory.user("vendas", can_access_followups=True, can_add_followups=False)
    factory.entry(factory.party(), admin, return_date=TODAY + timedelta(days=1))
    with time_machine.travel(utc(2026, 11, 27, 15, 0), tick=False):
        web.login("admin")
        page = web.get("/followups/?period=today").get_data(as_text=True)
        assert "Nenhum retorno para hoje." in page
        assert re.search(r'<td colspan="\d+" class="empty">.*href="/followups/new">Incluir</a>',
                         page, re.S)
        page = web.get("/followups/?period=overdue").get_data(as_text=True)
        assert "Nenhum Follow Up encontrado com estes filtros." in page
        assert "Nenhum retorno para hoje" not in page
        web.logout()
        web.login(seller.login)
        page = web.get("/followups/?period=today").get_data(as_text=True)
        assert "Nenhum retorno para hoje." in page and 'href="/followups/new"' not in page


