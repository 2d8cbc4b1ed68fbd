"""Crash durability: a writer killed with SIGKILL at a random moment loses no acknowledged entry."""

import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
import time
from datetime import datetime, timedelta

import pytest

from app import create_app
from app.extensions import db

ITERATIONS = 200 if os.environ.get("CI") == "true" else int(
    os.environ.get("RETORNO_CRASH_ITERATIONS", "15"))


def writer(app, party_id: int, user_id: int, type_id: int, pipe) -> None:
    """Save entries through the services, sending each id once its commit returned."""
    from app.followups.services import EntryData, add_entry, start_follow_up, update_entry
    from app.models import FollowUpEntry, Party, User

    with app.app_context():
        db.engine.dispose(close=False)  # the parent's pool is not ours to use
        party, user = db.session.get(Party, party_id), db.session.get(User, user_id)
        pipe.send("ready")
        follow_up, n = None, 0
        while True:
            n += 1
            moment = datetime(2026, 5, 4, 9, 30)
            data = EntryData(contacted_at=moment, return_date=moment.date() + timedelta(days=3),
                             type_id=type_id, status="open", notes=f"Ligação {n} " + "x" * 300,
                             complaints="Reclamação" * (n % 5), internal_comment=f"interno {n}")
            if follow_up is None or n % 7 == 0:
                entry = start_follow_up(party, user, data)
                follow_up = entry.follow_up
            else:
                entry = add_entry(follow_up, user, data)
            db.session.commit()
            pipe.send(entry.id)
            if n % 5 == 0:  # rewrite an older row too, so the kill can land mid-update
                older = db.session.get(FollowUpEntry, entry.id)
                data.notes += " (revisto)"
                update_entry(older, user, data, older.version)
                db.session.commit()


def check(path) -> tuple[set[int], str, list]:
    connection = sqlite3.connect(path)
    try:
        ids = {row[0] for row in connection.execute("select id from follow_up_entries")}
        integrity = connection.execute("pragma integrity_check").fetchone()[0]
        broken = connection.execute("pragma foreign_key_check").fetchall()
    finally:
        connection.close()
    return ids, integrity, broken


@pytest.mark.slow
def test_killed_writer_loses_no_acknowledged_entry(tmp_path, factory_free_setup):
    app, party_id, user_id, type_id = factory_free_setup
    path = tmp_path / "data" / "retorno.sqlite3"
    context = multiprocessing.get_context("fork")
    rng = random.Random(int(os.environ.get("RETORNO_CRASH_SEED", "6")))
    acknowledged: set[int] = set()
    lost_total = bad_integrity = bad_keys = 0
    for _ in range(ITERATIONS):
        parent_end, child_end = context.Pipe(duplex=False)
        child = context.Process(target=writer, args=(app, party_id, user_id, type_id, child_end))
        child.start()
        child_end.close()
        assert parent_end.poll(30) and parent_end.recv() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))  # let it write for a random while
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        while parent_end.poll():
            try:
                acknowledged.add(parent_end.recv())
            except EOFError:
                break
        parent_end.close()
        ids, integrity, broken = check(path)
        lost_total += len(acknowledged - ids)
        bad_integrity += integrity != "ok"
        bad_keys += bool(broken)
    print(f"\ncrash durability: {ITERATIONS} SIGKILLs, {len(acknowledged)} acknowledged entries, "
          f"lost {lost_total}, integrity failures {bad_integrity}, "
          f"foreign-key failures {bad_keys}")
    assert acknowledged, "the writer never committed anything"
    assert lost_total == 0 and bad_integrity == 0 and bad_keys == 0


@pytest.fixture
def factory_free_setup(tmp_path, migrated_db):
    """An app on a copy of the migrated template, with a user, a party and a type."""
    from tests.factories import Factory

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(migrated_db, data_dir / "retorno.sqlite3")
    app = create_app({"DATA_DIR": str(data_dir), "TESTING": True, "AUTO_MIGRATE": False})
    factory = Factory(app, "correct-horse-9")
    user = factory.user("gravador")
    party = factory.party("Cliente da Queda")
    type_id = factory.type_id()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    yield app, party.id, user.id, type_id
    with app.app_context():
        db.engine.dispose()
