"""The tray icon: closing the window hides Retorno there, so the alarm keeps ringing.

Linux draws the icon with Qt, the toolkit the window already runs on (its tray icon speaks both
the XEmbed tray and the StatusNotifier protocol); Windows and macOS use pystray. Where no tray
can show (no tray on the desktop, no toolkit for it), closing the window quits, as it always did.
"""

import importlib.util
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _

log = logging.getLogger(__name__)

TODAY_PATH = "/followups/?period=today"  # the list of returns due today


@dataclass(frozen=True)
class TrayMenu:
    """The tray's words, in the company's language."""

    open: str
    today: str
    quit: str
    still_running: str  # the one-line notice the first time the window hides


@dataclass(frozen=True)
class TrayActions:
    """What the tray's items do (each runs in its own thread: they drive the window)."""

    open: Callable[[], object]
    today: Callable[[], object]
    quit: Callable[[], object]


class Tray(Protocol):
    def start(self) -> bool:
        """Show the icon (from the GUI thread); False, logged, when no tray can show here."""

    def tell_still_running(self) -> None:
        """Say once that Retorno goes on running in the tray."""

    def stop(self) -> None:
        """Remove the icon."""


def tray_menu(app: Flask) -> TrayMenu:
    """The tray's words, translated as the pages are before anyone signs in."""
    with app.app_context(), force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
        return TrayMenu(
            open=_("Open window"), today=_("Today's returns"), quit=_("Quit"),
            still_running=_("Retorno is still running in the tray, and so is the alarm. "
                            "To stop it, choose Quit on its icon."))


def tray_unavailable_reason(platform: str = sys.platform) -> str | None:
    """Why no tray icon can be made here (None: one can, if the desktop has a tray)."""
    needed = "pystray" if platform in ("win32", "darwin") else "qtpy"
    if importlib.util.find_spec(needed) is None:
        return f"{needed} is not installed"
    return None


def make_tray(menu: TrayMenu, actions: TrayActions, platform: str = sys.platform) -> Tray | None:
    """The platform's tray, or None (logged) when none can be made."""
    reason = tray_unavailable_reason(platform)
    if reason:
        log.info("no tray icon (%s): closing the window quits Retorno", reason)
        return None
    # Each platform's toolkit is imported only where it is installed and used.
    if platform in ("win32", "darwin"):
        from .tray_pystray import PystrayTray

        return PystrayTray(menu, actions)
    from .tray_qt import QtTray

    return QtTray(menu, actions)


def in_thread(action: Callable[[], object]) -> Callable[..., None]:
    """Run action in a thread of its own: a menu's callback must not block the GUI thread."""
    return lambda *_args: threading.Thread(target=action, name="retorno-tray", daemon=True).start()
