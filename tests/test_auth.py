"""First run, sign-in, sign-out, CSRF, lockout and the create-user command."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from app.auth.services import KEEP_ATTEMPTS
from app.clock import now_utc
from app.extensions import db
from app.models import LoginAttempt, User

from .conftest import PASSWORD


def test_first_start_asks_for_an_administrator_and_never_again(web, factory):
    response = web.get("/login")
    assert response.status_code == 302 and response.location.endswith("/first-run")
    page = web.get("/first-run").get_data(as_text=True)
    assert '<label for="login">Usuário</label>' in page
    response = web.post("/first-run", {"name": "Maria Dona", "login": "maria",
                                           "password": "segredo-123", "confirm": "segredo-123"})
    assert response.status_code == 302
    user = factory.scalar(select(User).where(User.login == "maria"))
    assert user.is_admin and user.password_hash.startswith("scrypt:")
    assert web.get("/first-run").status_code == 404


def test_first_run_keeps_typed_values_on_error(web):
    response = web.post("/first-run", {"name": "Maria", "login": "maria",
                                           "password": "curta", "confirm": "outra"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Maria"' in page and 'value="maria"' in page
    assert "entre 8 e 200 caracteres" in page and "As senhas não conferem." in page


def test_sign_in_page_uses_the_manuals_words(web, admin):
    page = web.get("/login").get_data(as_text=True)
    assert '<label for="login">Usuário</label>' in page
    assert '<label for="password">Senha</label>' in page
    assert ">Entrar</button>" in page


def test_wrong_password_gets_a_clear_message_and_keeps_the_user_name(web, admin):
    response = web.login("admin", "wrong-password")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Usuário ou senha incorretos." in page and 'value="admin"' in page
    assert "Nada foi salvo" not in page  # signing in saves nothing


def test_a_password_typed_as_the_user_name_stays_out_of_the_log(web, admin, caplog):
    caplog.set_level(logging.INFO, logger="app.auth")
    web.login("Segredo-Da-Maria-77", "whatever-123")
    web.login("Segredo-Da-Maria-77", "whatever-123")
    web.login("admin", "wrong-password")
    assert "segredo" not in caplog.text.lower()
    failures = [r.getMessage() for r in caplog.records if "sign-in failed" in r.getMessage()]
    assert len(failures) == 3
    assert failures[0] == failures[1], "the same typing should be recognisable in the log"
    assert "unknown user name" in failures[0]
    assert failures[2] == "sign-in failed for 'admin' from 127.0.0.1"


def test_sign_in_and_sign_out(web, admin):
    assert web.login("admin").status_code == 302
    assert web.get("/followups/").status_code == 200
    page = web.get("/followups/").get_data(as_text=True)
    assert ">Sair</button>" in page
    web.logout()
    response = web.get("/followups/")
    assert response.status_code == 302 and "/login" in response.location


def test_sign_out_revokes_a_copied_session_cookie(app, web, admin):
    web.login("admin")
    cookie = app.config["SESSION_COOKIE_NAME"]
    stolen = web.client.get_cookie(cookie).value
    web.logout()
    other = app.test_client()
    other.set_cookie(cookie, stolen)
    response = other.get("/followups/")
    assert response.status_code == 302 and "/login" in response.location


def test_a_post_without_csrf_token_is_refused_with_a_clear_message(web, admin, factory):
    web.login("admin")
    response = web.client.post("/parties/customers/new", data={"name": "Sem Token"})
    assert response.status_code == 400
    assert "token de segurança" in response.get_data(as_text=True)
    assert factory.scalar(select(User.id).where(User.login == "x")) is None


def test_signing_in_forgets_attempts_older_than_the_lock_out_window(app, web, admin, factory):
    now = now_utc()
    with app.app_context():
        db.session.add_all([
            LoginAttempt(login="fulano", at=now - timedelta(days=3), succeeded=False),
            LoginAttempt(login="admin", at=now - KEEP_ATTEMPTS - timedelta(minutes=1),
                         succeeded=True),
            LoginAttempt(login="fulano", at=now - timedelta(minutes=10), succeeded=False)])
        db.session.commit()
    web.login("admin")
    kept = factory.scalars(select(LoginAttempt.login).order_by(LoginAttempt.at))
    assert kept == ["fulano", "admin"]  # the recent failure and this sign-in


def test_old_attempts_are_found_through_an_index(app):
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            # An empty table is read whole by choice: forbid that to see the index is usable.
            db.session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(row[0] for row in db.session.execute(text(
                "EXPLAIN DELETE FROM login_attempts WHERE at < :cutoff"),
                {"cutoff": "2025-01-01"}))
            assert "ix_login_attempts_at" in plan
            return
        plan = " ".join(row[-1] for row in db.session.execute(text(
            "EXPLAIN QUERY PLAN DELETE FROM login_attempts WHERE at < :cutoff"),
            {"cutoff": "2025-01-01"}))
    assert "SEARCH login_attempts USING INDEX ix_login_attempts_at (at<?)" in plan


def test_foreign_next_parameter_is_not_followed(web, admin):
    response = web.post("/login?next=https://evil.example/", {"login": "admin",
                                                                   "password": PASSWORD})
    assert response.status_code == 302
    follow = web.get(response.location)
    assert "evil.example" not in (follow.location or "")


@pytest.mark.parametrize("flags,expected_admin", [([], False), (["--admin"], True)])
def test_create_user_command_reads_the_password_from_stdin(app, factory, flags, expected_admin):
    from app.cli import main

    result = app.test_cli_runner().invoke(
        main, ["create-user", "joana", *flags, "--password-stdin", "--data-dir",
               app.config["DATA_DIR"]], input="senha-forte-1\n")
    assert result.exit_code == 0, result.output
    user = factory.scalar(select(User).where(User.login == "joana"))
    assert user.is_admin is expected_admin


def test_create_user_command_refuses_a_short_password(app):
    from app.cli import main

    result = app.test_cli_runner().invoke(
        main, ["create-user", "joana", "--password-stdin", "--data-dir", app.config["DATA_DIR"]],
        input="curta\n")
    assert result.exit_code == 1
    assert "8 caracteres" in result.output
