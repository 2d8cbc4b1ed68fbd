"""Backups: online verified copies, rotation, restore with a safety copy, start-up checks."""

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.backups.services import (
    DAILY,
    MANUAL,
    SAFETY,
    Backup,
    backup_dir,
    backups_to_keep,
    list_backups,
    restore_backup,
    rotate_backups,
    take_backup,
)
from app.cli import main
from app.database import DamagedDatabaseError
from app.extensions import db
from app.models import FollowUpEntry, Party


def database_of(app) -> str:
    return str(Path(app.config["DATA_DIR"]) / "retorno.sqlite3")


def count(path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"select count(*) from {table}").fetchone()[0]


def test_backup_is_a_verified_self_contained_copy(app, factory):
    factory.party("Antes do Backup")
    backup = take_backup(database_of(app), backup_dir(app.config["DATA_DIR"]), MANUAL)
    assert backup.kind == MANUAL and backup.size > 0
    assert not Path(str(backup.path) + "-wal").exists()
    with sqlite3.connect(backup.path) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert connection.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert count(backup.path, "parties") == 1


def test_restore_puts_rows_back_and_keeps_a_safety_copy(app, factory):
    folder = backup_dir(app.config["DATA_DIR"])
    factory.party("Fica")
    backup = take_backup(database_of(app), folder, MANUAL)
    factory.party("Some depois do restore")
    safety = restore_backup(database_of(app), backup.path, folder)
    assert factory.scalar(select(func.count(Party.id))) == 1
    assert safety.kind == SAFETY and count(safety.path, "parties") == 2
    # The restored backup is pinned, the safety copy is protected: rotation keeps both.
    names = {b.name: b for b in list_backups(folder)}
    assert names[backup.name].pinned and names[safety.name].protected


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_protected(tmp_path):
    start = datetime(2026, 1, 1, 3, tzinfo=UTC)
    backups = [Backup(tmp_path / f"b{n}", start + timedelta(hours=12 * n), DAILY, 1, False)
               for n in range(2 * 400)]
    backups.append(Backup(tmp_path / "safety", start, SAFETY, 1, False))
    keep = backups_to_keep(backups)
    kept = sorted((b for b in backups if b.path in keep and b.kind == DAILY),
                  key=lambda b: b.taken_at, reverse=True)
    days = {b.taken_at.date() for b in kept}
    assert len(kept) == len(days)  # at most one per day
    assert [b.taken_at.date() for b in kept[:7]] == [
        kept[0].taken_at.date() - timedelta(days=n) for n in range(7)]
    assert len({b.taken_at.isocalendar()[:2] for b in kept}) >= 4
    assert len({(b.taken_at.year, b.taken_at.month) for b in kept}) == 12
    assert len(kept) <= 7 + 4 + 12
    assert tmp_path / "safety" in keep
    print(f"\nrotation: {len(backups)} backups -> {len(keep)} kept")


def test_rotation_deletes_files_but_never_the_newest(app):
    folder = backup_dir(app.config["DATA_DIR"])
    base = datetime(2026, 3, 1, tzinfo=UTC)
    for n in range(10):
        take_backup(database_of(app), folder, DAILY, now=base + timedelta(days=n), rotate=False)
    removed = rotate_backups(folder)
    assert len(removed) == 2  # Mar 2 and 3: 7 days kept, Mar 1 as its ISO week's newest
    assert list_backups(folder)[0].taken_at == base + timedelta(days=9)


def test_cli_backup_and_restore(app, factory, tmp_path):
    runner = app.test_cli_runner()
    data = ["--data-dir", app.config["DATA_DIR"]]
    factory.party("Linha 1")
    target = tmp_path / "copia.sqlite3"
    result = runner.invoke(main, ["backup", str(target), *data])
    assert result.exit_code == 0, result.output
    assert "verified" in result.output and count(target, "parties") == 1
    factory.party("Linha 2")
    result = runner.invoke(main, ["restore", str(target), *data])
    assert result.exit_code == 0, result.output
    assert factory.scalar(select(func.count(Party.id))) == 1
    assert any(b.kind == SAFETY for b in list_backups(backup_dir(app.config["DATA_DIR"])))


