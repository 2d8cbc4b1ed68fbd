"""The form of a user's own preferences."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class PreferencesForm(FlaskForm):
    start_with_system = BooleanField(_l("Start with the system"))
    submit = SubmitField(_l("Save"))
