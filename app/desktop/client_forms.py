"""The forms of the client's own pages: the first-start choice and the certificate check."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import Length


class ServerChoiceForm(FlaskForm):
    """First start: this PC alone, or a client of the office server (its address)."""

    server = StringField(_l("Office server address"), validators=[Length(max=300)])
    local = SubmitField(_l("Only this computer"))
    office = SubmitField(_l("Use the office server"))


class PinForm(FlaskForm):
    """The fingerprint the user compared; Confere pins it."""

    fingerprint = HiddenField()
    matches = SubmitField(_l("It matches"))
    differs = SubmitField(_l("It does not match"))


class ForgetForm(FlaskForm):
    forget = SubmitField(_l("Forget the saved certificate and compare the new one"))