def test_cli_restore_refuses_a_damaged_file(app, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    result = app.test_cli_runner().invoke(main, ["restore", str(bad), "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code != 0 and "not restored" in result.output


def test_backups_are_refused_clearly_on_other_databases(app):
    from app.backups.services import BackupError, sqlite_file

    other = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "AUTO_MIGRATE": False,
                        "DATA_DIR": app.config["DATA_DIR"], "TESTING": True})
    with pytest.raises(BackupError):
        sqlite_file(other)


def corrupt(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("pragma page_size").fetchone()[0]
        connection.execute("pragma wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as handle:  # scribble over the second page (a table's b-tree)
        handle.seek(page_size * 2)
        handle.write(b"\xff" * page_size)


def test_start_up_refuses_a_damaged_database_and_names_the_latest_good_backup(app):
    folder = backup_dir(app.config["DATA_DIR"])
    good = take_backup(database_of(app), folder, MANUAL)
    with app.app_context():
        db.engine.dispose()
    corrupt(Path(database_of(app)))
    with pytest.raises(DamagedDatabaseError) as raised:
        create_app({"DATA_DIR": app.config["DATA_DIR"], "TESTING": True})
    message = str(raised.value.message)
    assert "damaged" in message and good.name in message and "retorno restore" in message


def test_start_up_logs_the_sqlite_version(tmp_path, caplog):
    caplog.set_level("INFO")
    created = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    assert f"SQLite library {sqlite3.sqlite_version}" in caplog.text
    with created.app_context():
        db.engine.dispose()


def test_a_pending_migration_on_an_existing_database_is_backed_up_first(app, monkeypatch):
    import app.database as database

    assert not database.pending_migration(app)  # the fixture's file is at the head
    monkeypatch.setattr(database, "pending_migration", lambda _app: True)
    database.upgrade_database(app)
    kinds = [b.kind for b in list_backups(backup_dir(app.config["DATA_DIR"]))]
    assert kinds == ["premigration"]


def test_admin_page_backs_up_and_restores(signed_in, app, factory):
    page = signed_in.get("/admin/backups")
    assert page.status_code == 200 and "Fazer backup agora" in page.get_data(as_text=True)
    response = signed_in.post("/admin/backups", {})
    assert response.status_code == 302
    backup = list_backups(backup_dir(app.config["DATA_DIR"]))[0]
    factory.party("Depois do backup")
    confirm = signed_in.get(f"/admin/backups/{backup.name}/restore")
    assert confirm.status_code == 200
    refused = signed_in.post(f"/admin/backups/{backup.name}/restore", {})
    assert refused.status_code == 422
    assert factory.scalar(select(func.count(Party.id))) == 1
    done = signed_in.post(f"/admin/backups/{backup.name}/restore", {"confirm": "y"})
    assert done.status_code == 302
    assert factory.scalar(select(func.count(Party.id))) == 0


def test_backup_pages_are_for_admins_only(web, factory):
    factory.user("vendas")
    web.login("vendas")
    assert web.get("/admin/backups").status_code == 403
    assert web.post("/admin/backups", {}).status_code == 403
    assert web.get("/admin/deleted-entries").status_code == 403


def test_admin_restores_a_deleted_entry(signed_in, factory, admin):
    party = factory.party()
    entry = factory.entry(party, admin, return_date=date.today(), notes="Volta pra lista")
    signed_in.post(f"/entries/{entry.id}/delete", {})
    assert factory.get(FollowUpEntry, entry.id).deleted_at is not None
    listed = signed_in.get("/admin/deleted-entries").get_data(as_text=True)
    assert "Volta pra lista" in listed
    response = signed_in.post(f"/admin/deleted-entries/{entry.id}/restore", {})
    assert response.status_code == 302
    assert factory.get(FollowUpEntry, entry.id).deleted_at is None
    assert signed_in.post(f"/admin/deleted-entries/{entry.id}/restore", {}).status_code == 404


def test_a_big_file_starts_at_once_and_refuses_to_serve_when_the_late_check_fails(
        app, monkeypatch):
    import threading

    from app import sqlite_tuning

    real = sqlite_tuning.integrity_problems
    calls = []

    def index_damage_only(path, foreign_keys=False, quick=False):
        calls.append(quick)
        return [] if quick else ["row 7 missing from index ix_entries_return"]

    monkeypatch.setattr(sqlite_tuning, "integrity_problems", index_damage_only)
    started = create_app({"DATA_DIR": app.config["DATA_DIR"], "TESTING": True,
                          "STARTUP_FULL_CHECK_MAX_BYTES": 0})
    for thread in threading.enumerate():
        if thread.name == "retorno-integrity":
            thread.join(10)
    monkeypatch.setattr(sqlite_tuning, "integrity_problems", real)
    assert calls == [False]  # no blocking check before serving; one full check after
    response = started.test_client().get("/login")
    assert response.status_code == 503 and "damaged" in response.get_data(as_text=True)
    with started.app_context():
        db.engine.dispose()
