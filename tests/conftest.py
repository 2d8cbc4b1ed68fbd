"""Shared fixtures: an app on a real temporary SQLite file, clients, users and records."""

import re
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from functools import wraps

import pytest

from app import create_app
from app.extensions import db

from . import engines
from .factories import Factory

PASSWORD = "correct-horse-9"


def pytest_addoption(parser):
    parser.addoption("--database-url", default=None,
                     help=f"run the suite on this PostgreSQL database (or set {engines.ENV_NAME})")


def pytest_configure(config):
    url = engines.requested_url(config.getoption("--database-url"))
    config.retorno_database_url = url if engines.is_postgres(url) else None


# A test with none of these fixtures runs on a database of its own making (a SQLite file in
# its data folder) or none: the SQLite pass already ran it, the PostgreSQL pass skips it.
DATABASE_FIXTURES = {"database_uri", "empty_database"}


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL, skip the tests about SQLite's own files, each with the reason it gives."""
    if config.retorno_database_url is None:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
        elif not DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.skip(
                reason="uses no database under test (run in the SQLite pass)"))


def pytest_report_header(config):
    url = config.retorno_database_url
    return f"database: {url.render_as_string() if url else 'SQLite files'}"


@pytest.fixture(scope="session")
def postgres_url(pytestconfig):
    """The PostgreSQL server the suite runs on, or None on SQLite."""
    return pytestconfig.retorno_database_url


@pytest.fixture
def postgres_only(postgres_url):
    """Skip a test outside the suite's PostgreSQL pass (it needs the server's own features)."""
    if postgres_url is None:
        pytest.skip("needs PostgreSQL (the suite's PostgreSQL pass)")


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory, postgres_url):
    """Run every migration once into a template (a SQLite file, or a PostgreSQL database);
    each test starts from a copy of it."""
    folder = tmp_path_factory.mktemp("template")
    # TESTING: no background thread (daily backup, rules) may hold the template open.
    config = {"DATA_DIR": str(folder), "SECRET_KEY": "template", "TESTING": True}
    if postgres_url is not None:
        name = engines.template_name(postgres_url)
        url = engines.create_database(postgres_url, name)
        config["SQLALCHEMY_DATABASE_URI"] = url.render_as_string(hide_password=False)
    app = create_app(config)
    with app.app_context():
        db.engine.dispose()
    if postgres_url is not None:
        yield name
        engines.drop_database(postgres_url, name)
        return
    path = folder / "retorno.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    yield path


@pytest.fixture
def database_uri(tmp_path, migrated_db, postgres_url):
    """The test's own database: a copy of the migrated template (None: the data folder's file)."""
    if postgres_url is None:
        yield None
        return
    name = engines.next_test_name(postgres_url)
    url = engines.create_database(postgres_url, name, template=migrated_db)
    yield url.render_as_string(hide_password=False)
    engines.drop_database(postgres_url, name)


@pytest.fixture
def empty_database(tmp_path, postgres_url):
    """create_app settings for a database no migration has touched (a new install)."""
    folder = tmp_path / "empty"
    folder.mkdir()
    if postgres_url is None:
        yield {"DATA_DIR": str(folder)}
        return
    name = engines.next_test_name(postgres_url)
    url = engines.create_database(postgres_url, name)
    yield {"DATA_DIR": str(folder), "SQLALCHEMY_DATABASE_URI": url.render_as_string(
        hide_password=False)}
    engines.drop_database(postgres_url, name)


@pytest.fixture
def app(tmp_path, migrated_db, database_uri, monkeypatch):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    config = {"DATA_DIR": str(data_dir), "TESTING": True}
    if database_uri is None:
        shutil.copy(migrated_db, data_dir / "retorno.sqlite3")
    else:
        config["SQLALCHEMY_DATABASE_URI"] = database_uri
        # `retorno …` commands run by the test (CliRunner) reach the same database.
        monkeypatch.setenv("DATABASE_URL", database_uri)
    app = create_app(config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factory(app):
    return Factory(app, PASSWORD)


@pytest.fixture
def spied_views(app):
    """Wrap every view so each call is counted (security tests: none may run)."""
    calls: list[str] = []
    for endpoint, view in list(app.view_functions.items()):
        def spy(*args, _view=view, _endpoint=endpoint, **kwargs):
            calls.append(_endpoint)
            return _view(*args, **kwargs)

        app.view_functions[endpoint] = wraps(view)(spy)
    return calls


class Browser:
    """A test client that signs in and sends forms with their CSRF token, as a browser would."""

    def __init__(self, client):
        self.client = client
        self._token = None

    def csrf_token(self) -> str:
        if self._token is None:
            page = self.client.get("/login", follow_redirects=True).get_data(as_text=True)
            match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            assert match, "no CSRF token on the page"
            self._token = match.group(1)
        return self._token

    def login(self, login: str, password: str = PASSWORD):
        self._token = None
        response = self.post("/login", {"login": login, "password": password})
        self._token = None
        return response

    def logout(self):
        response = self.post("/logout", {})
        self._token = None
        return response

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict, **kwargs):
        data = dict(data)
        data.setdefault("csrf_token", self.csrf_token())
        return self.client.post(url, data=data, **kwargs)


@pytest.fixture
def web(client):
    """A signed-out Browser-like client (named apart from pytest-playwright's `browser`)."""
    return Browser(client)


@pytest.fixture
def admin(factory):
    return factory.user("admin", is_admin=True)


@pytest.fixture
def signed_in(web, admin):
    """A client signed in as an administrator."""
    response = web.login("admin")
    assert response.status_code == 302
    return web


def br(day: date) -> str:
    """Format a date as a user types it."""
    return day.strftime("%d/%m/%Y")


def br_moment(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


__all__ = ["br", "br_moment", "timedelta", "PASSWORD"]
