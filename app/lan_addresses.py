"""Where users open the server: this PC's network addresses and the lines `serve` prints."""

import ipaddress
import socket
import struct
import sys
from collections.abc import Iterable

from .hosts import LOOPBACK_NAMES

if sys.platform.startswith("linux"):
    import fcntl

SIOCGIFADDR = 0x8915  # Linux: an interface's IPv4 address
# A documentation address (TEST-NET-1): a UDP "connect" to it sends nothing, but makes the OS
# choose the address it would send from on the default route.
ROUTE_PROBE = ("192.0.2.1", 9)
REFUSED_NOTE = "(refused: not in RETORNO_ALLOWED_HOSTS)"


def this_pc_ipv4_addresses() -> list[str]:
    """This PC's IPv4 addresses other machines can reach (not loopback or link-local), sorted."""
    found = set(_interface_addresses()) | set(_host_name_addresses())
    found |= set(_default_route_address())
    usable = (ipaddress.IPv4Address(a) for a in found)
    return [str(a) for a in sorted(a for a in usable
                                   if not (a.is_loopback or a.is_unspecified or a.is_link_local))]


def address_lines(host: str, port: int, allowed_names: Iterable[str],
                  scheme: str = "http") -> list[str]:
    """What `serve` prints: the URL on this PC, or on the network the URLs users can open."""
    if host in LOOPBACK_NAMES:
        return [f"Retorno is running at {scheme}://{_in_url(host)}:{port}/  (Ctrl+C stops it)"]
    allowed = [name.strip().lower().strip("[]") for name in allowed_names]
    lines = ["Retorno is running on the network  (Ctrl+C stops it). Open it at:"]
    lines += [f"  {scheme}://{_in_url(name)}:{port}/" for name in allowed]
    if _is_unspecified(host):
        loopback = "::1" if ":" in host else "127.0.0.1"
        lines.append(f"  {scheme}://{_in_url(loopback)}:{port}/  (on this PC)")
        # Typed in a browser, an address not in the allowed names meets the Host rule's refusal.
        own = [a if a in allowed else f"{a} {REFUSED_NOTE}" for a in this_pc_ipv4_addresses()]
        lines.append("This PC's IPv4 addresses: " + (", ".join(own) or "none found"))
    elif host.lower().strip("[]") not in allowed:
        lines.append(f"Listening on {host} {REFUSED_NOTE}")
    return lines


def _in_url(name: str) -> str:
    return f"[{name}]" if ":" in name else name


def _is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def _interface_addresses() -> list[str]:
    """Every interface's address (Linux; elsewhere the host name lists them)."""
    if not sys.platform.startswith("linux"):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)
            except OSError:  # an interface without an IPv4 address
                continue
            found.append(socket.inet_ntoa(answer[20:24]))
    return found


def _host_name_addresses() -> list[str]:
    """What the host name resolves to: every adapter on Windows, often 127.0.1.1 on Linux."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [str(info[4][0]) for info in infos]


def _default_route_address() -> list[str]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(ROUTE_PROBE)
            return [str(probe.getsockname()[0])]
        except OSError:  # no network at all
            return []
