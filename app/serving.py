"""Serving the app with waitress, a production WSGI server."""

import logging

from flask import Flask
from waitress import create_server

from .lan_addresses import address_lines

log = logging.getLogger(__name__)

# Threads mostly wait (on the database, on a slowed-down refused sign-in): enough of them that
# a flood of sign-ins never leaves another user's request queued.
WORKER_THREADS = 32


def serve_forever(app: Flask, host: str, port: int) -> None:
    """Serve until interrupted, printing the addresses a browser should open."""
    server = create_server(app, host=host, port=port, threads=WORKER_THREADS)
    lines = address_lines(host, int(server.effective_port), app.config["ALLOWED_HOSTS"])
    print("\n".join(lines), flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
