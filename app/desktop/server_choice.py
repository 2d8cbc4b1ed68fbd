"""Which server this PC uses: its own (one PC) or the office's, saved in the data folder.

The choice is made once (the first-start page, or `retorno desktop --server URL`) and kept in
office-server.json; `retorno desktop --local` goes back to this PC's own data.
"""

import ipaddress
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..rules import RuleError

DATABASE_FILE = "retorno.sqlite3"  # config.sqlite_url's file

log = logging.getLogger(__name__)

CHOICE_FILE = "office-server.json"
LOCAL, OFFICE = "local", "office"
DEFAULT_SERVER_PORT = 8765  # `retorno serve`'s default
NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def _l(text: str):
    """flask_babel's lazy_gettext, loaded when a message is made: this module is read before the
    window's splash paints, and flask_babel brings Flask (~0.6 s on a 2-core machine)."""
    from flask_babel import lazy_gettext  # the deferred-import exception, for the splash

    return lazy_gettext(text)


@dataclass(frozen=True)
class ServerAddress:
    """The office server as the client connects to it (always HTTPS)."""

    host: str
    port: int

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"

    @property
    def netloc(self) -> str:
        return self.origin.removeprefix("https://")


def parse_server_address(typed: str) -> ServerAddress:
    """The address typed by a person ("servidor:8765", "https://192.168.0.10:8765/").

    Raises RuleError("server", …) in the user's words for anything else.
    """
    text = (typed or "").strip()
    if not text:
        raise RuleError("server", _l("Type the address the server printed, e.g. "
                                     "https://servidor:8765"))
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port or DEFAULT_SERVER_PORT
    except ValueError:
        raise RuleError("server", _l("This is not a server address. Type it as the server "
                                     "printed it, e.g. https://servidor:8765")) from None
    if parts.scheme.lower() != "https":
        raise RuleError("server", _l("The office server is reached over HTTPS only (it is "
                                     "started with retorno serve --tls): the address starts "
                                     "with https://"))
    host = (parts.hostname or "").lower()
    if not _valid_host(host) or parts.path.strip("/") or parts.query or parts.username:
        raise RuleError("server", _l("This is not a server address. Type it as the server "
                                     "printed it, e.g. https://servidor:8765"))
    return ServerAddress(host, port)


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return bool(NAME.match(host)) and len(host) <= 253


@dataclass(frozen=True)
class Choice:
    mode: str  # LOCAL or OFFICE
    server: ServerAddress | None = None


def load_choice(data_dir: Path) -> Choice | None:
    """The saved choice, or None (never chosen, or a damaged file: ask again)."""
    try:
        saved = json.loads((Path(data_dir) / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(saved, dict):
        return None
    if saved.get("mode") == LOCAL:
        return Choice(LOCAL)
    if saved.get("mode") == OFFICE:
        try:
            return Choice(OFFICE, parse_server_address(str(saved.get("server", ""))))
        except RuleError:
            log.warning("the saved office server address is not valid: asking again")
    return None


def save_choice(data_dir: Path, choice: Choice) -> None:
    data = {"mode": choice.mode}
    if choice.server is not None:
        data["server"] = choice.server.origin
    path = Path(data_dir) / CHOICE_FILE
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
    log.info("this PC uses %s", choice.server.origin if choice.server else "its own data")


def has_local_data(data_dir: Path) -> bool:
    """True once this PC has its own database (it ran as the one-PC app before)."""
    return (Path(data_dir) / DATABASE_FILE).exists()


def chosen_server(data_dir: Path, requested: ServerAddress | None,
                  local: bool = False) -> ServerAddress | None:
    """The office server this start uses (None: this PC's own data); an explicit --server or
    --local is saved for the next starts."""
    if local:
        save_choice(data_dir, Choice(LOCAL))
        return None
    if requested is not None:
        save_choice(data_dir, Choice(OFFICE, requested))
        return requested
    choice = load_choice(data_dir)
    return choice.server if choice is not None and choice.mode == OFFICE else None
