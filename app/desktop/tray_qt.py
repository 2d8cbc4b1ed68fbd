"""The tray icon on Linux, drawn by Qt (the toolkit pywebview's window runs on there)."""

import logging

from qtpy.QtGui import QIcon
from qtpy.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from .tray_items import TrayActions, TrayMenu, in_thread
from .web_view_choice import TRAY_ICON
from .window import TITLE

log = logging.getLogger(__name__)


class QtTray:
    """A QSystemTrayIcon with Abrir, Retornos de hoje and Sair; made in the GUI thread."""

    def __init__(self, menu: TrayMenu, actions: TrayActions) -> None:
        self.menu = menu
        self.actions = actions
        self.icon: QSystemTrayIcon | None = None
        self._told = False

    def start(self) -> bool:
        if QApplication.instance() is None:
            log.info("no tray icon (Qt is not running the window): closing it quits Retorno")
            return False
        if not QSystemTrayIcon.isSystemTrayAvailable():
            log.info("no tray icon (the desktop shows no system tray): closing the window "
                     "quits Retorno")
            return False
        # A hidden window is not a closed one: only Sair ends the app.
        QApplication.instance().setQuitOnLastWindowClosed(False)
        icon = QSystemTrayIcon(QIcon(str(TRAY_ICON)))
        icon.setToolTip(TITLE)
        items = QMenu()
        for label, action in ((self.menu.open, self.actions.open),
                              (self.menu.today, self.actions.today),
                              (self.menu.quit, self.actions.quit)):
            items.addAction(label).triggered.connect(in_thread(action))
        icon.setContextMenu(items)
        icon.activated.connect(self._activated)
        icon.show()
        self.icon, self._items = icon, items
        log.info("closing the window hides Retorno in the tray")
        return True

    def _activated(self, reason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:  # a left click opens the window
            in_thread(self.actions.open)()

    def tell_still_running(self) -> None:
        if self.icon is not None and not self._told:
            self._told = True
            self.icon.showMessage(TITLE, self.menu.still_running)

    def stop(self) -> None:
        if self.icon is not None:
            self.icon.hide()
            self.icon = None
