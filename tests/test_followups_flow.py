"""F3 start, F6 entry, F9 working a return, F10 closing it — through the HTTP interface."""

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from app.models import AuditEvent, FollowUp, FollowUpEntry

SAO_PAULO_NOON = datetime(2026, 11, 27, 15, 0)  # 12:00 in São Paulo, as UTC


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(SAO_PAULO_NOON.replace(tzinfo=__import__("datetime").timezone.utc),
                             tick=False):
        yield


@pytest.fixture(autouse=True)
def sao_paulo(factory, app):
    from app.extensions import db
    from app.models import Settings

    with app.app_context():
        db.session.get(Settings, 1).time_zone = "America/Sao_Paulo"
        db.session.commit()


def entry_form(factory, **overrides) -> dict:
    data = {"contacted_at": "27/11/2026 11:40", "return_date": "04/12/2026",
            "type_id": str(factory.type_id("Pós-Venda")), "status": "open",
            "notes": "Cliente pediu retorno na semana que vem.", "complaints": "",
            "internal_comment": ""}
    data.update(overrides)
    return data


def test_start_with_an_unknown_code_says_so_and_keeps_the_code(signed_in, factory):
    response = signed_in.post("/followups/new", {"kind": "customer", "code": "404"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nenhum cliente com o código 404." in page and 'value="404"' in page


def test_start_with_a_supplier_code_typed_as_customer_is_refused(signed_in, factory):
    supplier = factory.party("Distribuidora", kind="supplier")
    response = signed_in.post("/followups/new", {"kind": "customer", "code": str(supplier.code)})
    assert response.status_code == 422 and "Nenhum cliente" in response.get_data(as_text=True)


def test_start_with_an_inactive_party_is_refused(signed_in, factory):
    party = factory.party("Fechou as portas", active=False)
    response = signed_in.post("/followups/new", {"kind": "customer", "code": str(party.code)})
    assert response.status_code == 422 and "está inativo" in response.get_data(as_text=True)


def test_the_start_screen_uses_the_manuals_words(signed_in):
    page = signed_in.get("/followups/new").get_data(as_text=True)
    assert "Follow Up – Clientes e Fornecedores" in page
    assert '<label for="kind-0">Cliente</label>' in page
    assert '<label for="kind-1">Fornecedor</label>' in page
    assert '<label for="code">Código</label>' in page and ">Incluir</button>" in page


def test_full_loop_start_entry_follow_up_list_and_close(signed_in, factory, admin):
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890",
                          contacts=[{"name": "Marcos", "role": "Comprador", "phone": "",
                                     "email": ""}])
    response = signed_in.post("/followups/new", {"kind": "customer", "code": str(party.code)})
    assert response.status_code == 302
    entry_url = response.location
    page = signed_in.get(entry_url).get_data(as_text=True)
    assert "Inclusão de Observações do Follow Up" in page
    assert 'value="27/11/2026 12:00"' in page  # contact date defaults to now, business time
    for label in ("Data do contato", "Data Retorno", "Tipo de Follow Up", "Situação",
                  "Reclamações", "Comentário Interno"):
        assert f">{label}</label>" in page

    response = signed_in.post(entry_url, entry_form(factory, complaints="Atrasou a entrega."))
    assert response.status_code == 302
    follow_up = factory.scalar(select(FollowUp))
    assert response.location.endswith(f"/followups/{follow_up.id}")
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Cliente pediu retorno na semana que vem." in page and "04/12/2026" in page
    assert "(11) 3456-7890" in page and "Marcos" in page

    assert signed_in.post(f"/followups/{follow_up.id}",
                          {"responsible_id": str(admin.id)}).status_code == 302

    listed = signed_in.get("/followups/").get_data(as_text=True)
    assert "Padaria Pão Quente" in listed
    entry = factory.scalar(select(FollowUpEntry))
    assert entry.contacted_at == datetime(2026, 11, 27, 14, 40,
                                          tzinfo=__import__("datetime").timezone.utc)

    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "(11) 3456-7890" in page and "Marcos" in page
    response = signed_in.post(f"/entries/{entry.id}", entry_form(
        factory, status="done", version=str(entry.version),
        notes=entry.notes + "\nLiguei: tudo certo."))
    assert response.status_code == 302
    assert "Retorno baixado." in signed_in.get(response.location).get_data(as_text=True)
    closed = factory.get(FollowUpEntry, entry.id)
    assert closed.status == "done" and closed.done_by_id == admin.id and closed.done_at
    assert "Padaria Pão Quente" not in signed_in.get("/followups/").get_data(as_text=True)
    assert "Padaria Pão Quente" in signed_in.get("/followups/?status=done").get_data(as_text=True)
    actions = [e.action for e in factory.scalars(select(AuditEvent).where(
        AuditEvent.entity == "entry").order_by(AuditEvent.id))]
    assert actions == ["create", "done"]


def test_adding_a_second_entry_shows_the_earlier_one_as_history(signed_in, factory, admin):
    party = factory.party()
    first = factory.entry(party, admin, return_date=date(2026, 11, 27), notes="Primeira conversa")
    response = signed_in.post(f"/followups/{first.follow_up_id}/entries/new",
                              entry_form(factory, notes="Segunda conversa"))
    assert response.status_code == 302
    second = factory.scalar(select(FollowUpEntry).where(FollowUpEntry.id != first.id))
    page = signed_in.get(f"/entries/{second.id}").get_data(as_text=True)
    assert "Observações anteriores deste Follow Up" in page and "Primeira conversa" in page


@pytest.mark.parametrize("overrides,field,message", [
    ({"return_date": "26/11/2026"}, "return_date", "não pode ser anterior à data do contato"),
    ({"return_date": "31/02/2026"}, "return_date", "31/02/2026 não existe."),
    ({"return_date": ""}, "return_date", "Informe a Data Retorno"),
    ({"contacted_at": "27/13/2026 10:00"}, "contacted_at", "Data e hora inválidas"),
    ({"notes": "   "}, "notes", "Descreva o contato na aba Follow Up"),
    ({"notes": "x" * 20001}, "notes", "no máximo 20000 caracteres"),
    ({"complaints": "y" * 20001}, "complaints", "no máximo 20000 caracteres"),
    ({"type_id": "9999"}, "type_id", "Escolha inválida"),
    ({"type_id": "abc"}, "type_id", ""),
])
def test_entry_bad_input_is_explained_and_nothing_is_saved(signed_in, factory, overrides, field,
                                                           message):
    party = factory.party()
    data = entry_form(factory, internal_comment="Não esquecer do desconto.", **overrides)
    response = signed_in.post(f"/followups/new/entry?party={party.id}", data)
    page = response.get_data(as_text=True)
    assert response.status_code in (400, 422)
    if response.status_code == 422:
        assert message in page
        assert "Não esquecer do desconto." in page  # typed text kept
    assert factory.scalar(select(FollowUpEntry.id)) is None
    assert factory.scalar(select(FollowUp.id)) is None  # nothing half-saved


def test_script_in_notes_is_stored_as_typed_and_shown_as_text(signed_in, factory, admin):
    party = factory.party()
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    signed_in.post(f"/followups/new/entry?party={party.id}",
                   entry_form(factory, notes=payload, return_date="27/11/2026"))
    entry = factory.scalar(select(FollowUpEntry))
    assert entry.notes == payload
    for url in ("/followups/", f"/followups/{entry.follow_up_id}", f"/entries/{entry.id}",
                f"/parties/{party.id}"):
        page = signed_in.get(url).get_data(as_text=True)
        assert "<script>alert(2)" not in page and '<img src=x' not in page, url


def test_a_stale_entry_form_is_refused_with_the_text_kept(signed_in, factory, admin):
    entry = factory.entry(factory.party(), admin, return_date=date(2026, 11, 30))
    response = signed_in.post(f"/entries/{entry.id}", entry_form(
        factory, version=str(entry.version + 5), notes="Meu texto novo"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Outra pessoa alterou esta observação" in page and "Meu texto novo" in page
    assert factory.get(FollowUpEntry, entry.id).notes == "Ligar"


def test_rescheduling_keeps_the_planned_date_in_the_audit_trail(signed_in, factory, admin):
    entry = factory.entry(factory.party(), admin, return_date=date(2026, 11, 30))
    signed_in.post(f"/entries/{entry.id}", entry_form(
        factory, version=str(entry.version), return_date="07/12/2026", notes="Ligar",
        contacted_at="27/11/2026 10:00"))
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Histórico de alterações" in page
    assert "30/11/2026 → 07/12/2026" in page


def test_reopening_a_done_entry_clears_who_closed_it(signed_in, factory, admin):
    entry = factory.entry(factory.party(), admin, return_date=date(2026, 11, 30), status="done")
    assert factory.get(FollowUpEntry, entry.id).done_by_id == admin.id
    signed_in.post(f"/entries/{entry.id}", entry_form(
        factory, version=str(entry.version), status="open", notes="Ligar",
        return_date="30/11/2026", contacted_at="27/11/2026 10:00"))
    reopened = factory.get(FollowUpEntry, entry.id)
    assert reopened.status == "open" and reopened.done_by_id is None and reopened.done_at is None


def test_deleting_an_entry_is_soft_and_hides_it(signed_in, factory, admin):
    entry = factory.entry(factory.party("Some"), admin, return_date=date(2026, 11, 27))
    response = signed_in.post(f"/entries/{entry.id}/delete", {})
    assert response.status_code == 302
    row = factory.get(FollowUpEntry, entry.id)
    assert row is not None and row.deleted_at is not None and row.deleted_by_id == admin.id
    assert signed_in.get(f"/entries/{entry.id}").status_code == 404
    assert "Some" not in signed_in.get("/followups/?status=all").get_data(as_text=True)
