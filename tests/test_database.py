"""The database layer: pragmas, migrations from empty, writers that wait instead of failing."""

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from app import create_app
from app.extensions import db
from app.models import FollowUpType, Party, Settings

EXPECTED_TABLES = {"users", "settings", "holidays", "parties", "contacts", "products",
                   "sales_documents", "sales_document_lines", "follow_ups", "follow_up_entries",
                   "follow_up_types", "audit_events", "login_attempts", "alembic_version"}
APP_SOURCES = Path(__file__).resolve().parents[1] / "app"


def app_modules() -> list[Path]:
    """Every Python module of the app, found next to this test whatever the working folder."""
    modules = sorted(APP_SOURCES.rglob("*.py"))
    assert APP_SOURCES / "__init__.py" in modules, f"no app package found under {APP_SOURCES}"
    return modules


@pytest.mark.sqlite_only(reason="SQLite's per-connection pragmas")
def test_every_connection_gets_the_durability_pragmas(app):
    with app.app_context():
        with db.engine.connect() as connection:
            pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") >= 5000


def test_migrations_build_the_schema_from_an_empty_file(empty_database):
    app = create_app(empty_database)
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        assert EXPECTED_TABLES <= tables
        assert db.session.scalar(text("select version_num from alembic_version"))
        names = db.session.scalars(select(FollowUpType.name).order_by(FollowUpType.position))
        assert list(names) == ["Em Análise", "Pós-Venda", "Assistência Técnica", "Cobrança",
                               "Prospecção", "Outros"]
        assert db.session.get(Settings, 1).alerts_enabled is True
        db.engine.dispose()
    # Starting again on the same database applies nothing twice.
    again = create_app(empty_database)
    with again.app_context():
        assert db.session.scalar(select(Settings.id).where(Settings.id == 1)) == 1
        db.engine.dispose()


def test_product_code_never_calls_create_all():
    offenders = [str(p) for p in app_modules() if "create_all(" in p.read_text()]
    assert offenders == []


@pytest.mark.sqlite_only(reason="SQLite's write lock makes writers queue; on PostgreSQL a stale "
                        "write is refused by the version check (StaleEdit), tested apart")
def test_concurrent_writers_wait_for_each_other_instead_of_failing(app, factory):
    party = factory.party("Concorrente")
    errors: list[Exception] = []

    def rename_many(worker: int) -> None:
        with app.app_context():
            for round_ in range(15):
                try:
                    row = db.session.get(Party, party.id)  # read first, then write
                    row.notes = f"{row.notes}{worker}{round_};"
                    db.session.commit()
                except Exception as error:  # noqa: BLE001 - collected and asserted below
                    errors.append(error)
                    db.session.rollback()
            db.session.remove()

    threads = [threading.Thread(target=rename_many, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    notes = factory.get(Party, party.id).notes
    assert notes.count(";") == 60  # no update lost


def test_sqlite_specific_code_stays_in_one_module():
    with_pragmas = [p.relative_to(APP_SOURCES).as_posix() for p in app_modules()
                    if "PRAGMA" in p.read_text()]
    assert with_pragmas == ["sqlite_tuning.py"]


def _default_text(default) -> str | None:
    if default is None:
        return None
    value = getattr(default, "arg", default)
    return str(getattr(value, "text", value)).strip().strip("()'")


def _known(difference) -> bool:
    """The search indexes live only in migrations: SQLite's FTS5 tables (0002), PostgreSQL's
    expression index (0013); SQLite reflects a default '' as "('')" (the same default)."""
    if isinstance(difference, list):  # a column's modifications
        return all(_known(change) for change in difference)
    kind = difference[0]
    if kind == "remove_table":
        return difference[1].name.startswith("follow_up_entries_fts")
    if kind == "remove_index":
        return difference[1].name == "ix_entries_search"
    if kind == "modify_default":
        _kind, _schema, table, column, _existing, reflected, model = difference
        return _default_text(reflected) == _default_text(model)
    return False


def test_the_models_and_the_migrations_describe_the_same_schema(app):
    """Tables, columns, types, nullability, indexes, unique and foreign keys, server defaults."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "compare_server_default": True})
        differences = compare_metadata(context, db.metadata)
    assert [d for d in differences if not _known(d)] == []
