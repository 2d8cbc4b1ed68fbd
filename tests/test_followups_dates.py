"""Dates on the entry form: typed in the user's language, shown as typed, refused when absurd."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.models import FollowUpEntry

from .alerts_helpers import configure, sp
from .pages import field_error, flashes, input_value, landed

EVERY_FIELD_MESSAGE = ("error", "Alguns campos precisam de atenção: veja as mensagens ao lado "
                                "deles. Nada foi salvo ainda.")


def entry_form(type_id: int, **overrides) -> dict:
    values = {"contacted_at": "02/04/2027 10:00", "return_date": "05/04/2027",
              "type_id": str(type_id), "status": "open", "notes": "Ligar", "complaints": "",
              "internal_comment": ""}
    values.update(overrides)
    return values


def test_an_english_user_saves_dates_as_shown(app, signed_in, factory, admin):
    configure(app)  # São Paulo
    entry = factory.entry(factory.party(), admin, return_date=date(2027, 4, 5),
                          contacted_at=datetime(2027, 4, 2, 10, 0))
    signed_in.post("/language", {"language": "en", "next": "/"})
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert input_value(page, "contacted_at") == "04/02/2027 10:00"  # April 2nd, as in English
    assert input_value(page, "return_date") == "04/05/2027"
    response = signed_in.post(f"/entries/{entry.id}", entry_form(
        entry.type_id, contacted_at="04/03/2027 11:00", return_date="04/15/2027",
        version=str(entry.version)))
    assert landed(signed_in, response) == ("/followups/", [("success", "Follow-up entry saved.")])
    saved = factory.get(FollowUpEntry, entry.id)
    assert saved.contacted_at == sp(2027, 4, 3, 11, 0)
    assert saved.return_date == date(2027, 4, 15)


@pytest.mark.parametrize("contacted,returned", [
    ("31/12/9999 23:00", "31/12/9999"), ("01/01/0001 10:00", "02/01/0001"),
])
def test_dates_out_of_any_business_range_are_refused_beside_the_fields(signed_in, factory,
                                                                       contacted, returned):
    party = factory.party()
    response = signed_in.post(f"/followups/new/entry?party={party.id}", entry_form(
        factory.type_id(), contacted_at=contacted, return_date=returned))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert flashes(page) == [EVERY_FIELD_MESSAGE]
    assert field_error(page, "contacted_at") == "Data e hora inválidas: use dd/mm/aaaa hh:mm."
    assert field_error(page, "return_date") == "Data inválida: use dd/mm/aaaa (ex.: 31/12/2026)."
    assert (input_value(page, "contacted_at"), input_value(page, "return_date")) == (
        contacted, returned)  # what the user typed is kept
    assert factory.scalar(select(FollowUpEntry.id)) is None


def test_date_hints_follow_the_users_language(signed_in, factory):
    party = factory.party()
    page = signed_in.get(f"/followups/new/entry?party={party.id}").get_data(as_text=True)
    assert 'placeholder="dd/mm/aaaa"' in page
    signed_in.post("/language", {"language": "en", "next": "/"})
    page = signed_in.get(f"/followups/new/entry?party={party.id}").get_data(as_text=True)
    assert 'placeholder="mm/dd/yyyy"' in page
    response = signed_in.post(f"/followups/new/entry?party={party.id}", entry_form(
        factory.type_id(), contacted_at="04/02/2027 10:00", return_date="31/04/2027"))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "return_date") == (
        "Not a valid date: use mm/dd/yyyy (e.g. 12/31/2026).")
    assert field_error(response.get_data(as_text=True), "contacted_at") is None
    assert factory.scalar(select(FollowUpEntry.id)) is None
