"""Return alerts: the login prompt, the in-page notice and the desktop notifier (F7, F8)."""

from flask import Blueprint

bp = Blueprint("alerts", __name__)

from . import routes  # noqa: E402,F401
