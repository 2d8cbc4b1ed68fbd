"""The office server's own TLS certificate: made once in the data folder, pinned by clients.

No certificate authority is involved: the certificate is self-signed for the names and
addresses users type, and a desktop client compares its SHA-256 fingerprint with the one
the server prints and shows on the administrator's Configurações page (pinning).
"""

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_FILE, KEY_FILE = "tls-cert.pem", "tls-key.pem"
VALID_DAYS = 3650


@dataclass(frozen=True)
class ServerCertificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256, upper-case hex pairs joined by ":"
    names: tuple[str, ...]


def fingerprint_of(pem_or_der: bytes) -> str:
    """The SHA-256 fingerprint as people compare it: AB:CD:…"""
    cert = (x509.load_pem_x509_certificate(pem_or_der) if pem_or_der.lstrip().startswith(b"-----")
            else x509.load_der_x509_certificate(pem_or_der))
    return ":".join(f"{byte:02X}" for byte in cert.fingerprint(hashes.SHA256()))


def ensure_certificate(data_dir: Path, names: list[str],
                       now: dt.datetime | None = None) -> ServerCertificate:
    """Load the data folder's certificate, or make one valid for names (hosts and addresses).

    A certificate that no longer covers every name is made again (its fingerprint changes:
    clients are told so and must pin the new one).
    """
    cert_path, key_path = data_dir / CERT_FILE, data_dir / KEY_FILE
    wanted = tuple(sorted({n.strip().lower().strip("[]") for n in names if n.strip()}))
    if cert_path.exists() and key_path.exists():
        pem = cert_path.read_bytes()
        if set(wanted) <= set(_covered_names(pem)):
            return ServerCertificate(cert_path, key_path, fingerprint_of(pem),
                                     _covered_names(pem))
    key = ec.generate_private_key(ec.SECP256R1())
    pem = _self_signed(key, wanted, now or dt.datetime.now(dt.UTC))
    _write_private(key_path, key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    _write_private(cert_path, pem)
    return ServerCertificate(cert_path, key_path, fingerprint_of(pem), wanted)


def _self_signed(key: ec.EllipticCurvePrivateKey, names: tuple[str, ...],
                 now: dt.datetime) -> bytes:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0] if names else
                                            "retorno"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Retorno")])
    alternatives = [_alternative(name) for name in names]
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
            .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def _alternative(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _covered_names(pem: bytes) -> tuple[str, ...]:
    cert = x509.load_pem_x509_certificate(pem)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return ()
    return tuple(sorted([*san.get_values_for_type(x509.DNSName),
                         *(str(a) for a in san.get_values_for_type(x509.IPAddress))]))


def _write_private(path: Path, content: bytes) -> None:
    """Write a file only this account may read (the key above all)."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(partial, path)
