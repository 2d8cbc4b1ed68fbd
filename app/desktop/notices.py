"""The desktop's notifications wired to the window: a click shows today's list, a failure flags
the window in the taskbar (the page's own notice shows the returns there anyway)."""

from flask import Flask

from ..alerts.os_notify import DesktopNotifications, desktop_notifications
from .links import system_opener
from .window import DesktopWindow


def today_list_path(app: Flask) -> str:
    """The Follow Up list filtered on today's returns, as a path of the local server."""
    return app.url_map.bind("127.0.0.1").build("followups.index", {"period": "today"})


def window_notifications(app: Flask, window: DesktopWindow | None,
                         server_url: str) -> DesktopNotifications:
    """The platform's notifications for this desktop run (window None: --no-window)."""
    today = today_list_path(app)

    def clicked() -> None:
        if window is None or not window.show_page(today):
            system_opener()(server_url.rstrip("/") + today)  # no window: the browser

    return desktop_notifications(on_click=clicked,
                                 on_failure=window.request_attention if window else None)
