"""Sign-in, sign-out and the first-run page."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db
from ..form_errors import blame
from ..rules import RuleError
from ..users.services import UserData, create_account
from .forms import FirstRunForm, LoginForm
from .services import authenticate, end_all_sessions, has_any_user, is_locked_out

bp = Blueprint("auth", __name__)



def _safe_next(target: str | None) -> str:
    """Only follow a 'next' that stays on this site."""
    if target and not urlsplit(target).netloc and target.startswith("/") and "//" not in target:
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    if not has_any_user():
        return redirect(url_for("auth.first_run"))
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        if is_locked_out(form.login.data):
            form.login.errors.append(
                _("Too many failed attempts for this user. Wait 15 minutes and try again.")
            )
        else:
            user = authenticate(form.login.data, form.password.data)
            if user is None:
                form.password.errors.append(_("Wrong user or password."))
            else:
                login_user(user)
                target = _safe_next(request.args.get("next"))
                return redirect(url_for("main.after_login", next=target))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out and end every session of this user."""
    end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/first-run", methods=["GET", "POST"])
def first_run():
    """Create the first administrator; only while there is no user at all."""
    if has_any_user():
        abort(404)
    form = FirstRunForm()
    if form.validate_on_submit():
        try:
            user = create_account(UserData.administrator(form.login.data, form.name.data),
                                  form.password.data, acting=None)
        except RuleError as error:
            db.session.rollback()
            blame(form, error)
        else:
            db.session.commit()
            login_user(user)
            flash(_("Administrator created. Welcome to Retorno!"), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/first_run.html", form=form), 200 if not form.errors else 422
