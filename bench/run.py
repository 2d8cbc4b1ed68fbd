"""Measure Retorno on a realistic database: `python -m bench [--quick] [--json FILE]`.

Also the start to a painted window (bench/window_paint.py), when Xvfb is at hand.

Pages are timed through the real HTTP stack (waitress in a separate process, the way users
run it); each page's SQL is also replayed raw on sqlite3 (the data floor), so the app's own
overhead shows as the ratio page / floor. The same pages on a 100x smaller database give the
growth ratio: with indexes instead of scans a page costs about the same on both.
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from . import dataset, office, office_postgres, window_paint
from .export import measure_export
from .floor import StatementRecorder, p50, p95, replay_ms
from .http_client import Client
from .imports import measure_import
from .office import print_office
from .signin_flood import flood
from .signin_notify import measure_signin_notify

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("RETORNO_BENCH_CACHE", ROOT / "bench" / ".cache"))
PASSWORD = "bench-password"
PAGES = ["list_today", "list_overdue", "list_filtered", "timeline", "search", "open_entry",
         "save_entry", "party_lookup", "painel"]
FUNCTIONS = ["due_count", "notifier_check"]
FLOOR_SAMPLES = {"party_lookup": 12}  # bench/lookup.py types 12 kinds of input in turn


def migration_head() -> str:
    versions = sorted((ROOT / "migrations" / "versions").glob("*.py"))
    return versions[-1].name.split("_")[0]


def prepare(size: dataset.Size, label: str) -> tuple[Path, dict]:
    """Build (or reuse from bench/.cache) a database of this size; return a fresh copy of it."""
    cached = CACHE / f"{label}-{size.parties}-{size.entries}-{migration_head()}"
    if not (cached / "facts.json").exists():
        shutil.rmtree(cached, ignore_errors=True)
        cached.mkdir(parents=True)
        print(f"building the {label} database ({size.entries:,} entries)…", flush=True)
        started = time.perf_counter()
        from app import create_app
        from app.extensions import db

        app = create_app({"DATA_DIR": str(cached), "BACKUP_THREAD": False})
        with app.app_context():
            facts = dataset.build(size)
            db.engine.dispose()
        with sqlite3.connect(cached / "retorno.sqlite3") as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (cached / "facts.json").write_text(json.dumps(facts))
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    work = Path(tempfile.mkdtemp(prefix=f"retorno-bench-{label}-"))
    shutil.copy(cached / "retorno.sqlite3", work / "retorno.sqlite3")
    shutil.copy(cached / "secret_key", work / "secret_key")
    return work, json.loads((cached / "facts.json").read_text())


def start_server(data_dir: Path, extra_env: dict | None = None
                 ) -> tuple[subprocess.Popen, int, float]:
    """Start `retorno serve` and return it, its port and the seconds to the first page."""
    env = {**os.environ, "RETORNO_DATA_DIR": str(data_dir), "RETORNO_BACKUP_THREAD": "0",
           **(extra_env or {})}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", "0"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    port = None
    while port is None:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the server stopped before printing its address")
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        port = int(match.group(1)) if match else None
    client = Client(port)
    while True:
        try:
            if client.request("GET", "/login")[0] == 200:
                break
        except OSError:
            time.sleep(0.01)
    return process, port, time.perf_counter() - started


def wait_until_idle(pid: int, quiet_s: float = 1.0, limit_s: float = 120) -> None:
    """Wait until the server stops using CPU (start-up work such as the late integrity check)."""
    def cpu_ticks() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    deadline = time.monotonic() + limit_s
    last, quiet_since = cpu_ticks(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = cpu_ticks()
        if now != last:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return


def rss_mb(pid: int, field: str) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+)", status).group(1)) / 1024


def page_requests(facts: dict, app) -> dict:
    """The request each page metric sends (method, path, form factory)."""
    entry_ids = facts["sample_entry_ids"]
    words = facts["search_words"]
    typed = facts["lookup_queries"]
    return {
        "list_today": lambda i: ("GET", "/followups/?period=today", None),
        "list_overdue": lambda i: ("GET", "/followups/?period=overdue", None),
        "list_filtered": lambda i: ("GET", f"/followups/?status=all&type={facts['type_id']}"
                                           f"&user={facts['filter_user']}", None),
        "timeline": lambda i: ("GET", f"/parties/{facts['party_id']}", None),
        "search": lambda i: ("GET", f"/followups/?status=all&q={words[i % len(words)]}", None),
        "open_entry": lambda i: ("GET", f"/entries/{entry_ids[i % len(entry_ids)]}", None),
        "save_entry": lambda i: ("POST", f"/entries/{entry_ids[i % len(entry_ids)]}",
                                 lambda: save_form(app, entry_ids[i % len(entry_ids)], i)),
        # The Consulta's suggestions for what a seller types (name, CPF/CNPJ, phone, code…).
        "party_lookup": lambda i: ("GET", "/parties/lookup/matches?"
                                          + urlencode(typed[i % len(typed)]), None),
        # The page after sign-in, for an administrator: every seller's numbers and both charts.
        "painel": lambda i: ("GET", "/painel", None),
    }


def save_form(app, entry_id: int, round_: int) -> dict:
    from app.extensions import db
    from app.followups.services import entry_form_values
    from app.models import FollowUpEntry

    with app.app_context():
        entry = db.session.get(FollowUpEntry, entry_id)
        values = entry_form_values(entry)
    fmt = "%d/%m/%Y"
    return {"contacted_at": values["contacted_at"].strftime(fmt + " %H:%M"),
            "return_date": values["return_date"].strftime(fmt), "type_id": values["type_id"],
            "status": values["status"], "notes": values["notes"] + f" +{round_}",
            "complaints": values["complaints"], "internal_comment": values["internal_comment"],
            "version": values["version"]}


def time_pages(port: int, requests: dict, rounds: int) -> dict[str, list[float]]:
    client = Client(port)
    client.login("user1", PASSWORD)
    timings: dict[str, list[float]] = {}
    for name in PAGES:
        make = requests[name]
        samples = []
        for i in range(rounds + 3):
            method, path, form = make(i)
            data = None
            if form is not None:
                data = {**form(), "csrf_token": client.token("/followups/new")}
            status, _, elapsed = client.request(method, path, data)
            if status >= 400:
                raise RuntimeError(f"{name}: {method} {path} answered {status}")
            if i >= 3:  # the first requests warm caches
                samples.append(elapsed)
        timings[name] = samples
    return timings


def floors(app, requests: dict, database: Path, rounds: int) -> dict[str, list[float]]:
    """Record each page's SQL once through the app, then replay it raw."""
    from app.extensions import db

    client = app.test_client()
    client.post("/login", data={"login": "user1", "password": PASSWORD})
    results = {}
    for name in PAGES:
        # A page whose SQL depends on what is typed is replayed for each kind of input.
        samples = FLOOR_SAMPLES.get(name, 1)
        results[name] = []
        for sample in range(samples):
            method, path, form = requests[name](rounds + 7 + sample)
            with app.app_context():
                engine = db.engine
            with StatementRecorder(engine) as recorder:
                if method == "GET":
                    client.get(path)
                else:
                    client.post(path, data=form())
            results[name] += replay_ms(str(database), recorder.statements,
                                       max(rounds // samples, 3))
    return results


def time_functions(app, facts: dict, database: Path, rounds: int) -> tuple[dict, dict]:
    """Time the login due-count and the notifier's check in-process, and their raw floors."""
    from app.extensions import db
    from app.followups.services import due_counts
    from app.models import User

    check = notifier_check_function()
    today = date.fromisoformat(facts["today"])
    calls = {"due_count": lambda user: due_counts(user, today),
             "notifier_check": lambda user: check(user, today)}
    timed, floor = {}, {}
    with app.app_context():
        engine = db.engine
        for name, call in calls.items():
            samples = []
            for i in range(rounds + 3):
                user = db.session.get(User, 1 + (5 + i) % facts["users"])
                started = time.perf_counter()
                call(user)
                if i >= 3:
                    samples.append((time.perf_counter() - started) * 1000)
                db.session.rollback()
            timed[name] = samples
            with StatementRecorder(engine) as recorder:
                call(db.session.get(User, facts["users"]))
            db.session.rollback()
            floor[name] = replay_ms(str(database), recorder.statements, rounds)
    return timed, floor


def notifier_check_function():
    """The notifier's own check when the alerts package provides one, else the due query."""
    try:
        from app.alerts.services import due_summary

        return due_summary
    except ImportError:
        from app.extensions import db
        from app.followups.services import due_counts, due_returns

        def check(user, today):
            counts = due_counts(user, today)
            first = db.session.scalars(due_returns(user, today).limit(3)).all()
            return counts, [entry.party.name for entry in first]

        return check


def measure(size: dataset.Size, label: str, rounds: int) -> dict:
    from app import create_app

    data_dir, facts = prepare(size, label)
    try:
        process, port, start_s = start_server(data_dir)
        try:
            wait_until_idle(process.pid)
            idle = rss_mb(process.pid, "VmRSS")
            app = create_app({"DATA_DIR": str(data_dir), "WTF_CSRF_ENABLED": False,
                              "AUTO_MIGRATE": False, "BACKUP_THREAD": False})
            requests = page_requests(facts, app)
            pages = time_pages(port, requests, rounds)
            flooded = sign_in_flood(port, app, facts, seconds=5 if rounds < 50 else 20)
            peak = rss_mb(process.pid, "VmHWM")
        finally:
            process.terminate()
            process.wait(timeout=30)
        # The export of every entry, on the big database only (SPEC §8: a million, flat memory).
        exported = (measure_export(data_dir, start_server, rss_mb, "user1", PASSWORD)
                    if label == "big" else {})
        database = data_dir / "retorno.sqlite3"
        raw = floors(app, requests, database, rounds)
        functions, function_floors = time_functions(app, facts, database, rounds)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return {"pages": pages, "raw": raw, "functions": functions,
            "function_floors": function_floors, "flood": flooded, "start_s": start_s,
            "idle_rss_mb": idle, "peak_rss_mb": peak, "size": size, "export": exported}


def sign_in_flood(port: int, app, facts: dict, seconds: float) -> dict:
    """user2 signs in from 16 threads at once while user1 keeps adding entries."""
    from app.extensions import db
    from app.models import FollowUpEntry

    with app.app_context():
        follow_up_id = db.session.get(FollowUpEntry, facts["sample_entry_ids"][0]).follow_up_id
    result = flood(port, flood_login="user2", saver_login="user1", password=PASSWORD,
                   follow_up_id=follow_up_id, type_id=facts["type_id"], seconds=seconds)
    if result["server_errors"]:
        raise RuntimeError(f"sign-in flood: server errors {result['server_errors'][:5]}")
    return result


def _figure(out: dict, key: str, name: str, value: float, floor: float, small: float) -> None:
    """One measure: its time, its raw-SQL floor, their ratio and the 1M ÷ 10k growth."""
    out[key] = round(value, 2)
    out[f"{name}_raw_ms"] = round(floor, 2)
    out[f"{name}_ratio"] = round(value / floor, 1) if floor else None
    out[f"{name}_growth"] = round(value / small, 2)


def figures(big: dict, small: dict) -> dict:
    out: dict = {}
    for name in PAGES:  # pages: p95 over HTTP
        _figure(out, f"{name}_p95_ms", name, p95(big["pages"][name]), p95(big["raw"][name]),
                p95(small["pages"][name]))
    for name in FUNCTIONS:  # in-process calls: the median
        _figure(out, f"{name}_ms", name, p50(big["functions"][name]),
                p50(big["function_floors"][name]), p50(small["functions"][name]))
    out["signin_flood_save_p95_ms"] = round(big["flood"]["save_p95_ms"], 1)
    out["start_s"] = round(big["start_s"], 2)
    out["idle_rss_mb"] = round(big["idle_rss_mb"], 1)
    out["peak_rss_mb"] = round(big["peak_rss_mb"], 1)
    out.update(big["export"])
    size = big["size"]
    out.update(parties=size.parties, entries=size.entries, users=size.users)
    return out


TARGETS = {"list_today_p95_ms": 50, "list_overdue_p95_ms": 50, "list_filtered_p95_ms": 50,
           "timeline_p95_ms": 50, "search_p95_ms": 150, "save_entry_p95_ms": 30,
           "party_lookup_p95_ms": 30, "painel_p95_ms": 50,
           "due_count_ms": 5, "start_s": 1.5, "idle_rss_mb": 120,
           "signin_flood_save_p95_ms": 200, "import_100k_s": 60, "import_peak_rss_mb": 300,
           "export_peak_rss_mb": 200, "signin_notify_s": 3}
IMPORT_ROWS, QUICK_IMPORT_ROWS = 100_000, 2_000


def print_table(out: dict) -> None:
    print(f"\nRetorno bench — {out['parties']:,} parties, {out['entries']:,} entries, "
          f"{out['users']} users\n")
    print(f"{'measure':<16}{'app ms':>9}{'raw SQL ms':>12}{'app/raw':>9}{'1M/10k':>9}"
          f"{'target':>9}")
    for name in PAGES + FUNCTIONS:
        key = f"{name}_p95_ms" if name in PAGES else f"{name}_ms"
        target = TARGETS.get(key)
        growth_target = "" if name in ("search", "party_lookup") else " (≤1.5)"
        print(f"{name:<16}{out[key]:>9.2f}{out[f'{name}_raw_ms']:>12.2f}"
              f"{out[f'{name}_ratio'] or 0:>9.1f}{out[f'{name}_growth']:>9.2f}"
              f"{('≤ ' + str(target)) if target else '':>9}{growth_target}")
    print(f"\nsaving while 16 threads sign in: p95 {out['signin_flood_save_p95_ms']:.0f} ms "
          "(≤ 200)")
    print(f"start to first page: {out['start_s']:.2f} s (≤ 1.5)   idle RSS: "
          f"{out['idle_rss_mb']:.0f} MB (≤ 120)   peak RSS: {out['peak_rss_mb']:.0f} MB")
    print(f"import of {out['import_rows']:,} customers (CLI): {out['import_100k_s']:.1f} s "
          f"(≤ 60; CPU {out['import_cpu_s']:.1f} s)   peak RSS: "
          f"{out['import_peak_rss_mb']:.0f} MB (≤ 300)")
    print(f"export of {out['export_rows']:,} entries: peak RSS {out['export_peak_rss_mb']:.0f} MB "
          f"(≤ 200), first byte {out['export_first_byte_ms']:.0f} ms, CSV "
          f"{out['export_csv_s']:.1f} s, XLSX {out['export_xlsx_s']:.1f} s")
    if "signin_notify_s" in out:
        print(f"sign-in to first notification: {out['signin_notify_s']:.2f} s (≤ 3)")
    print("pages: p95 over HTTP; due_count/notifier_check: median in-process; raw: the same SQL "
          "on sqlite3")


def signin_notify() -> dict:
    """signin_notify_s on a private D-Bus (bench/signin_notify.py); {} without dbus-daemon."""
    if not shutil.which("dbus-daemon"):
        print("signin_notify_s not measured: dbus-daemon not found (apt-get install dbus)")
        return {}
    with tempfile.TemporaryDirectory(prefix="retorno-bench-notify-") as work:
        result = measure_signin_notify(Path(work))
    return {"signin_notify_s": result["signin_notify_s"]}


def office_figures(args: argparse.Namespace) -> dict:
    """The office bench; --quick: 3 users for 3 s on the quick data set, PostgreSQL only when
    a server is given (no private server is started for a smoke run)."""
    quick = args.quick
    engines = ("postgres", "sqlite") if args.engine == "both" else (args.engine,)
    given_url = args.database_url or os.environ.get(office_postgres.URL_VARIABLE)
    if quick and not given_url:
        engines = tuple(engine for engine in engines if engine != "postgres")
    options = office.Options(
        users=args.users or (3 if quick else 20), seconds=args.seconds or (3 if quick else 60),
        entries=args.entries or (dataset.QUICK_SMALL.entries if quick else dataset.FULL.entries),
        database_url=args.database_url, engines=engines)
    return office.measure_office(options, prepare, start_server, wait_until_idle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke test")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--office", action="store_true",
                        help="only the office bench: many users at once, PostgreSQL and SQLite")
    parser.add_argument("--users", type=int, default=None, help="office: users at once (20)")
    parser.add_argument("--seconds", type=float, default=None, help="office: seconds (60)")
    parser.add_argument("--entries", type=int, default=None,
                        help="office: entries in the data set (1,000,000)")
    parser.add_argument("--database-url", default=None,
                        help="office: the PostgreSQL server to use (else "
                             "RETORNO_BENCH_DATABASE_URL, else a private one on port 55433)")
    parser.add_argument("--engine", choices=["both", "postgres", "sqlite"], default="both",
                        help="office: which database engine(s) to bench")
    args = parser.parse_args(argv)
    if args.office:
        out = office_figures(args)
        print_office(out)
        if args.json:
            args.json.write_text(json.dumps(out, indent=2))
        return 0
    big_size, small_size = ((dataset.QUICK, dataset.QUICK_SMALL) if args.quick
                            else (dataset.FULL, dataset.SMALL))
    rounds = args.rounds or (10 if args.quick else 150)
    big = measure(big_size, "big", rounds)
    small = measure(small_size, "small", rounds)
    out = figures(big, small)
    out.update(window_paint.figures(runs=1 if args.quick else 3))
    out.update(measure_import(QUICK_IMPORT_ROWS if args.quick else IMPORT_ROWS))
    out.update(signin_notify())
    out.update(office_figures(args))
    print_table(out)
    window_paint.print_figures(out)
    print_office(out)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
