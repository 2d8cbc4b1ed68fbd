"""F2: every Follow Up permission is enforced on the server, for each route and each listing,
also against typed URLs and forged posts (each permission off in turn)."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.followups.services import due_counts
from app.models import FollowUp, FollowUpEntry, User
from app.parties.timeline import party_timeline

from .alerts_helpers import configure, sp, update_user
from .pages import field_error, landed

TODAY = date(2025, 3, 12)
CONTACTED = datetime(2025, 3, 11, 15, 30)  # São Paulo wall-clock time, as the form shows it
FLAGS = ("can_access_followups", "can_add_followups", "can_edit_followups",
         "can_mark_done_followups", "can_delete_followups", "can_see_all_followups")


@pytest.fixture
def world(app, web, factory, admin):
    """A seller holding every permission, his return and an administrator's, both due today."""
    configure(app)
    seller = factory.user("vendas", **{flag: True for flag in FLAGS})
    mine = factory.entry(factory.party("Cliente Meu"), seller, return_date=TODAY,
                         contacted_at=CONTACTED, notes="Nota do vendedor")
    theirs = factory.entry(factory.party("Cliente Alheio"), admin, return_date=TODAY,
                           contacted_at=CONTACTED, notes="Nota do admin")
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False):
        web.login("vendas")
        yield {"seller": seller, "mine": mine, "theirs": theirs, "web": web}


def entry_post(factory, entry_id: int, **changes) -> dict:
    """The entry's form as its user was shown it (what the world fixture stored), then changed."""
    stored = factory.get(FollowUpEntry, entry_id)
    data = {"contacted_at": "11/03/2025 15:30", "return_date": "12/03/2025",
            "type_id": str(factory.type_id("Pós-Venda")), "status": "open",
            "notes": stored.notes, "complaints": "", "internal_comment": "",
            "version": str(stored.version)}
    data.update(changes)
    return data


def new_entry_post(factory) -> dict:
    return {"contacted_at": "12/03/2025 09:00", "return_date": "13/03/2025",
            "type_id": str(factory.type_id()), "status": "open", "notes": "Forjado"}


def counts_for(app, user_id: int) -> tuple[int, int]:
    with app.app_context():
        return due_counts(db.session.get(User, user_id), TODAY)


def entries_of(factory) -> int:
    return len(factory.scalars(select(FollowUpEntry.id).where(FollowUpEntry.deleted_at.is_(None))))


def test_with_every_permission_the_seller_works_his_own_returns(app, world, factory):
    web, mine = world["web"], world["mine"]
    assert web.get("/followups/").status_code == 200
    assert web.get(f"/entries/{mine.id}").status_code == 200
    assert web.get(f"/followups/{mine.follow_up_id}").status_code == 200
    response = web.post(f"/entries/{mine.id}", entry_post(factory, mine.id, notes="Mudou"))
    assert landed(web, response) == ("/followups/",
                                     [("success", "Observação do Follow Up salva.")])
    assert factory.get(FollowUpEntry, mine.id).notes == "Mudou"
    assert counts_for(app, world["seller"].id) == (2, 0)  # with see-all on, both are visible


def test_access_off_closes_every_route_list_count_and_notice(app, world, factory):
    update_user(app, world["seller"].id, can_access_followups=False)
    web, mine = world["web"], world["mine"]
    before = entries_of(factory)
    for url in ("/followups/", "/followups/?period=today", "/followups/new",
                f"/followups/new/entry?party={mine.party_id}", f"/followups/{mine.follow_up_id}",
                f"/followups/{mine.follow_up_id}/entries/new", f"/entries/{mine.id}",
                f"/followup-types/{factory.type_id()}/return-date"):
        assert web.get(url).status_code == 403, url
    closing = entry_post(factory, mine.id, status="done")
    assert web.post(f"/entries/{mine.id}", closing).status_code == 403
    assert web.post(f"/followups/{mine.follow_up_id}/entries/new",
                    new_entry_post(factory)).status_code == 403
    assert web.post(f"/entries/{mine.id}/delete", {}).status_code == 403
    assert entries_of(factory) == before
    assert factory.get(FollowUpEntry, mine.id).status == "open"
    assert counts_for(app, world["seller"].id) == (0, 0)
    assert web.get("/alerts/due").get_json()["active"] is False
    with app.test_request_context():
        seller = db.session.get(User, world["seller"].id)
        party = db.session.get(FollowUpEntry, mine.id).party
        assert [i for i in party_timeline(party, seller) if i["kind"] == "entry"] == []
    page = web.get(f"/parties/{mine.party_id}").get_data(as_text=True)
    assert "Nota do vendedor" not in page


