"""Flag the window's taskbar entry (it blinks or stands out) from any thread.

The fallback when the system could not show a notification. Each pywebview backend has its own
native window; the GUI toolkit is imported only for the backend that runs (Qt on Linux,
WinForms on Windows, GTK where chosen). macOS (Cocoa) is not flagged.
"""

import ctypes
import importlib
import logging

log = logging.getLogger(__name__)

_qt_relay = None


def flag_taskbar(native: object) -> bool:
    """Ask the desktop to draw attention to this pywebview native window; False if unknown."""
    module = type(native).__module__
    try:
        if module.endswith(".qt"):
            return _qt(native)
        if module.endswith(".winforms"):
            return _windows(native)
        if module.startswith("gi."):
            return _gtk(native)
    except Exception:  # noqa: BLE001 - a nicety: never break the notifier for it
        log.debug("could not flag the window in the taskbar", exc_info=True)
    return False


def _qt(widget: object) -> bool:
    # QApplication.alert must run in the GUI thread: a relay object living there gets a signal.
    global _qt_relay
    core = importlib.import_module("qtpy.QtCore")
    widgets = importlib.import_module("qtpy.QtWidgets")
    if _qt_relay is None:
        class Relay(core.QObject):
            asked = core.Signal(object)

            @core.Slot(object)
            def alert(self, target) -> None:
                widgets.QApplication.alert(target, 0)  # 0: until the window is activated

        relay = Relay()
        relay.moveToThread(widgets.QApplication.instance().thread())
        relay.asked.connect(relay.alert)
        _qt_relay = relay
    _qt_relay.asked.emit(widget)
    return True


class _FlashInfo(ctypes.Structure):
    _fields_ = [("cbSize", ctypes.c_uint), ("hwnd", ctypes.c_void_p), ("dwFlags", ctypes.c_uint),
                ("uCount", ctypes.c_uint), ("dwTimeout", ctypes.c_uint)]


FLASHW_TRAY, FLASHW_TIMERNOFG = 0x2, 0xC  # the taskbar button, until the window comes forward


def _windows(form: object) -> bool:
    info = _FlashInfo(ctypes.sizeof(_FlashInfo), form.Handle.ToInt64(),
                      FLASHW_TRAY | FLASHW_TIMERNOFG, 0, 0)
    ctypes.windll.user32.FlashWindowEx(ctypes.byref(info))  # type: ignore[attr-defined]
    return True


def _gtk(window: object) -> bool:
    glib = importlib.import_module("gi.repository.GLib")
    glib.idle_add(window.set_urgency_hint, True)
    return True
