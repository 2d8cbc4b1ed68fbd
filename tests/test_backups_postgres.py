"""Backups on PostgreSQL: pg_dump in custom format, checked by pg_restore, put back whole.

Runs in the suite's PostgreSQL pass (RETORNO_TEST_DATABASE_URL), with the server's own tools.
"""

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.backups.restore import restore_backup
from app.backups.services import (
    MANUAL,
    SAFETY,
    BackupError,
    backup_dir,
    database_store,
    list_backups,
    take_backup,
)
from app.backups.stores import PostgresStore, StoreError, pg_tool
from app.cli import main
from app.extensions import db
from app.models import Party
from app.schema_versions import head_revision

from .pages import flashes

pytestmark = pytest.mark.usefixtures("postgres_only")


def _parties(factory) -> int:
    return factory.scalar(select(func.count(Party.id)))


def test_a_backup_is_a_checked_dump_that_restores_the_rows(app, factory):
    store = database_store(app)
    assert isinstance(store, PostgresStore)
    factory.party("Antes do Backup")
    backup = take_backup(store, backup_dir(app.config["DATA_DIR"]), MANUAL)
    assert backup.path.suffix == ".dump" and backup.path.read_bytes()[:5] == b"PGDMP"
    assert store.problems(backup.path) == []
    assert store.revision(backup.path) == head_revision()
    factory.party("Depois do Backup")
    assert _parties(factory) == 2

    restore_backup(app, backup.path)

    names = factory.scalars(select(Party.name))
    assert names == ["Antes do Backup"]
    safety = [b for b in list_backups(backup_dir(app.config["DATA_DIR"])) if b.kind == SAFETY]
    assert len(safety) == 1 and safety[0].path.suffix == ".dump"


def test_the_admin_page_backs_up_and_restores(signed_in, app, factory):
    factory.party("Linha 1")
    saved = signed_in.post("/admin/backups", {})
    page = signed_in.get(saved.location).get_data(as_text=True)
    said = [text for _, text in flashes(page)]
    assert said[0].startswith("Backup gravado e verificado: retorno-")
    backup = list_backups(backup_dir(app.config["DATA_DIR"]))[0]
    factory.party("Linha 2")
    done = signed_in.post(f"/admin/backups/{backup.name}/restore", {"confirm": "y"})
    assert done.status_code == 302
    assert _parties(factory) == 1


def test_cli_backup_and_restore(app, factory, tmp_path):
    runner = app.test_cli_runner()  # DATABASE_URL is the test's database (conftest)
    data = ["--data-dir", app.config["DATA_DIR"]]
    factory.party("Linha 1")
    target = tmp_path / "copia.dump"
    result = runner.invoke(main, ["backup", str(target), *data])
    assert result.exit_code == 0, result.output
    factory.party("Linha 2")
    result = runner.invoke(main, ["restore", str(target), *data])
    assert result.exit_code == 0, result.output
    assert _parties(factory) == 1


def test_a_file_that_is_not_a_dump_is_refused_and_nothing_changes(app, factory, tmp_path):
    factory.party("Fica")
    junk = tmp_path / "retorno-20260101-000000-manual.dump"
    junk.write_bytes(b"not a dump at all")
    with pytest.raises(BackupError):
        restore_backup(app, junk)
    assert _parties(factory) == 1


def test_a_dump_from_a_newer_retorno_is_refused_naming_both_versions(app, factory):
    store = database_store(app)
    with app.app_context():
        db.session.execute(text("update alembic_version set version_num = '9999_newer'"))
        db.session.commit()
    newer = take_backup(store, backup_dir(app.config["DATA_DIR"]), MANUAL)
    with app.app_context():
        db.session.execute(text("update alembic_version set version_num = :v"),
                           {"v": head_revision()})
        db.session.commit()
    factory.party("Fica")
    with pytest.raises(BackupError) as refused:
        restore_backup(app, newer.path)
    assert "9999_newer" in str(refused.value) and head_revision() in str(refused.value)
    assert _parties(factory) == 1


def test_the_tools_are_found_in_the_usual_folder(database_uri, monkeypatch, tmp_path):
    assert Path(pg_tool("pg_dump")).name == "pg_dump"
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("RETORNO_PG_BIN", str(tmp_path))
    found = pg_tool("pg_dump")  # the usual folder (/usr/lib/postgresql/*/bin) still has it
    assert found.startswith("/usr/lib/postgresql/")
    monkeypatch.setattr("app.backups.stores.glob.glob", lambda pattern: [])  # not installed
    with pytest.raises(StoreError) as missing:
        pg_tool("pg_dump")
    assert "RETORNO_PG_BIN" in str(missing.value)
