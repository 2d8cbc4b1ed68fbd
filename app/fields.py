"""Form fields for dates typed the Brazilian way (dd/mm/aaaa) and trimmed text."""

from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from .formatting import date_pattern, date_placeholder
from .validation import parse_day, parse_wall_clock


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class DayField(StringField):
    """A calendar date typed as dd/mm/aaaa; keeps the raw text when it is not a date."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime(date_pattern()) if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_day(valuelist[0], date_pattern())
        if self.data is None:
            raise ValueError(_("Not a valid date: use %(pattern)s (e.g. %(example)s).",
                               pattern=date_placeholder(),
                               example=date(2026, 12, 31).strftime(date_pattern())))


class MomentField(StringField):
    """A wall-clock date and time typed as dd/mm/aaaa hh:mm (interpreted in the business zone)."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, datetime):
            return self.data.strftime(date_pattern() + " %H:%M")
        return ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_wall_clock(valuelist[0], date_pattern())
        if self.data is None:
            raise ValueError(_("Not a valid date and time: use %(pattern)s hh:mm.",
                               pattern=date_placeholder()))


def no_control_characters(form, field) -> None:
    """Refuse NUL and other control characters that no keyboard types."""
    text = field.data or ""
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        raise ValidationError(_l("Contains invisible control characters; please retype it."))
