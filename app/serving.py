"""Serving the app with waitress, a production WSGI server."""

import logging

from flask import Flask

log = logging.getLogger(__name__)


def serve_forever(app: Flask, host: str, port: int) -> None:
    """Serve until interrupted, printing the URL a browser should open."""
    from waitress import create_server

    server = create_server(app, host=host, port=port, threads=8)
    shown_host = f"[{host}]" if ":" in host else host
    print(f"Retorno is running at http://{shown_host}:{server.effective_port}/  (Ctrl+C stops it)",
          flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
