"""Configurações Gerais forms: the alarm and time zone, follow-up types, holidays."""

from datetime import datetime
from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..brazil import STATES, ZONES, zone_label
from ..clock import DEFAULT_ZONE, machine_says_utc, machine_zone_name, now_utc
from ..fields import DayField, strip_filter
from .services import MAX_DELAY_DAYS


class GeneralForm(FlaskForm):
    """The company's name; Diversas → Processos → Follow Up: the alarm, the time zone, the state."""

    company_name = StringField(_l("Company"), filters=[strip_filter], validators=[
        Length(max=120, message=_l("Too long: at most %(max)d characters."))])
    alerts_enabled = BooleanField(_l("Enable automatic return alert (alarm)"))
    time_zone = SelectField(_l("Business time zone"), validate_choice=True)
    # The service refuses an unknown UF, with a message in the user's words.
    state = SelectField(_l("State (for its holidays)"), validate_choice=False)
    session_idle_hours = IntegerField(
        _l("End a session after this many hours without use"),
        validators=[InputRequired(message=_l("Type a number of hours from 1 to 72.")),
                    NumberRange(min=1, max=72, message=_l("Type a number of hours from 1 to 72."))])
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone.choices = time_zone_choices(now_utc())
        self.state.choices = [("", _("None: national holidays only"))]
        self.state.choices += [(code, f"{code} – {name}") for code, name in STATES.items()]


def time_zone_choices(now: datetime) -> dict[str, list[tuple[str, str]]]:
    """Blank (the default zone) first, then Brazil's zones by name, then every other zone."""
    if machine_says_utc():
        automatic = _("Automatic: %(zone)s (this computer says UTC)",
                      zone=ZONES[DEFAULT_ZONE][0])
    else:
        automatic = _("This computer's (%(zone)s)", zone=zone_label(machine_zone_name(), now))
    return {
        _("Brazil"): [("", automatic)] + [(name, zone_label(name, now)) for name in ZONES],
        _("Other zones"): [(name, name) for name in sorted(available_timezones())
                           if name not in ZONES],
    }


class TypeForm(FlaskForm):
    """A Tipo de Follow Up and the return delay it suggests."""

    name = StringField(_l("Name"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type the name of the follow-up type.")),
        Length(max=60, message=_l("Too long: at most %(max)d characters."))])
    default_delay_days = IntegerField(
        _l("Default return delay (days)"), validators=[
            Optional(),
            NumberRange(min=0, max=MAX_DELAY_DAYS,
                        message=_l("Type a number of days from %(min)s to %(max)s."))])
    business_days = BooleanField(_l("Count business days only (no weekends or holidays)"))
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class DocumentTypesForm(FlaskForm):
    """The Tipo de Follow Up of a follow-up started from each kind of sales document (the service
    refuses a type that is not offered, with a message in the user's words)."""

    quote = SelectField(_l("Quote"), coerce=int, validate_choice=False)
    order = SelectField(_l("Sales order"), coerce=int, validate_choice=False)
    sale = SelectField(_l("Sale"), coerce=int, validate_choice=False)
    submit = SubmitField(_l("Save"))

    def offer(self, types) -> None:
        """Offer the active types; 0 stands for "the first type of the list"."""
        choices = [(0, _("The first of the list"))] + [(t.id, t.name) for t in types if t.active]
        for field in (self.quote, self.order, self.sale):
            field.choices = choices


class HolidayForm(FlaskForm):
    """One of the company's own days off."""

    day = DayField(_l("Date"), validators=[InputRequired(message=_l("Type the date."))])
    name = StringField(_l("Description"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type a description.")),
        Length(max=80, message=_l("Too long: at most %(max)d characters."))])
    submit = SubmitField(_l("Add holiday"))


class ButtonForm(FlaskForm):
    """A bare form for one-click actions (move, delete): only the CSRF token."""
