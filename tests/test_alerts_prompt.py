"""F7: the login prompt, and the in-page alert's JSON, silence today and postpone (F8)."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from app.models import AuditEvent, FollowUpEntry, User

from .alerts_helpers import configure, sp, update_user

TODAY = date(2025, 3, 12)


@pytest.fixture
def clock():
    with time_machine.travel(sp(2025, 3, 12, 9, 0), tick=False) as frozen:
        yield frozen


@pytest.fixture
def seller(app, factory):
    configure(app)
    return factory.user("vendas")


def sign_in(web, login="vendas", next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    web._token = None
    response = web.post(url, {"login": login, "password": "correct-horse-9"})
    web._token = None
    assert response.status_code == 302
    return web.get(response.headers["Location"])


def test_the_prompt_asks_about_todays_returns_and_counts_the_overdue(web, factory, seller, clock):
    party = factory.party()
    factory.entry(party, seller, return_date=TODAY)
    factory.entry(factory.party("Mercado"), seller, return_date=TODAY)
    factory.entry(party, seller, return_date=TODAY - timedelta(days=5))
    page = sign_in(web).get_data(as_text=True)
    assert "Existem 2 retornos de Follow Up para hoje. Deseja visualizar?" in page
    assert "E 1 retorno atrasado." in page
    assert re.search(r'<button[^>]*value="yes"[^>]*>Sim</button>', page)
    assert re.search(r'<button[^>]*value="no"[^>]*>Não</button>', page)


def test_sim_opens_todays_list_and_nao_goes_where_the_user_was_going(web, factory, seller,
                                                                       clock):
    factory.entry(factory.party(), seller, return_date=TODAY)
    sign_in(web, next_url="/customers/")
    yes = web.post("/after-login", {"answer": "yes", "period": "today", "next": "/customers/"})
    assert yes.headers["Location"] == "/followups/?period=today"
    listing = web.get(yes.headers["Location"]).get_data(as_text=True)
    assert "Padaria Pão Quente" in listing
    no = web.post("/after-login", {"answer": "no", "period": "today", "next": "/customers/"})
    assert no.headers["Location"] == "/customers/"
    evil = web.post("/after-login", {"answer": "no", "next": "https://evil.example/"})
    assert evil.headers["Location"] == "/"


def test_a_forged_answer_without_the_token_is_refused(client, factory, seller, clock, web):
    sign_in(web)
    response = client.post("/after-login", data={"answer": "yes", "period": "today"})
    assert response.status_code == 400


@pytest.mark.parametrize("setup", [
    "nothing due", "only tomorrow", "only done", "alarm off", "user said no prompt", "muted",
    "no access", "someone else's",
])
def test_never_shown_when_nothing_is_due_for_this_user(app, web, factory, seller, admin, clock,
                                                       setup):
    owner = admin if setup == "someone else's" else seller
    if setup != "nothing due":
        day = TODAY + timedelta(days=1) if setup == "only tomorrow" else TODAY
        factory.entry(factory.party(), owner, return_date=day,
                      status="done" if setup == "only done" else "open")
    if setup == "alarm off":
        configure(app, enabled=False)
    changes = {"user said no prompt": {"alert_on_login": False},
               "muted": {"alerts_muted_on": TODAY},
               "no access": {"can_access_followups": False}}.get(setup, {})
    update_user(app, seller.id, **changes)
    response = web.post("/login?next=/parties/suppliers",
                        {"login": "vendas", "password": "correct-horse-9"})
    after = web.get(response.headers["Location"])
    assert after.status_code == 302, f"prompt shown with {setup}"
    assert after.headers["Location"] == "/parties/suppliers"  # on where the user was going


def test_only_overdue_returns_ask_about_the_overdue_list(web, factory, seller, clock):
    factory.entry(factory.party(), seller, return_date=TODAY - timedelta(days=1))
    page = sign_in(web).get_data(as_text=True)
    assert "Existe 1 retorno de Follow Up atrasado. Deseja visualizar?" in page
    assert 'name="period" value="overdue"' in page


def test_23_30_in_sao_paulo_is_still_today(app, web, factory, seller):
    factory.entry(factory.party(), seller, return_date=TODAY)
    with time_machine.travel(sp(2025, 3, 12, 23, 30), tick=False):
        page = sign_in(web).get_data(as_text=True)
    assert "Existe 1 retorno de Follow Up para hoje. Deseja visualizar?" in page


def test_the_page_alert_json_follows_the_users_interval(app, web, factory, seller, clock):
    factory.entry(factory.party(), seller, return_date=TODAY)
    update_user(app, seller.id, alert_every_minutes=15)
    sign_in(web)
    data = web.get("/alerts/due").get_json()
    assert data["active"] is True and data["interval_minutes"] == 15
    assert (data["due_today"], data["overdue"], data["total"]) == (1, 0, 1)
    assert data["title"] == "1 retorno de Follow Up para hoje"
    assert data["returns"][0]["party"] == "Padaria Pão Quente"
    assert data["list_url"] == "/followups/?period=today"
    update_user(app, seller.id, alert_every_minutes=None)
    assert web.get("/alerts/due").get_json()["active"] is False


def test_silence_today_until_the_day_ends(app, web, factory, seller, clock):
    factory.entry(factory.party(), seller, return_date=TODAY)
    sign_in(web)
    answer = web.post("/alerts/mute", {}, headers={"Accept": "application/json"})
    assert answer.get_json() == {"ok": True}
    assert factory.get(User, seller.id).alerts_muted_on == TODAY
    assert web.get("/alerts/due").get_json()["active"] is False
    clock.move_to(sp(2025, 3, 13, 8, 0))
    sign_in(web)  # overnight the session ended (idle); the next morning's alerts are on again
    assert web.get("/alerts/due").get_json()["active"] is True


def test_postpone_moves_one_return_to_the_next_business_day_and_keeps_the_plan(
        app, web, factory, seller, clock):
    entry = factory.entry(factory.party(), seller, return_date=TODAY - timedelta(days=2))
    sign_in(web)
    answer = web.post(f"/alerts/snooze/{entry.id}", {}, headers={"Accept": "application/json"})
    assert answer.get_json() == {"ok": True, "return_date": "13/03/2025"}
    postponed = factory.get(FollowUpEntry, entry.id)
    assert (postponed.return_date, postponed.reschedule_count) == (TODAY + timedelta(days=1), 1)
    # The Follow Up list's own rule (Adiar): audited as a reschedule, shown as "Adiado".
    audit = factory.scalar(select(AuditEvent.changes).where(AuditEvent.entity_id == entry.id,
                                                            AuditEvent.action == "reschedule"))
    assert audit["return_date"] == ["2025-03-10", "2025-03-13"]


def test_postpone_obeys_permissions(app, web, factory, seller, admin, clock):
    mine = factory.entry(factory.party(), seller, return_date=TODAY)
    theirs = factory.entry(factory.party("Outro"), admin, return_date=TODAY)
    sign_in(web)
    assert web.post(f"/alerts/snooze/{theirs.id}", {}).status_code == 404
    update_user(app, seller.id, can_edit_followups=False)
    assert web.post(f"/alerts/snooze/{mine.id}", {}).status_code == 403
    assert factory.get(FollowUpEntry, mine.id).return_date == TODAY
