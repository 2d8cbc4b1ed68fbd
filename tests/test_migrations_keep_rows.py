"""Every migration step applied to a populated database keeps every row (no cascade loss)."""

import ast
import json
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import JSON, MetaData, create_engine, func, select, text
from sqlalchemy.pool import NullPool

from app import create_app
from app.database import migrations_dir
from app.demo import load_demo_data
from app.extensions import db
from app.followups.services import soft_delete_entry
from app.models import AuditEvent, FollowUpEntry, User
from app.permissions import PERMISSION_FLAGS

from . import engines
from .databases import database_at

VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"


def revisions() -> list[tuple[str, str]]:
    """Return (previous, revision) for every migration after the first, oldest first."""
    script = ScriptDirectory(migrations_dir())
    steps = [(r.down_revision, r.revision) for r in script.walk_revisions() if r.down_revision]
    return list(reversed(steps))


def tables(connection: sqlite3.Connection, schema: str = "main") -> list[str]:
    return [row[0] for row in connection.execute(
        f"select name from {schema}.sqlite_master where type = 'table' and sql not like "
        f"'CREATE VIRTUAL%' and name not like 'sqlite_%' and name != 'alembic_version'")]


def columns(connection: sqlite3.Connection, table: str, schema: str = "main") -> list[str]:
    return [row[1] for row in connection.execute(f'pragma {schema}.table_info("{table}")')]


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {t: connection.execute(f'select count(*) from "{t}"').fetchone()[0]
                for t in tables(connection)}


@pytest.fixture(scope="module")
def populated_head(tmp_path_factory) -> Path:
    """A database at the newest revision with realistic rows in every table the demo fills."""
    folder = tmp_path_factory.mktemp("populated")
    app = create_app({"DATA_DIR": str(folder), "TESTING": True})
    with app.app_context():
        load_demo_data()
        entry = db.session.scalars(db.select(FollowUpEntry).limit(1)).one()
        soft_delete_entry(entry, db.session.scalars(db.select(User).limit(1)).one())
        db.session.commit()
        db.engine.dispose()
    path = folder / "retorno.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("pragma wal_checkpoint(TRUNCATE)")
    return path


def copy_rows(source: Path, target: Path) -> None:
    """Fill target (an older schema) with source's rows, column by shared column."""
    with sqlite3.connect(target, isolation_level=None) as connection:
        connection.execute("pragma foreign_keys = off")
        connection.execute("attach database ? as head", (str(source),))
        connection.execute("begin")
        for table in tables(connection):
            if table not in tables(connection, "head"):
                continue
            shared = [c for c in columns(connection, table)
                      if c in columns(connection, table, "head")]
            names = ", ".join(f'"{c}"' for c in shared)
            connection.execute(f'delete from main."{table}"')
            connection.execute(f'insert into main."{table}" ({names}) '
                               f'select {names} from head."{table}"')
        connection.execute("commit")
        connection.execute("detach database head")


@pytest.mark.parametrize("previous,revision", revisions())
def test_migration_keeps_every_row(tmp_path, populated_head, previous, revision):
    path = database_at(tmp_path, previous)
    copy_rows(populated_head, path)
    before = counts(path)
    assert sum(before.values()) > 50, "the database was not populated"
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "AUTO_MIGRATE": False})
    with app.app_context():
        upgrade(directory=migrations_dir(), revision=revision)
        db.engine.dispose()
    after = counts(path)
    lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t, -1) < n}
    with sqlite3.connect(path) as connection:
        integrity = connection.execute("pragma integrity_check").fetchone()[0]
        broken = connection.execute("pragma foreign_key_check").fetchall()
    print(f"\nmigration {previous} -> {revision}: {sum(before.values())} rows in "
          f"{len(before)} tables before, {sum(after[t] for t in before)} after, "
          f"lost {len(lost)} tables, integrity {integrity}, broken foreign keys {len(broken)}")
    assert lost == {}
    assert integrity == "ok" and broken == []


