"""Cadastro de Usuários: list, add, edit (alert options, permissions), reset a password."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from ..alerts.notifier import wake_notifier
from ..auth.services import locked_until
from ..auth.services import unlock as unlock_account
from ..extensions import db
from ..form_errors import refuse
from ..gates import admin_required, is_admin
from ..menu import MenuLink, add_menu_link
from ..models import User
from ..permissions import PERMISSION_FLAGS
from ..rules import RuleError
from ..settings.forms import ButtonForm
from .forms import NewUserForm, PasswordForm, UserForm, permission_groups
from .services import (
    UserData,
    all_users,
    create_account,
    reset_password,
    update_account,
)

bp = Blueprint("users", __name__)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("admin", "users.index", _l("Users"), visible=is_admin))


def _data(form: UserForm) -> UserData:
    return UserData(
        login=form.login.data, name=form.name.data, is_admin=form.is_admin.data,
        active=form.active.data, alert_on_login=form.alert_on_login.data,
        alert_every_minutes=form.alert_every_minutes.data if form.alert_periodic.data else None,
        **{name: getattr(form, name).data for name in PERMISSION_FLAGS})


@bp.route("/users/")
@admin_required
def index():
    """Cadastro de Usuários: every account with its alert options and permissions."""
    return render_template("users/index.html", users=all_users(),
                           permission_groups=permission_groups(), form_labels=UserForm())


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new():
    """Add a user."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_account(_data(form), form.password.data, current_user)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("User %(login)s created.", login=user.login), "success")
            return redirect(url_for("users.index"))
    return render_template("users/form.html", form=form, user=None,
                           permission_groups=permission_groups()), 422 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit(user_id: int):
    """Change a user's data, alert options and permissions, or deactivate him."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if not form.is_submitted():
        form.alert_periodic.data = user.alert_every_minutes is not None
        form.alert_every_minutes.data = user.alert_every_minutes or 30
    if form.validate_on_submit():
        try:
            update_account(user, _data(form), current_user)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            wake_notifier()
            flash(_("User %(login)s saved.", login=user.login), "success")
            return redirect(url_for("users.index"))
    return _edit_page(form, user, PasswordForm(), 422 if form.errors else 200)


def _edit_page(form: UserForm, user: User, password_form: PasswordForm, status: int):
    return render_template("users/form.html", form=form, user=user, password_form=password_form,
                           permission_groups=permission_groups(), locked_until=locked_until(user),
                           unlock_form=ButtonForm()), status


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@admin_required
def unlock(user_id: int):
    """Lift the lock that wrong passwords put on a user's sign-in."""
    user = db.get_or_404(User, user_id)
    if ButtonForm().validate_on_submit():
        unlock_account(user, by=current_user)
        db.session.commit()
        flash(_("%(login)s can sign in again.", login=user.login), "success")
    return redirect(url_for("users.edit", user_id=user.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
@admin_required
def password(user_id: int):
    """Reset a user's password; every session he had ends."""
    user = db.get_or_404(User, user_id)
    password_form = PasswordForm()
    if password_form.validate_on_submit():
        try:
            reset_password(user, password_form.password.data)
        except RuleError as error:
            refuse(password_form, error)
        else:
            db.session.commit()
            if user.id == current_user.id:
                login_user(user)  # keep this session: only the others end
            flash(_("Password of %(login)s reset: every session of this user was ended.",
                    login=user.login), "success")
            return redirect(url_for("users.edit", user_id=user.id))
    form = UserForm(obj=user)
    form.alert_periodic.data = user.alert_every_minutes is not None
    return _edit_page(form, user, password_form, 422)

