"""The office server's faults: a wrong DATABASE_URL, PostgreSQL down at start or restarted under
load, a refused password. Each gets a clear message, nothing half-saved, and the server goes on
by itself when PostgreSQL is back."""

import http.client
import threading
from datetime import datetime, timedelta

import pytest

from bench.http_client import TOKEN

from .live_server import retorno, running
from .private_postgres import PASSWORD, PASSWORD_USER, private_postgres_fixture  # noqa: F401
from .waiting import wait_until

pytestmark = pytest.mark.slow  # real servers and PostgreSQL restarts: tens of seconds


def serve(*args: str):
    return retorno("serve", "--port", "0", "--wait-for-database", "0", *args)


def one_clear_line(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("url,expected", [
    ("postgres://app@127.0.0.1/retorno", "names a database Retorno cannot use (postgres)"),
    ("a database somewhere", "DATABASE_URL is not a database address"),
    ("postgresql+psycopg://app@127.0.0.1:porta/retorno", "DATABASE_URL is not a database address"),
    ("postgresql+psycopg://app@127.0.0.1:99999/retorno", "not a valid port number"),
    ("postgresql+psycopg://app@servidor-que-nao-existe.invalid/retorno",
     "The database server 'servidor-que-nao-existe.invalid' in DATABASE_URL was not found"),
])
def test_a_wrong_database_url_gets_one_clear_line(tmp_path, url, expected):
    line = one_clear_line(serve("--data-dir", str(tmp_path), "--database-url", url))
    assert expected in line


def test_the_desktop_app_says_the_same_in_one_line(tmp_path):
    result = retorno("desktop", "--no-window", "--data-dir", str(tmp_path),
                     env={"DATABASE_URL": "postgres://app@127.0.0.1/retorno"})
    assert "names a database Retorno cannot use" in one_clear_line(result)


def test_a_missing_database_is_named(tmp_path, private_postgres):
    url = private_postgres.url("retorno_que_falta")
    line = one_clear_line(serve("--data-dir", str(tmp_path), "--database-url", url))
    assert line == (f"Error: PostgreSQL at 127.0.0.1:{private_postgres.port} has no database "
                    f"'retorno_que_falta': create it (see the README, \"Escritório com vários "
                    f"computadores\") or correct DATABASE_URL.")


def test_a_refused_password_names_the_user_and_never_shows_the_password(tmp_path,
                                                                        private_postgres):
    private_postgres.new_database("retorno_senha", owner=PASSWORD_USER)
    wrong = "senha-errada-77"
    url = private_postgres.url("retorno_senha", PASSWORD_USER, wrong)
    result = retorno("serve", "--port", "0", "--data-dir", str(tmp_path), "--database-url", url)
    line = one_clear_line(result)
    assert line == (f"Error: PostgreSQL at 127.0.0.1:{private_postgres.port} refused the "
                    f"password of user 'caixa': correct the password in DATABASE_URL.")
    assert wrong not in result.stdout + result.stderr
    # The right password gets in (the refusal was the password's, not the server's).
    right = private_postgres.url("retorno_senha", PASSWORD_USER, PASSWORD)
    created = retorno("create-user", "ana", "--password-stdin", "--data-dir", str(tmp_path),
                      "--database-url", right, stdin="correct-horse-9\n")
    assert created.returncode == 0, created.stderr


def test_the_server_waits_for_postgresql_at_boot_then_serves(tmp_path, private_postgres):
    url = private_postgres.new_database("retorno_boot")
    private_postgres.stop()  # the server PC boots: Retorno starts before PostgreSQL
    try:
        with running("serve", "--port", "0", "--data-dir", str(tmp_path),
                     "--wait-for-database", "120", env={"DATABASE_URL": url}) as server:
            wait_until(lambda: "No PostgreSQL server answers" in server.output, 60,
                     "the waiting message")
            assert server.process.poll() is None, server.output
            assert server.port is None  # not serving yet
            private_postgres.start()
            status, _body, _ms = server.client().request("GET", "/login")
            assert status == 302  # a new database: the first-run page
            assert "Traceback" not in server.output
            assert (f"No PostgreSQL server answers at 127.0.0.1:{private_postgres.port} "
                    f"(not started yet, or a wrong host or port in DATABASE_URL). Trying again "
                    f"in 5 s (Ctrl+C stops).") in server.output
    finally:
        private_postgres.start()  # for the next test, whatever happened


SAVERS = 4


def entry_form(note: str, type_id: int) -> dict:
    now = datetime.now()
    return {"contacted_at": now.strftime("%d/%m/%Y %H:%M"),
            "return_date": (now + timedelta(days=1)).strftime("%d/%m/%Y"),
            "type_id": str(type_id), "status": "open", "notes": note}


class Saver(threading.Thread):
    """A seller saving entries in a loop; remembers what the server acknowledged (302)."""

    def __init__(self, number: int, server, follow_up_id: int, type_id: int,
                 stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.number, self.stop = number, stop
        self.client = server.client()
        self.client.login("chefe", "correct-horse-9")  # one after the other, as people do
        self.path, self.type_id = f"/followups/{follow_up_id}/entries/new", type_id
        self.acknowledged: list[str] = []
        self.unavailable: list[str] = []  # 503 pages' texts
        self.other: list[str] = []  # anything else: must stay empty

    def run(self) -> None:
        client = self.client
        round_ = 0
        while not self.stop.is_set():
            note = f"salvo-{self.number}-{round_}"
            round_ += 1
            try:
                status, body, _ = client.request("GET", self.path)
                if status == 200:
                    form = {**entry_form(note, self.type_id),
                            "csrf_token": TOKEN.search(body).group(1)}
                    status, body, _ = client.request("POST", self.path, form)
                    if status == 302:  # saved: the redirect after the POST
                        self.acknowledged.append(note)
                        continue
            except (OSError, http.client.HTTPException) as error:
                self.other.append(f"connection: {error!r}")
                client.connection.close()
                continue
            if status == 503:
                self.unavailable.append(body)
            else:
                self.other.append(f"{status}: {body[:300]}")


def test_no_acknowledged_save_is_lost_when_postgresql_restarts_under_load(tmp_path,
                                                                          private_postgres):
    url = private_postgres.new_database("retorno_restart")
    env = {"DATABASE_URL": url}
    assert retorno("demo-data", "--data-dir", str(tmp_path), env=env).returncode == 0
    assert retorno("create-user", "chefe", "--admin", "--password-stdin",
                   "--data-dir", str(tmp_path), stdin="correct-horse-9\n",
                   env=env).returncode == 0
    (follow_up_id,), = private_postgres.run("SELECT min(id) FROM follow_ups", "retorno_restart")
    (type_id,), = private_postgres.run("SELECT min(id) FROM follow_up_types WHERE active",
                                       "retorno_restart")
    stop = threading.Event()
    with running("serve", "--port", "0", "--data-dir", str(tmp_path), env=env) as server:
        savers = [Saver(n, server, follow_up_id, type_id, stop) for n in range(SAVERS)]
        for saver in savers:
            saver.start()
        wait_until(lambda: all(len(s.acknowledged) >= 3 for s in savers), 60, "saves before")
        private_postgres.stop()  # fast shutdown: every session is cut mid-work
        wait_until(lambda: sum(len(s.unavailable) + len(s.other) for s in savers) >= SAVERS, 60,
                 "saves refused while PostgreSQL is down")
        private_postgres.start()
        after = {saver: len(saver.acknowledged) for saver in savers}
        wait_until(lambda: all(len(s.acknowledged) >= after[s] + 3 for s in savers), 60,
                 "saves after the restart")
        stop.set()
        for saver in savers:
            saver.join(60)
        # Restarted while nobody works (a night's update): the pool's connections are all dead,
        # and the next morning's first page is served all the same.
        private_postgres.stop()
        private_postgres.start()
        status, _body, _ms = savers[0].client.request("GET", savers[0].path)
        assert status == 200
        output = server.output
    acknowledged = {note for saver in savers for note in saver.acknowledged}
    stored = {row[0] for row in private_postgres.run(
        "SELECT notes FROM follow_up_entries WHERE notes LIKE 'salvo-%'", "retorno_restart")}
    print(f"\n{len(acknowledged)} saves acknowledged, "
          f"{sum(len(s.unavailable) for s in savers)} refused with 503 during the restart")
    assert acknowledged - stored == set()  # 0 acknowledged saves lost
    # Nothing half-saved: every stored entry has the audit record written in its transaction.
    unaudited = private_postgres.run(
        "SELECT e.notes FROM follow_up_entries e WHERE e.notes LIKE 'salvo-%' AND NOT EXISTS "
        "(SELECT 1 FROM audit_events a WHERE a.entity = 'entry' AND a.entity_id = e.id "
        "AND a.action = 'create')", "retorno_restart")
    assert unaudited == []
    assert [problem for saver in savers for problem in saver.other] == [], output
    for page in (page for saver in savers for page in saver.unavailable):
        assert "tente de novo" in page
    assert "Traceback" not in output
