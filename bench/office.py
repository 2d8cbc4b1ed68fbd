"""The office bench (issue #15): 20 sellers at once on one `retorno serve`, PostgreSQL and SQLite.

`python -m bench --office [--users 20] [--seconds 60] [--entries 1000000]`. The server runs in
a process of its own, as users run it; the simulated users (bench/office_users.py) are threads
of this process with a keep-alive connection each. p95 is over every request of every user.
After the run each saved entry is read back from the database: a save that is not there is an
error, as is any unexpected answer or timeout.
"""

import os
import resource
import shutil
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

from . import dataset, office_postgres
from .floor import p50, p95
from .office_users import TIMEOUT_S, SimulatedUser, Tally

PASSWORD = "bench-password"
FIRST_SELLER = 6  # user1…user5 see everyone's returns; sellers from user6 on see their own
ENTRIES_PER_USER = 40
KINDS = ["list", "open_entry", "save_entry", "due_count"]


@dataclass(frozen=True)
class Options:
    users: int = 20
    seconds: float = 60
    entries: int = 1_000_000
    database_url: str | None = None
    engines: tuple[str, ...] = ("postgres", "sqlite")


def size_for(entries: int, users: int) -> dataset.Size:
    if entries == dataset.FULL.entries:
        return dataset.FULL
    return dataset.Size(parties=max(entries // 10, 100), entries=entries,
                        users=max(50, FIRST_SELLER + users), documents=max(entries // 33, 10))


def sellers_entries(database: Path, users: int) -> dict[str, list[int]]:
    """Each simulated seller's login and entries of their own follow-ups (open ones first)."""
    connection = sqlite3.connect(database)
    try:
        chosen = {}
        for user_id in range(FIRST_SELLER, FIRST_SELLER + users):
            # Their follow-ups' entries (what they may open), open returns first.
            ids = [row[0] for row in connection.execute(
                "select e.id from follow_up_entries e join follow_ups f on f.id = e.follow_up_id "
                "where f.responsible_id = ? and e.deleted_at is null "
                "order by e.status = 'open' desc, e.return_date desc, e.id limit ?",
                (user_id, ENTRIES_PER_USER))]
            if not ids:
                raise RuntimeError(f"user{user_id} has no follow-up in the data set")
            chosen[f"user{user_id}"] = ids
        return chosen
    finally:
        connection.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine so far (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def no_database_cpu() -> float | None:
    return None


def drive(port: int, server_pid: int, sellers: dict[str, list[int]], seconds: float,
          database_cpu=no_database_cpu) -> dict:
    """Sign every user in, warm up one round each, then run them all at once for `seconds`."""
    users = [SimulatedUser(port, login, PASSWORD, ids) for login, ids in sellers.items()]
    for user in users:
        user.sign_in()
        user.one_round(None)
    tally = Tally()
    start = threading.Barrier(len(users) + 1)
    deadline = [0.0]
    threads = [threading.Thread(target=user.run, args=(start, deadline, tally), daemon=True)
               for user in users]
    for thread in threads:
        thread.start()
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    server_before, machine_before = cpu_seconds(server_pid), machine_busy()
    database_before = database_cpu()
    deadline[0] = time.monotonic() + seconds
    started = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(seconds + TIMEOUT_S + 30)
    elapsed = time.perf_counter() - started
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    server_s = cpu_seconds(server_pid) - server_before
    database_after = database_cpu()
    database_s = (database_after - database_before if database_after is not None
                  and database_before is not None else None)
    busy, total = (after - before for after, before in zip(machine_busy(), machine_before,
                                                          strict=True))
    client_s = (client_after.ru_utime + client_after.ru_stime
                - client_before.ru_utime - client_before.ru_stime)
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        tally.error(f"{stuck} user(s) still waiting after the run")
    requests = sum(len(times) for times in tally.times.values())
    return {"tally": tally, "elapsed_s": elapsed, "requests": requests,
            "client_cpu_ms": client_s * 1000 / max(requests, 1),
            "server_cpu_ms": server_s * 1000 / max(requests, 1),
            "server_cpu_pct": 100 * server_s / elapsed,
            "database_cpu_ms": (None if database_s is None
                                else database_s * 1000 / max(requests, 1)),
            "machine_busy_pct": 100 * busy / max(total, 1)}


def missing_saves(saved_notes: dict[int, str], read_notes) -> list[str]:
    """Every entry whose notes are not what its last acknowledged save sent."""
    stored = read_notes(sorted(saved_notes))
    return [f"entry {entry_id}: the save is not in the database"
            for entry_id, notes in saved_notes.items() if stored.get(entry_id) != notes]


def sqlite_notes(database: Path):
    def read(ids: list[int]) -> dict[int, str]:
        with sqlite3.connect(database) as connection:
            marks = ",".join("?" * len(ids))
            return dict(connection.execute(
                f"select id, notes from follow_up_entries where id in ({marks})", ids))
    return read


def postgres_notes(url: URL):
    def read(ids: list[int]) -> dict[int, str]:
        with psycopg.connect(office_postgres.libpq(url)) as connection:
            return dict(connection.execute(
                "select id, notes from follow_up_entries where id = any(%s)", (ids,)))
    return read


def run_engine(start_server, data_dir: Path, env: dict, sellers: dict, seconds: float,
               read_notes, wait_until_idle, database_cpu=no_database_cpu) -> dict:
    """One engine's run: a fresh server on data_dir (and env), the users, the saves checked."""
    process, port, _ = start_server(data_dir, env)
    try:
        wait_until_idle(process.pid)  # start-up work (the late integrity check) is not measured
        result = drive(port, process.pid, sellers, seconds, database_cpu)
    finally:
        process.terminate()
        process.wait(timeout=30)
    tally = result["tally"]
    tally.errors += missing_saves(tally.saved_notes, read_notes)
    return result


def engine_figures(prefix: str, result: dict) -> dict:
    tally = result["tally"]
    every = [ms for times in tally.times.values() for ms in times]
    out = {f"{prefix}_p95_ms": round(p95(every), 1), f"{prefix}_p50_ms": round(p50(every), 1),
           f"{prefix}_rps": round(result["requests"] / result["elapsed_s"], 1),
           f"{prefix}_requests": result["requests"], f"{prefix}_errors": len(tally.errors),
           f"{prefix}_saves": len(tally.times["save_entry"]),
           f"{prefix}_client_cpu_ms": round(result["client_cpu_ms"], 2),
           f"{prefix}_server_cpu_ms": round(result["server_cpu_ms"], 2),
           f"{prefix}_server_cpu_pct": round(result["server_cpu_pct"], 1),
           f"{prefix}_machine_busy_pct": round(result["machine_busy_pct"], 1)}
    if result["database_cpu_ms"] is not None:
        out[f"{prefix}_database_cpu_ms"] = round(result["database_cpu_ms"], 2)
    for kind in KINDS:
        out[f"{prefix}_{kind}_p95_ms"] = round(p95(tally.times[kind]), 1)
    return out


def measure_office(options: Options, prepare, start_server, wait_until_idle) -> dict:
    """Both engines on the same data set; the figures and the first errors seen."""
    size = size_for(options.entries, options.users)
    label = "big" if size == dataset.FULL else "office"
    data_dir, _facts = prepare(size, label)
    out: dict = {"office_users": options.users, "office_seconds": options.seconds,
                 "office_entries": size.entries}
    errors: list[str] = []
    try:
        sellers = sellers_entries(data_dir / "retorno.sqlite3", options.users)
        if "postgres" in options.engines:
            with office_postgres.bench_server(options.database_url) as server:
                if server is not None:
                    result = _postgres_run(server, size, data_dir, sellers, options,
                                           start_server, wait_until_idle)
                    out.update(engine_figures("office_pg", result))
                    errors += result["tally"].errors
        if "sqlite" in options.engines:
            result = run_engine(start_server, data_dir, {}, sellers, options.seconds,
                                sqlite_notes(data_dir / "retorno.sqlite3"), wait_until_idle)
            out.update(engine_figures("office_sqlite", result))
            errors += result["tally"].errors
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    out["office_errors"] = len(errors)
    out["office_error_samples"] = errors[:10]
    return out


def _postgres_run(server: URL, size: dataset.Size, data_dir: Path, sellers: dict,
                  options: Options, start_server, wait_until_idle) -> dict:
    template = office_postgres.template_name(server, size)
    if not office_postgres.template_ready(server, template):
        office_postgres.build_template(server, template, data_dir / "retorno.sqlite3")
    with office_postgres.working_copy(server, template) as url:
        env = {"DATABASE_URL": url.render_as_string(hide_password=False)}
        return run_engine(start_server, data_dir, env, sellers, options.seconds,
                          postgres_notes(url), wait_until_idle, database_cpu(server))


def database_cpu(server: URL):
    """The PostgreSQL processes' CPU when the server is the bench's private one."""
    private = server.port == int(office_postgres.PRIVATE_PORT)
    return office_postgres.private_server_cpu_seconds if private else no_database_cpu


TARGETS = {"office_pg_p95_ms": 100, "office_sqlite_p95_ms": 100}


def print_office(out: dict) -> None:
    print(f"\nOffice: {out['office_users']} users at once for {out['office_seconds']:g} s, "
          f"think time 0, {out['office_entries']:,} entries")
    print(f"{'engine':<12}{'p95 ms':>8}{'p50 ms':>8}{'req/s':>7}{'list':>7}{'open':>7}"
          f"{'save':>7}{'due':>7}{'errors':>7}   CPU per request: server (% of a core), "
          "database, client")
    for engine, prefix in (("PostgreSQL", "office_pg"), ("SQLite", "office_sqlite")):
        if f"{prefix}_p95_ms" not in out:
            print(f"{engine:<12}not measured")
            continue
        database = out.get(f"{prefix}_database_cpu_ms")
        print(f"{engine:<12}{out[f'{prefix}_p95_ms']:>8.0f}{out[f'{prefix}_p50_ms']:>8.0f}"
              f"{out[f'{prefix}_rps']:>7.1f}"
              + "".join(f"{out[f'{prefix}_{kind}_p95_ms']:>7.0f}" for kind in KINDS)
              + f"{out[f'{prefix}_errors']:>7}   {out[f'{prefix}_server_cpu_ms']:.1f} ms "
              f"({out[f'{prefix}_server_cpu_pct']:.0f}%), "
              f"{'—' if database is None else f'{database:.1f} ms'}, "
              f"{out[f'{prefix}_client_cpu_ms']:.1f} ms")
    print(f"office_errors: {out['office_errors']} (target 0); p95 target ≤ 100 ms; list/open/"
          "save/due: each request kind's p95 (ms); machine shared with other work: busy "
          + ", ".join(f"{out[f'{p}_machine_busy_pct']:.0f}%" for p in ("office_pg", "office_sqlite")
                      if f"{p}_machine_busy_pct" in out) + " of both cores during the runs")
    for error in out["office_error_samples"]:
        print(f"  {error}")
