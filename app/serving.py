"""Serving the app with waitress, a production WSGI server, until told to stop."""

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from waitress import create_server, wasyncore
from waitress.server import BaseWSGIServer

from .lan_addresses import address_lines, this_pc_ipv4_addresses
from .shutdown import close_database
from .stop_signals import stop_signals_caught
from .tls_certificate import ServerCertificate, ensure_certificate
from .tls_serving import https_server, use_tls

log = logging.getLogger(__name__)

# Threads mostly wait (on the database, on a slowed-down refused sign-in): enough of them that
# a flood of sign-ins never leaves another user's request queued.
WORKER_THREADS = 32
# And a database connection for each of them when they all work at once (an office's users at
# the same moment): SQLAlchemy's default pool (5 + 10) would leave the others waiting, and a
# request that waits 30 s for one fails. Ten are kept open between bursts.
KEPT_CONNECTIONS = 10


def pool_options() -> dict:
    """SQLAlchemy engine options for a server: one connection per worker thread at most."""
    return {"pool_size": KEPT_CONNECTIONS, "max_overflow": WORKER_THREADS - KEPT_CONNECTIONS}


class BackgroundServer:
    """A waitress server running in a daemon thread, stopped without cutting a request."""

    def __init__(self, server: BaseWSGIServer) -> None:
        self._server = server
        self.port: int = int(server.effective_port)  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=server.run, name="waitress", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, let requests being handled finish (a save is never cut), then end."""
        server = self._server
        self._in_loop(lambda: wasyncore.dispatcher.close(server), timeout)  # the listener only
        # Worker threads finish the request in hand before they exit.
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=timeout)

        def close_everything() -> None:
            for channel in list(server._map.values()):
                channel.close()

        if not self._pull(close_everything):
            close_everything()
        if self._thread.ident is not None:  # started
            self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("the web server thread did not stop within %s s", timeout)

    def _pull(self, action: Callable[[], None]) -> bool:
        """Hand action to the server's loop; False when no loop runs (never started, or ended
        and its trigger closed, even between the check and the pull)."""
        if not self._thread.is_alive():
            return False
        try:
            self._server.trigger.pull_trigger(action)
        except OSError:
            return False
        return True

    def _in_loop(self, action: Callable[[], None], timeout: float) -> None:
        """Run action in the server's own thread (its sockets are not shared); without a loop
        close_everything closes the listener with the rest."""
        done = threading.Event()

        def run() -> None:
            action()
            done.set()

        if self._pull(run):
            done.wait(timeout)


class BackgroundHttpsServer:
    """cheroot over TLS in a daemon thread (waitress has no TLS), stopped the same way."""

    def __init__(self, app: Flask, host: str, port: int, certificate: ServerCertificate) -> None:
        self._server = https_server(app, host, port, certificate, WORKER_THREADS)
        self._server.prepare()  # binds: the real port is known before start
        self.port: int = int(self._server.bind_addr[1])
        self._thread = threading.Thread(target=self._server.serve, name="cheroot", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._server.stop()  # waits for the requests in hand
        self._thread.join(timeout)


def certificate_names(host: str, allowed_names: tuple[str, ...]) -> list[str]:
    """What the certificate must cover: the names users type, this PC's addresses, loopback."""
    names = ["127.0.0.1", "localhost", *allowed_names]
    if host not in ("0.0.0.0", "::", ""):
        names.append(host)
    return names + this_pc_ipv4_addresses()


def serve_forever(app: Flask, host: str, port: int, tls: bool = False) -> None:
    """Serve until Ctrl+C or SIGTERM, printing the addresses a browser should open (and, with
    TLS, the certificate's fingerprint for clients to compare)."""
    if tls:
        certificate = ensure_certificate(Path(app.config["DATA_DIR"]),
                                         certificate_names(host, app.config["ALLOWED_HOSTS"]))
        use_tls(app)
        app.config["TLS_FINGERPRINT"] = certificate.fingerprint
        server = BackgroundHttpsServer(app, host, port, certificate)
    else:
        server = BackgroundServer(create_server(app, host=host, port=port,
                                                threads=WORKER_THREADS))
    lines = address_lines(host, server.port, app.config["ALLOWED_HOSTS"],
                          "https" if tls else "http")
    if tls:
        lines.append(f"Certificate fingerprint (SHA-256): {certificate.fingerprint}")
    with stop_signals_caught() as wait_for_stop:  # before we tell anyone we are up
        print("\n".join(lines), flush=True)
        server.start()
        try:
            wait_for_stop()
        finally:
            server.stop()
            close_database(app)
            log.info("Retorno stopped cleanly")
