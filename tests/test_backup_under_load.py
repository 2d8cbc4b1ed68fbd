"""A backup taken while threads write is one consistent snapshot and restores identically."""

import sqlite3
import threading
from datetime import datetime, timedelta

import pytest

from app.backups.restore import restore_backup
from app.backups.services import MANUAL, backup_dir, take_backup
from app.backups.stores import SqliteStore
from app.extensions import db
from app.followups.services import EntryData, add_entry
from app.models import FollowUp, User

from .route_map import database_file, fingerprint

pytestmark = pytest.mark.sqlite_only(
    reason="the SQLite file's own states and bytes; PostgreSQL backups: test_backups_postgres.py")

WRITERS = 4


def test_backup_under_load_is_a_consistent_snapshot_that_restores(app, factory, admin):
    party = factory.party("Cliente Movimentado")
    first = factory.entry(party, admin, return_date=datetime.now().date())
    type_id = factory.type_id()
    stop = threading.Event()
    written = [0] * WRITERS
    errors: list[Exception] = []
    progress = threading.Condition()  # notified after every commit

    def all_written_past(marks: list[int]) -> bool:
        return all(done > mark for done, mark in zip(written, marks, strict=True))

    def writer(n: int) -> None:
        with app.app_context():
            user = db.session.get(User, admin.id)
            follow_up = db.session.get(FollowUp, first.follow_up_id)
            while not stop.is_set():
                try:
                    moment = datetime(2026, 6, 1, 10)
                    add_entry(follow_up, user, EntryData(
                        contacted_at=moment, return_date=moment.date() + timedelta(days=1),
                        type_id=type_id, status="open",
                        notes=f"writer {n} seq {written[n] + 1}"))
                    db.session.commit()
                    with progress:
                        written[n] += 1
                        progress.notify_all()
                except Exception as error:  # noqa: BLE001 - asserted below
                    errors.append(error)
                    db.session.rollback()
                    stop.set()
                    with progress:
                        progress.notify_all()
            db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    with progress:  # every writer has committed before the first backup starts
        assert progress.wait_for(lambda: all_written_past([0] * WRITERS) or stop.is_set(), 60)
    # Backups taken by hand are never rotated away: all three stay to be read.
    store = SqliteStore(str(database_file(app)))
    backups = [take_backup(store, backup_dir(app.config["DATA_DIR"]), MANUAL) for _ in range(3)]
    with progress:  # and keeps committing after the last one
        marks = list(written)
        assert progress.wait_for(lambda: all_written_past(marks) or stop.is_set(), 60)
    stop.set()
    for thread in threads:
        thread.join()
    assert errors == []
    for backup in backups:
        assert backup.path.exists()
        with sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True) as connection:
            assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
            assert connection.execute("pragma foreign_key_check").fetchall() == []
            notes = [row[0] for row in connection.execute(
                "select notes from follow_up_entries where notes like 'writer %'")]
            entries = connection.execute("select count(*) from follow_up_entries").fetchone()[0]
            created = connection.execute("select count(*) from audit_events where entity = "
                                         "'entry' and action = 'create'").fetchone()[0]
        # Each writer commits in order: a snapshot holds a gap-free prefix of each one's rows,
        # and every entry with the audit event written in the same transaction.
        for n in range(WRITERS):
            mine = [note for note in notes if note.startswith(f"writer {n} ")]
            seqs = sorted(int(note.split()[-1]) for note in mine)
            assert seqs == list(range(1, len(seqs) + 1)), f"writer {n}: gap in the snapshot"
        assert entries == created
    in_backup = len(notes)
    snapshot = fingerprint(backups[-1].path)
    with app.app_context():
        db.session.remove()
    restore_backup(app, backups[-1].path)
    restored = fingerprint(database_file(app))
    # A restore signs everyone out (each user's session version goes up); all else is the same.
    differing = [t for t in snapshot if t != "users" and snapshot[t] != restored.get(t)]
    assert _users_but_sessions(database_file(app)) == _users_but_sessions(backups[-1].path)
    assert _session_versions(database_file(app)) == [
        v + 1 for v in _session_versions(backups[-1].path)]
    print(f"\nbackup under load: {sum(written)} rows written by {WRITERS} threads, "
          f"{len(backups)} backups taken meanwhile (last holds {in_backup}), all consistent; "
          f"restored tables differing from the snapshot: {len(differing)}")
    assert differing == []
    assert 0 < in_backup <= sum(written)


def _users_but_sessions(path) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        columns = [row[1] for row in connection.execute("pragma table_info(users)")
                   if row[1] != "session_version"]
        return connection.execute(f"select {', '.join(columns)} from users order by id").fetchall()


def _session_versions(path) -> list[int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return [row[0] for row in connection.execute(
            "select session_version from users order by id")]
