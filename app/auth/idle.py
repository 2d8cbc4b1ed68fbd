"""A session unused for longer than the setting (Configurações Gerais) ends by itself."""

from flask import Flask, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..clock import now_utc
from ..settings.services import session_idle_minutes

LAST_SEEN = "last_seen"
# Requests the page makes by itself (the alert poll): they do not count as the user's activity.
BACKGROUND_ENDPOINTS = {"alerts.due", "static"}


def mark_active() -> None:
    """Start the idle clock of a session (at sign-in)."""
    session[LAST_SEEN] = now_utc().timestamp()


def install_idle_timeout(app: Flask) -> None:
    app.before_request(_end_an_idle_session)


def _end_an_idle_session():
    if request.endpoint in ("static",) or not current_user.is_authenticated:
        return None
    now = now_utc().timestamp()
    last_seen = session.get(LAST_SEEN)
    if last_seen is not None and now - last_seen > session_idle_minutes() * 60:
        logout_user()
        session.pop(LAST_SEEN, None)
        flash(_("Your session ended after a long time without use. Please sign in again."),
              "info")
        if request.method == "GET" and request.accept_mimetypes.best != "application/json":
            return redirect(url_for("auth.login", next=request.full_path))
        return redirect(url_for("auth.login"))
    if request.endpoint not in BACKGROUND_ENDPOINTS:
        session[LAST_SEEN] = now
    return None
