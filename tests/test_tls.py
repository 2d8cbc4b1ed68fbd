"""The office server's HTTPS: its own certificate, pinned by fingerprint, cookies kept to TLS."""

import datetime as dt
import hashlib
import http.client
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.tls_certificate import ensure_certificate, fingerprint_of
from app.tls_serving import https_server, use_tls

from .live_server import create_admin
from .office_client_helpers import shown_fingerprint, shown_rows

ROOT = Path(__file__).resolve().parent.parent


def test_the_certificate_is_made_once_for_the_names_users_type(tmp_path):
    made = ensure_certificate(tmp_path, ["servidor.local", "192.168.0.10", "127.0.0.1"])
    assert made.names == ("127.0.0.1", "192.168.0.10", "servidor.local")
    assert made.key_path.stat().st_mode & 0o777 == 0o600
    again = ensure_certificate(tmp_path, ["SERVIDOR.local", "127.0.0.1"])
    assert again.fingerprint == made.fingerprint  # the same names: the same certificate
    wider = ensure_certificate(tmp_path, ["servidor.local", "10.0.0.5"])
    assert wider.fingerprint != made.fingerprint and "10.0.0.5" in wider.names


def test_the_fingerprint_is_sha256_of_the_certificate(tmp_path):
    made = ensure_certificate(tmp_path, ["127.0.0.1"])
    der = ssl.PEM_cert_to_DER_cert(made.cert_path.read_text())
    expected = hashlib.sha256(der).hexdigest().upper()
    assert made.fingerprint.replace(":", "") == expected
    assert fingerprint_of(der) == made.fingerprint


def test_the_certificate_lasts_ten_years(tmp_path):
    from cryptography import x509

    now = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    made = ensure_certificate(tmp_path, ["127.0.0.1"], now=now)
    cert = x509.load_pem_x509_certificate(made.cert_path.read_bytes())
    assert cert.not_valid_after_utc.year == 2036


@pytest.fixture
def https(app, tmp_path):
    certificate = ensure_certificate(tmp_path, ["127.0.0.1"])
    use_tls(app)
    server = https_server(app, "127.0.0.1", 0, certificate, threads=4)
    server.prepare()
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    yield server.bind_addr[1], certificate
    server.stop()
    thread.join(10)


def _pinned_context(certificate) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate.cert_path))


def test_https_serves_the_sign_in_page_with_the_pinned_certificate(https, factory):
    port, certificate = https
    seen = ssl.get_server_certificate(("127.0.0.1", port))
    assert fingerprint_of(seen.encode()) == certificate.fingerprint
    factory.user("admin", is_admin=True)
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=_pinned_context(
        certificate), timeout=30)
    connection.request("GET", "/login", headers={"Host": "127.0.0.1"})
    page = connection.getresponse()
    body = page.read().decode()
    assert page.status == 200 and 'name="password"' in body
    assert page.getheader("Strict-Transport-Security") == "max-age=31536000"
    cookies = page.getheader("Set-Cookie") or ""
    assert "Secure" in cookies and "HttpOnly" in cookies
    connection.close()


NOT_PROTECTED = "Esta conexão não é protegida"


@pytest.mark.parametrize("base_url,warned", [
    ("http://servidor.local", True),   # plain HTTP across the network
    ("https://servidor.local", False),  # serve --tls
    ("http://127.0.0.1", False),  # this PC: nothing crosses the network
])
def test_the_sign_in_page_says_when_the_password_would_cross_the_network_readable(
        app, admin, base_url, warned):
    app.config["ALLOWED_HOSTS"] = ("servidor.local",)
    page = app.test_client().get("/login", base_url=base_url)
    assert page.status_code == 200
    assert (NOT_PROTECTED in page.get_data(as_text=True)) is warned


def test_settings_show_the_fingerprint_to_compare_in_the_clients_rows(app, signed_in):
    assert "Certificado deste servidor" not in signed_in.get("/settings/").get_data(as_text=True)
    pairs = [f"{n:02X}" for n in range(0, 256, 8)]  # 32 pairs, as a SHA-256 has
    app.config["TLS_FINGERPRINT"] = ":".join(pairs)
    page = signed_in.get("/settings/").get_data(as_text=True)
    assert "Certificado deste servidor" in page
    # The same four rows of eight pairs as each client's first connection shows.
    assert shown_rows(page) == [pairs[0:8], pairs[8:16], pairs[16:24], pairs[24:32]]
    assert shown_fingerprint(page) == ":".join(pairs)


def test_serve_tls_prints_the_https_address_and_the_fingerprint_it_serves(tmp_path):
    data = tmp_path / "data"
    create_admin(data, "admin", "senha-forte-1")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--tls", "--port", "0", "--data-dir",
         str(data)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT),
                                    "RETORNO_BACKUP_THREAD": "0"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in process.stdout:  # the address, then the fingerprint
            lines.append(line)
            if "fingerprint" in line:
                break
        output = "".join(lines)
        port = int(re.search(r"https://127\.0\.0\.1:(\d+)/", output).group(1))
        printed = re.search(r"\(SHA-256\): ([0-9A-F:]+)", output).group(1)
        served = ssl.get_server_certificate(("127.0.0.1", port))
        assert fingerprint_of(served.encode()) == printed
        assert (data / "tls-key.pem").stat().st_mode & 0o777 == 0o600
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0  # a clean stop
