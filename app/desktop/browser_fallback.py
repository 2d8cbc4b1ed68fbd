"""No window on Windows or macOS: Retorno opens in the system browser instead, and without the
Edge WebView2 Runtime says once how to install it (a windowed program has no terminal)."""

import ctypes
import logging
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask_babel import gettext as _

from ..i18n import force_locale
from .web_view_choice import WEBVIEW2_MISSING
from .window import TITLE

log = logging.getLogger(__name__)

WEBVIEW2_DOWNLOAD = "https://developer.microsoft.com/microsoft-edge/webview2/"
NOTICE_SHOWN = "webview2-notice-shown"  # in the data folder: the message was shown once
WINDOWED_PLATFORMS = ("win32", "darwin")  # where the executable has no terminal to print to

Notice = Callable[[str, str], None]


def show_message_box(title: str, text: str) -> None:
    """A Windows message box (MB_OK | MB_ICONINFORMATION); blocks until the user closes it."""
    ctypes.windll.user32.MessageBoxW(None, text, title, 0x40)


def webview2_notice(app: Flask) -> str:
    """What to tell the user when WebView2 is missing, in the company's language."""
    with app.app_context(), force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
        return _("Retorno needs the Microsoft Edge WebView2 Runtime to open in its own window, "
                 "so it opened in your browser this time. Install the \"Evergreen\" runtime "
                 "from %(url)s and start Retorno again.", url=WEBVIEW2_DOWNLOAD)


def open_in_browser_instead(app: Flask, url: str, reason: str, data_dir: Path,
                            platform: str = sys.platform,
                            open_url: Callable[[str], bool] = webbrowser.open,
                            notify: Notice = show_message_box) -> bool:
    """Open the system browser on the local server when the window could not open on a
    windowed platform; True if it did. Without WebView2 it logs how to install it and says so
    once per data folder (in a message box, on its own thread: the server keeps serving)."""
    if platform not in WINDOWED_PLATFORMS:
        return False
    if reason == WEBVIEW2_MISSING:
        log.warning("No window: %s. Retorno opens in the browser; install the Evergreen "
                    "WebView2 Runtime from %s", reason, WEBVIEW2_DOWNLOAD)
        marker = data_dir / NOTICE_SHOWN
        if not marker.exists():
            marker.write_text(WEBVIEW2_DOWNLOAD + "\n", encoding="utf-8")
            text = webview2_notice(app)
            threading.Thread(target=notify, args=(TITLE, text), name="webview2-notice",
                             daemon=True).start()
    return bool(open_url(url))
