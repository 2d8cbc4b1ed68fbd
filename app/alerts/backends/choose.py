"""Pick the notification backend of the platform we run on."""

import sys

from ...desktop.icon import app_icon_path
from .base import Backend, OnClick
from .freedesktop import FreedesktopNotifications
from .macos import AppleScriptNotifications
from .windows import WindowsBalloons


def notification_backend(platform: str = sys.platform, on_click: OnClick | None = None
                         ) -> Backend:
    """Windows balloons, macOS osascript, else the freedesktop D-Bus call (Linux, BSD)."""
    if platform == "win32":
        return WindowsBalloons(app_icon_path(platform))
    if platform == "darwin":
        return AppleScriptNotifications()
    return FreedesktopNotifications(app_icon_path(platform), on_click=on_click)
