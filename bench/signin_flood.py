"""Many sign-ins at once against one server while another user keeps saving (SPEC §8, #11).

Each flooding thread signs in again and again with correct credentials, as a script or a
stuck client would; the other user adds follow-up entries. Returns that user's save times
and every server error seen by anyone.
"""

import threading
import time
from datetime import datetime, timedelta

from .floor import p95
from .http_client import Client

FLOOD_THREADS = 16


def _sign_in_once(client: Client, login: str, password: str) -> int:
    client.cookies.clear()
    token = client.token("/login")
    status, _, _ = client.request("POST", "/login", {"csrf_token": token, "login": login,
                                                     "password": password})
    return status


def _entry_form(type_id: int, round_: int) -> dict:
    now = datetime.now()
    return {"contacted_at": now.strftime("%d/%m/%Y %H:%M"),
            "return_date": (now + timedelta(days=1)).strftime("%d/%m/%Y"),
            "type_id": str(type_id), "status": "open",
            "notes": f"Ligação durante a enxurrada {round_}"}


def flood(port: int, *, flood_login: str, saver_login: str, password: str, follow_up_id: int,
          type_id: int, seconds: float, threads: int = FLOOD_THREADS) -> dict:
    """Run the flood for `seconds`; report the saver's p95, its saves and every 5xx."""
    stop = threading.Event()
    server_errors: list[str] = []
    sign_ins = {"accepted": 0, "refused": 0}
    lock = threading.Lock()

    def flooder() -> None:
        client = Client(port)
        while not stop.is_set():
            status = _sign_in_once(client, flood_login, password)
            with lock:
                if status >= 500:
                    server_errors.append(f"sign-in {status}")
                sign_ins["accepted" if status == 302 else "refused"] += 1

    workers = [threading.Thread(target=flooder, daemon=True) for _ in range(threads)]
    saver = Client(port)
    saver.login(saver_login, password)
    add_path = f"/followups/{follow_up_id}/entries/new"
    for worker in workers:
        worker.start()
    times, statuses, round_ = [], [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        form = {**_entry_form(type_id, round_), "csrf_token": saver.token(add_path)}
        status, _, elapsed = saver.request("POST", add_path, form)
        statuses.append(status)
        times.append(elapsed)
        if status >= 500:
            server_errors.append(f"save {status}")
        round_ += 1
    stop.set()
    for worker in workers:
        worker.join(60)
    return {"save_p95_ms": p95(times), "save_median_ms": sorted(times)[len(times) // 2],
            "saves": len(times),
            "saves_stored": statuses.count(302), "server_errors": server_errors, **sign_ins}
