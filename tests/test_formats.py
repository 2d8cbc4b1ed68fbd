"""Everything in the user's formats, through HTTP: change histories (dd/mm/aaaa, R$ 1.234,56,
masked CPF/CNPJ), amounts shown back as typed, impossible dates named, file sizes."""

import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.followups.services import EntryData, update_entry
from app.models import FollowUpEntry, Party, SalesDocument

from .sales_helpers import doc_form, line


def test_a_party_history_shows_cpf_and_cnpj_masked(signed_in, factory):
    response = signed_in.post("/parties/customers/new", {"name": "Ana Beatriz Ferreira",
                                                         "document": "52998224725"})
    assert response.status_code == 302
    party = factory.scalar(select(Party))
    response = signed_in.post(f"/parties/{party.id}", {
        "name": "Ana Beatriz Ferreira", "document": "11.222.333/0001-81", "active": "y",
        "version": str(party.version)})
    assert response.status_code == 302
    page = signed_in.get(f"/parties/{party.id}").get_data(as_text=True)
    assert "<strong>CPF/CNPJ</strong>: 529.982.247-25 → 11.222.333/0001-81" in page
    assert "<strong>Ativo</strong>: Não → Sim" in page


def test_a_document_history_shows_its_date_total_customer_and_salesperson(signed_in, factory,
                                                                         admin):
    customer = factory.party("Padaria Pão Quente")
    response = signed_in.post("/documents/quotes/new", doc_form(
        customer.code, [line(quantity="2", unit_price="1.234,56", discount="10")],
        issued_on=date(2026, 3, 10), status="open"))
    assert response.status_code == 302
    quote = factory.scalar(select(SalesDocument))
    response = signed_in.post(f"/documents/{quote.id}", doc_form(
        customer.code, [line(quantity="3", unit_price="10")], issued_on=date(2026, 3, 12),
        salesperson_id=admin.id, status="open", version=str(quote.version)))
    assert response.status_code == 302
    page = signed_in.get(f"/documents/{quote.id}").get_data(as_text=True)
    assert "<strong>Data</strong>: 10/03/2026 → 12/03/2026" in page
    assert "<strong>Total</strong>: R$\xa02.459,12 → R$\xa030,00" in page
    assert "<strong>Vendedor</strong>: — → Admin" in page
    assert "<strong>Total</strong>: — → R$\xa02.459,12" in page  # the creation


def test_an_entry_history_shows_dates_and_the_type_by_name(signed_in, factory, app, admin):
    party = factory.party()  # returns still ahead: an open one cannot move into the past
    entry = factory.entry(party, admin, return_date=date(2027, 3, 12),
                          contacted_at=datetime(2027, 3, 10, 9, 30), type_name="Pós-Venda")
    billing = factory.type_id("Cobrança")
    with app.app_context():
        stored = db.session.get(FollowUpEntry, entry.id)
        update_entry(stored, db.session.merge(admin, load=False), EntryData(
            contacted_at=datetime(2027, 3, 10, 9, 30), return_date=date(2027, 3, 19),
            type_id=billing, status="open", notes="Ligar"), typed_version=stored.version)
        db.session.commit()
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "<strong>Data Retorno</strong>: 12/03/2027 → 19/03/2027" in page
    assert "<strong>Tipo de Follow Up</strong>: Pós-Venda → Cobrança" in page


def test_amounts_come_back_as_they_were_typed(signed_in, factory):
    customer = factory.party()
    response = signed_in.post("/documents/orders/new", doc_form(
        customer.code, [line(quantity="1.500", unit_price="1.234,56", discount="1.000,00")]))
    assert response.status_code == 302
    order = factory.scalar(select(SalesDocument))
    page = signed_in.get(f"/documents/{order.id}").get_data(as_text=True)
    assert 'name="lines-0-quantity" type="text" value="1.500"' in page
    assert 'name="lines-0-unit_price" type="text" value="1.234,56"' in page
    assert 'name="lines-0-discount" type="text" value="1.000,00"' in page


@pytest.mark.parametrize("typed,message", [
    ("31/02/2026", "31/02/2026 não existe."),
    ("29/02/2025", "29/02/2025 não existe."),
    ("31/4/2026", "31/4/2026 não existe."),
    ("12/13/2026", "Data inválida: use dd/mm/aaaa"),  # no month 13: a typing slip, not a day
    ("amanhã", "Data inválida: use dd/mm/aaaa"),
])
def test_an_impossible_date_says_it_does_not_exist(signed_in, factory, typed, message):
    customer = factory.party()
    data = doc_form(customer.code, [line()])
    data["issued_on"] = typed
    response = signed_in.post("/documents/orders/new", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<p class="field-error" id="issued_on-msg" role="alert">([^<]*)</p>',
                     page).group(1).startswith(message)
    assert f'value="{typed}"' in page
    assert factory.scalar(select(SalesDocument)) is None


@pytest.mark.sqlite_only(reason="the backups page's sizes on SQLite files; PostgreSQL backups: "
                        "test_backups_postgres.py")
def test_backup_sizes_read_like_0_2_mb(signed_in):
    assert signed_in.post("/admin/backups", {}).status_code == 302
    page = signed_in.get("/admin/backups").get_data(as_text=True)
    size = re.search(r'<td class="num">([^<]*)</td>', page).group(1)
    assert re.fullmatch(r"\d+,\d MB", size), size
