"""Real SQLite files in the states backups and start-up must deal with: old, newer, damaged."""

import sqlite3
from contextlib import closing
from pathlib import Path

from flask_migrate import upgrade

from app import create_app
from app.database import migrations_dir
from app.extensions import db

# A schema revision no version of Retorno has shipped yet: a backup from "the future".
NEWER_REVISION = "9999_from_a_newer_retorno"


def database_at(folder: Path, revision: str) -> Path:
    """Create folder/retorno.sqlite3 migrated up to revision (not to the newest)."""
    app = create_app({"DATA_DIR": str(folder), "TESTING": True, "AUTO_MIGRATE": False})
    with app.app_context():
        upgrade(directory=migrations_dir(), revision=revision)
        db.engine.dispose()
    return folder / "retorno.sqlite3"


def revision_of(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("select version_num from alembic_version").fetchone()[0]


def set_revision(path: Path, revision: str) -> None:
    """Stamp a file with a schema revision, as the Retorno that wrote it would have."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("update alembic_version set version_num = ?", (revision,))


def checkpoint(path: Path) -> None:
    """Fold the -wal file into the database file (before editing the file's bytes)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("pragma wal_checkpoint(TRUNCATE)")


def scribble_over_a_page(path: Path) -> None:
    """Overwrite the second page (a table's b-tree): damage any read of that table finds."""
    checkpoint(path)
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("pragma page_size").fetchone()[0]
    with open(path, "r+b") as handle:
        handle.seek(page_size * 2)
        handle.write(b"\xff" * page_size)


def leave_a_row_out_of_an_index(path: Path, index: str = "ix_login_attempts_login_at") -> None:
    """Add a login_attempts row that its index does not list: only integrity_check sees it.

    The index is hidden from the schema while the row goes in, then put back as it was.
    """
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        row = connection.execute("select type, name, tbl_name, rootpage, sql from sqlite_master "
                                 "where name = ?", (index,)).fetchone()
        connection.execute("pragma writable_schema = on")
        connection.execute("delete from sqlite_master where name = ?", (index,))
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("insert into login_attempts (login, at, succeeded) "
                           "values ('someone', '2026-01-01 00:00:00', 0)")
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("pragma writable_schema = on")
        connection.execute("insert into sqlite_master (type, name, tbl_name, rootpage, sql) "
                           "values (?, ?, ?, ?, ?)", row)


def count_rows(path: Path, table: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f'select count(*) from "{table}"').fetchone()[0]
