"""A seller's day at full speed (#12.3): Baixar e agendar próximo in one save, and Adiar (+1 dia
útil, +1 semana, a date) kept in the entry's history and counted — through the HTTP interface."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.models import AuditEvent, FollowUp, FollowUpEntry

from .alerts_helpers import configure, sp, update_user
from .pages import field_error

TODAY = date(2026, 3, 13)  # a Friday: the next business day is Monday the 16th


@pytest.fixture(autouse=True)
def friday_morning(app):
    configure(app)
    with time_machine.travel(sp(2026, 3, 13, 10, 0), tick=False):
        yield


@pytest.fixture
def due(factory, admin):
    """An open Pós-Venda return of a customer, due today."""
    party = factory.party("Padaria Pão Quente", phone="(11) 3456-7890")
    return factory.entry(party, admin, return_date=TODAY, notes="Ligar para saber do forno.")


def entry_post(entry, factory, **changes) -> dict:
    data = {"contacted_at": "10/03/2026 10:00", "return_date": "13/03/2026",
            "type_id": str(factory.type_id("Pós-Venda")), "status": "open",
            "notes": entry.notes, "complaints": "", "internal_comment": "",
            "version": str(entry.version)}
    data.update(changes)
    return data


def schedule_post(entry, factory, admin, **changes) -> dict:
    """Baixar e agendar próximo: what was said, and the next return."""
    data = entry_post(entry, factory, notes="Ligar para saber do forno.\nChegou bem; quer "
                                            "orçamento de um segundo forno.")
    data.update({"close_and_schedule": "1", "next-return_date": "20/03/2026",
                 "next-type_id": str(factory.type_id("Em Análise")),
                 "next-responsible_id": str(admin.id),
                 "next-notes": "Enviar orçamento do segundo forno."})
    data.update(changes)
    return data


def entries(factory) -> list[FollowUpEntry]:
    return factory.scalars(select(FollowUpEntry).order_by(FollowUpEntry.id))


def actions_of(factory, entry_id: int) -> list[str]:
    return factory.scalars(select(AuditEvent.action).where(
        AuditEvent.entity == "entry", AuditEvent.entity_id == entry_id).order_by(AuditEvent.id))


# Baixar e agendar próximo -------------------------------------------------------------------------

def test_an_open_entry_offers_the_next_return_prefilled(signed_in, factory, admin, due):
    page = signed_in.get(f"/entries/{due.id}").get_data(as_text=True)
    assert ">Baixar e agendar próximo</button>" in page
    # Pós-Venda's default delay (30 days) counted from today; type and responsible kept.
    assert re.search(r'id="next-return_date"[^>]*value="12/04/2026"', page)
    assert re.search(rf'<option selected value="{factory.type_id("Pós-Venda")}">Pós-Venda',
                     page.split('id="next-type_id"')[1])
    assert re.search(rf'<option selected value="{admin.id}">', page.split(
        'id="next-responsible_id"')[1])
    assert '<label for="next-notes">Follow Up do próximo retorno</label>' in page


def test_close_and_schedule_closes_one_and_opens_the_next(signed_in, factory, admin, due):
    response = signed_in.post(f"/entries/{due.id}", schedule_post(due, factory, admin))
    assert response.status_code == 302 and response.location.endswith("/followups/")
    closed, following = entries(factory)
    assert (closed.id, closed.status, closed.done_by_id) == (due.id, "done", admin.id)
    assert closed.notes.endswith("quer orçamento de um segundo forno.")
    assert following.status == "open" and following.follow_up_id == due.follow_up_id
    assert (following.return_date, following.type_id, following.responsible_id) == (
        date(2026, 3, 20), factory.type_id("Em Análise"), admin.id)
    assert following.notes == "Enviar orçamento do segundo forno."
    assert following.contacted_at.date() == TODAY
    assert actions_of(factory, closed.id) == ["create", "done"]
    assert actions_of(factory, following.id) == ["create"]
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "Retorno baixado. Próximo retorno agendado para 20/03/2026." in page
    assert f'data-draft-saved="/entries/{due.id}"' in page  # the browser drops the draft
    # Both are in the follow-up's history.
    page = signed_in.get(f"/entries/{following.id}").get_data(as_text=True)
    assert "Chegou bem; quer orçamento de um segundo forno." in page


@pytest.mark.parametrize("changes,field,message", [
    ({"next-return_date": "12/03/2026"}, "next-return_date",
     "Escolha hoje ou um dia depois: o retorno não pode voltar ao passado."),
    ({"next-return_date": "31/02/2026"}, "next-return_date", "31/02/2026 não existe."),
    ({"next-return_date": ""}, "next-return_date", "Digite a data do próximo retorno."),
    ({"next-notes": "  "}, "next-notes", "Diga do que trata o próximo retorno."),
    ({"notes": ""}, "notes", "Descreva o contato na aba Follow Up."),
])
def test_close_and_schedule_bad_input_changes_nothing(signed_in, factory, admin, due, changes,
                                                       field, message):
    data = schedule_post(due, factory, admin, **changes)
    response = signed_in.post(f"/entries/{due.id}", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf'id="{field}-msg" role="alert">[^<]*{re.escape(message)}', page), page
    if field != "next-notes":  # the next return's notes, typed, come back in the form
        assert "Enviar orçamento do segundo forno." in page
    assert "data-unsaved-dirty" in page  # leaving now still asks: what was typed is not saved
    [still] = entries(factory)
    assert (still.status, still.notes) == ("open", "Ligar para saber do forno.")


@pytest.mark.parametrize("flag", ["can_mark_done_followups", "can_add_followups"])
def test_close_and_schedule_needs_baixar_and_incluir_also_when_forged(web, app, factory, flag):
    seller = factory.user("vendas", can_access_followups=True, can_add_followups=True,
                          can_edit_followups=True, can_mark_done_followups=True)
    entry = factory.entry(factory.party("Cliente Meu"), seller, return_date=TODAY)
    update_user(app, seller.id, **{flag: False})
    web.login("vendas")
    page = web.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Baixar e agendar próximo" not in page and 'id="next-notes"' not in page
    response = web.post(f"/entries/{entry.id}", schedule_post(
        entry, factory, seller, **{"next-responsible_id": str(seller.id)}))
    assert response.status_code == 403
    assert [(e.id, e.status) for e in entries(factory)] == [(entry.id, "open")]


def test_the_next_return_can_go_to_another_user(signed_in, factory, admin, due):
    colleague = factory.user("maria", can_access_followups=True)
    response = signed_in.post(f"/entries/{due.id}", schedule_post(
        due, factory, admin, **{"next-responsible_id": str(colleague.id)}))
    assert response.status_code == 302
    _closed, following = entries(factory)
    assert following.responsible_id == colleague.id
    assert factory.get(FollowUp, due.follow_up_id).responsible_id == colleague.id


def test_handing_the_next_return_over_needs_see_all(web, factory, admin):
    seller = factory.user("vendas", can_access_followups=True, can_add_followups=True,
                          can_edit_followups=True, can_mark_done_followups=True)
    entry = factory.entry(factory.party("Cliente Meu"), seller, return_date=TODAY)
    web.login("vendas")
    page = web.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert f'<option value="{admin.id}"' not in page.split('id="next-responsible_id"')[1][:400]
    response = web.post(f"/entries/{entry.id}", schedule_post(
        entry, factory, seller, **{"next-responsible_id": str(admin.id)}))
    assert response.status_code == 422  # not one of the offered choices
    assert [e.status for e in entries(factory)] == ["open"]


def test_a_closed_entry_offers_no_next_return(signed_in, factory, admin):
    done = factory.entry(factory.party(), admin, return_date=TODAY, status="done")
    page = signed_in.get(f"/entries/{done.id}").get_data(as_text=True)
    assert "Baixar e agendar próximo" not in page and "+1 dia útil" not in page


# Adiar ----------------------------------------------------------------------------------------

def reschedule(web, entry_id: int, step: str, new_date: str = "", next_url: str = ""):
    return web.post(f"/entries/{entry_id}/reschedule",
                    {"step": step, "new_date": new_date, "next": next_url})


def test_reschedule_by_a_business_day_a_week_and_to_a_date(signed_in, factory, admin, due):
    response = reschedule(signed_in, due.id, "business_day", next_url="/followups/?period=today")
    assert response.status_code == 302 and response.location == "/followups/?period=today"
    assert factory.get(FollowUpEntry, due.id).return_date == date(2026, 3, 16)  # Monday
    reschedule(signed_in, due.id, "week")
    assert factory.get(FollowUpEntry, due.id).return_date == date(2026, 3, 23)
    response = reschedule(signed_in, due.id, "date", "02/04/2026")
    assert response.location == f"/entries/{due.id}"
    entry = factory.get(FollowUpEntry, due.id)
    assert (entry.return_date, entry.reschedule_count, entry.status) == (
        date(2026, 4, 2), 3, "open")

    page = signed_in.get(f"/entries/{due.id}").get_data(as_text=True)
    assert "adiado 3 vezes" in page and "Adiado 3 vezes" in page  # the box and beside the date
    history = page.split("Histórico de alterações")[1]
    assert history.count("<td>Adiado</td>") == 3
    for old, new in (("13/03/2026", "16/03/2026"), ("16/03/2026", "23/03/2026"),
                     ("23/03/2026", "02/04/2026")):
        assert f"{old} → {new}" in history
    assert "Admin" in history  # who
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert '<span class="tag-rescheduled">adiado 3 vezes</span>' in page


def test_an_overdue_return_is_put_off_from_today(signed_in, factory, admin):
    late = factory.entry(factory.party(), admin, return_date=date(2026, 3, 2))
    reschedule(signed_in, late.id, "week")
    assert factory.get(FollowUpEntry, late.id).return_date == date(2026, 3, 20)


@pytest.mark.parametrize("new_date,message", [
    ("12/03/2026", "Escolha hoje ou um dia depois: o retorno não pode voltar ao passado."),
    ("31/02/2026", "31/02/2026 não existe."),
    ("", "Digite a nova data do retorno."),
    ("13/03/2026", "O retorno já está nesse dia."),
])
def test_a_bad_reschedule_date_is_explained_beside_the_field(signed_in, factory, admin, due,
                                                             new_date, message):
    response = reschedule(signed_in, due.id, "date", new_date, next_url="/followups/")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf'id="reschedule-{due.id}-date-msg" role="alert">[^<]*{re.escape(message)}',
                     page), page
    assert f'value="{new_date}"' in page  # what was typed stays
    assert 'href="/followups/"' in page  # Cancelar goes back where the user came from
    entry = factory.get(FollowUpEntry, due.id)
    assert (entry.return_date, entry.reschedule_count) == (TODAY, 0)


def test_a_closed_return_cannot_be_put_off(signed_in, factory, admin):
    done = factory.entry(factory.party(), admin, return_date=TODAY, status="done")
    response = reschedule(signed_in, done.id, "week")
    assert response.status_code == 422
    assert "Este retorno já foi baixado." in response.get_data(as_text=True)
    assert factory.get(FollowUpEntry, done.id).return_date == TODAY


def test_reschedule_needs_alterar_and_a_visible_entry(web, app, factory, admin):
    seller = factory.user("vendas", can_access_followups=True, can_edit_followups=False)
    mine = factory.entry(factory.party("Cliente Meu"), seller, return_date=TODAY)
    theirs = factory.entry(factory.party("Cliente Alheio"), admin, return_date=TODAY)
    web.login("vendas")
    assert reschedule(web, mine.id, "week").status_code == 403
    assert "+1 dia útil" not in web.get("/followups/").get_data(as_text=True)
    update_user(app, seller.id, can_edit_followups=True)
    assert reschedule(web, theirs.id, "week").status_code == 404
    assert factory.get(FollowUpEntry, mine.id).return_date == TODAY
    assert factory.get(FollowUpEntry, theirs.id).return_date == TODAY


def test_a_later_return_typed_in_the_form_counts_as_put_off(signed_in, factory, admin, due):
    signed_in.post(f"/entries/{due.id}", entry_post(due, factory, return_date="18/03/2026",
                                                    complaints="Entrega atrasou."))
    entry = factory.get(FollowUpEntry, due.id)
    assert (entry.return_date, entry.reschedule_count) == (date(2026, 3, 18), 1)
    assert actions_of(factory, due.id) == ["create", "reschedule", "update"]


def test_the_list_offers_adiar_on_each_open_row(signed_in, factory, admin, due):
    factory.entry(factory.party("Fechado"), admin, return_date=TODAY, status="done")
    page = signed_in.get("/followups/?status=all").get_data(as_text=True)
    assert page.count('class="row-menu"') == 1
    assert f'action="/entries/{due.id}/reschedule"' in page
    assert 'name="next" value="/followups/?status=all"' in page
    assert "data-grid-focus" in page  # the first row takes the focus (e2e)


def test_the_entry_form_cannot_move_an_open_return_into_the_past(signed_in, factory, admin):
    entry = factory.entry(factory.party(), admin, return_date=date.today() + timedelta(days=3))
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    form = {name: value for name, value in re.findall(
        r'<(?:input|textarea)[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page)}
    form.update({"type_id": str(entry.type_id), "status": "open", "notes": "Ligar",
                 "return_date": (date.today() - timedelta(days=1)).strftime("%d/%m/%Y"),
                 "contacted_at": (date.today() - timedelta(days=5)).strftime("%d/%m/%Y 09:00")})
    refused = signed_in.post(f"/entries/{entry.id}", form)
    assert refused.status_code == 422
    assert field_error(refused.get_data(as_text=True), "return_date") == (
        "Escolha hoje ou um dia depois: o retorno não pode voltar ao passado.")
    assert factory.get(FollowUpEntry, entry.id).return_date == date.today() + timedelta(days=3)
