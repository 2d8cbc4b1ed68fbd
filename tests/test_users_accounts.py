"""One way to create an account: the CLI, the first run and the users page share one login rule."""

from sqlalchemy import select

from app.cli import main
from app.models import User


def _create_user(app, login: str, password: str = "senha-forte-1"):
    return app.test_cli_runner().invoke(
        main, ["create-user", login, "--password-stdin", "--data-dir", app.config["DATA_DIR"]],
        input=f"{password}\n")


def test_cli_refuses_a_login_the_users_page_would_refuse(app, factory):
    result = _create_user(app, "João Silva")
    assert result.exit_code == 1
    assert "login" in result.output
    assert factory.scalar(select(User).where(User.login.like("jo%"))) is None


def test_cli_refuses_a_login_already_taken(app, factory):
    factory.user("joana")
    result = _create_user(app, "Joana")
    assert result.exit_code == 1
    assert factory.scalar(select(User.id).where(User.login == "joana")) is not None
    assert len(factory.scalars(select(User))) == 1


def test_cli_creates_the_login_in_lower_case(app, factory):
    result = _create_user(app, "Joana.Souza")
    assert result.exit_code == 0, result.output
    assert factory.scalar(select(User.login)) == "joana.souza"


def test_first_run_refuses_a_login_with_a_space_beside_the_field(web):
    page = web.get("/first-run")
    assert page.status_code == 200
    response = web.post("/first-run", {"name": "João Silva", "login": "João Silva",
                                       "password": "senha-forte-1", "confirm": "senha-forte-1"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Use só letras minúsculas" in html
    assert 'value="João Silva"' in html  # what was typed stays
