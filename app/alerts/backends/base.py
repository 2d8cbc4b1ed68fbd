"""What every notification backend offers, and the limits of the texts they are given."""

from collections.abc import Callable
from typing import Protocol

APP_NAME = "Retorno"
SHOW_SECONDS = 15
TITLE_MAX, MESSAGE_MAX = 63, 255  # Windows balloons refuse longer texts

OnClick = Callable[[], None]


class NotificationFailed(Exception):
    """The system did not show the notification (no bus, no service, no command)."""


class Backend(Protocol):
    name: str

    def send(self, title: str, body: str) -> None:
        """Show one notification; raise NotificationFailed (or any error) when it cannot."""

    def close(self) -> None:
        """Release what the backend holds (a connection, a thread)."""
