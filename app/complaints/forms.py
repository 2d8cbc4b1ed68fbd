"""A complaint's form, and the report's filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..fields import DayField, strip_filter
from .labels import STATUS_LABELS

RESOLUTION_MAX = 20_000


class ComplaintForm(FlaskForm):
    """The complaint's status, who answers for it, its deadline and how it was resolved."""

    status = SelectField(_l("Status"), choices=list(STATUS_LABELS.items()), validate_choice=False)
    responsible_id = SelectField(_l("Responsible"), coerce=int, validate_choice=False)
    deadline = DayField(_l("Response deadline"), validators=[
        InputRequired(message=_l("Type the date."))])
    resolution = TextAreaField(_l("Resolution"), filters=[strip_filter], validators=[
        Length(max=RESOLUTION_MAX, message=_l("Too long: at most %(max)d characters."))])
    version = HiddenField()
    submit = SubmitField(_l("Save"))


class ReportFiltersForm(FlaskForm):
    """Relatório de Reclamações: the period, customer, product, type and status (a GET form)."""

    class Meta:
        csrf = False

    date_from = DayField(_l("Opened from"), validators=[Optional()])
    date_to = DayField(_l("to"), validators=[Optional()])
    customer = StringField(_l("Customer code"), filters=[strip_filter])
    product = StringField(_l("Product code"), filters=[strip_filter])
    type_id = SelectField(_l("Follow-up type"), coerce=int, validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
