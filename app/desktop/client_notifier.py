"""The office client's notifier: asks the server what is due for the user signed in on THIS PC.

It sends the session cookie the window last sent through the proxy (client_state.SessionCookies),
so the answer is this PC's user's and nobody else's; after a sign-out the server refuses that
cookie (the session version changed) and the notifier falls silent until the next sign-in. The
same native notifications as the one-PC app (os_notify), at sign-in and each interval.
"""

import http.client
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from ..clock import now_utc
from ..periodic import Periodic
from .client_state import ClientState

log = logging.getLogger(__name__)

DUE_PATH = "/alerts/due?alarms=1"  # with the timed returns ringing now (Hora do retorno)
CHECK_SECONDS = 30.0

Notify = Callable[[str, str], None]


class ClientNotifier:
    """A daemon thread: one check at start, then every CHECK_SECONDS or when woken."""

    def __init__(self, state: ClientState, notify: Notify,
                 check_seconds: float = CHECK_SECONDS, rung_file: Path | None = None) -> None:
        self.state = state
        self.rung_file = rung_file  # the alarms rung, kept across restarts of the same day
        self.notify = notify
        self.list_path = "/"  # where a click on the notification goes (today's returns)
        self.last_sent_at: datetime | None = None
        self.last_user_id: int | None = None
        self.rung: set[str] = load_rung(rung_file)  # timed alarms already shown
        self._checks = Periodic("retorno-client-notifier", self.tick, check_seconds,
                                failure="client notifier: the check failed")

    @property
    def check_seconds(self) -> float:
        return self._checks.every

    def start(self) -> "ClientNotifier":
        self._checks.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._checks.stop(timeout)

    def wake(self) -> None:
        """Ask now (the window's session changed: signed in or out)."""
        self._checks.wake()

    @property
    def running(self) -> bool:
        return self._checks.running

    def tick(self) -> tuple[str, str] | None:
        """One question to the server; the notification sent, if one was. Never raises."""
        due = self._ask()
        if due is None:  # the server cannot be asked now: nothing changes until it can
            return None
        user_id = due.get("user_id")
        if user_id != self.last_user_id:
            self.last_sent_at = None  # signed out, or another user: a new user gets one at once
            if user_id is None:
                log.info("client notifier: nobody is signed in on this PC; silent until the "
                         "next sign-in")
            self.last_user_id = user_id
        self._ring_alarms(due.get("alarms") or [])
        if not due or not due.get("active") or not due.get("total"):
            return None
        now = now_utc()
        interval = timedelta(minutes=int(due.get("interval_minutes") or 60))
        if self.last_sent_at is not None and timedelta(0) <= now - self.last_sent_at < interval:
            return None
        self.list_path = str(due.get("list_url") or "/")
        title, body = str(due.get("title", "")), str(due.get("body", ""))
        self._send(title, body)
        self.last_sent_at = now
        return title, body

    def _ring_alarms(self, alarms: list) -> None:
        """One notification per timed return whose time has come, once per return and time."""
        for alarm in alarms:
            key = str(alarm.get("key", "")) if isinstance(alarm, dict) else ""
            if key and key not in self.rung:
                self.rung.add(key)
                save_rung(self.rung_file, self.rung)
                self._send(str(alarm.get("title", "")), str(alarm.get("body", "")))

    def _send(self, title: str, body: str) -> None:
        try:
            self.notify(title, body)
        except Exception:  # noqa: BLE001 - a broken notification backend is not fatal
            log.exception("client notifier: the notification backend failed")

    def _ask(self) -> dict | None:
        """The server's /alerts/due for the window's session: {} when nobody is signed in,
        None when the server cannot be asked (away, not pinned, certificate refused)."""
        cookie = self.state.cookies.header()
        upstream = self.state.upstream()
        if upstream is None:
            return None
        if not cookie:
            return {}
        headers = [("Host", self.state.server.netloc), ("Cookie", cookie),
                   ("Accept", "application/json")]
        try:
            response = upstream.send("GET", DUE_PATH, headers)
            body = response.read()
            upstream.finish(response, complete=True)
        except (OSError, http.client.HTTPException) as error:  # away, cut, refused
            log.info("client notifier: the server cannot be asked now (%s)", error)
            return None
        # A sign-in page (redirect) or a refusal: nobody is signed in with this cookie.
        if response.status != 200:
            return {}
        try:
            due = json.loads(body)
        except ValueError:
            return {}
        return due if isinstance(due, dict) else {}


def load_rung(path: Path | None) -> set[str]:
    """The alarms rung today and yesterday (older keys are dropped: they never ring again)."""
    if path is None:
        return set()
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    since = (now_utc() - timedelta(days=2)).isoformat()
    return {key for key in keys if isinstance(key, str) and key.partition("@")[2] >= since}


def save_rung(path: Path | None, keys: set[str]) -> None:
    if path is None:
        return
    try:
        path.write_text(json.dumps(sorted(keys)), encoding="utf-8")
    except OSError as error:  # a read-only folder: this run still rings each alarm once
        log.warning("could not keep the rung alarms: %s", error)
