"""The local waitress server in a background thread: start, readiness wait, graceful stop."""

import http.client
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from waitress import create_server, wasyncore
from waitress.server import BaseWSGIServer

from ..serving import WORKER_THREADS

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
PORT_FILE = "last-port"


def remembered_port(data_dir: Path) -> int:
    """The port the last run listened on (0: none). The same port is the same origin, so the
    window finds the drafts its pages kept (localStorage is per origin)."""
    try:
        port = int((data_dir / PORT_FILE).read_text().strip())
    except (OSError, ValueError):
        return 0
    return port if 1024 <= port <= 65535 else 0


def remember_port(data_dir: Path, port: int) -> None:
    try:
        (data_dir / PORT_FILE).write_text(f"{port}\n")
    except OSError as error:  # a read-only folder: the next run picks any free port
        log.warning("could not remember the port: %s", error)


def bind_server(wsgi_app: Callable, port: int = 0, threads: int = WORKER_THREADS
                ) -> BaseWSGIServer:
    """Listen on 127.0.0.1: the requested port if it is free, else any free one (port 0)."""
    if port:
        try:
            return create_server(wsgi_app, host=HOST, port=port, threads=threads)
        except OSError as error:
            log.warning("port %s is not available (%s); using a free one", port, error)
    # Port 0 lets the OS choose at bind time, so no other program can take it in between.
    return create_server(wsgi_app, host=HOST, port=0, threads=threads)


def wait_until_ready(url: str, timeout: float = 15.0, interval: float = 0.05) -> bool:
    """Poll the URL until the server answers without a server error; False at the deadline."""
    parts = http.client.urlsplit(url)
    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            try:
                connection.request("GET", parts.path or "/")
                if connection.getresponse().status < 500:
                    return True
            finally:
                connection.close()
        except OSError:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


class LocalServer:
    """A waitress server on 127.0.0.1 running in a daemon thread."""

    def __init__(self, wsgi_app: Callable, port: int = 0) -> None:
        self._server = bind_server(wsgi_app, port)
        self.port: int = int(self._server.effective_port)  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.run, name="waitress", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, let requests being handled finish (a save is never cut), then end."""
        server = self._server
        done = threading.Event()

        def close_listener() -> None:
            # The listening socket only; BaseWSGIServer.close() would also drop the trigger.
            wasyncore.dispatcher.close(server)
            done.set()

        if self._thread.is_alive():
            server.trigger.pull_trigger(close_listener)
            done.wait(timeout)
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
