"""The one function that shows a native notification (plyer picks the OS backend)."""

APP_NAME = "Retorno"
TITLE_MAX, MESSAGE_MAX = 63, 255  # Windows balloons refuse longer texts
SHOW_SECONDS = 15


def send_notification(title: str, message: str) -> None:
    """Show one desktop notification; any backend error is raised to the caller."""
    from plyer import notification

    notification.notify(title=title[:TITLE_MAX], message=message[:MESSAGE_MAX],
                        app_name=APP_NAME, timeout=SHOW_SECONDS)
