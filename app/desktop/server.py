"""The desktop's local waitress server: its port, a graceful stop (the readiness wait:
readiness.py)."""

import logging
from collections.abc import Callable
from pathlib import Path

from waitress import create_server
from waitress.server import BaseWSGIServer

from ..serving import WORKER_THREADS, BackgroundServer
from .readiness import wait_until_ready

__all__ = ["LocalServer", "bind_server", "remember_port", "remembered_port",
           "wait_until_ready"]  # wait_until_ready: its callers import it from here too

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


class LocalServer(BackgroundServer):
    """A waitress server on 127.0.0.1 running in a daemon thread."""

    def __init__(self, wsgi_app: Callable, port: int = 0) -> None:
        super().__init__(bind_server(wsgi_app, port))

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"
