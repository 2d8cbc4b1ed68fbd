"""Cadastro de Usuários forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length, NumberRange, Optional

from ..auth.services import PASSWORD_MIN_LENGTH
from ..fields import strip_filter
from ..models.users import ALERT_MAX_MINUTES, ALERT_MIN_MINUTES
from ..permissions import AREAS

INTERVAL_MESSAGE = _l("Type a number of minutes from %(min)s to %(max)s.")
# The groups of checkboxes on the form and of permissions on the list, as the manual names them.
AREA_TITLES = {"followups": _l("Follow-up"), "parties": _l("Customers and suppliers"),
               "sales": _l("Quote, sales order, sale"), "products": _l("Products")}


def permission_groups() -> list[tuple[object, tuple[str, ...]]]:
    """(title, field names) of each area, in the order Cadastro de Usuários shows them."""
    return [(AREA_TITLES[area], tuple(p.flag for p in group)) for area, group in AREAS.items()]


class UserForm(FlaskForm):
    """A user's data, alert options and permissions per area."""

    name = StringField(_l("Name"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type the user's name.")),
        Length(max=120, message=_l("Too long: at most %(max)d characters."))])
    login = StringField(_l("User"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type the user name used to sign in.")),
        Length(max=40, message=_l("Too long: at most %(max)d characters."))])
    active = BooleanField(_l("Active"), default=True)
    is_admin = BooleanField(_l("Administrator (settings and users)"))

    alert_on_login = BooleanField(_l("Warn when signing in"), default=True)
    alert_periodic = BooleanField(_l("Warn every N minutes"), default=True)
    alert_every_minutes = IntegerField(
        _l("Minutes between warnings"), default=30,
        validators=[Optional(), NumberRange(min=ALERT_MIN_MINUTES, max=ALERT_MAX_MINUTES,
                                            message=INTERVAL_MESSAGE)])

    can_access_followups = BooleanField(_l("Access the Follow-up"), default=True)
    can_add_followups = BooleanField(_l("Add"), default=True)
    can_edit_followups = BooleanField(_l("Edit"), default=True)
    can_mark_done_followups = BooleanField(_l("Mark as done"), default=True)
    can_delete_followups = BooleanField(_l("Delete"))
    can_see_all_followups = BooleanField(_l("See other users' follow-ups"))

    can_access_parties = BooleanField(_l("Access customers and suppliers"), default=True)
    can_add_parties = BooleanField(_l("Add"), default=True)
    can_edit_parties = BooleanField(_l("Edit"), default=True)
    can_delete_parties = BooleanField(_l("Delete"))

    can_access_sales = BooleanField(_l("Access quotes, orders and sales"), default=True)
    can_add_sales = BooleanField(_l("Add"), default=True)
    can_edit_sales = BooleanField(_l("Edit"), default=True)
    can_cancel_sales = BooleanField(_l("Cancel"), default=True)
    can_see_all_sales = BooleanField(_l("See other users' quotes, orders and sales"))

    can_access_products = BooleanField(_l("Access products"), default=True)
    can_edit_products = BooleanField(_l("Add and edit"), default=True)
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        """Also require the minutes when "warn every N minutes" is ticked."""
        valid = super().validate(extra_validators)
        minutes = self.alert_every_minutes
        if self.alert_periodic.data and minutes.data is None and not minutes.errors:
            minutes.errors = [INTERVAL_MESSAGE % {"min": ALERT_MIN_MINUTES,
                                                  "max": ALERT_MAX_MINUTES}]
            return False
        return valid


def new_password_field(label) -> PasswordField:
    return PasswordField(label, validators=[
        InputRequired(message=_l("Type a password.")),
        Length(min=PASSWORD_MIN_LENGTH, max=200,
               message=_l("The password needs at least %(min)d characters."))])


def confirm_password_field() -> PasswordField:
    return PasswordField(_l("Confirm password"), validators=[
        InputRequired(message=_l("Type the password again.")),
        EqualTo("password", message=_l("The passwords differ."))])


class NewUserForm(UserForm):
    password = new_password_field(_l("Password"))
    confirm = confirm_password_field()


class PasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = confirm_password_field()
    submit = SubmitField(_l("Reset password"))
