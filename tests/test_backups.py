"""Backups: online verified copies, rotation, restore with a safety copy, start-up checks."""

import logging
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.backups import scheduler
from app.backups.restore import restore_backup
from app.backups.scheduler import start_backup_thread
from app.backups.services import (
    DAILY,
    MANUAL,
    PRE_MIGRATION,
    SAFETY,
    Backup,
    BackupError,
    backup_dir,
    backups_to_keep,
    database_store,
    delete_backup,
    list_backups,
    needs_daily_backup,
    rotate_backups,
    take_backup,
)
from app.backups.stores import SqliteStore
from app.cli import main
from app.database import DamagedDatabaseError
from app.extensions import db
from app.models import FollowUpEntry, Party

from .databases import database_at, leave_a_row_out_of_an_index, revision_of, scribble_over_a_page
from .waiting import wait_until

pytestmark = pytest.mark.sqlite_only(
    reason="the SQLite file's own states and bytes; PostgreSQL backups: test_backups_postgres.py")


def database_of(app) -> SqliteStore:
    return SqliteStore(str(Path(app.config["DATA_DIR"]) / "retorno.sqlite3"))


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
    safety = restore_backup(app, backup.path)
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


def test_backups_taken_by_hand_are_never_rotated_away(app):
    folder = backup_dir(app.config["DATA_DIR"])
    day = datetime(2026, 3, 2, 3, tzinfo=UTC)
    automatic = take_backup(database_of(app), folder, DAILY, now=day)
    by_hand = [take_backup(database_of(app), folder, MANUAL, now=day + timedelta(hours=h))
               for h in (6, 7)]
    assert [b.path for b in list_backups(folder)] == [b.path for b in (*by_hand[::-1], automatic)]
    for n in range(1, 21):
        take_backup(database_of(app), folder, DAILY, now=day + timedelta(days=n))
    kept = list_backups(folder)
    assert [b.path for b in kept if b.kind == MANUAL] == [b.path for b in by_hand[::-1]]
    dailies = [b.taken_at.date() for b in kept if b.kind == DAILY]
    assert len(dailies) == len(set(dailies)) < 21  # the automatic ones still rotate


def test_back_up_now_keeps_the_days_automatic_backup_and_the_earlier_manual_one(
        signed_in, app):
    folder = backup_dir(app.config["DATA_DIR"])
    automatic = take_backup(database_of(app), folder, DAILY)
    for _ in range(2):
        done = signed_in.post("/admin/backups", {}, follow_redirects=True)
        assert "Backup gravado e verificado" in done.get_data(as_text=True)
    kinds = sorted(b.kind for b in list_backups(folder))  # taken within the same second or two
    assert kinds == sorted([MANUAL, MANUAL, DAILY])
    assert automatic.path.exists()


def test_a_backup_by_hand_does_not_stand_in_for_the_daily_one(app):
    folder = backup_dir(app.config["DATA_DIR"])
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    take_backup(database_of(app), folder, MANUAL, now=now)
    assert needs_daily_backup(folder, now + timedelta(hours=1))
    take_backup(database_of(app), folder, DAILY, now=now + timedelta(hours=1))
    assert not needs_daily_backup(folder, now + timedelta(hours=2))


def test_an_admin_deletes_a_manual_backup_after_confirming(signed_in, app):
    folder = backup_dir(app.config["DATA_DIR"])
    manual = take_backup(database_of(app), folder, MANUAL)
    automatic = take_backup(database_of(app), folder, DAILY)
    listing = signed_in.get("/admin/backups").get_data(as_text=True)
    assert f"/admin/backups/{manual.name}/delete" in listing
    assert f"/admin/backups/{automatic.name}/delete" not in listing
    confirm = signed_in.get(f"/admin/backups/{manual.name}/delete")
    assert confirm.status_code == 200
    assert manual.name in confirm.get_data(as_text=True) and manual.path.exists()
    done = signed_in.post(f"/admin/backups/{manual.name}/delete", {})
    assert done.status_code == 302 and done.location.endswith("/admin/backups")
    page = signed_in.get(done.location).get_data(as_text=True)
    assert f"Backup excluído: {manual.name}" in page
    assert not manual.path.exists() and automatic.path.exists()
    assert signed_in.get(f"/admin/backups/{automatic.name}/delete").status_code == 404
    assert signed_in.post(f"/admin/backups/{automatic.name}/delete", {}).status_code == 404
    assert automatic.path.exists()


