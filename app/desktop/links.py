"""Links that leave the app (phone, WhatsApp, e-mail, web) open in the system's programs."""

import logging
import os
import re
import subprocess
import sys
import webbrowser
from collections.abc import Callable
from urllib.parse import urlsplit

from ..hosts import is_this_machine
from .web_view_choice import user_environment

log = logging.getLogger(__name__)

EXTERNAL_SCHEMES = {"tel", "mailto", "sms", "http", "https"}
# A browser reads a backslash as "/" and drops tabs and newlines: a URL holding any of them
# could name one host to urlsplit and another to the browser it is handed to.
AMBIGUOUS = re.compile(r"[\x00-\x20\x7f\\]")


def is_external_url(url: str) -> bool:
    """True for tel:, mailto:, sms: and http(s) links to other machines (never this one)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in EXTERNAL_SCHEMES or any(c in url for c in "\r\n\t\0"):
        return False
    if parts.scheme in ("http", "https"):
        return bool(host) and not AMBIGUOUS.search(url) and not is_this_machine(host)
    return True


def system_opener(platform: str = sys.platform) -> Callable[[str], bool]:
    """The platform's own "open this link" (the dialer or WhatsApp for tel:, the mail client…)."""
    if platform == "win32":
        return _startfile
    if platform == "darwin":
        return lambda url: _spawn(["open", url])
    # Python's webbrowser may prefer a browser over xdg-open, which knows tel: and mailto:.
    return lambda url: _spawn(["xdg-open", url]) or webbrowser.open(url)


def open_external(url: str, opener: Callable[[str], bool] | None = None) -> bool:
    """Hand an external link to the system; refuse anything else."""
    url = url.strip()
    if not is_external_url(url):
        log.warning("refused to open a %r link outside the window", urlsplit(url).scheme)
        return False
    log.info("opening a %s link with the system", urlsplit(url).scheme)
    return bool((opener or system_opener())(url))


def _startfile(url: str) -> bool:
    os.startfile(url)  # type: ignore[attr-defined]  # Windows only
    return True


def _spawn(command: list[str]) -> bool:
    try:
        # Detached: the dialer or mail client must outlive neither us nor block the window.
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True,
                         env=user_environment())
    except OSError:
        return False
    return True
