"""The desktop's notifications: the platform's backend, a failure logged once, then the fallback.

When the system cannot show a notification (no bus, no notification service, no osascript) the
app's log says so once, not at every interval, and on_failure runs instead (the launcher asks
the window's taskbar entry for attention; the pages' own notice, alerts.js, shows the returns
in the window anyway). A later success is logged too, and a new failure logged again.
"""

import logging
from collections.abc import Callable

from .backends.base import MESSAGE_MAX, TITLE_MAX, Backend
from .backends.choose import notification_backend

log = logging.getLogger(__name__)


class DesktopNotifications:
    """send(title, body) for the notifier: never raises, logs a failing backend once."""

    def __init__(self, backend: Backend, on_failure: Callable[[], None] | None = None) -> None:
        self.backend = backend
        self.on_failure = on_failure
        self.failing = False

    def send(self, title: str, body: str) -> None:
        try:
            self.backend.send(title[:TITLE_MAX], body[:MESSAGE_MAX])
        except Exception as error:  # noqa: BLE001 - any backend error: log once, fall back
            if not self.failing:
                log.warning("desktop notifications do not work (%s: %s); the window shows its "
                            "own notice instead", self.backend.name, error)
            self.failing = True
            self._fall_back()
            return
        if self.failing:
            log.info("desktop notifications work again (%s)", self.backend.name)
            self.failing = False

    def close(self) -> None:
        try:
            self.backend.close()
        except Exception:  # noqa: BLE001 - shutting down regardless
            log.debug("the notification backend did not close cleanly", exc_info=True)

    def _fall_back(self) -> None:
        if self.on_failure is None:
            return
        try:
            self.on_failure()
        except Exception:  # noqa: BLE001 - the fallback is a nicety too
            log.debug("the notification fallback failed", exc_info=True)


def desktop_notifications(on_click: Callable[[], None] | None = None,
                          on_failure: Callable[[], None] | None = None) -> DesktopNotifications:
    """The notifications of the platform we run on."""
    return DesktopNotifications(notification_backend(on_click=on_click), on_failure)
