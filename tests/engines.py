"""Which database engine the suite runs on: SQLite files by default, PostgreSQL when asked.

`RETORNO_TEST_DATABASE_URL=postgresql+psycopg://user@host:port/name` (or `--database-url`) runs
every test on that server: the migrations run once into a template database, and each test gets
a fresh copy of it (`CREATE DATABASE … TEMPLATE …`), dropped at the end.
"""

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

ENV_NAME = "RETORNO_TEST_DATABASE_URL"
_counter = itertools.count(1)


def requested_url(option: str | None = None) -> URL | None:
    raw = option or os.environ.get(ENV_NAME, "")
    return make_url(raw) if raw.strip() else None


def is_postgres(url: URL | None) -> bool:
    return url is not None and url.get_backend_name() == "postgresql"


@contextmanager
def _server(url: URL) -> Iterator:
    """An autocommit connection to the server's maintenance database (CREATE/DROP DATABASE)."""
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                           poolclass=None)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def _quoted(name: str) -> str:
    assert name.replace("_", "").isalnum(), name
    return f'"{name}"'


def create_database(url: URL, name: str, template: str | None = None) -> URL:
    """Create (replacing) a database on url's server, optionally copied from template."""
    with _server(url) as server:
        server.execute(text(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)"))
        copy = f" TEMPLATE {_quoted(template)} STRATEGY FILE_COPY" if template else ""
        server.execute(text(f"CREATE DATABASE {_quoted(name)}{copy}"))
    return url.set(database=name)


def drop_database(url: URL, name: str) -> None:
    with _server(url) as server:
        server.execute(text(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)"))


def template_name(url: URL) -> str:
    return f"{url.database}_template_{os.getpid()}"


def next_test_name(url: URL) -> str:
    return f"{url.database}_{os.getpid()}_{next(_counter)}"
