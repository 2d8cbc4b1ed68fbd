"""Form fields for dates and amounts typed the Brazilian way (dd/mm/aaaa, 1.234,56) and trimmed
text."""

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from .formatting import date_pattern, date_placeholder, decimal_separator
from .validation import is_impossible_day, parse_day, parse_wall_clock

_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")


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
            if is_impossible_day(valuelist[0], date_pattern()):
                raise ValueError(_("%(date)s does not exist.", date=valuelist[0].strip()))
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
        day = valuelist[0].split()[0] if valuelist[0].split() else ""
        if self.data is None and is_impossible_day(day, date_pattern()):
            raise ValueError(_("%(date)s does not exist.", date=day))
        if self.data is None:
            raise ValueError(_("Not a valid date and time: use %(pattern)s hh:mm.",
                               pattern=date_placeholder()))


def no_control_characters(form, field) -> None:
    """Refuse NUL and other control characters that no keyboard types."""
    text = field.data or ""
    if any(ord(ch) < 32 and ch not in "\t\r\n" for ch in text):
        raise ValidationError(_l("Contains invisible control characters; please retype it."))


def parse_amount(text: str) -> Decimal | None:
    """Parse 1.234,56 / 1234,56 / 1234.56 / R$ 10 into a Decimal; None when it is not a number.

    The user's decimal separator wins; the other one is a thousands separator only where it
    groups three digits (so "2.5" is two and a half in either language).
    """
    text = (text or "").replace("R$", "").replace("\u00a0", "").replace(" ", "").strip()
    if not text or not re.fullmatch(r"-?[\d.,]+", text):
        return None
    decimal_mark = decimal_separator()
    other = "." if decimal_mark == "," else ","
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if decimal_mark in digits:
        whole, _sep, fraction = digits.rpartition(decimal_mark)
        if decimal_mark in whole or (other in whole and not _THOUSANDS.match(whole)) \
                or other in fraction:
            return None
        digits = whole.replace(other, "") + "." + fraction
    elif other in digits:
        if _THOUSANDS.match(digits):
            digits = digits.replace(other, "")
        elif digits.count(other) == 1:
            digits = digits.replace(other, ".")
        else:
            return None
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        return None


def format_amount(value: Decimal | None, places: int | None = None, *,
                  grouped: bool = False) -> str:
    """Show a Decimal for editing with the user's decimal mark; grouped: 1.234,56."""
    if value is None:
        return ""
    if places is None:
        value = value.normalize()
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
        text = format(value, ",f" if grouped else "f")
    else:
        text = format(value.quantize(Decimal(1).scaleb(-places)), ",f" if grouped else "f")
    mark = decimal_separator()
    return text.translate({ord("."): mark, ord(","): "." if mark == "," else ","})


class AmountField(StringField):
    """A Decimal typed as text (1.234,56); shown back the same way, or as typed when wrong."""

    def __init__(self, label=None, validators=None, places: int | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places = places

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if not isinstance(self.data, Decimal):
            return ""
        return format_amount(self.data, self.places, grouped=True)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_amount(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Not a number: type e.g. 1.234,56."))


_TIME_OF_DAY = re.compile(r"^(\d{1,2})(?:[:h](\d{2}))?h?$")


class TimeOfDayField(StringField):
    """A time of day typed as hh:mm (9:30, 09:30 and 9h30 too); keeps the raw text when wrong."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if isinstance(self.data, time) else ""

    def process_formdata(self, valuelist):
        text = valuelist[0].strip().lower() if valuelist else ""
        self.data = None
        if not text:
            return
        match = _TIME_OF_DAY.match(text)
        if match is None:
            raise ValueError(_("Not a valid time: use hh:mm (e.g. 14:30)."))
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            raise ValueError(_("%(time)s is not a time of day: use 00:00 to 23:59.", time=text))
        self.data = time(hour, minute)


class WholeNumberField(StringField):
    """A whole number typed as text (30); keeps the raw text when it is not one."""

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return str(self.data) if isinstance(self.data, int) else ""

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        self.data = None
        if not text:
            return
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise ValueError(_("Type a whole number, e.g. 30."))
        self.data = int(text)
