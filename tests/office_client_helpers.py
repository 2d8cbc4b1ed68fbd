"""Helpers for the office client's tests: the office server over HTTPS in this process (cheroot,
restartable on its port) and a browser-like HTTP client for the client's loopback proxy."""

import html
import http.client
import re
import socket
import threading
from pathlib import Path
from urllib.parse import urlencode

import pytest

from app.desktop.client import OfficeClient
from app.desktop.server_choice import ServerAddress
from app.tls_certificate import ServerCertificate, ensure_certificate
from app.tls_serving import https_server, use_tls

HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
NAME, VALUE = re.compile(r'name="([^"]+)"'), re.compile(r'value="([^"]*)"')
SHOWN = re.compile(r'<code id="server-fingerprint">(.*?)</code>')
ROW = re.compile(r'<span class="pairs-row">(.*?)</span>')
TAG = re.compile(r"<[^>]+>")


def shown_fingerprint(page: str) -> str:
    """The fingerprint as the pin page shows it (in rows of pairs)."""
    return TAG.sub("", SHOWN.search(page).group(1))


def shown_rows(html: str) -> list[list[str]]:
    """Each row of a fingerprint shown on a page, as its pairs."""
    return [row.strip(":").split(":") for row in ROW.findall(html)]


@pytest.fixture(name="office")
def office_fixture(app, tmp_path):
    """The office server: the test's app over HTTPS (import it into the test module)."""
    server = OfficeServer(app, tmp_path / "server-data").start()
    yield server
    server.stop()


@pytest.fixture(name="office_client")
def office_client_fixture(office, tmp_path):
    """A desktop client of that server, on a data folder of its own (import it too)."""
    data_dir = tmp_path / "client-data"
    data_dir.mkdir()
    client = OfficeClient(data_dir, ServerAddress("127.0.0.1", office.port))
    client.start()
    yield client
    client.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OfficeServer:
    """The app served over HTTPS with its data folder's certificate; stop() and start() again
    on the same port (the server restarted), or with a new certificate."""

    def __init__(self, app, cert_dir: Path) -> None:
        self.app = app
        self.cert_dir = cert_dir
        cert_dir.mkdir(parents=True, exist_ok=True)
        self.certificate: ServerCertificate = ensure_certificate(cert_dir, ["127.0.0.1"])
        use_tls(app)
        self.port = 0
        self.requests = 0  # requests that reached the app
        app.before_request(self._count)
        self._server = None
        self._thread = None

    def _count(self) -> None:
        self.requests += 1

    def start(self) -> "OfficeServer":
        # A port of its own from the start: cheroot sets SO_REUSEADDR only for a given port,
        # and a restart must bind it again while the old connections close.
        self.port = self.port or free_port()
        server = https_server(self.app, "127.0.0.1", self.port, self.certificate, threads=4)
        server.prepare()
        self.port = server.bind_addr[1]
        self._server = server
        self._thread = threading.Thread(target=server.serve, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._thread.join(10)
            self._server = None

    def new_certificate(self) -> None:
        """The administrator's certificate files deleted: a new one is made at the next start."""
        self.certificate.cert_path.unlink()
        self.certificate.key_path.unlink()
        self.certificate = ensure_certificate(self.cert_dir, ["127.0.0.1"])


class Browser:
    """Requests to the client's proxy as the window sends them: cookies, Origin and Referer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.set_cookie_headers: list[str] = []

    def request(self, method: str, path: str, form: dict | None = None,
                accept: str = "text/html", files: dict | None = None
                ) -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}", "Accept": accept,
                   "Referer": self.origin + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if files:
            body, content_type = multipart(form or {}, files)
            headers.update({"Content-Type": content_type, "Origin": self.origin})
        elif form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Origin": self.origin})
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                self.set_cookie_headers.append(value)
                cookie, _, _ = value.partition(";")
                key, _, content = cookie.partition("=")
                if "max-age=0" in value.lower() or "1970" in value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = content
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, fields: dict, page: str | None = None,
                  files: dict | None = None):
        """Send a form of the page at `page` (default: the same path): its hidden fields (CSRF
        token, form key…) and these."""
        _, _, text = self.get(page or path)
        hidden = {}
        for tag in HIDDEN.findall(text):
            name, value = NAME.search(tag), VALUE.search(tag)
            if name and name.group(1) not in hidden:
                hidden[name.group(1)] = html.unescape(value.group(1)) if value else ""
        assert "csrf_token" in hidden, f"no CSRF token on {page or path}:\n{text[:500]}"
        return self.request("POST", path, {**hidden, **fields}, files=files)

    def pin(self) -> str:
        """Compare and confirm the fingerprint shown (Confere); the fingerprint."""
        _, _, text = self.get("/__retorno/client/pin")
        fingerprint = shown_fingerprint(text)
        status, headers, _ = self.post_form("/__retorno/client/pin",
                                            {"fingerprint": fingerprint, "matches": "Confere"})
        assert status == 303 and headers["location"] == "/", (status, headers)
        return fingerprint

    def sign_in(self, login: str, password: str) -> None:
        status, headers, _ = self.post_form("/login", {"login": login, "password": password})
        assert status == 302, status


def multipart(fields: dict, files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser sends an upload."""
    boundary = "----retorno-test-boundary"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, content) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
                     + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
