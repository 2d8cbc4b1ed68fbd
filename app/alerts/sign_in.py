"""A sign-in on this machine: its user becomes the desktop user, and the notifier checks now."""

from flask import current_app

from ..models import User
from .desktop_user import is_local_address, remember_desktop_user
from .notifier import wake_notifier


def signed_in_here(user: User, address: str | None) -> None:
    """Make a local sign-in's user the notifier's user and wake it (a browser elsewhere: no)."""
    if not is_local_address(address):
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    remember_desktop_user(app, user)
    wake_notifier(app)
