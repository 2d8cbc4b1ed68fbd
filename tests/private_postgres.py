"""A PostgreSQL server of the test's own (tools/test_postgres.sh), to stop, restart and lock.

The shared test server must never be stopped; a fault test starts this one on its own port and
folder and stops it at the end. A role `caixa` signs in with a password (scram), so a refused
password can be shown; `app` is the trusted superuser the test uses to look at the data.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "test_postgres.sh"
PASSWORD_USER, PASSWORD = "caixa", "senha-certa-42"


def free_port() -> int:
    """RETORNO_FAULTS_PG_PORT, else a port nobody listens on now (several people test here)."""
    configured = os.environ.get("RETORNO_FAULTS_PG_PORT")
    if configured:
        return int(configured)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def installed() -> bool:
    return any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))


class PrivatePostgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.env = {**os.environ, "RETORNO_TEST_PG_DIR": str(folder),
                    "RETORNO_TEST_PG_PORT": str(port)}

    def _script(self, action: str) -> None:
        done = subprocess.run(["bash", str(SCRIPT), action], env=self.env, capture_output=True,
                              text=True, timeout=120)
        if done.returncode:
            log = self.folder / "log"
            raise RuntimeError(f"test_postgres.sh {action} failed: {done.stderr}\n"
                               f"{log.read_text()[-2000:] if log.exists() else ''}")

    def start(self) -> None:
        """Start the server (a started one is left as it is)."""
        if not self.is_up():
            self._script("start")

    def is_up(self) -> bool:
        try:
            self.run("SELECT 1")
        except OperationalError:
            return False
        return True

    def stop(self) -> None:
        self._script("stop")

    def url(self, database: str, user: str = "app", password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def run(self, sql: str, database: str = "postgres") -> list:
        engine = create_engine(self.url(database), poolclass=NullPool,
                               isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                result = connection.execute(text(sql))
                return list(result) if result.returns_rows else []
        finally:
            engine.dispose()

    def new_database(self, name: str, owner: str = "app") -> str:
        self.run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.run(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return self.url(name)

    def require_passwords(self) -> None:
        """Let `caixa` in only with its password (the first pg_hba line that matches wins)."""
        self.run(f"CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}'")
        hba = self.folder / "data" / "pg_hba.conf"
        hba.write_text(f"host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256\n"
                       + hba.read_text())
        self.run("SELECT pg_reload_conf()")


@pytest.fixture(scope="module", name="private_postgres")
def private_postgres_fixture():
    """A started private server (skipped where PostgreSQL is not installed), stopped after."""
    if not installed():
        pytest.skip("PostgreSQL server not installed (apt-get install postgresql)")
    # Under /tmp, not pytest's 0700 folder: the server may run as the `postgres` account.
    folder = Path(tempfile.mkdtemp(prefix="retorno-private-pg-"))
    server = PrivatePostgres(folder, free_port())
    server.start()
    try:
        server.require_passwords()
        yield server
    finally:
        try:
            server.stop()
        except RuntimeError:
            pass  # a test left it stopped
        shutil.rmtree(folder, ignore_errors=True)
