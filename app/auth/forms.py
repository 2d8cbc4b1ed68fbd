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
