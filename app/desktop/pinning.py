"""The office server's certificate, pinned on this PC: fetched, compared by a person, kept.

No certificate authority and no system store: the client trusts exactly the certificate whose
SHA-256 fingerprint the user compared with the server's screen (Configurações, or what
`retorno serve --tls` printed). Any other certificate is refused before a byte is sent.
"""

import hmac
import json
import logging
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from ..tls_certificate import fingerprint_of

log = logging.getLogger(__name__)

PIN_FILE = "office-server-certificate.json"
CONNECT_SECONDS = 5.0


class CertificateChanged(ssl.SSLError):
    """The server presented another certificate than the one pinned here."""

    def __init__(self, pinned: str, presented: str) -> None:
        super().__init__(f"the server's certificate changed: pinned {pinned}, got {presented}")
        self.pinned = pinned
        self.presented = presented


def unverified_context() -> ssl.SSLContext:
    """TLS without the system's authorities: the pinned fingerprint is the only trust."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def presented_fingerprint(tls_socket: ssl.SSLSocket) -> str:
    """The fingerprint of the certificate the peer presented in this handshake."""
    der = tls_socket.getpeercert(binary_form=True)
    if not der:
        raise ssl.SSLError("the server presented no certificate")
    return fingerprint_of(der)


def fetch_fingerprint(host: str, port: int, timeout: float = CONNECT_SECONDS) -> str:
    """Connect once and read the server's certificate fingerprint (for the user to compare)."""
    with socket.create_connection((host, port), timeout=timeout) as raw:
        with unverified_context().wrap_socket(raw, server_hostname=host) as tls:
            return presented_fingerprint(tls)


def check_pinned(tls_socket: ssl.SSLSocket, pinned: str) -> None:
    """Raise CertificateChanged unless the peer's certificate is the pinned one."""
    presented = presented_fingerprint(tls_socket)
    if not hmac.compare_digest(presented, pinned):
        raise CertificateChanged(pinned, presented)


@dataclass(frozen=True)
class Pin:
    origin: str  # https://servidor:8765
    fingerprint: str


class PinStore:
    """The pinned certificate in the data folder (one server per PC)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / PIN_FILE

    def load(self, origin: str) -> str | None:
        """The fingerprint pinned for this server, or None (never pinned, or another server)."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(saved, dict) or saved.get("origin") != origin:
            return None
        fingerprint = saved.get("fingerprint")
        return fingerprint if isinstance(fingerprint, str) and fingerprint else None

    def save(self, pin: Pin) -> None:
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_text(json.dumps({"origin": pin.origin, "fingerprint": pin.fingerprint},
                                      indent=1) + "\n", encoding="utf-8")
        partial.replace(self.path)
        log.info("pinned the certificate of %s: %s", pin.origin, pin.fingerprint)

    def forget(self) -> bool:
        """Forget the pinned certificate (the next start asks to compare again)."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        log.info("forgot the pinned server certificate")
        return True

