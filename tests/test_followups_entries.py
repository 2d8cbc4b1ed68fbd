"""Working an entry: a deactivated type is kept, empty tabs are fine, closing is not editing."""

from datetime import date

from flask import has_request_context, request
from sqlalchemy import event, select

from app.extensions import db
from app.models import FollowUpEntry, FollowUpType

from .pages import landed, selected_option


def entry_form(entry, **overrides) -> dict:
    """The form of an entry the factory made for 05/04/2027 (contacted three days before)."""
    values = {"contacted_at": "02/04/2027 10:00", "return_date": "05/04/2027",
              "type_id": str(entry.type_id), "status": "open", "notes": entry.notes,
              "complaints": "", "internal_comment": "", "version": str(entry.version)}
    values.update(overrides)
    return values


def test_an_entry_keeps_its_deactivated_type(signed_in, factory, admin, app):
    entry = factory.entry(factory.party(), admin, return_date=date(2027, 4, 5))
    with app.app_context():
        db.session.get(FollowUpType, entry.type_id).active = False
        db.session.commit()
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert selected_option(page, "type_id") == str(entry.type_id)
    response = signed_in.post(f"/entries/{entry.id}", entry_form(entry, status="done"))
    assert landed(signed_in, response) == ("/followups/", [("success", "Retorno baixado.")])
    saved = factory.get(FollowUpEntry, entry.id)
    assert (saved.type_id, saved.status) == (entry.type_id, "done")


def test_missing_text_tabs_are_taken_as_empty(signed_in, factory):
    party = factory.party()
    response = signed_in.post(f"/followups/new/entry?party={party.id}", {
        "contacted_at": "02/04/2027 10:00", "return_date": "05/04/2027",
        "type_id": str(factory.type_id()), "status": "open", "notes": "Só a aba Follow Up"})
    saved = factory.scalar(select(FollowUpEntry).where(FollowUpEntry.party_id == party.id))
    assert landed(signed_in, response) == (
        f"/followups/{saved.follow_up_id}", [("success", "Observação do Follow Up salva.")])
    assert (saved.notes, saved.complaints, saved.internal_comment) == (
        "Só a aba Follow Up", "", "")


def test_a_user_who_may_close_but_not_edit_can_note_what_was_said(web, factory):
    closer = factory.user("baixa", can_edit_followups=False)
    entry = factory.entry(factory.party(), closer, return_date=date(2027, 4, 5))
    web.login("baixa")
    response = web.post(f"/entries/{entry.id}", entry_form(
        entry, status="done", notes="Ligar\nCliente atendido."))
    assert landed(web, response) == ("/followups/", [("success", "Retorno baixado.")])
    saved = factory.get(FollowUpEntry, entry.id)
    assert (saved.status, saved.notes) == ("done", "Ligar\nCliente atendido.")
    rescheduled = web.post(f"/entries/{entry.id}", entry_form(
        saved, status="done", return_date="09/04/2027"))
    assert rescheduled.status_code == 403  # moving the date is an edit
    after = factory.get(FollowUpEntry, entry.id)
    assert (after.return_date, after.version) == (date(2027, 4, 5), saved.version)


def test_a_save_is_one_transaction(signed_in, factory, admin, app):
    """Nothing is read again after the commit (on SQLite that would be a second write
    transaction, another turn among the writers, for nothing)."""
    entry = factory.entry(factory.party(), admin, return_date=date(2027, 4, 5))
    transactions = []

    def begun(connection):
        if has_request_context() and request.method == "POST":  # not the form's GET
            transactions.append(connection)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "begin", begun)
    try:
        response = signed_in.post(f"/entries/{entry.id}?back=followup",
                                  entry_form(entry, notes="Ligou de volta"))
    finally:
        event.remove(engine, "begin", begun)
    assert landed(signed_in, response) == (f"/followups/{entry.follow_up_id}",
                                           [("success", "Observação do Follow Up salva.")])
    assert len(transactions) == 1
