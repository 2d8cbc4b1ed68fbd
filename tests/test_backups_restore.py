"""Restore checks a backup before anything is swapped; a refused or failed restore changes nothing.

The newer-backup cases run `retorno` in its own process, as a user does: the command, and the
backups page of a running `retorno serve` signed in to over HTTP.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from app import create_app
from app.backups.services import PRE_MIGRATION, SAFETY, backup_dir, list_backups
from app.cli import main
from app.database import SchemaError, migrations_dir
from app.extensions import db

from .conftest import PASSWORD
from .databases import (
    NEWER_REVISION,
    count_rows,
    database_at,
    leave_a_row_out_of_an_index,
    revision_of,
    scribble_over_a_page,
    set_revision,
)
from .live_server import create_admin, retorno, running
from .route_map import fingerprint

pytestmark = pytest.mark.sqlite_only(
    reason="the SQLite file's own states and bytes; PostgreSQL backups: test_backups_postgres.py")

HEAD = ScriptDirectory(migrations_dir()).get_current_head()
FIRST = "0001"


@pytest.fixture
def data(tmp_path) -> Path:
    """A data folder with an admin and the demo data, made by `retorno` itself."""
    folder = tmp_path / "data"
    create_admin(folder, "admin", PASSWORD)
    result = retorno("demo-data", "--force", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def newer_backup(data: Path, target: Path) -> Path:
    """A sound backup of data whose schema comes from a Retorno newer than this one."""
    result = retorno("backup", str(target), "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    set_revision(target, NEWER_REVISION)
    return target


def test_cli_refuses_a_newer_backup_before_touching_the_database(data, tmp_path):
    live = data / "retorno.sqlite3"
    backup = newer_backup(data, tmp_path / "from-a-newer-retorno.sqlite3")
    before = fingerprint(live)
    result = retorno("restore", str(backup), "--data-dir", str(data))
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "comes from a newer version of Retorno" in message
    assert NEWER_REVISION in message and f"up to {HEAD}" in message
    assert "Nothing was changed" in message
    assert fingerprint(live) == before
    assert list_backups(backup_dir(data)) == []  # not even a safety copy: nothing was swapped
    with running("serve", "--port", "0", "--data-dir", str(data)) as server:
        assert server.client().request("GET", "/login")[0] == 200


def test_backups_page_refuses_a_newer_backup_and_keeps_serving(data):
    live = data / "retorno.sqlite3"
    backup = newer_backup(data, backup_dir(data) / "retorno-20260301-120000-manual.sqlite3")
    parties = count_rows(live, "parties")
    with running("serve", "--port", "0", "--data-dir", str(data)) as server:
        client = server.client()
        client.login("admin", PASSWORD)
        page = f"/admin/backups/{backup.name}/restore"
        status, _, _ = client.request("POST", page, {"csrf_token": client.token(page),
                                                     "confirm": "y"})
        assert status == 302
        status, listing, _ = client.request("GET", "/admin/backups")
        assert status == 200
        assert "vem de uma versão mais nova do Retorno" in listing
        assert NEWER_REVISION in listing and HEAD in listing
        assert client.request("GET", "/followups/")[0] == 200
    assert count_rows(live, "parties") == parties and revision_of(live) == HEAD
    assert [b.kind for b in list_backups(backup_dir(data))] == ["manual"]
    with running("serve", "--port", "0", "--data-dir", str(data)) as again:
        assert again.client().request("GET", "/login")[0] == 200


def sound_copy(app, target: Path) -> Path:
    result = app.test_cli_runner().invoke(main, ["backup", str(target), "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 0, result.output
    return target


def not_a_retorno_database(app, target: Path) -> Path:
    with closing(sqlite3.connect(target)) as connection:
        connection.execute("create table notes (id integer primary key, body text)")
        connection.commit()
    return target


def not_a_database(app, target: Path) -> Path:
    target.write_bytes(b"not a database at all" * 100)
    return target


def damaged_page(app, target: Path) -> Path:
    scribble_over_a_page(sound_copy(app, target))
    return target


def damaged_index(app, target: Path) -> Path:
    leave_a_row_out_of_an_index(sound_copy(app, target))
    return target


@pytest.mark.parametrize("make,expected", [
    (not_a_database, "is damaged and was not restored"),
    (damaged_page, "is damaged and was not restored"),
    (damaged_index, "is damaged and was not restored"),
    (not_a_retorno_database, "is not a Retorno database"),
])
def test_cli_refuses_a_bad_file_and_changes_nothing(app, factory, tmp_path, make, expected):
    factory.party("Fica onde está")
    bad = make(app, tmp_path / "bad.sqlite3")
    live = Path(app.config["DATA_DIR"]) / "retorno.sqlite3"
    before = fingerprint(live)
    result = app.test_cli_runner().invoke(main, ["restore", str(bad), "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 1
    assert expected in result.output
    assert fingerprint(live) == before
    assert list_backups(backup_dir(app.config["DATA_DIR"])) == []


def test_an_older_backup_is_upgraded_after_the_swap(app, factory, tmp_path):
    older = database_at(tmp_path / "old", FIRST)
    factory.party("Só no banco atual")
    result = app.test_cli_runner().invoke(main, ["restore", str(older), "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 0, result.output
    live = Path(app.config["DATA_DIR"]) / "retorno.sqlite3"
    assert revision_of(live) == HEAD and count_rows(live, "parties") == 0
    kinds = sorted(b.kind for b in list_backups(backup_dir(app.config["DATA_DIR"])))
    assert kinds == [PRE_MIGRATION, SAFETY]


def break_a_foreign_key(path: Path) -> None:
    """A follow-up naming a party that does not exist: the next migration's check refuses it."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("pragma foreign_keys = off")
        connection.execute("insert into follow_ups (party_id, responsible_id, created_by_id, "
                           "created_at, updated_at, version) "
                           "values (999, 999, 999, '2026-01-01', '2026-01-01', 1)")


def test_a_restore_whose_upgrade_fails_puts_the_current_database_back(app, factory, tmp_path):
    older = database_at(tmp_path / "old", FIRST)
    break_a_foreign_key(older)
    factory.party("Continua aqui")
    live = Path(app.config["DATA_DIR"]) / "retorno.sqlite3"
    before = fingerprint(live)
    result = app.test_cli_runner().invoke(main, ["restore", str(older), "--data-dir",
                                                 app.config["DATA_DIR"]])
    assert result.exit_code == 1
    assert "could not be brought up to date" in result.output
    assert "the database as it was before is back in place" in result.output
    assert fingerprint(live) == before
    assert revision_of(live) == HEAD



def test_start_refuses_a_database_from_a_newer_retorno_naming_both_versions(app):
    live = Path(app.config["DATA_DIR"]) / "retorno.sqlite3"
    with app.app_context():
        db.engine.dispose()
    set_revision(live, NEWER_REVISION)
    with pytest.raises(SchemaError) as raised:
        create_app({"DATA_DIR": app.config["DATA_DIR"], "TESTING": True})
    message = raised.value.message
    assert "comes from a newer version of Retorno" in message
    assert NEWER_REVISION in message and f"up to {HEAD}" in message
    assert revision_of(live) == NEWER_REVISION
    assert list_backups(backup_dir(app.config["DATA_DIR"])) == []
