"""Two `retorno serve` processes on one PostgreSQL database (allowed: two PCs, or a restart that
overlaps the old process): both start and serve, and the once-per-office work runs once."""

import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from bench.http_client import Client

from .private_postgres import private_postgres_fixture  # noqa: F401
from .waiting import wait_until

pytestmark = pytest.mark.slow  # two servers and a private PostgreSQL: tens of seconds

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/")
# A real `retorno serve`, with the daily backup's first look moved from 2 minutes to 1 second
# and each look's outcome printed (the thread itself says nothing when another server has it).
SERVER = textwrap.dedent("""
    import sys
    from app.backups import scheduler
    from app.cli import main
    scheduler.FIRST_CHECK_SECONDS = 1
    look = scheduler.backup_if_due
    def backup_if_due(app):
        taken = look(app)
        print("daily backup:", "taken" if taken else "left to the other", flush=True)
        return taken
    scheduler.backup_if_due = backup_if_due
    main(sys.argv[1:], prog_name="retorno")
""")


class Server:
    """One server process, its output read as it comes."""

    def __init__(self, data_dir: Path, database_url: str) -> None:
        env = {key: value for key, value in os.environ.items()
               if key not in ("RETORNO_DATA_DIR", "DATABASE_URL")}
        env.update(PYTHONPATH=str(ROOT), DATABASE_URL=database_url, RETORNO_BACKUP_THREAD="1",
                   RETORNO_RULES_THREAD="1")
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, "serve", "--port", "0", "--data-dir", str(data_dir)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def port(self) -> int | None:
        match = URL.search(self.output)
        return int(match.group(1)) if match else None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(10)


def wait_for(condition, seconds: float, what: str, servers: list[Server]) -> None:
    """wait_until, failing at once when a server ends; the servers' output in the message."""
    def outputs() -> str:
        return "\n---\n".join(server.output[-3000:] for server in servers)

    def check():
        assert all(s.process.poll() is None for s in servers), f"a server ended:\n{outputs()}"
        return condition()

    wait_until(check, seconds, what, every=0.1, details=outputs)


def two_servers(tmp_path: Path, url: str) -> list[Server]:
    """Two servers, each with its data folder (two PCs), started at the same moment."""
    folders = [tmp_path / "pc-1", tmp_path / "pc-2"]
    return [Server(folder, url) for folder in folders]


def test_two_servers_started_at_once_on_an_empty_database_both_serve(tmp_path,
                                                                     private_postgres):
    url = private_postgres.new_database("retorno_two_empty")
    servers = two_servers(tmp_path, url)
    try:
        wait_for(lambda: all(s.port() for s in servers), 120, "both servers' URLs", servers)
        for server in servers:
            status, _body, _ms = Client(server.port()).request("GET", "/login")
            assert status == 302  # a new database: the first-run page, on both
            assert "Traceback" not in server.output
    finally:
        for server in servers:
            server.stop()
    (revisions,), = private_postgres.run("SELECT count(*) FROM alembic_version",
                                         "retorno_two_empty")
    assert revisions == 1


RULE_LINE = re.compile(r"automatic rule no_contact: (\d+) created, (\d+) failed")


def test_the_daily_backup_and_the_rules_run_once_for_two_servers(tmp_path, private_postgres):
    url = private_postgres.new_database("retorno_two")
    demo = subprocess.run([sys.executable, "-m", "app.cli", "demo-data", "--data-dir",
                           str(tmp_path / "setup")], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url,
                               "RETORNO_BACKUP_THREAD": "0"}, timeout=120)
    assert demo.returncode == 0, demo.stderr
    # Clientes sem contato after 1 day: every demo customer not called today is due.
    private_postgres.run("INSERT INTO automatic_rules (name, enabled, delay_days, enabled_at) "
                         "VALUES ('no_contact', true, 1, now()) ON CONFLICT (name) DO UPDATE "
                         "SET enabled = true, delay_days = 1", "retorno_two")
    servers = two_servers(tmp_path, url)
    try:
        wait_for(lambda: all("daily backup:" in s.output and RULE_LINE.search(s.output)
                             for s in servers), 120, "both servers' backup and rules", servers)
        outputs = [server.output for server in servers]
    finally:
        for server in servers:
            server.stop()
    backups = [line for output in outputs for line in output.splitlines()
               if line.startswith("daily backup:")]
    assert sorted(backups) == ["daily backup: left to the other", "daily backup: taken"]
    files = [path.name for server in servers for path in (server.data_dir / "backups").glob("*")]
    assert len([name for name in files if "daily" in name]) == 1, files
    created = [int(RULE_LINE.search(output).group(1)) for output in outputs]
    (marks,), = private_postgres.run("SELECT count(*) FROM rule_marks WHERE rule = 'no_contact'",
                                     "retorno_two")
    (returns,), = private_postgres.run(
        "SELECT count(*) FROM follow_up_entries WHERE created_by_rule = 'no_contact'",
        "retorno_two")
    print(f"\nno_contact returns created by each server: {created}; stored: {returns}")
    assert returns > 0
    assert sum(created) == marks == returns  # each customer's return made once, by one server
