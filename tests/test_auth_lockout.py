"""Guessing is limited per name and address: a stranger cannot lock the real user out for good."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

import app.auth.services as auth_services
from app.auth.services import FAILURE_WINDOW, MAX_FAILURES, MAX_SIGN_INS, NAME_MAX_FAILURES
from app.cli import main
from app.clock import now_utc
from app.models import LoginAttempt, User

from .conftest import PASSWORD
from .pages import flashes

STRANGER, OFFICE = "10.0.0.66", "10.0.0.7"


def _sign_in(web, login: str, password: str, address: str):
    return web.post("/login", {"login": login, "password": password},
                    environ_overrides={"REMOTE_ADDR": address})


def _fail_from(web, address: str, times: int, login: str = "admin") -> None:
    for _ in range(times):
        assert _sign_in(web, login, "wrong-password", address).status_code == 422


def test_a_strangers_guesses_lock_only_the_strangers_address(web, admin, factory):
    _fail_from(web, STRANGER, MAX_FAILURES)
    refused = _sign_in(web, "admin", PASSWORD, STRANGER)  # right password, locked address
    assert refused.status_code == 429
    assert "Muitas tentativas erradas para este usuário. Tente de novo às" in (
        refused.get_data(as_text=True))
    failures = factory.scalars(select(LoginAttempt).where(LoginAttempt.succeeded.is_(False)))
    assert len(failures) == MAX_FAILURES  # attempts while locked are not recorded
    assert _sign_in(web, "admin", PASSWORD, OFFICE).status_code == 302


def test_the_lock_ends_by_itself_when_its_window_passes(web, admin):
    started = now_utc()
    with time_machine.travel(started, tick=False):
        _fail_from(web, STRANGER, MAX_FAILURES)
        assert _sign_in(web, "admin", PASSWORD, STRANGER).status_code == 429
    with time_machine.travel(started + FAILURE_WINDOW + timedelta(seconds=1), tick=False):
        assert _sign_in(web, "admin", PASSWORD, STRANGER).status_code == 302


def test_guesses_from_many_addresses_lock_the_name_everywhere(web, admin):
    for n in range(NAME_MAX_FAILURES):
        _fail_from(web, f"10.1.{n // 200}.{n % 200}", 1)
    assert _sign_in(web, "admin", PASSWORD, OFFICE).status_code == 429


def test_a_successful_sign_in_forgets_that_addresses_failures(web, admin, factory):
    _fail_from(web, OFFICE, MAX_FAILURES - 1)
    assert _sign_in(web, "admin", PASSWORD, OFFICE).status_code == 302
    assert factory.scalars(select(LoginAttempt).where(LoginAttempt.succeeded.is_(False))) == []


def test_many_right_sign_ins_in_a_minute_are_slowed_down(web, admin):
    for _ in range(MAX_SIGN_INS):
        assert _sign_in(web, "admin", PASSWORD, OFFICE).status_code == 302
        web.logout()
    refused = _sign_in(web, "admin", PASSWORD, OFFICE)
    assert refused.status_code == 429
    assert "Muitas entradas em pouco tempo" in refused.get_data(as_text=True)


def test_an_administrator_unlocks_from_cadastro_de_usuarios(app, web, factory):
    factory.user("chefe", is_admin=True)
    seller = factory.user("vendas")
    _fail_from(web, STRANGER, MAX_FAILURES, login="vendas")
    assert _sign_in(web, "vendas", PASSWORD, STRANGER).status_code == 429
    assert web.login("chefe").status_code == 302
    page = web.get(f"/users/{seller.id}").get_data(as_text=True)
    assert "Entrada bloqueada" in page
    done = web.post(f"/users/{seller.id}/unlock", {})
    assert done.status_code == 302 and done.location.endswith(f"/users/{seller.id}")
    assert ("success", "vendas pode entrar de novo.") in flashes(
        web.get(done.location).get_data(as_text=True))
    web.logout()
    assert _sign_in(web, "vendas", PASSWORD, STRANGER).status_code == 302


def test_retorno_unlock_lifts_the_lock_from_the_command_line(app, web, admin):
    _fail_from(web, STRANGER, MAX_FAILURES)
    result = app.test_cli_runner().invoke(main, ["unlock", "Admin", "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 0, result.output
    assert _sign_in(web, "admin", PASSWORD, STRANGER).status_code == 302


def test_an_unknown_name_costs_a_password_check_like_a_known_one(web, admin, monkeypatch):
    # A spy (the real check runs): the answer must not be faster for names that do not exist.
    checked: list[str] = []
    real = auth_services.check_password_hash

    def spy(stored: str, password: str) -> bool:
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(auth_services, "check_password_hash", spy)
    _fail_from(web, OFFICE, 1, login="ninguem")
    _fail_from(web, OFFICE, 1, login="admin")
    assert checked == [checked[1], checked[1]] and checked[1].startswith("scrypt")


def test_a_password_typed_as_a_name_is_not_stored(web, admin, factory):
    _fail_from(web, OFFICE, 1, login="Segredo-Da-Maria-77")
    stored = factory.scalars(select(LoginAttempt.login))
    assert len(stored) == 1 and stored[0].startswith("#") and "segredo" not in stored[0]


def test_guesses_from_many_addresses_do_not_lock_the_users_own_pc(web, admin):
    assert _sign_in(web, "admin", PASSWORD, OFFICE).status_code == 302  # the real user's PC
    web.logout()
    for n in range(NAME_MAX_FAILURES):
        _fail_from(web, f"10.1.{n // 200}.{n % 200}", 1)
    assert _sign_in(web, "admin", PASSWORD, "10.2.0.1").status_code == 429  # a new address
    assert _sign_in(web, "admin", PASSWORD, OFFICE).status_code == 302


def test_guessing_the_current_password_in_minha_senha_is_limited_too(web, admin, factory):
    assert _sign_in(web, "admin", PASSWORD, OFFICE).status_code == 302
    form = {"password": "nova-senha-99", "confirm": "nova-senha-99"}
    for _ in range(MAX_SIGN_INS - 1):
        wrong = web.post("/account/password", {**form, "current_password": "not-it-1234"},
                         environ_overrides={"REMOTE_ADDR": OFFICE})
        assert wrong.status_code == 422
    before = factory.get(User, admin.id).password_hash
    refused = web.post("/account/password", {**form, "current_password": PASSWORD},
                       environ_overrides={"REMOTE_ADDR": OFFICE})
    assert refused.status_code == 422
    assert "Tente de novo às" in refused.get_data(as_text=True)
    assert factory.get(User, admin.id).password_hash == before
    failures = factory.scalars(select(LoginAttempt).where(LoginAttempt.succeeded.is_(False)))
    assert len(failures) == MAX_SIGN_INS - 1
