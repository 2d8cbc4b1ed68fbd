"""F8: the background thread that raises one native notification every N minutes.

The desktop launcher calls::

    from app.alerts.notifier import start_notifier
    notifier = start_notifier(app)   # a started daemon thread
    ...
    notifier.stop()

It knows no Flask request: each tick opens ``app.app_context()``, reads the settings, the desktop
user (see desktop_user.py) and his due returns through alerts.services, and hands the text to
notify (by default os_notify's DesktopNotifications of this platform). The first tick runs at
once (catching up with what fell due while the app was closed); then it wakes every
CHECK_SECONDS, so a settings change, the turn of the day and the user's interval are all
followed within that time, and at once when settings are saved or someone signs in on this
machine (wake_notifier). A failing backend is logged and never stops the thread.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, g, has_app_context

from ..clock import now_utc
from ..extensions import db
from ..i18n import force_locale
from ..periodic import Periodic
from ..settings.services import business_today
from ..sqlite_tuning import read_only_transactions
from .desktop_user import desktop_user
from .os_notify import desktop_notifications
from .services import due_summary, notification_text, wants_periodic_alert
from .timed import send_timed_alarms

log = logging.getLogger(__name__)

CHECK_SECONDS = 30.0
EXTENSION_KEY = "retorno_notifier"

Notify = Callable[[str, str], None]


@dataclass(frozen=True)
class Notice:
    user_id: int
    title: str
    body: str


class Notifier:
    """Decides, tick by tick, whether the desktop user gets a notification now."""

    def __init__(self, app: Flask, notify: Notify | None = None,
                 check_seconds: float = CHECK_SECONDS):
        self.app = app
        self.notify = notify or desktop_notifications().send
        self.last_sent_at: datetime | None = None
        self.last_user_id: int | None = None
        self._checks = Periodic("retorno-notifier", self.tick, check_seconds,
                                failure="notifier: the check failed")

    @property
    def check_seconds(self) -> float:
        return self._checks.every

    def start(self) -> "Notifier":
        self._checks.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (waits up to timeout seconds for a tick in progress)."""
        self._checks.stop(timeout)
        if self.app.extensions.get(EXTENSION_KEY) is self:
            del self.app.extensions[EXTENSION_KEY]

    def wake(self) -> None:
        """Re-read the settings now instead of at the next tick."""
        self._checks.wake()

    @property
    def running(self) -> bool:
        return self._checks.running

    def tick(self) -> Notice | None:
        """Run one check; send and return the notice when one is due. Never raises."""
        send_timed_alarms(self.app, self.notify)  # returns whose own time has come (timed.py)
        try:
            notice = self._next_notice()
        except Exception:  # noqa: BLE001 - a locked database or a bug must not end the thread
            log.exception("notifier: could not read the due returns")
            return None
        if notice is not None:
            try:
                self.notify(notice.title, notice.body)
            except Exception:  # noqa: BLE001 - a broken notification backend is not fatal
                log.exception("notifier: the notification backend failed")
        return notice

    def _next_notice(self) -> Notice | None:
        # Read-only: on SQLite the tick's transaction begins deferred and runs beside writers.
        with self.app.app_context(), read_only_transactions():
            g.notifier_tick = True  # a non-empty g lets Flask-Babel switch locale here
            try:
                return self._decide()
            finally:
                db.session.remove()

    def _decide(self) -> Notice | None:
        user = desktop_user(self.app)
        if user is None or user.id != self.last_user_id:
            self.last_sent_at = None  # a new desktop user starts with a catch-up alert
            self.last_user_id = user.id if user else None
        if user is None:
            return None
        today = business_today()
        if not wants_periodic_alert(user, today):
            return None
        now = now_utc()
        interval = timedelta(minutes=user.alert_every_minutes)
        # A clock set backwards (now < last) counts as elapsed rather than silencing the alert.
        if self.last_sent_at is not None and timedelta(0) <= now - self.last_sent_at < interval:
            return None
        summary = due_summary(user, today)
        if summary.total == 0:
            return None
        with force_locale(user.language):
            title, body = notification_text(summary)
        self.last_sent_at = now
        return Notice(user.id, title, body)


def start_notifier(app: Flask, notify: Notify | None = None,
                   check_seconds: float = CHECK_SECONDS) -> Notifier:
    """Start the notifier thread for this app and return it (call .stop() at exit)."""
    running = app.extensions.get(EXTENSION_KEY)
    if running is not None and running.running:
        return running
    notifier = Notifier(app, notify, check_seconds)
    app.extensions[EXTENSION_KEY] = notifier
    return notifier.start()


def wake_notifier(app: Flask | None = None) -> None:
    """Tell a running notifier to check now: settings changed, someone signed in here."""
    if app is None:
        if not has_app_context():
            return
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    notifier = app.extensions.get(EXTENSION_KEY)
    if notifier is not None:
        notifier.wake()
