"""Where a backup comes from and goes back to: a SQLite file, or a PostgreSQL database.

Both kinds answer the same questions, so rotation, checks and restores are written once:
copy the live database into a file, list a backup file's problems, read its schema revision,
put it back. SQLite goes through its online backup API; PostgreSQL through `pg_dump` and
`pg_restore` in their custom format (found on PATH, in RETORNO_PG_BIN, or in the usual
installation folders), the password passed in the environment, never on the command line.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import URL

from .. import sqlite_tuning

PG_TIMEOUT_S = 3600
# One line of the alembic_version table's COPY data in a dump: the revision alone.
_REVISION_LINE = re.compile(r"^COPY public\.alembic_version .*?;\n(.+?)\n\\\.", re.M | re.S)


class StoreError(RuntimeError):
    """The database tools failed; the message is theirs."""


class Store(Protocol):
    suffix: str

    def exists(self) -> bool: ...
    def copy_to(self, target: Path) -> None: ...
    def problems(self, source: Path) -> list[str]: ...
    def revision(self, source: Path) -> str | None: ...
    def restore_from(self, source: Path) -> None: ...


class SqliteStore:
    suffix = ".sqlite3"

    def __init__(self, path: str) -> None:
        self.path = path

    def exists(self) -> bool:
        return Path(self.path).exists()

    def copy_to(self, target: Path) -> None:
        sqlite_tuning.copy_database(self.path, str(target))

    def problems(self, source: Path) -> list[str]:
        return sqlite_tuning.integrity_problems(str(source))

    def revision(self, source: Path) -> str | None:
        return sqlite_tuning.schema_revision(str(source))

    def restore_from(self, source: Path) -> None:
        sqlite_tuning.restore_database(str(source), self.path)

    def remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(self.path + suffix).unlink(missing_ok=True)


class PostgresStore:
    suffix = ".dump"

    def __init__(self, url: URL) -> None:
        self.url = url

    def exists(self) -> bool:
        return True  # the server's database is there, or nothing else works either

    def copy_to(self, target: Path) -> None:
        self._run("pg_dump", "--format=custom", "--no-owner", "--file", str(target),
                  "--dbname", self._libpq_url())

    def problems(self, source: Path) -> list[str]:
        if not source.is_file():
            return [f"no such file: {source}"]
        try:
            listing = self._run("pg_restore", "--list", str(source))
        except StoreError as error:
            return [str(error)]
        if "TABLE DATA public follow_up_entries" not in listing:
            return ["not a Retorno database dump"]
        return []

    def revision(self, source: Path) -> str | None:
        try:
            data = self._run("pg_restore", "--data-only", "--table=alembic_version",
                             "--file=-", str(source))
        except StoreError:
            return None
        match = _REVISION_LINE.search(data)
        return match.group(1).strip() if match else None

    def restore_from(self, source: Path) -> None:
        # One transaction: a failed restore leaves the database as it was.
        self._run("pg_restore", "--clean", "--if-exists", "--no-owner", "--no-comments",
                  "--single-transaction", "--exit-on-error", "--dbname", self._libpq_url(),
                  str(source))

    def _libpq_url(self) -> str:
        return self.url.set(drivername="postgresql", password=None).render_as_string()

    def _run(self, tool: str, *args: str) -> str:
        env = dict(os.environ)
        if self.url.password:
            env["PGPASSWORD"] = str(self.url.password)
        try:
            done = subprocess.run([pg_tool(tool), *args], capture_output=True, text=True,
                                  env=env, timeout=PG_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise StoreError(str(error)) from error
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()
            raise StoreError(output.splitlines()[-1] if output
                             else f"{tool} failed ({done.returncode})")
        return done.stdout


def pg_tool(name: str, platform: str = sys.platform) -> str:
    """Find pg_dump/pg_restore: RETORNO_PG_BIN, PATH, then PostgreSQL's usual folders."""
    exe = name + (".exe" if platform == "win32" else "")
    folder = os.environ.get("RETORNO_PG_BIN")
    if folder and (Path(folder) / exe).is_file():
        return str(Path(folder) / exe)
    found = shutil.which(exe)
    if found:
        return found
    usual = (r"C:\Program Files\PostgreSQL\*\bin" if platform == "win32"
             else "/usr/lib/postgresql/*/bin")
    candidates = sorted(glob.glob(str(Path(usual) / exe)), key=_version_key)
    if candidates:
        return candidates[-1]
    raise StoreError(str(_l(
        "%(tool)s was not found. Install PostgreSQL's client programs on this computer, or set "
        "RETORNO_PG_BIN to the folder that has them.", tool=exe)))


def _version_key(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path)[:2] or [0])
