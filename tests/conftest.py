"""Shared fixtures: an app on a real temporary SQLite file, clients, users and records."""

import re
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from functools import wraps
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db

from .factories import Factory

PASSWORD = "correct-horse-9"


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    """Run every migration once on an empty SQLite file; tests start from a copy of it."""
    folder = tmp_path_factory.mktemp("template")
    app = create_app({"DATA_DIR": str(folder), "SECRET_KEY": "template"})
    with app.app_context():
        db.engine.dispose()
    path = folder / "retorno.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def app(tmp_path, migrated_db):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(migrated_db, data_dir / "retorno.sqlite3")
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True})
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
