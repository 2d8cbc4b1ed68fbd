"""Minhas preferências: the page where each user sets his own options."""

from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ..alerts.desktop_user import is_local_address
from ..form_errors import refuse
from ..rules import RuleError
from .forms import PreferencesForm
from .services import can_start_with_system, set_start_with_system, starts_with_system

bp = Blueprint("preferences", __name__)


def _place() -> dict:
    """Whether this request may change the computer's login entry (the desktop app, locally)."""
    return {"desktop_app": bool(current_app.config["DESKTOP_APP"]),
            "from_this_computer": is_local_address(request.remote_addr)}


@bp.route("/account/preferences", methods=["GET", "POST"])
@login_required
def index():
    """Minhas preferências: start Retorno with the system, in the tray."""
    place = _place()
    form = PreferencesForm(data=None if request.method == "POST"
                           else {"start_with_system": starts_with_system()})
    if form.validate_on_submit():
        try:
            set_start_with_system(form.start_with_system.data,
                                  Path(current_app.config["DATA_DIR"]), **place)
        except RuleError as error:
            refuse(form, error)
        else:
            flash(_("Preferences saved."), "success")
            return redirect(url_for("preferences.index"))
    return render_template("preferences/index.html", form=form,
                           can_start_with_system=can_start_with_system(**place)), \
        422 if form.errors else 200
