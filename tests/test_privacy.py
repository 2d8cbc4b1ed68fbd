"""LGPD per party: the titular's export (everything about the party, nothing about others) and
the anonymisation (no trace of the old values in the database file, reports still add up)."""

import io
import json
import re
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEvent,
    Complaint,
    Contact,
    FollowUpEntry,
    Party,
    PartySearchTerm,
    SalesDocument,
)
from app.parties.services import ContactInput, PartyInput, update_party

NAME = "Maria Aparecida Zanoni"
OLD_NAME = "Maria A. Zanoni"
CPF = "52998224725"
CPF_SHOWN = "529.982.247-25"
PHONE = "(11) 98765-4321"
EMAIL = "maria.zanoni@exemplo.com.br"
CONTACT = "Joaquim Zanoni Filho"
PARTY_NOTE = "Prefere contato à tarde. " * 300 + "Cachorro chamado Biscoitinho."  # overflow pages
INTERNAL = "Cliente difícil, Zeppelinzinho"


@pytest.fixture
def titular(app, factory, admin):
    """A customer with contacts, follow-up entries, a sale and a renaming in its audit."""
    party = factory.party(OLD_NAME, document=CPF_SHOWN, phone="(11) 3456-7890", mobile=PHONE,
                          email=EMAIL, address="Rua das Acácias, 742", city="Campinas",
                          state="SP", postal_code="13010-111", notes=PARTY_NOTE,
                          contacts=[{"name": CONTACT, "role": "Filho", "phone": "(11) 99876-5432",
                                     "email": "joaquim.filho@exemplo.com.br"}])
    with app.app_context():
        record = db.session.get(Party, party.id)
        fields = {name: getattr(record, name) for name in (
            "trade_name", "document", "phone", "mobile", "email", "address", "city", "state",
            "postal_code", "notes", "active")}
        contacts = [ContactInput(c.name, c.role, c.phone, c.email) for c in record.contacts]
        update_party(record, PartyInput(name=NAME, **fields, contacts=contacts), record.version,
                     by=None)
        db.session.commit()
    factory.entry(party, admin, return_date=date(2026, 12, 1),
                  notes=f"Falei com {NAME}, pediu retorno no 11 98765 4321",
                  complaints=f"Entrega atrasou; escreva para {EMAIL}", internal_comment=INTERNAL)
    with app.app_context():  # the complaint the entry's text opened, resolved naming her
        complaint = db.session.scalar(select(Complaint).where(Complaint.party_id == party.id))
        complaint.resolution = f"Reenviado; {NAME} confirmou o recebimento"
        db.session.commit()
    factory.document("sale", party, admin, notes=f"Entregar a {CONTACT}",
                     lines=(("Forno elétrico", "2", "899.90", "10.00"),))
    return party


@pytest.fixture
def other(factory, admin):
    party = factory.party("Padaria Pão Quente", phone="(11) 2222-3333")
    factory.entry(party, admin, return_date=date(2026, 12, 2), notes="Ligar para o Bartolomeu",
                  internal_comment="Outro segredo")
    return party


def anonymise(web, party, code=None):
    return web.post(f"/privacy/parties/{party.id}/anonymise",
                    {"code": str(party.code) if code is None else code})


def test_the_party_page_leads_admins_to_the_lgpd_page(signed_in, titular):
    page = signed_in.get(f"/parties/{titular.id}").get_data(as_text=True)
    assert f'href="/privacy/parties/{titular.id}"' in page
    lgpd = signed_in.get(f"/privacy/parties/{titular.id}")
    assert lgpd.status_code == 200
    assert "Exportar" in lgpd.get_data(as_text=True)


def test_only_administrators(web, factory, titular):
    factory.user("vendas", can_see_all_followups=True)
    web.login("vendas")
    assert web.get(f"/privacy/parties/{titular.id}").status_code == 403
    assert web.post(f"/privacy/parties/{titular.id}/export.json", {}).status_code == 403
    assert anonymise(web, titular).status_code == 403
    assert factory.get(Party, titular.id).name == NAME


def test_the_json_export_holds_everything_about_the_party_and_nobody_else(
        signed_in, factory, titular, other):
    response = signed_in.post(f"/privacy/parties/{titular.id}/export.json", {})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data())
    assert data["requested_by"] == "Admin" and data["exported_at"]
    assert data["party"]["name"] == NAME and data["party"]["document"] == CPF
    assert data["party"]["notes"] == PARTY_NOTE
    assert [c["name"] for c in data["contacts"]] == [CONTACT]
    assert [e["notes"] for e in data["entries"]] == [f"Falei com {NAME}, pediu retorno no "
                                                     "11 98765 4321"]
    assert data["entries"][0]["complaints"].endswith(EMAIL)
    [complaint] = data["complaints"]
    assert complaint["status"] == "open" and NAME in complaint["resolution"]
    [sale] = data["documents"]
    assert sale["kind"] == "sale" and sale["lines"][0]["unit_price"] == "899.90"
    renames = [row for row in data["audit"] if row["action"] == "update"]
    assert renames[0]["changes"]["name"] == [OLD_NAME, NAME]
    assert {row["entity"] for row in data["audit"]} >= {"party", "entry", "sales_document"}
    text = response.get_data(as_text=True)
    assert "Padaria" not in text and "Bartolomeu" not in text
    assert INTERNAL not in text  # Comentário Interno never leaves the company
    events = factory.scalars(select(AuditEvent).where(AuditEvent.action == "data_export"))
    assert [(e.entity_id, e.changes) for e in events] == [(titular.id, {"format": [None, "json"]})]


