"""The client's side of the office connection: HTTPS to the server with the pinned certificate.

Python's own http.client and ssl: the handshake is checked against the pinned fingerprint
(pinning.check_pinned) before a request byte is sent. One kept-alive connection per proxy
thread serves reads; a write (POST…) always gets a fresh connection, so a failure after
sending it is known to be "maybe saved" and is never retried.
"""

import http.client
import logging
import socket
import threading
from collections.abc import Iterable

from .pinning import CONNECT_SECONDS, CertificateChanged, check_pinned, unverified_context
from .server_choice import ServerAddress

log = logging.getLogger(__name__)

ANSWER_SECONDS = 300.0  # a long export or import may take minutes before its first byte
# A pulled cable sends no reset: without probes a request would wait ANSWER_SECONDS for an
# answer that cannot come. The server's system answers the probes even while the app works on
# a long export, so only a dead link ends the wait, after about 10 + 5 × 3 = 25 s.
PROBE_IDLE_SECONDS, PROBE_INTERVAL_SECONDS, PROBE_COUNT = 10, 5, 3
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ServerUnreachable(OSError):
    """No connection could be made: nothing was sent to the server."""


class ConnectionLost(OSError):
    """The connection broke after the request was sent: the server may have applied it."""


class PinnedConnection(http.client.HTTPSConnection):
    """An HTTPS connection that accepts the pinned certificate and no other."""

    def __init__(self, server: ServerAddress, fingerprint: str) -> None:
        super().__init__(server.host, server.port, timeout=CONNECT_SECONDS,
                         context=unverified_context())
        self.fingerprint = fingerprint

    def connect(self) -> None:
        super().connect()  # TCP, then the TLS handshake
        try:
            check_pinned(self.sock, self.fingerprint)
        except Exception:
            self.close()
            raise
        self.sock.settimeout(ANSWER_SECONDS)
        keep_alive_probes(self.sock)


def probe_options(names=socket) -> list[tuple[int, int, int]]:
    """(level, option, value) for the probes, with the constants this system's Python has:
    TCP_KEEPIDLE on Linux and Windows 10+, TCP_KEEPALIVE (the idle time) on macOS."""
    options = [(names.SOL_SOCKET, names.SO_KEEPALIVE, 1)]
    idle = getattr(names, "TCP_KEEPIDLE", None) or getattr(names, "TCP_KEEPALIVE", None)
    for option, value in ((idle, PROBE_IDLE_SECONDS),
                          (getattr(names, "TCP_KEEPINTVL", None), PROBE_INTERVAL_SECONDS),
                          (getattr(names, "TCP_KEEPCNT", None), PROBE_COUNT)):
        if option is not None:
            options.append((names.IPPROTO_TCP, option, value))
    return options


def keep_alive_probes(sock: socket.socket) -> None:
    for level, option, value in probe_options():
        try:
            sock.setsockopt(level, option, value)
        except OSError as error:  # an older Windows refuses some: its defaults stay
            log.info("keep-alive option %s not set: %s", option, error)


class Upstream:
    """Requests to the office server, one kept-alive connection per calling thread."""

    def __init__(self, server: ServerAddress, fingerprint: str) -> None:
        self.server = server
        self.fingerprint = fingerprint
        self._local = threading.local()

    def probe(self) -> None:
        """Connect and check the certificate, sending nothing; raises like send()."""
        connection = PinnedConnection(self.server, self.fingerprint)
        try:
            _connect(connection)
        finally:
            connection.close()

    def send(self, method: str, target: str, headers: list[tuple[str, str]],
             body: Iterable[bytes] | bytes | None = None) -> http.client.HTTPResponse:
        """Send one request and return the answer (its body not read yet).

        Raises ServerUnreachable (nothing sent), ConnectionLost (sent, no answer) or
        pinning.CertificateChanged. A read on a kept-alive connection the server closed
        meanwhile is sent once more on a new one; a write never is.
        """
        if method not in SAFE_METHODS:
            connection = PinnedConnection(self.server, self.fingerprint)
            _connect(connection)
            return _exchange(connection, method, target, headers, body)
        reused = getattr(self._local, "connection", None)
        if reused is not None and reused.sock is not None:
            try:
                return _exchange(reused, method, target, headers, body)
            except ConnectionLost:
                log.debug("a kept-alive connection was closed by the server; reconnecting")
        connection = PinnedConnection(self.server, self.fingerprint)
        self._local.connection = connection
        _connect(connection)
        return _exchange(connection, method, target, headers, body)

    def finish(self, response: http.client.HTTPResponse, complete: bool) -> None:
        """After an answer: keep its connection for the thread's next read, or close it (a
        write's, one the server closes, or one whose answer was not read to the end)."""
        connection = response._retorno_connection  # type: ignore[attr-defined]
        kept = getattr(self._local, "connection", None) is connection
        if complete and kept and not response.will_close:
            return
        response.close()
        connection.close()
        if kept:
            self._local.connection = None


def _connect(connection: PinnedConnection) -> None:
    try:
        connection.connect()
    except CertificateChanged:
        raise
    except OSError as error:  # refused, timed out, no route, no such name, not TLS…
        connection.close()
        raise ServerUnreachable(str(error) or type(error).__name__) from error


def _exchange(connection: PinnedConnection, method: str, target: str,
              headers: list[tuple[str, str]], body) -> http.client.HTTPResponse:
    try:
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        if body is not None:
            for chunk in ([body] if isinstance(body, bytes) else body):
                if chunk:
                    connection.send(chunk)
        response = connection.getresponse()
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise ConnectionLost(str(error)) from error
    response._retorno_connection = connection  # type: ignore[attr-defined]
    return response