def test_deleting_a_restored_backup_takes_its_keep_mark_too(app, admin):
    folder = backup_dir(app.config["DATA_DIR"])
    manual = take_backup(database_of(app), folder, MANUAL)
    restore_backup(app, manual.path)
    assert manual.pin_file.exists()
    delete_backup(folder, manual.name, by=admin)
    assert not manual.path.exists() and not manual.pin_file.exists()
    with pytest.raises(BackupError):
        delete_backup(folder, next(b for b in list_backups(folder)).name, by=admin)  # safety


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


def test_backups_are_refused_clearly_on_other_databases(app):
    other = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "AUTO_MIGRATE": False,
                        "DATA_DIR": app.config["DATA_DIR"], "TESTING": True})
    with pytest.raises(BackupError):
        database_store(other)


def test_the_backup_thread_takes_the_daily_backup_after_its_first_delay(app, monkeypatch):
    monkeypatch.setattr(scheduler, "FIRST_CHECK_SECONDS", 0)
    looks = start_backup_thread(app)
    try:
        assert app.extensions[scheduler.EXTENSION_KEY] is looks
        daily = wait_until(lambda: [backup for backup in list_backups(
            backup_dir(app.config["DATA_DIR"])) if backup.kind == DAILY], what="the daily backup")
    finally:
        looks.stop()
    assert len(daily) == 1
    assert not looks.running


def test_a_backup_thread_that_can_never_back_up_says_why_and_ends(app, caplog, monkeypatch):
    monkeypatch.setattr(scheduler, "FIRST_CHECK_SECONDS", 0)
    in_memory = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "AUTO_MIGRATE": False,
                            "DATA_DIR": app.config["DATA_DIR"], "TESTING": True})
    with caplog.at_level(logging.ERROR, "app.backups.scheduler"):
        looks = start_backup_thread(in_memory)
        wait_until(lambda: not looks.running, 10, what="the backup thread to end")
    assert "automatic backup failed: This database lives in memory" in caplog.text


def test_start_up_refuses_a_damaged_database_and_names_the_latest_good_backup(app):
    folder = backup_dir(app.config["DATA_DIR"])
    good = take_backup(database_of(app), folder, MANUAL)
    with app.app_context():
        db.engine.dispose()
    scribble_over_a_page(Path(database_of(app).path))
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


def test_an_existing_database_at_an_older_revision_is_backed_up_then_upgraded(tmp_path):
    older = database_at(tmp_path, "0001")
    started = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    with started.app_context():
        db.engine.dispose()
    backups = list_backups(backup_dir(tmp_path))
    assert [b.kind for b in backups] == [PRE_MIGRATION]
    assert revision_of(backups[0].path) == "0001"
    assert revision_of(older) != "0001"


def test_a_new_database_needs_no_backup_before_its_first_migration(tmp_path):
    started = create_app({"DATA_DIR": str(tmp_path), "TESTING": True})
    with started.app_context():
        db.engine.dispose()
    assert list_backups(backup_dir(tmp_path)) == []


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
    manual = take_backup(database_of(web.client.application), backup_dir(
        web.client.application.config["DATA_DIR"]), MANUAL)
    assert web.post(f"/admin/backups/{manual.name}/delete", {}).status_code == 403
    assert manual.path.exists()


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


def test_a_big_file_starts_at_once_and_refuses_to_serve_when_the_late_check_fails(app):
    with app.app_context():
        db.engine.dispose()
    leave_a_row_out_of_an_index(Path(database_of(app).path))  # whole tables, one index short
    started = create_app({"DATA_DIR": app.config["DATA_DIR"], "TESTING": True,
                          "STARTUP_FULL_CHECK_MAX_BYTES": 0})
    # It started (a blocking check would have refused): the full check runs in a thread.
    for thread in threading.enumerate():
        if thread.name == "retorno-integrity":
            thread.join(30)
    response = started.test_client().get("/login")
    assert response.status_code == 503
    assert "ix_login_attempts_login_at" in response.get_data(as_text=True)
    with started.app_context():
        db.engine.dispose()


def test_a_restore_ends_every_session(signed_in, app, factory):
    folder = backup_dir(app.config["DATA_DIR"])
    backup = take_backup(database_of(app), folder, MANUAL)
    assert signed_in.get("/followups/").status_code == 200
    restore_backup(app, backup.path)
    after = signed_in.get("/followups/")
    assert after.status_code == 302 and "/login" in after.location
