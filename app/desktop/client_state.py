"""What the client process knows of the office server: its address, the pinned certificate,
whether it answers, and the session cookie the window last used (for the notifier)."""

import logging
import threading
import time
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

from .client_upstream import ServerUnreachable, Upstream
from .pinning import CertificateChanged, Pin, PinStore, fetch_fingerprint
from .server_choice import ServerAddress

log = logging.getLogger(__name__)

CONNECTED, UNREACHABLE, CHANGED, NOT_PINNED = "connected", "unreachable", "changed", "not-pinned"


class SessionCookies:
    """The cookies the window holds for the server, as the proxy saw them go by."""

    def __init__(self) -> None:
        self._cookies: dict[str, str] = {}
        self._lock = threading.Lock()

    def saw_request(self, cookie_header: str) -> None:
        """The window sent these: they are what it holds now."""
        with self._lock:
            self._cookies = _parse_cookie_header(cookie_header)

    def saw_answer(self, set_cookie_values: list[str]) -> bool:
        """The server set or deleted cookies; True when one changed."""
        changed = False
        for value in set_cookie_values:
            try:
                parsed = SimpleCookie()
                parsed.load(value)
            except CookieError:
                continue
            with self._lock:
                for name, morsel in parsed.items():
                    gone = morsel["max-age"] in ("0", "-1") or (
                        morsel["expires"] and "1970" in morsel["expires"])
                    before = self._cookies.get(name)
                    if gone:
                        self._cookies.pop(name, None)
                    else:
                        self._cookies[name] = morsel.value
                    changed |= before != self._cookies.get(name)
        return changed

    def header(self) -> str:
        with self._lock:
            return "; ".join(f"{name}={value}" for name, value in self._cookies.items())


def _parse_cookie_header(header: str) -> dict[str, str]:
    cookies = {}
    for pair in header.split(";"):
        name, sep, value = pair.strip().partition("=")
        if sep and name:
            cookies[name] = value
    return cookies


class ClientState:
    """The office connection shared by the proxy's threads, the pages and the notifier."""

    def __init__(self, data_dir: Path, server: ServerAddress) -> None:
        self.data_dir = Path(data_dir)
        self.server = server
        self.pins = PinStore(data_dir)
        self.cookies = SessionCookies()
        self.on_session_change: Callable[[], None] = lambda: None
        self._lock = threading.Lock()
        self._upstream: Upstream | None = None
        self._status = NOT_PINNED
        self._presented = ""  # the certificate the server showed when it was refused
        self._checked_at = 0.0

    def upstream(self) -> Upstream | None:
        """The pinned connection maker, or None while no certificate is pinned."""
        with self._lock:
            if self._upstream is None:
                fingerprint = self.pins.load(self.server.origin)
                if fingerprint:
                    self._upstream = Upstream(self.server, fingerprint)
            return self._upstream

    def pin(self, fingerprint: str) -> None:
        """The user compared this fingerprint with the server's screen: trust it from now on."""
        self.pins.save(Pin(self.server.origin, fingerprint))
        with self._lock:
            self._upstream = None
            self._status = UNREACHABLE
        self.check()

    def forget_pin(self) -> None:
        self.pins.forget()
        with self._lock:
            self._upstream = None
            self._status = NOT_PINNED

    def fetch_fingerprint(self) -> str:
        """The certificate the server presents now (for the user to compare)."""
        try:
            return fetch_fingerprint(self.server.host, self.server.port)
        except OSError as error:
            raise ServerUnreachable(str(error)) from error

    @property
    def status(self) -> str:
        return self._status

    @property
    def presented(self) -> str:
        return self._presented

    def check(self, max_age: float = 0.0) -> str:
        """Connect (no request) to learn whether the server answers; the status. A recent
        "connected" may be reused (several pages poll); a problem is always checked again."""
        if (max_age and self._status == CONNECTED
                and time.monotonic() - self._checked_at < max_age):
            return self._status
        upstream = self.upstream()
        if upstream is None:
            return self.saw(NOT_PINNED)
        try:
            upstream.probe()
        except CertificateChanged as refused:
            return self.saw(CHANGED, refused.presented)
        except ServerUnreachable:
            return self.saw(UNREACHABLE)
        return self.saw(CONNECTED)

    def saw(self, status: str, presented: str = "") -> str:
        """Record what a connection just showed (the proxy's requests report here too)."""
        with self._lock:
            if status != self._status:
                log.info("office server %s: %s", self.server.origin, status)
            self._status = status
            self._presented = presented
            self._checked_at = time.monotonic()
        return status