def test_add_off_refuses_new_follow_ups_and_entries(app, world, factory):
    update_user(app, world["seller"].id, can_add_followups=False)
    web, mine = world["web"], world["mine"]
    before = entries_of(factory)
    assert web.get("/followups/new").status_code == 403
    assert web.post("/followups/new", {"kind": "customer", "code": "1"}).status_code == 403
    assert web.post(f"/followups/new/entry?party={mine.party_id}",
                    new_entry_post(factory)).status_code == 403
    assert web.post(f"/followups/{mine.follow_up_id}/entries/new",
                    new_entry_post(factory)).status_code == 403
    assert entries_of(factory) == before
    assert "data-key=\"insert\"" not in web.get("/followups/").get_data(as_text=True)


def test_edit_off_refuses_changes_but_still_lets_him_close(app, world, factory):
    update_user(app, world["seller"].id, can_edit_followups=False)
    web, mine = world["web"], world["mine"]
    assert web.post(f"/entries/{mine.id}", entry_post(factory, mine.id, notes="Forjado")
                    ).status_code == 403
    assert web.post(f"/entries/{mine.id}", entry_post(factory, mine.id, return_date="20/03/2025")
                    ).status_code == 403
    assert web.post(f"/alerts/snooze/{mine.id}", {}).status_code == 403
    assert web.post(f"/followups/{mine.follow_up_id}",
                    {"responsible_id": str(world["seller"].id)}).status_code == 403
    entry = factory.get(FollowUpEntry, mine.id)
    assert (entry.notes, entry.return_date) == ("Nota do vendedor", TODAY)
    closing = web.post(f"/entries/{mine.id}", entry_post(factory, mine.id, status="done"))
    assert landed(web, closing) == ("/followups/", [("success", "Retorno baixado.")])
    assert factory.get(FollowUpEntry, mine.id).status == "done"


def test_mark_done_off_refuses_closing(app, world, factory):
    update_user(app, world["seller"].id, can_mark_done_followups=False)
    web, mine = world["web"], world["mine"]
    assert web.post(f"/entries/{mine.id}", entry_post(factory, mine.id, status="done")
                    ).status_code == 403
    assert factory.get(FollowUpEntry, mine.id).status == "open"


def test_delete_off_refuses_deleting(app, world, factory):
    update_user(app, world["seller"].id, can_delete_followups=False)
    web, mine = world["web"], world["mine"]
    assert web.post(f"/entries/{mine.id}/delete", {}).status_code == 403
    assert factory.get(FollowUpEntry, mine.id).deleted_at is None
    assert "Excluir" not in web.get(f"/entries/{mine.id}").get_data(as_text=True)


