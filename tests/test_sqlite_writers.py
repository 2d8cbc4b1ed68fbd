"""Writers on one SQLite file take turns in a lock of the process, not in SQLite's busy handler
(which sleeps up to 100 ms between tries: with many users saving, some saves waited seconds)."""

import threading

import pytest
from sqlalchemy import create_engine, text

from app import sqlite_tuning

pytestmark = pytest.mark.sqlite_only(reason="SQLite's own write lock")


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'writers.sqlite3'}")
    sqlite_tuning.install(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (writer TEXT)")
    yield engine
    engine.dispose()


def impatient(engine):
    """A connection whose BEGIN IMMEDIATE would fail at once if the file were locked."""
    connection = engine.connect()
    connection.connection.dbapi_connection.execute("PRAGMA busy_timeout = 0")
    return connection


def test_a_second_writer_waits_for_the_first_instead_of_failing(engine):
    first_holds, second_done = threading.Event(), threading.Event()
    failures = []

    def second_writer():
        first_holds.wait()
        try:
            with impatient(engine) as connection, connection.begin():
                connection.execute(text("INSERT INTO notes VALUES ('second')"))
        except Exception as error:  # noqa: BLE001 - reported by the assert below
            failures.append(error)
        second_done.set()

    thread = threading.Thread(target=second_writer)
    thread.start()
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes VALUES ('first')"))
        first_holds.set()
        assert not second_done.wait(0.3)  # it waits while the first transaction is open
    assert second_done.wait(5)
    thread.join()
    assert failures == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT writer FROM notes")).scalars().all() == [
            "first", "second"]


def test_the_turn_passes_on_after_a_rollback_and_readers_never_wait(engine):
    with engine.connect() as connection:
        with connection.begin() as transaction:
            connection.execute(text("INSERT INTO notes VALUES ('undone')"))
            with sqlite_tuning.read_only_transactions(), impatient(engine) as reader:
                assert reader.execute(text("SELECT count(*) FROM notes")).scalar() == 0
            transaction.rollback()
    with impatient(engine) as connection, connection.begin():
        connection.execute(text("INSERT INTO notes VALUES ('kept')"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT writer FROM notes")).scalars().all() == ["kept"]
