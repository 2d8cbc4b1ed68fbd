"""Who the desktop user is: the last user who signed in on this machine (from 127.0.0.1).

Signing in here, creating the first administrator or changing one's password here (see
alerts.sign_in) records the user id and his session version in the data folder. The notifier
alerts that user while the record holds: signing out, a password reset or deactivation changes
the session version or the account, and the notifier falls silent until someone signs in again.
Kept in a file so that, when the app starts again, the notifier can catch up at once with what
fell due while it was closed, before anyone has signed in.
"""

import json
import logging
import os
from pathlib import Path

from flask import Flask

from ..extensions import db
from ..models import User

log = logging.getLogger(__name__)

FILE_NAME = "desktop_user.json"
LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}


def _path(app: Flask) -> Path:
    return Path(app.config["DATA_DIR"]) / FILE_NAME


def is_local_address(address: str | None) -> bool:
    return (address or "") in LOOPBACK


def remember_desktop_user(app: Flask, user: User) -> None:
    """Record the user who just signed in on this machine as the notifier's user."""
    record = {"user_id": user.id, "session_version": user.session_version}
    path = _path(app)
    if _read(path) == record:
        return
    temporary = path.with_suffix(".tmp")
    try:
        temporary.write_text(json.dumps(record))
        os.replace(temporary, path)
    except OSError:
        log.exception("could not record the desktop user in %s", path)


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def desktop_user(app: Flask) -> User | None:
    """Return the desktop user while his sign-in still holds (needs an app context)."""
    record = _read(_path(app))
    if not isinstance(record, dict):
        return None
    user = db.session.get(User, record.get("user_id"))
    if user is None or not user.active or user.session_version != record.get("session_version"):
        return None
    return user
