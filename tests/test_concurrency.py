"""20 browsers saving and listing at once through real HTTP, beside the notifier's count query."""

import http.cookiejar
import logging
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import FollowUpEntry

from .conftest import PASSWORD

THREADS = 20
SECONDS = float(os.environ.get("RETORNO_CONCURRENCY_SECONDS", "30"))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """One browser: its own cookies, its CSRF token, no automatic redirects."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        self.token = ""

    def request(self, path: str, form: dict | None = None) -> tuple[int, str]:
        data = None
        if form is not None:
            data = urllib.parse.urlencode(dict(form, csrf_token=self.token)).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def sign_in(self, login: str) -> None:
        status, page = self.request("/login")
        self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        status, _ = self.request("/login", {"login": login, "password": PASSWORD})
        assert status == 302, status
        status, page = self.request("/followups/")
        self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


class LockedLog(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        text = record.getMessage() + (str(record.exc_info[1]) if record.exc_info else "")
        self.lines.append(text)


@pytest.fixture
def served(app):
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()


@pytest.mark.slow
def test_twenty_browsers_and_the_notifier_at_once(app, factory, admin, served):
    from app.followups.services import due_counts

    party = factory.party("Cliente Disputado")
    follow_ups = [factory.entry(party, admin, return_date=date.today()).follow_up_id
                  for _ in range(THREADS)]
    type_id = factory.type_id()
    # One account per browser: sign-ins of one name are limited (a flood of them is refused).
    logins = [factory.user(f"vendas{n}", can_see_all_followups=True).login
              for n in range(THREADS)]
    start_count = factory.scalar(select(func.count(FollowUpEntry.id)))
    log = LockedLog()
    logging.getLogger().addHandler(log)
    saves = [0] * THREADS
    lists = [0] * THREADS
    notifier_ticks = [0]
    errors: list[str] = []
    deadline = time.monotonic() + SECONDS
    today = date.today()

    def browser(n: int) -> None:
        session = Session(served)
        try:
            session.sign_in(logins[n])
            while time.monotonic() < deadline:
                status, _ = session.request(f"/followups/{follow_ups[n]}/entries/new", {
                    "contacted_at": today.strftime("%d/%m/%Y 09:00"),
                    "return_date": (today + timedelta(days=n % 5)).strftime("%d/%m/%Y"),
                    "type_id": str(type_id), "status": "open",
                    "notes": f"Ligação do navegador {n}", "complaints": "", "internal_comment": ""})
                if status == 302:
                    saves[n] += 1
                else:
                    errors.append(f"save {n}: HTTP {status}")
                status, _ = session.request("/followups/?status=all")
                if status == 200:
                    lists[n] += 1
                else:
                    errors.append(f"list {n}: HTTP {status}")
        except Exception as error:  # noqa: BLE001 - counted and asserted below
            errors.append(f"browser {n}: {error!r}")

    def notifier() -> None:
        with app.app_context():
            user = db.session.get(type(admin), admin.id)
            while time.monotonic() < deadline:
                try:
                    due_counts(user, today)
                    db.session.rollback()
                    notifier_ticks[0] += 1
                except Exception as error:  # noqa: BLE001
                    errors.append(f"notifier: {error!r}")
                time.sleep(0.05)
            db.session.remove()

    threads = [threading.Thread(target=browser, args=(n,)) for n in range(THREADS)]
    threads.append(threading.Thread(target=notifier))
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(SECONDS + 120)
    finally:
        logging.getLogger().removeHandler(log)
    rows = factory.scalar(select(func.count(FollowUpEntry.id))) - start_count
    locked = [line for line in log.lines if "locked" in line.lower()]
    print(f"\nconcurrency: {THREADS} browsers for {SECONDS:.0f} s: {sum(saves)} saves, "
          f"{sum(lists)} lists, {notifier_ticks[0]} notifier counts, errors {len(errors)}, "
          f"'database is locked' {len(locked)}, new rows {rows} (= saves: {rows == sum(saves)})")
    for error in errors[:10]:
        print("ERROR", error)
    assert errors == [] and locked == []
    assert rows == sum(saves) and sum(saves) > 0