@pytest.fixture(scope="module")
def populated_postgres_head(postgres_url, tmp_path_factory):
    """The PostgreSQL pass's populated database at the newest revision (its URL)."""
    if postgres_url is None:
        pytest.skip("PostgreSQL pass only: the SQLite pass steps through SQLite files above")
    name = engines.next_test_name(postgres_url)
    url = engines.create_database(postgres_url, name).render_as_string(hide_password=False)
    app = create_app({"DATA_DIR": str(tmp_path_factory.mktemp("populated-pg")),
                      "TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        load_demo_data()
        entry = db.session.scalars(db.select(FollowUpEntry).limit(1)).one()
        soft_delete_entry(entry, db.session.scalars(db.select(User).limit(1)).one())
        db.session.commit()
        db.engine.dispose()
    yield url
    engines.drop_database(postgres_url, name)


def postgres_counts(url: str) -> dict[str, int]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            return {name: connection.scalar(select(func.count()).select_from(table))
                    for name, table in metadata.tables.items() if name != "alembic_version"}
    finally:
        engine.dispose()


def copy_postgres_rows(source: str, target: str) -> None:
    """Fill target (an older schema) with source's rows, column by shared column."""
    engines_ = [create_engine(url, poolclass=NullPool) for url in (source, target)]
    try:
        with engines_[0].connect() as head, engines_[1].begin() as older:
            older.execute(text("SET session_replication_role = replica"))  # no FK order needed
            newest, old = MetaData(), MetaData()
            newest.reflect(head)
            old.reflect(older)
            for table in old.tables.values():
                if table.name == "alembic_version" or table.name not in newest.tables:
                    continue
                source_table = newest.tables[table.name]
                shared = [c for c in table.columns if c.name in source_table.columns]
                older.execute(table.delete())
                rows = [{c.name: _as_column_value(c, value) for c, value in zip(shared, row,
                                                                               strict=True)}
                        for row in head.execute(select(*(source_table.c[c.name]
                                                         for c in shared)))]
                if rows:
                    older.execute(table.insert(), rows)
                if "id" in table.columns:
                    older.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM \"{table.name}\"), false)"))
    finally:
        for engine in engines_:
            engine.dispose()


def _as_column_value(column, value):
    """A JSON value written back into an older schema's text column (before 0004)."""
    if isinstance(value, dict | list) and not isinstance(column.type, JSON):
        return json.dumps(value)
    return value


@pytest.mark.parametrize("previous,revision", revisions())
def test_migration_keeps_every_row_on_postgresql(empty_database, populated_postgres_head,
                                                 previous, revision):
    config = {**empty_database, "TESTING": True, "AUTO_MIGRATE": False}
    url = config["SQLALCHEMY_DATABASE_URI"]
    app = create_app(config)
    with app.app_context():
        upgrade(directory=migrations_dir(), revision=previous)
        db.engine.dispose()
    copy_postgres_rows(populated_postgres_head, url)
    before = postgres_counts(url)
    assert sum(before.values()) > 50, "the database was not populated"
    with app.app_context():
        upgrade(directory=migrations_dir(), revision=revision)
        db.engine.dispose()
    after = postgres_counts(url)
    lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t, -1) < n}
    assert lost == {}


def steps_on_disk() -> list[tuple[str | None, str]]:
    """Return (down_revision, revision) as written in each file of migrations/versions."""
    steps = []
    for path in sorted(VERSIONS.glob("*.py")):
        values = {target.id: ast.literal_eval(node.value)
                  for node in ast.parse(path.read_text()).body if isinstance(node, ast.Assign)
                  for target in node.targets
                  if isinstance(target, ast.Name) and target.id in ("revision", "down_revision")}
        steps.append((values["down_revision"], values["revision"]))
    return steps


def test_every_migration_file_after_the_first_is_covered():
    on_disk = steps_on_disk()
    assert len(on_disk) >= 2, f"no migrations to step through in {VERSIONS}"
    assert on_disk[0][0] is None, "the first file is not the base revision"
    assert revisions() == on_disk[1:]



def test_audit_changes_written_as_text_read_back_as_a_dict(tmp_path):
    path = database_at(tmp_path, "0003")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "insert into audit_events (at, entity, entity_id, action, changes) values "
            "('2025-03-10 12:00:00.000000', 'party', 7, 'update', ?)",
            ('{"name": ["Açougue", "Açougue São João"], "active": [true, false]}',))
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "AUTO_MIGRATE": False})
    with app.app_context():
        upgrade(directory=migrations_dir(), revision="0004")
        event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity_id == 7)).one()
        assert event.changes == {"name": ["Açougue", "Açougue São João"], "active": [True, False]}
        db.engine.dispose()
    with sqlite3.connect(path) as connection:
        kind = [row[2] for row in connection.execute("pragma table_info(audit_events)")
                if row[1] == "changes"]
    assert kind == ["JSON"]


def test_area_permissions_keep_what_existing_accounts_could_do(tmp_path):
    """0007: accounts made before it keep every action and see every document; delete is off."""
    path = database_at(tmp_path, "0006")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "insert into users (login, name, password_hash, is_admin, active, language, "
            "session_version, alert_on_login, alert_every_minutes, can_access_followups, "
            "can_add_followups, can_edit_followups, can_mark_done_followups, "
            "can_delete_followups, can_see_all_followups, created_at) values "
            "('vendas', 'Vendas', 'x', 0, 1, 'pt_BR', 1, 1, 30, 1, 1, 1, 1, 0, 0, "
            "'2025-03-10 12:00:00.000000')")
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "AUTO_MIGRATE": False})
    with app.app_context():
        upgrade(directory=migrations_dir(), revision="0007")
        old = db.session.scalars(db.select(User).where(User.login == "vendas")).one()
        held = {flag for flag in PERMISSION_FLAGS if getattr(old, flag)}
        db.engine.dispose()
    assert held == set(PERMISSION_FLAGS) - {"can_delete_followups", "can_see_all_followups",
                                             "can_delete_parties"}
