"""The tray icon: closing the window hides Retorno there, so the alarm keeps ringing.

Linux draws the icon with Qt, the toolkit the window already runs on (its tray icon speaks both
the XEmbed tray and the StatusNotifier protocol); Windows and macOS use pystray. Where no tray
can show (no tray on the desktop, no toolkit for it), closing the window quits, as it always did.
"""

import importlib.util
import logging
import sys

from .tray_items import Tray, TrayActions, TrayMenu

log = logging.getLogger(__name__)


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
