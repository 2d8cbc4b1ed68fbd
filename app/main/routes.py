"""Home, after-login and language switch."""

from flask import current_app, redirect, request, url_for
from flask_login import current_user, login_required

from ..auth.routes import _safe_next
from ..extensions import db
from . import bp


@bp.route("/")
@login_required
def index():
    """Open the Follow Up process, the screen users live in."""
    return redirect(url_for("followups.index"))


@bp.route("/after-login")
@login_required
def after_login():
    """Continue where the user was going once signed in."""
    return redirect(_safe_next(request.args.get("next")))


@bp.route("/language", methods=["POST"])
@login_required
def set_language():
    """Switch the signed-in user's language."""
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        current_user.language = language
        db.session.commit()
    return redirect(_safe_next(request.form.get("next")))
