"""Host names: the ones the server answers to, and every spelling that means this machine."""

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

# What a browser on this PC puts in Host for the local server; LAN names come from the config.
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
# A Host header as browsers send it: a name or a bracketed IPv6 address, then maybe a port.
HOST_HEADER = re.compile(r"(?:\[(?P<ip6>[0-9a-f:.]+)\]|(?P<name>[^:\[\]@/\\\s]+))(?::\d{1,5})?")
# Full stops that international domain names map to "." (UTS #46), as browsers do.
IDNA_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")  # connecting to 0.0.0.0 reaches this machine
IPV4_PART_DIGITS = {16: re.compile(r"[0-9a-fA-F]*"), 8: re.compile(r"[0-7]+"),
                    10: re.compile(r"[0-9]+")}


def host_name(host_header: str) -> str | None:
    """The name in a Host header, lower case, without port or brackets; None if malformed."""
    match = HOST_HEADER.fullmatch(host_header.strip().lower())
    return (match["ip6"] or match["name"]) if match else None


def is_allowed_host(host_header: str, allowed_names: Iterable[str] = ()) -> bool:
    """The Host rule: a loopback name, or one of the LAN names the server is configured for."""
    name = host_name(host_header)
    allowed = LOOPBACK_NAMES | {n.strip().lower().strip("[]") for n in allowed_names}
    return name is not None and name in allowed


def is_allowed_request(host_header: str, request_uri: str,
                       allowed_names: Iterable[str] = ()) -> bool:
    """The Host rule for a whole request: the Host header and, when the request line names a
    host (`GET http://name/… HTTP/1.1`, which HTTP says wins over Host), that name too."""
    allowed_names = tuple(allowed_names)
    if not is_allowed_host(host_header, allowed_names):
        return False
    if request_uri.startswith("/") or request_uri in ("", "*"):
        return True
    try:
        authority = urlsplit(request_uri).netloc
    except ValueError:
        return False
    return bool(authority) and is_allowed_host(authority, allowed_names)


def is_this_machine(host: str) -> bool:
    """True for every way a browser could spell this machine in a URL: localhost., *.localhost,
    127.1, 0x7f.1, 2130706433, 0.0.0.0, [::], [::ffff:127.0.0.1], percent-encoded or full-width."""
    name = unicodedata.normalize("NFKC", unquote(host)).translate(IDNA_DOTS).lower()
    name = name.strip("[]").rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    address = _ip_address(name)
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_loopback or address.is_unspecified:
            return True
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1 over IPv6
    if isinstance(address, ipaddress.IPv4Address):
        return address.is_loopback or address in THIS_NETWORK
    return False


def _ip_address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if ":" in name:
        try:
            return ipaddress.IPv6Address(name)
        except ValueError:
            return None
    return _browser_ipv4(name)


def _browser_ipv4(name: str) -> ipaddress.IPv4Address | None:
    """Read a host as a browser's URL parser does (WHATWG): 1 to 4 parts, each decimal,
    0x-hexadecimal or 0-octal, the last one filling the remaining bytes."""
    parts = name.split(".")
    if len(parts) > 4 or not all(parts):
        return None
    numbers = []
    for part in parts:
        base = 16 if part[:2] in ("0x", "0X") else 8 if len(part) > 1 and part[0] == "0" else 10
        digits = part[2:] if base == 16 else part
        if not IPV4_PART_DIGITS[base].fullmatch(digits):
            return None
        numbers.append(int(digits, base) if digits else 0)
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, number in enumerate(leading):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def is_unprotected_network_request(host_header: str, is_secure: bool) -> bool:
    """Plain HTTP to a name other than this PC's loopback: passwords cross the network readable."""
    return not is_secure and host_name(host_header) not in LOOPBACK_NAMES
