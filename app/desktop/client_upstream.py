"""The client's side of the office connection: HTTPS to the server with the pinned certificate.

Python's own http.client and ssl: the handshake is checked against the pinned fingerprint
(pinning.check_pinned) before a request byte is sent. One kept-alive connection per proxy
thread serves reads; a write (POST…) always gets a fresh connection, so a failure after
sending it is known to be "maybe saved" and is never retried.
"""

import http.client
import logging
import threading
from collections.abc import Iterable

from .pinning import CONNECT_SECONDS, CertificateChanged, check_pinned, unverified_context
from .server_choice import ServerAddress

log = logging.getLogger(__name__)

ANSWER_SECONDS = 300.0  # a long export or import may take minutes before its first byte
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