def test_the_xlsx_export_reads_as_sheets(signed_in, titular, other):
    response = signed_in.post(f"/privacy/parties/{titular.id}/export.xlsx", {})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()))
    assert book.sheetnames == ["Cadastro", "Contatos", "Follow Up", "Reclamações", "Documentos",
                               "Itens", "Auditoria"]
    record = dict(book["Cadastro"].iter_rows(min_row=2, values_only=True))
    assert record["Nome"] == NAME and record["Solicitado por"] == "Admin"
    assert record["Tipo"] == "Cliente" and record["Ativo"] == "Sim"
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", record["Exportado em"])
    assert book["Follow Up"]["C2"].value == "01/12/2026"  # Data Retorno as people write it
    assert book["Contatos"]["A2"].value == CONTACT
    assert book["Itens"]["C2"].value == "Forno elétrico"
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert not any("Padaria" in str(cell.value) for cell in cells)


def database_bytes(app, vacuum: bool) -> bytes:
    """The database file's bytes (and its write-ahead log's, if any is left)."""
    path = Path(app.config["DATA_DIR"]) / "retorno.sqlite3"
    with app.app_context():
        db.engine.dispose()
    if vacuum:
        with sqlite3.connect(path) as connection:
            connection.execute("VACUUM")
    return path.read_bytes() + (path.with_name(path.name + "-wal").read_bytes()
                                if path.with_name(path.name + "-wal").exists() else b"")


OLD_VALUES = [NAME, OLD_NAME, "Aparecida", CPF, CPF_SHOWN, "98765-4321", "987654321",
              "3456-7890", EMAIL, "Acácias", "13010-111", CONTACT, "joaquim.filho", "Biscoitinho",
              "Zeppelinzinho"]


@pytest.mark.sqlite_only(reason="reads the SQLite file's bytes; PostgreSQL keeps dead row "
                        "versions until its own VACUUM (README)")
@pytest.mark.parametrize("vacuum", [True, False], ids=["after VACUUM", "at once"])
def test_anonymising_leaves_no_trace_of_the_old_values_in_the_database_file(
        app, signed_in, factory, titular, other, vacuum):
    response = anonymise(signed_in, titular)
    assert response.status_code == 302
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "anonimizado" in page.lower()
    raw = database_bytes(app, vacuum)
    folded = raw.lower()
    for value in OLD_VALUES:
        assert value.encode("utf-8") not in raw, value
        assert value.lower().encode("utf-8") not in folded, value
    assert b"Bartolomeu" in raw and b"Outro segredo" in raw  # the other party is untouched


def test_anonymising_keeps_what_reports_add_up(app, signed_in, factory, titular):
    anonymise(signed_in, titular)
    party = factory.get(Party, titular.id, "contacts")
    assert party.name == "[anonimizado]" and party.document == party.email == ""
    assert party.contacts == [] and not party.active
    assert (party.kind, party.code, party.city, party.state) == ("customer", titular.code,
                                                                 "Campinas", "SP")
    [entry] = factory.scalars(select(FollowUpEntry).where(FollowUpEntry.party_id == party.id))
    assert entry.notes == "Falei com [anonimizado], pediu retorno no [anonimizado]"
    assert entry.internal_comment == "[anonimizado]"
    assert entry.return_date == date(2026, 12, 1)
    [sale] = factory.scalars(select(SalesDocument).where(SalesDocument.party_id == party.id))
    assert sale.notes == "Entregar a [anonimizado]" and sale.status == "completed"
    with app.app_context():
        document = db.session.get(SalesDocument, sale.id)
        assert [(line.quantity, line.unit_price) for line in document.lines] == [
            (Decimal("2"), Decimal("899.90"))]
        assert db.session.scalar(select(func.count()).select_from(Contact)) == 0
        terms = db.session.scalars(select(PartySearchTerm.term).where(
            PartySearchTerm.party_id == party.id)).all()
    assert terms == ["anonimizado"]
    [event] = factory.scalars(select(AuditEvent).where(AuditEvent.action == "anonymise"))
    assert (event.entity_id, event.changes) == (party.id, {})
    found = signed_in.get("/followups/?status=all&q=Zeppelinzinho").get_data(as_text=True)
    assert "Falei com" not in found


def test_a_wrong_code_changes_nothing(signed_in, factory, titular):
    response = anonymise(signed_in, titular, code="999")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"Digite o código {titular.code} para confirmar." in page
    assert 'value="999"' in page  # what was typed stays
    party = factory.get(Party, titular.id, "contacts")
    assert party.name == NAME and [c.name for c in party.contacts] == [CONTACT]
    assert not factory.scalars(select(AuditEvent).where(AuditEvent.action == "anonymise"))


def test_refused_while_the_party_has_open_documents(signed_in, factory, admin, titular):
    factory.document("quote", titular, admin)
    response = anonymise(signed_in, titular)
    assert response.status_code == 422
    assert "orçamentos ou pedidos em aberto" in response.get_data(as_text=True)
    assert factory.get(Party, titular.id).name == NAME
