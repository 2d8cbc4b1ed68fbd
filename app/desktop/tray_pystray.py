"""The tray icon on Windows and macOS, through pystray (its win32 and AppKit backends)."""

import logging

import pystray
from PIL import Image

from .tray_items import TrayActions, TrayMenu, in_thread
from .web_view_choice import TRAY_ICON
from .window import TITLE

log = logging.getLogger(__name__)


class PystrayTray:
    """A pystray icon with Abrir (its default: a click), Retornos de hoje and Sair."""

    def __init__(self, menu: TrayMenu, actions: TrayActions,
                 icon_class: type[pystray.Icon] = pystray.Icon) -> None:
        self.menu = menu
        self.actions = actions
        self.icon_class = icon_class
        self.icon: pystray.Icon | None = None
        self._told = False

    def items(self) -> pystray.Menu:
        return pystray.Menu(
            pystray.MenuItem(self.menu.open, in_thread(self.actions.open), default=True),
            pystray.MenuItem(self.menu.today, in_thread(self.actions.today)),
            pystray.MenuItem(self.menu.quit, in_thread(self.actions.quit)))

    def start(self) -> bool:
        try:
            icon = self.icon_class("retorno", Image.open(TRAY_ICON), TITLE, menu=self.items())
            # Detached: on Windows its own thread, on macOS the window's event loop.
            icon.run_detached()
        except Exception:  # noqa: BLE001 - no tray is no reason not to open the window
            log.exception("no tray icon: closing the window quits Retorno")
            return False
        self.icon = icon
        log.info("closing the window hides Retorno in the tray")
        return True

    def tell_still_running(self) -> None:
        if self.icon is not None and not self._told and self.icon.HAS_NOTIFICATION:
            self._told = True
            self.icon.notify(self.menu.still_running, TITLE)

    def stop(self) -> None:
        if self.icon is not None:
            self.icon.stop()
            self.icon = None
