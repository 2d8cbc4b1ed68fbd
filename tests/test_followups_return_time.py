"""Hora do retorno (#13.3): an optional time on an entry, typed hh:mm, refused beside the field
when it is no time of day, and the list ordered by date, then time (returns without one first)."""

from datetime import date, time

import pytest
from sqlalchemy import select

from app.models import FollowUpEntry

from .pages import field_error, input_value, landed

DAY = date(2027, 4, 5)


def new_entry(factory, **changes) -> dict:
    data = {"contacted_at": "02/04/2027 10:00", "return_date": "05/04/2027",
            "type_id": str(factory.type_id()), "status": "open", "notes": "Ligar"}
    data.update(changes)
    return data


@pytest.mark.parametrize("typed,stored", [("14:30", time(14, 30)), ("9:05", time(9, 5)),
                                          ("9h30", time(9, 30)), ("00:00", time(0, 0)),
                                          ("23:59", time(23, 59)), ("", None)])
def test_the_time_is_saved_and_shown(signed_in, factory, typed, stored):
    party = factory.party()
    response = signed_in.post(f"/followups/new/entry?party={party.id}",
                              new_entry(factory, return_time=typed))
    assert response.status_code == 302
    saved = factory.scalar(select(FollowUpEntry).where(FollowUpEntry.party_id == party.id))
    assert saved.return_time == stored
    page = signed_in.get(f"/entries/{saved.id}").get_data(as_text=True)
    assert input_value(page, "return_time") == (stored.strftime("%H:%M") if stored else "")


@pytest.mark.parametrize("typed,message", [
    ("25:00", "25:00 não é uma hora do dia: use de 00:00 a 23:59."),
    ("12:60", "12:60 não é uma hora do dia: use de 00:00 a 23:59."),
    ("meio-dia", "Hora inválida: use hh:mm (ex.: 14:30)."),
    ("14:3", "Hora inválida: use hh:mm (ex.: 14:30)."),
])
def test_a_time_that_is_not_one_is_refused_beside_the_field(signed_in, factory, typed, message):
    party = factory.party()
    response = signed_in.post(f"/followups/new/entry?party={party.id}",
                              new_entry(factory, return_time=typed))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(page, "return_time") == message
    assert input_value(page, "return_time") == typed  # what was typed stays to be corrected
    assert factory.scalar(select(FollowUpEntry.id)) is None


def test_the_list_orders_a_day_by_time_after_the_returns_without_one(signed_in, factory,
                                                                      admin):
    for name, day, at in (("Tarde", DAY, time(14, 30)), ("Sem Hora", DAY, None),
                          ("Manhã", DAY, time(8, 0)), ("Véspera", date(2027, 4, 4),
                                                        time(18, 0))):
        factory.entry(factory.party(name), admin, return_date=day, return_time=at)
    page = signed_in.get("/followups/?period=range&date_from=01/04/2027").get_data(as_text=True)
    names = ["Véspera", "Sem Hora", "Manhã", "Tarde"]
    positions = [page.index(f">{name}<") for name in names]
    assert positions == sorted(positions)
    assert '<span class="return-time">08:00</span>' in page


def test_a_changed_time_is_in_the_entrys_history(signed_in, factory, admin):
    entry = factory.entry(factory.party(), admin, return_date=DAY, return_time=time(14, 30))
    form = new_entry(factory, return_time="16:00", complaints="", internal_comment="",
                     version=str(entry.version))
    response = signed_in.post(f"/entries/{entry.id}", form)
    assert landed(signed_in, response)[0] == "/followups/"
    page = signed_in.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "<strong>Hora do retorno</strong>: 14:30 → 16:00" in page
