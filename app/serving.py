"""Serving the app with waitress, a production WSGI server, until told to stop."""

import logging
import threading
from collections.abc import Callable

from flask import Flask
from waitress import create_server, wasyncore
from waitress.server import BaseWSGIServer

from .lan_addresses import address_lines
from .shutdown import close_database, wait_for_stop_signal

log = logging.getLogger(__name__)

# Threads mostly wait (on the database, on a slowed-down refused sign-in): enough of them that
# a flood of sign-ins never leaves another user's request queued.
WORKER_THREADS = 32


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

        if self._thread.is_alive():
            server.trigger.pull_trigger(close_everything)
            self._thread.join(timeout)
        else:
            close_everything()
        if self._thread.is_alive():
            log.warning("the web server thread did not stop within %s s", timeout)

    def _in_loop(self, action: Callable[[], None], timeout: float) -> None:
        """Run action in the server's own thread (its sockets are not shared)."""
        if not self._thread.is_alive():
            return  # never started: close_everything closes the listener with the rest
        done = threading.Event()

        def run() -> None:
            action()
            done.set()

        self._server.trigger.pull_trigger(run)
        done.wait(timeout)


def serve_forever(app: Flask, host: str, port: int) -> None:
    """Serve until Ctrl+C or SIGTERM, printing the addresses a browser should open."""
    server = BackgroundServer(create_server(app, host=host, port=port, threads=WORKER_THREADS))
    lines = address_lines(host, server.port, app.config["ALLOWED_HOSTS"])
    print("\n".join(lines), flush=True)
    server.start()
    try:
        wait_for_stop_signal()
    finally:
        server.stop()
        close_database(app)
        log.info("Retorno stopped cleanly")
