"""HTTPS for the office server: cheroot (a pure-Python WSGI server with TLS on Windows and
Linux; waitress has none) with the data folder's own certificate."""

from collections.abc import Callable

from cheroot import wsgi
from cheroot.ssl.builtin import BuiltinSSLAdapter
from flask import Flask

from .tls_certificate import ServerCertificate


def use_tls(app: Flask) -> None:
    """Cookies only over HTTPS (web.py adds the Strict-Transport-Security header)."""
    app.config.update(TLS=True, SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)


def https_server(wsgi_app: Callable, host: str, port: int, certificate: ServerCertificate,
                 threads: int) -> wsgi.Server:
    server = wsgi.Server((host, port), wsgi_app, numthreads=threads,
                         server_name="retorno")
    server.ssl_adapter = BuiltinSSLAdapter(str(certificate.cert_path),
                                           str(certificate.key_path))
    return server
