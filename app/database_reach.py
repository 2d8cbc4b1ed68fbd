"""Reaching the database before anything starts: one clear line for a wrong DATABASE_URL, and a
wait (with a message) for a PostgreSQL server that is not up yet, as on a server PC booting."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from click import ClickException
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import NullPool

RETRY_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 10
# libpq's words (and a Brazilian server's own) for a server that is not (yet) answering.
NOT_UP_YET = ("connection refused", "timeout expired", "timed out", "starting up",
              "shutting down", "network is unreachable", "no route to host",
              "está iniciando", "está sendo desligado", "conexão recusada")
PASSWORD_REFUSED = ("password authentication failed", "no password supplied",
                    "autenticação do tipo senha falhou")
MISSING = ("does not exist", "não existe")


class DatabaseUnreachable(ClickException):
    """The database cannot be used with this URL: every `retorno` command prints one line."""


@dataclass(frozen=True)
class Refusal:
    message: str
    may_come_up: bool  # the server is not answering yet: worth waiting for


def reach_database(raw_url: str, wait_seconds: float = 0,
                   say: Callable[[str], None] = print) -> None:
    """Return once a connection to raw_url opens; raise DatabaseUnreachable saying why not.

    A server that is not answering yet is tried again every RETRY_SECONDS for wait_seconds.
    SQLite files are left to the start-up checks (a new file is made on first use).
    """
    url = parsed_url(raw_url)
    if url.get_backend_name() == "sqlite":
        return
    try:
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    except (NoSuchModuleError, ModuleNotFoundError) as error:
        raise DatabaseUnreachable(
            f"DATABASE_URL names a database Retorno cannot use ({url.drivername}): "
            f"use postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE "
            f"(the PostgreSQL driver comes with `pip install retorno[postgres]`)") from error
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            try:
                with engine.connect():
                    return
            except OperationalError as error:
                refusal = explain(url, str(error.orig or error))
                if not refusal.may_come_up:
                    raise DatabaseUnreachable(refusal.message) from None
                if time.monotonic() + RETRY_SECONDS > deadline:
                    waited = f" Waited {wait_seconds:.0f} s." if wait_seconds else ""
                    raise DatabaseUnreachable(refusal.message + waited) from None
                say(f"{refusal.message} Trying again in {RETRY_SECONDS:.0f} s "
                    f"(Ctrl+C stops).")
                time.sleep(RETRY_SECONDS)
    finally:
        engine.dispose()


def parsed_url(raw_url: str) -> URL:
    try:
        return make_url(raw_url)
    except (ArgumentError, ValueError) as error:
        raise DatabaseUnreachable(
            "DATABASE_URL is not a database address: write it as "
            "postgresql+psycopg://USER:PASSWORD@HOST:PORT/DATABASE") from error


def explain(url: URL, driver_message: str) -> Refusal:
    """Say in one line why the server refused, naming the server and user, never the password."""
    text = " ".join(driver_message.split())
    lowered = text.lower()
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if any(words in lowered for words in PASSWORD_REFUSED):
        return Refusal(f"PostgreSQL at {where} refused the password of user "
                       f"{url.username!r}: correct the password in DATABASE_URL.", False)
    if "resolve host" in lowered or "translate host name" in lowered:
        return Refusal(f"The database server {url.host!r} in DATABASE_URL was not found on the "
                       f"network: check the name.", False)
    if "invalid port" in lowered:
        return Refusal(f"The port in DATABASE_URL is not a valid port number ({where}).", False)
    if any(words in lowered for words in MISSING):
        thing = (f"database {url.database!r}" if "database" in lowered or "banco" in lowered
                 else f"user {url.username!r}")
        return Refusal(f"PostgreSQL at {where} has no {thing}: create it (see the README, "
                       f"\"Escritório com vários computadores\") or correct DATABASE_URL.", False)
    if any(words in lowered for words in NOT_UP_YET):
        return Refusal(f"No PostgreSQL server answers at {where} (not started yet, or a wrong "
                       f"host or port in DATABASE_URL).", True)
    return Refusal(f"Could not connect to the database at {where} as {url.username!r}: {text}",
                   False)