def test_see_all_off_hides_other_users_records_everywhere(app, world, factory, admin):
    update_user(app, world["seller"].id, can_see_all_followups=False)
    web, mine, theirs = world["web"], world["mine"], world["theirs"]
    for url in (f"/entries/{theirs.id}", f"/followups/{theirs.follow_up_id}",
                f"/followups/{theirs.follow_up_id}/entries/new"):
        assert web.get(url).status_code == 404, url
    assert web.post(f"/entries/{theirs.id}", entry_post(factory, theirs.id, status="done")
                    ).status_code == 404
    assert web.post(f"/entries/{theirs.id}/delete", {}).status_code == 404
    assert web.post(f"/alerts/snooze/{theirs.id}", {}).status_code == 404
    assert web.post(f"/followups/{theirs.follow_up_id}",
                    {"responsible_id": str(world["seller"].id)}).status_code == 404
    assert web.post(f"/followups/{theirs.follow_up_id}/entries/new",
                    new_entry_post(factory)).status_code == 404
    # Handing his own follow-up to someone else needs see-all too: he is offered only himself,
    # so a forged choice is refused beside the field.
    forged = web.post(f"/followups/{mine.follow_up_id}", {"responsible_id": str(admin.id)})
    assert forged.status_code == 422
    assert field_error(forged.get_data(as_text=True), "responsible_id") == "Escolha inválida."
    assert factory.get(FollowUp, mine.follow_up_id).responsible_id == world["seller"].id
    for url in ("/followups/", "/followups/?period=today", f"/followups/?user={admin.id}",
                f"/followups/?party={theirs.party_id}", "/followups/?status=all"):
        page = web.get(url).get_data(as_text=True)
        assert "Nota do admin" not in page, url
        if "party=" not in url:  # a party's own name heads its filtered list (parties are shared)
            assert "Cliente Alheio" not in page, url
    assert "Cliente Meu" in web.get("/followups/?period=today").get_data(as_text=True)
    assert counts_for(app, world["seller"].id) == (1, 0)
    data = web.get("/alerts/due").get_json()
    assert data["total"] == 1 and "Cliente Alheio" not in str(data)
    page = web.get(f"/parties/{theirs.party_id}").get_data(as_text=True)
    assert "Nota do admin" not in page
    untouched = factory.get(FollowUpEntry, theirs.id)
    assert (untouched.status, untouched.deleted_at) == ("open", None)


def test_see_all_on_shows_and_lets_him_reassign(app, world, factory, admin):
    web, theirs = world["web"], world["theirs"]
    assert "Cliente Alheio" in web.get("/followups/?period=today").get_data(as_text=True)
    assert counts_for(app, world["seller"].id) == (2, 0)
    response = web.post(f"/followups/{theirs.follow_up_id}",
                        {"responsible_id": str(world["seller"].id)})
    assert landed(web, response) == ("/followups/", [("success", "Follow Up salvo.")])
    assert factory.get(FollowUpEntry, theirs.id).responsible_id == world["seller"].id


def test_an_inactive_user_cannot_be_made_responsible(app, world, factory, admin):
    factory.user("antigo", active=False)
    web, mine = world["web"], world["mine"]
    antigo = factory.scalar(select(User).where(User.login == "antigo"))
    response = web.post(f"/followups/{mine.follow_up_id}", {"responsible_id": str(antigo.id)})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "responsible_id") == "Escolha inválida."
    assert factory.get(FollowUp, mine.follow_up_id).responsible_id == world["seller"].id


def test_yesterday_counts_as_overdue_for_the_scope_too(app, world, factory):
    factory.entry(factory.party("Cliente Atrasado"), world["seller"],
                  return_date=TODAY - timedelta(days=1))
    assert counts_for(app, world["seller"].id) == (2, 1)


def test_a_follow_up_cannot_go_to_a_user_without_follow_up_access(app, signed_in, factory,
                                                                     admin):
    outsider = factory.user("estoque", can_access_followups=False)
    entry = factory.entry(factory.party(), admin, return_date=date.today())
    page = signed_in.get(f"/followups/{entry.follow_up_id}").get_data(as_text=True)
    assert f'value="{outsider.id}"' not in page  # not offered
    forged = signed_in.post(f"/followups/{entry.follow_up_id}",
                            {"responsible_id": str(outsider.id)})
    assert forged.status_code == 422
    assert factory.get(FollowUpEntry, entry.id).responsible_id == admin.id
