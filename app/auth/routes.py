"""Sign-in, sign-out and the first-run page."""

import time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..alerts.sign_in import signed_in_here
from ..database import reading
from ..extensions import db
from ..form_errors import refuse
from ..formatting import format_moment
from ..hosts import is_unprotected_network_request
from ..redirects import safe_next
from ..rules import RuleError
from ..users.services import UserData, create_account
from .forms import FirstRunForm, LoginForm, OwnPasswordForm
from .idle import mark_active
from .services import (
    SignInRefusal,
    check_sign_in,
    end_all_sessions,
    has_any_user,
    new_own_password_hash,
    record_attempt,
    set_password_hash,
    sign_in_refusal,
)

bp = Blueprint("auth", __name__)


@bp.context_processor
def _connection() -> dict:
    """The sign-in page warns when its password would cross the network unencrypted."""
    return {"unprotected_connection": is_unprotected_network_request(request.host,
                                                                     request.is_secure)}

REFUSAL_DELAY_S = 1.0



@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign the user in."""
    form = LoginForm()
    with reading():  # the password check is slow: it must not hold the write lock
        if not has_any_user():
            return redirect(url_for("auth.first_run"))
        if current_user.is_authenticated:
            return redirect(url_for("main.index"))
        if not form.validate_on_submit():
            return render_template("auth/login.html", form=form), 422 if form.errors else 200
        address = request.remote_addr or ""
        checked = check_sign_in(form.login.data, form.password.data, address)
    if checked.refusal:
        # Answer a refused sign-in slowly: a flood then waits instead of taking the CPU.
        time.sleep(REFUSAL_DELAY_S)
        form.login.errors.append(_refusal_message(checked.refusal))
        return render_template("auth/login.html", form=form), 429
    user = checked.user
    record_attempt(form.login.data, address, user)
    db.session.commit()
    if user is None:
        form.password.errors.append(_("Wrong user or password."))
        return render_template("auth/login.html", form=form), 422
    login_user(user)
    mark_active()
    signed_in_here(user, address)
    target = safe_next(request.args.get("next"))
    return redirect(url_for("main.after_login", next=target))


def _refusal_message(refusal: SignInRefusal) -> str:
    when = format_moment(refusal.until)
    if refusal.too_fast:
        return _("Too many sign-ins in a short time. Try again at %(when)s.", when=when)
    return _("Too many failed attempts for this user. Try again at %(when)s, or ask an "
             "administrator to unlock the account.", when=when)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def own_password():
    """Minha senha: change one's own password; every other session ends."""
    form = OwnPasswordForm()
    user = current_user._get_current_object()
    address = request.remote_addr or ""
    if form.validate_on_submit():
        try:
            with reading():  # checking and hashing are slow: no write lock meanwhile
                refusal = sign_in_refusal(user.login, address)  # guessing is limited here too
                if refusal:
                    raise RuleError("current_password", _refusal_message(refusal))
                new_hash = new_own_password_hash(user, form.current_password.data,
                                                 form.password.data)
        except RuleError as error:
            if error.field == "current_password" and not refusal:
                record_attempt(user.login, address, None)
                db.session.commit()
            refuse(form, error)
        else:
            set_password_hash(user, new_hash)
            db.session.commit()
            login_user(user)  # this session goes on with the new session version
            mark_active()
            signed_in_here(user, address)  # the notifier follows the new session version
            flash(_("Password changed. Your other sessions have ended."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200


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
            refuse(form, error)
        else:
            db.session.commit()
            login_user(user)
            signed_in_here(user, request.remote_addr)
            flash(_("Administrator created. Welcome to Retorno!"), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/first_run.html", form=form), 200 if not form.errors else 422
