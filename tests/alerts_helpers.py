"""Shared helpers for the alert tests: the business zone, the desktop user, a notice recorder."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from app.alerts.desktop_user import remember_desktop_user
from app.extensions import db
from app.models import User
from app.settings.services import get_settings

SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def sp(*args) -> datetime:
    """An instant given as São Paulo wall-clock time."""
    return datetime(*args, tzinfo=SAO_PAULO)


def configure(app, *, zone: str = "America/Sao_Paulo", enabled: bool = True) -> None:
    with app.app_context():
        settings = get_settings()
        settings.time_zone, settings.alerts_enabled = zone, enabled
        db.session.commit()


def update_user(app, user_id: int, **values) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def make_desktop_user(app, user_id: int) -> None:
    with app.app_context():
        remember_desktop_user(app, db.session.get(User, user_id))


class Recorder:
    """Stands in for the plyer adapter: remembers each (title, body) it is handed."""

    def __init__(self, fail: bool = False):
        self.calls: list[tuple[str, str]] = []
        self.fail = fail
        self.called = threading.Event()

    def __call__(self, title: str, body: str) -> None:
        self.calls.append((title, body))
        self.called.set()
        if self.fail:
            raise RuntimeError("notification backend is down")
