"""Pick the notification backend of the platform we run on.

Each backend module is imported only on its platform: dbus-fast is installed on Linux and BSD
only, plyer's balloon module loads the Win32 API.
"""

import importlib
import sys

from ...desktop.icon import app_icon_path
from .base import Backend, OnClick


def notification_backend(platform: str = sys.platform, on_click: OnClick | None = None
                         ) -> Backend:
    """Windows balloons, macOS osascript, else the freedesktop D-Bus call (Linux, BSD)."""
    if platform == "win32":
        return _module("windows").WindowsBalloons(app_icon_path(platform))
    if platform == "darwin":
        return _module("macos").AppleScriptNotifications()
    return _module("freedesktop").FreedesktopNotifications(app_icon_path(platform),
                                                           on_click=on_click)


def _module(name: str):
    return importlib.import_module(f"{__package__}.{name}")
