"""Sign-in and first-run forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from .services import PASSWORD_MIN_LENGTH


class LoginForm(FlaskForm):
    login = StringField(_l("User"), validators=[InputRequired(), Length(max=40)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class OwnPasswordForm(FlaskForm):
    """Minha senha: the current password, then the new one twice."""

    current_password = PasswordField(_l("Current password"), validators=[
        InputRequired(message=_l("Type your current password.")), Length(max=200)])
    password = PasswordField(_l("New password"), validators=[
        InputRequired(message=_l("Type a password.")),
        Length(min=PASSWORD_MIN_LENGTH, max=200,
               message=_l("The password needs at least %(min)d characters."))])
    confirm = PasswordField(_l("Confirm password"), validators=[
        InputRequired(message=_l("Type the password again.")),
        EqualTo("password", message=_l("The passwords differ."))])
    submit = SubmitField(_l("Change password"))


class FirstRunForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    login = StringField(_l("User"), validators=[InputRequired(), Length(max=40)])
    password = PasswordField(
        _l("Password"), validators=[InputRequired(), Length(min=PASSWORD_MIN_LENGTH, max=200)]
    )
    confirm = PasswordField(
        _l("Confirm password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Create administrator"))
