"""The office bench's PostgreSQL: a server to run on, and the bench data set copied into it.

The data set is built once on SQLite (bench/dataset.py through the app's models, as the other
figures use it), then copied table by table with COPY into a freshly migrated PostgreSQL
database, its secondary indexes dropped during the copy and built again after (a bulk build is
much faster than a million index inserts). That database is kept on the server as a template
(keyed by size and migration head, as bench/.cache keys the SQLite files); each run works on a
copy of it (CREATE DATABASE … TEMPLATE), dropped at the end.
"""

import os
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL, make_url

from app import create_app
from app.extensions import db

ROOT = Path(__file__).resolve().parent.parent
START_SCRIPT = ROOT / "tools" / "test_postgres.sh"
URL_VARIABLE = "RETORNO_BENCH_DATABASE_URL"
PRIVATE_DIR = Path(os.environ.get("RETORNO_BENCH_PG_DIR", "/tmp/retorno-bench-postgres"))
PRIVATE_PORT = os.environ.get("RETORNO_BENCH_PG_PORT", "55433")
READY = "retorno bench data set, complete"


def libpq(url: URL, database: str | None = None) -> str:
    """The psycopg connection string of a SQLAlchemy URL (optionally another database)."""
    url = url.set(drivername="postgresql", database=database or url.database)
    return url.render_as_string(hide_password=False)


@contextmanager
def server_connection(url: URL) -> Iterator[psycopg.Connection]:
    """An autocommit connection to the server's maintenance database."""
    with psycopg.connect(libpq(url, "postgres"), autocommit=True) as connection:
        yield connection


def _can_connect(url: URL) -> bool:
    try:
        with server_connection(url):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def bench_server(url: str | None) -> Iterator[URL | None]:
    """The server to bench on: `url` (or RETORNO_BENCH_DATABASE_URL) if given, else a private
    one started with tools/test_postgres.sh on port 55433 (stopped at the end; its data folder
    is kept, so the data set's template survives between runs). None when there is neither."""
    given = url or os.environ.get(URL_VARIABLE, "")
    if given.strip():
        yield make_url(given)
        return
    private = make_url(f"postgresql+psycopg://app@127.0.0.1:{PRIVATE_PORT}/retorno_test")
    if _can_connect(private):  # left running by an interrupted run: use it, leave it running
        yield private
        return
    env = {**os.environ, "RETORNO_TEST_PG_DIR": str(PRIVATE_DIR),
           "RETORNO_TEST_PG_PORT": PRIVATE_PORT, "RETORNO_TEST_PG_FSYNC": "on"}
    started = subprocess.run([str(START_SCRIPT), "start"], env=env, capture_output=True,
                             text=True)
    if started.returncode != 0:
        print(f"PostgreSQL not benched: {started.stderr.strip() or 'the server did not start'}")
        yield None
        return
    try:
        yield private
    finally:
        subprocess.run([str(START_SCRIPT), "stop"], env=env, check=False)


def template_name(server: URL, size) -> str:
    """The data set's database on that server: its size and the migration head in the name."""
    versions = sorted((ROOT / "migrations" / "versions").glob("*.py"))
    head = versions[-1].name.split("_")[0]
    return f"{server.database}_bench_{size.parties}_{size.entries}_{head}"


def private_server_cpu_seconds() -> float | None:
    """CPU seconds used so far by the private server's processes (None: not running here)."""
    pid_file = PRIVATE_DIR / "data" / "postmaster.pid"
    try:
        postmaster = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if int(fields[1]) == postmaster or stat.parent.name == str(postmaster):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _quoted(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain database name: {name!r}")
    return f'"{name}"'


def template_ready(url: URL, name: str) -> bool:
    with server_connection(url) as server:
        comment = server.execute(
            "select shobj_description(oid, 'pg_database') from pg_database where datname = %s",
            (name,)).fetchone()
    return bool(comment) and comment[0] == READY


def build_template(url: URL, name: str, sqlite_file: Path) -> None:
    """Create database `name`, migrate it with the app, and copy the SQLite data set into it."""
    print(f"copying the data set into PostgreSQL ({name})…", flush=True)
    started = time.perf_counter()
    with server_connection(url) as server:
        server.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {_quoted(name)}")
    target = url.set(database=name)
    with tempfile.TemporaryDirectory(prefix="retorno-bench-migrate-") as data_dir:
        app = create_app({"DATA_DIR": data_dir, "BACKUP_THREAD": False, "RULES_THREAD": False,
                          "SQLALCHEMY_DATABASE_URI": target.render_as_string(False)})
        with app.app_context():
            tables = [table.name for table in db.metadata.sorted_tables]
            db.engine.dispose()
    with psycopg.connect(libpq(target)) as connection:
        connection.execute("SET maintenance_work_mem = '256MB'")
        indexes = _drop_secondary_indexes(connection)
        _copy_tables(sqlite_file, connection, tables)
        for statement in indexes:
            connection.execute(statement)
        _advance_sequences(connection)
    with psycopg.connect(libpq(target), autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")  # the visibility map: index-only scans work
    with server_connection(url) as server:
        server.execute(f"COMMENT ON DATABASE {_quoted(name)} IS '{READY}'")
    print(f"  copied in {time.perf_counter() - started:.0f} s", flush=True)


def _drop_secondary_indexes(connection: psycopg.Connection) -> list[str]:
    """Drop every index that backs no constraint; return the statements that build them."""
    rows = connection.execute(
        "select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'public' "
        "and not exists (select 1 from pg_constraint c where c.conname = i.indexname)").fetchall()
    for index_name, _ in rows:
        connection.execute(f'DROP INDEX "{index_name}"')
    return [definition for _, definition in rows]


def _copy_tables(sqlite_file: Path, connection: psycopg.Connection, tables: list[str]) -> None:
    """Replace each table's rows (the migrations' own included) with the SQLite file's."""
    source = sqlite3.connect(sqlite_file)
    try:
        existing = {row[0] for row in source.execute("select name from sqlite_master")}
        names = ", ".join(f'"{table}"' for table in tables)
        connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        for table in tables:
            if table not in existing:
                continue
            columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
            column_list = ", ".join(f'"{column}"' for column in columns)
            rows = source.execute(f'select {column_list} from "{table}"')
            with connection.cursor().copy(
                    f'COPY "{table}" ({column_list}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
    finally:
        source.close()


def _advance_sequences(connection: psycopg.Connection) -> None:
    """Set each id sequence past the copied ids (the rows came with theirs)."""
    rows = connection.execute(
        "select table_name, pg_get_serial_sequence(quote_ident(table_name), 'id') "
        "from information_schema.columns where table_schema = 'public' and column_name = 'id'"
    ).fetchall()
    for table, sequence in rows:
        if sequence:
            connection.execute(f'select setval(%s, coalesce((select max(id) from "{table}"), 0)'
                               ' + 1, false)', (sequence,))


@contextmanager
def working_copy(url: URL, template: str) -> Iterator[URL]:
    """A fresh copy of the template for one run; dropped at the end."""
    name = f"{template}_run_{os.getpid()}"
    with server_connection(url) as server:
        server.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {_quoted(name)} TEMPLATE {_quoted(template)} "
                       "STRATEGY FILE_COPY")
    try:
        yield url.set(database=name)
    finally:
        with server_connection(url) as server:
            server.execute(f"DROP DATABASE IF EXISTS {_quoted(name)} WITH (FORCE)")
