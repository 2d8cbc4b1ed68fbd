"""Which tray each platform gets, and the Windows/macOS one (pystray) driven here.

pystray's Menu and Icon logic is the real one; only the backend's calls into the Windows shell
or AppKit (show, notify, the event loop) are a recording stand-in, as this machine has neither.
"""

import logging
import os
import threading

# pystray picks its backend when imported; on Linux that one wants a display. This test stands
# in for the backend itself (below), so pystray's own stand-in is enough to import it.
os.environ.setdefault("PYSTRAY_BACKEND", "dummy")

import pystray._base  # noqa: E402

from app.desktop import tray  # noqa: E402
from app.desktop.tray import make_tray  # noqa: E402
from app.desktop.tray_items import TrayActions, TrayMenu  # noqa: E402
from app.desktop.tray_pystray import PystrayTray  # noqa: E402
from app.desktop.tray_qt import QtTray  # noqa: E402

from .waiting import wait_until  # noqa: E402

MENU = TrayMenu(open="Abrir", today="Retornos de hoje", quit="Sair",
                still_running="O Retorno continua aberto na bandeja.")


def _actions(done: list[str]) -> TrayActions:
    return TrayActions(open=lambda: done.append("open"), today=lambda: done.append("today"),
                       quit=lambda: done.append("quit"))


class RecordingBackend(pystray._base.Icon):
    """The OS side of a pystray icon: what it would have shown."""

    def __init__(self, *args, **kwargs):
        self.notices: list[tuple[str, str]] = []
        self.loop_started = threading.Event()
        super().__init__(*args, **kwargs)

    def _show(self):
        pass

    def _hide(self):
        pass

    def _update_icon(self):
        pass

    def _update_title(self):
        pass

    def _update_menu(self):
        pass

    def _run_detached(self):
        self.loop_started.set()
        self._mark_ready()

    def _stop(self):
        pass

    def _notify(self, message, title=None):
        self.notices.append((title, message))

    def _remove_notification(self):
        pass


def test_each_platform_gets_its_tray(caplog):
    assert isinstance(make_tray(MENU, _actions([]), platform="win32"), PystrayTray)
    assert isinstance(make_tray(MENU, _actions([]), platform="darwin"), PystrayTray)
    assert isinstance(make_tray(MENU, _actions([]), platform="linux"), QtTray)


def test_without_its_toolkit_closing_quits_and_the_log_says_why(monkeypatch, caplog):
    monkeypatch.setattr(tray.importlib.util, "find_spec", lambda name: None)
    with caplog.at_level(logging.INFO, logger="app.desktop.tray"):
        assert make_tray(MENU, _actions([]), platform="win32") is None
    assert "no tray icon (pystray is not installed): closing the window quits" in caplog.text


def test_pystray_menu_opens_shows_today_and_quits():
    done: list[str] = []
    icon_tray = PystrayTray(MENU, _actions(done), icon_class=RecordingBackend)
    assert icon_tray.start() is True
    icon = icon_tray.icon
    assert icon.loop_started.is_set()
    assert [item.text for item in icon.menu.items] == ["Abrir", "Retornos de hoje", "Sair"]
    assert [item.default for item in icon.menu.items] == [True, False, False]
    icon()  # a click on the icon: its default item
    wait_until(lambda: done == ["open"], 5, "Abrir from a click on the icon")
    for item in icon.menu.items[1:]:
        item(icon)
    wait_until(lambda: sorted(done) == ["open", "quit", "today"], 5, "the menu's actions")
    icon_tray.tell_still_running()
    icon_tray.tell_still_running()
    assert icon.notices == [("Retorno", "O Retorno continua aberto na bandeja.")]  # once
    icon_tray.stop()
    assert icon_tray.icon is None
