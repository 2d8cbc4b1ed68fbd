"""Sessions: an idle one ends, a user changes their own password, two data folders keep apart."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

from app import create_app
from app.clock import now_utc
from app.models import Settings

from .conftest import PASSWORD, Browser
from .pages import field_error, flashes

NEW_PASSWORD = "outra-senha-forte-9"


def test_a_session_unused_for_eight_hours_ends(web, admin):
    started = now_utc()
    with time_machine.travel(started, tick=False):
        assert web.login("admin").status_code == 302
    with time_machine.travel(started + timedelta(hours=7, minutes=59), tick=False):
        assert web.get("/followups/").status_code == 200  # still in use: the clock restarts
    with time_machine.travel(started + timedelta(hours=15, minutes=58), tick=False):
        assert web.get("/followups/").status_code == 200
    with time_machine.travel(started + timedelta(hours=24), tick=False):
        ended = web.get("/followups/")
        assert ended.status_code == 302 and "/login" in ended.location
        page = web.get(ended.location).get_data(as_text=True)
        assert ("info", "Sua sessão terminou após muito tempo sem uso. Entre de novo, por favor."
                ) in flashes(page)
        assert web.get("/followups/").status_code == 302


def test_the_alert_poll_does_not_keep_a_session_alive(web, admin):
    started = now_utc()
    with time_machine.travel(started, tick=False):
        web.login("admin")
    for hour in range(1, 9):
        with time_machine.travel(started + timedelta(hours=hour), tick=False):
            web.get("/alerts/due", headers={"Accept": "application/json"})
    with time_machine.travel(started + timedelta(hours=8, minutes=30), tick=False):
        assert web.get("/followups/").status_code == 302


def test_the_idle_time_is_a_general_setting(web, admin, factory):
    started = now_utc()
    with time_machine.travel(started, tick=False):
        web.login("admin")
        saved = web.post("/settings/", {"alerts_enabled": "y", "time_zone": "",
                                        "session_idle_hours": "1"})
        assert saved.status_code == 302
    assert factory.scalar(select(Settings.session_idle_minutes)) == 60
    with time_machine.travel(started + timedelta(minutes=61), tick=False):
        assert web.get("/followups/").status_code == 302
    web.login("admin")
    refused = web.post("/settings/", {"alerts_enabled": "y", "time_zone": "",
                                      "session_idle_hours": "0"})
    assert refused.status_code == 422
    assert field_error(refused.get_data(as_text=True), "session_idle_hours") == (
        "Digite um número de horas de 1 a 72.")


def test_a_user_changes_their_own_password_and_the_other_sessions_end(app, web, factory):
    factory.user("vendas")
    other_pc = Browser(app.test_client())
    assert other_pc.login("vendas").status_code == 302
    assert web.login("vendas").status_code == 302
    wrong = web.post("/account/password", {"current_password": "not-it-123",
                                           "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422
    assert field_error(wrong.get_data(as_text=True), "current_password") == (
        "Esta não é a sua senha atual.")
    done = web.post("/account/password", {"current_password": PASSWORD,
                                          "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302
    assert web.get("/followups/").status_code == 200  # this session goes on
    assert other_pc.get("/followups/").status_code == 302  # the other one ended
    web.logout()
    assert web.login("vendas", PASSWORD).status_code == 422
    assert web.login("vendas", NEW_PASSWORD).status_code == 302


def test_each_data_folder_has_its_own_session_cookie(tmp_path, app):
    other = create_app({"DATA_DIR": str(tmp_path / "other"), "TESTING": True})
    again = create_app({"DATA_DIR": app.config["DATA_DIR"], "TESTING": True})
    names = {app.config["SESSION_COOKIE_NAME"], other.config["SESSION_COOKIE_NAME"]}
    assert len(names) == 2 and all(name.startswith("retorno_") for name in names)
    assert again.config["SESSION_COOKIE_NAME"] == app.config["SESSION_COOKIE_NAME"]


def test_the_sign_in_sets_the_folders_own_cookie(web, admin, app):
    response = web.login("admin")
    assert response.headers["Set-Cookie"].startswith(app.config["SESSION_COOKIE_NAME"] + "=")
