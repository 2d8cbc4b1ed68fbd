"""Bugs a review found, each pinned by a test: dates in English, deactivated types, stale
party forms, numbers beyond 64 bits, pager arguments, out-of-range dates, missing fields."""

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import FollowUpEntry, FollowUpType, Party


def entry_values(entry, **overrides) -> dict:
    values = {"contacted_at": "02/04/2027 10:00", "return_date": "05/04/2027",
              "type_id": str(entry.type_id), "status": "open", "notes": entry.notes,
              "complaints": "", "internal_comment": "", "version": str(entry.version)}
    values.update(overrides)
    return values


def test_an_english_user_saves_dates_as_shown(signed_in, factory, admin):
    from datetime import datetime

    entry = factory.entry(factory.party(), admin, return_date=date(2027, 4, 5),
                          contacted_at=datetime(2027, 4, 2, 10, 0))
    signed_in.post("/language", {"language": "en", "next": "/"})
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert 'value="04/05/2027"' in page  # April 5th, as an English user reads it
    response = signed_in.post(f"/entries/{entry.id}", entry_values(
        entry, contacted_at="04/02/2027 10:00", return_date="04/15/2027"))
    assert response.status_code == 302
    assert factory.get(FollowUpEntry, entry.id).return_date == date(2027, 4, 15)


def test_an_entry_keeps_its_deactivated_type(signed_in, factory, admin, app):
    entry = factory.entry(factory.party(), admin, return_date=date(2030, 1, 10))
    with app.app_context():
        db.session.get(FollowUpType, entry.type_id).active = False
        db.session.commit()
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert f'<option selected value="{entry.type_id}">' in page or \
        f'value="{entry.type_id}" selected' in page
    response = signed_in.post(f"/entries/{entry.id}", entry_values(
        entry, contacted_at="07/01/2030 10:00", return_date="10/01/2030", status="done"))
    assert response.status_code == 302
    saved = factory.get(FollowUpEntry, entry.id)
    assert saved.type_id == entry.type_id and saved.status == "done"


def test_a_party_form_keeps_the_opened_version_across_an_error(signed_in, factory, app):
    party = factory.party("Original")
    opened = party.version
    with app.app_context():  # someone else saves meanwhile
        db.session.get(Party, party.id).city = "Campinas"
        db.session.commit()
    form = {"name": "Meu nome", "trade_name": "", "document": "123", "phone": "", "mobile": "",
            "email": "", "address": "", "city": "", "state": "", "postal_code": "", "notes": "",
            "active": "y", "version": str(opened)}
    first = signed_in.post(f"/parties/{party.id}", form)
    assert first.status_code == 422
    assert f'name="version" value="{opened}"' in first.get_data(as_text=True)
    second = signed_in.post(f"/parties/{party.id}", {**form, "document": ""})
    assert second.status_code == 409
    assert factory.get(Party, party.id).city == "Campinas"


@pytest.mark.parametrize("url", [
    "/followups/?page=99999999999999999999", "/followups/?type=99999999999999999999",
    "/entries/99999999999999999999", "/parties/lookup?kind=customer&code=99999999999999999999",
    "/followups/new/entry?party=99999999999999999999",
])
def test_numbers_beyond_64_bits_answer_not_found(signed_in, url):
    assert signed_in.get(url).status_code == 404


def test_a_long_number_in_the_search_is_searched_not_crashed(signed_in, factory):
    key = "3" * 44  # an NF-e access key pasted into the search
    assert signed_in.get(f"/parties/customers?q={key}").status_code == 200


def test_pager_ignores_arguments_named_like_url_for_options(signed_in, factory, admin, app):
    app.config["PAGE_SIZE"] = 1
    for n in range(3):
        factory.entry(factory.party(f"P{n}"), admin, return_date=date(2030, 1, 1 + n))
    response = signed_in.get("/followups/?page=2&_method=POST&endpoint=x&_anchor=y")
    assert response.status_code == 200
    assert "page=3" in response.get_data(as_text=True)


@pytest.mark.parametrize("contacted,returned", [
    ("31/12/9999 23:00", "31/12/9999"), ("01/01/0001 10:00", "02/01/0001"),
])
def test_dates_out_of_any_business_range_are_refused_clearly(signed_in, factory, contacted,
                                                             returned):
    party = factory.party()
    response = signed_in.post(f"/followups/new/entry?party={party.id}", {
        "contacted_at": contacted, "return_date": returned,
        "type_id": str(factory.type_id()), "status": "open", "notes": "x"})
    assert response.status_code == 422
    assert "inválid" in response.get_data(as_text=True)
    assert factory.scalar(select(FollowUpEntry.id)) is None


def test_missing_text_tabs_are_taken_as_empty(signed_in, factory):
    party = factory.party()
    response = signed_in.post(f"/followups/new/entry?party={party.id}", {
        "contacted_at": "02/04/2027 10:00", "return_date": "05/04/2027",
        "type_id": str(factory.type_id()), "status": "open", "notes": "Só a aba Follow Up"})
    assert response.status_code == 302


def test_a_user_who_may_close_but_not_edit_can_note_what_was_said(web, factory):
    closer = factory.user("baixa", can_edit_followups=False)
    entry = factory.entry(factory.party(), closer, return_date=date(2027, 4, 5))
    web.login("baixa")
    response = web.post(f"/entries/{entry.id}", {
        "contacted_at": "02/04/2027 10:00", "return_date": "05/04/2027",
        "type_id": str(entry.type_id), "status": "done", "notes": "Ligar\nCliente atendido.",
        "complaints": "", "internal_comment": "", "version": str(entry.version)})
    assert response.status_code == 302
    saved = factory.get(FollowUpEntry, entry.id)
    assert saved.status == "done" and saved.notes.endswith("Cliente atendido.")
    rescheduled = web.post(f"/entries/{entry.id}", {
        "contacted_at": "02/04/2027 10:00", "return_date": "09/04/2027",
        "type_id": str(entry.type_id), "status": "done", "notes": saved.notes,
        "complaints": "", "internal_comment": "", "version": str(saved.version)})
    assert rescheduled.status_code == 403  # moving the date is an edit


def test_the_delete_refusal_reveals_no_counts(signed_in, factory, admin):
    party = factory.party()
    factory.entry(party, admin, return_date=date(2030, 1, 1))
    response = signed_in.post(f"/parties/{party.id}/delete", {})
    page = signed_in.get(response.location).get_data(as_text=True)
    assert "não pode ser excluído" in page and "1 Follow Up" not in page


def test_date_hints_follow_the_users_language(signed_in, factory):
    party = factory.party()
    page = signed_in.get(f"/followups/new/entry?party={party.id}").get_data(as_text=True)
    assert 'placeholder="dd/mm/aaaa"' in page
    signed_in.post("/language", {"language": "en", "next": "/"})
    page = signed_in.get(f"/followups/new/entry?party={party.id}").get_data(as_text=True)
    assert 'placeholder="mm/dd/yyyy"' in page
    response = signed_in.post(f"/followups/new/entry?party={party.id}", {
        "contacted_at": "04/02/2027 10:00", "return_date": "31/04/2027",
        "type_id": str(factory.type_id()), "status": "open", "notes": "x"})
    assert "Not a valid date: use mm/dd/yyyy (e.g. 12/31/2026)." in response.get_data(as_text=True)
