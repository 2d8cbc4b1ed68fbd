"""Checks and normalisations shared by forms: CPF/CNPJ, phones, dates typed as dd/mm/aaaa."""

import re
from datetime import date, datetime

import phonenumbers
from validate_docbr import CNPJ, CPF

_cpf = CPF()
_cnpj = CNPJ()


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def is_valid_document(text: str) -> bool:
    """True for a valid CPF (11 digits) or CNPJ (14 digits), punctuation ignored."""
    number = digits(text)
    if len(number) == 11:
        return _cpf.validate(number)
    if len(number) == 14:
        return _cnpj.validate(number)
    return False


def format_document(number: str) -> str:
    """Show stored CPF/CNPJ digits with their usual punctuation (anything else as stored)."""
    if len(number) == 11:
        return _cpf.mask(number)
    if len(number) == 14:
        return _cnpj.mask(number)
    return number


def normalise_phone(text: str) -> str | None:
    """Return a Brazilian phone in national format, e.g. (11) 98765-4321; None if invalid."""
    try:
        parsed = phonenumbers.parse(text, "BR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    if parsed.country_code != 55:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_e164_digits(text: str) -> str:
    """Digits of the phone in international form (for wa.me and tel: links)."""
    try:
        parsed = phonenumbers.parse(text, "BR")
    except phonenumbers.NumberParseException:
        return digits(text)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).lstrip("+")


BRAZILIAN_DAY = "%d/%m/%Y"
ISO_FORMATS = ("%Y-%m-%d",)
# Years a business record can sensibly carry; beyond them dates overflow time zone arithmetic.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _day_formats(day_pattern: str) -> list[str]:
    """The user's own pattern first; dd/mm/aa only where dd/mm/aaaa is the pattern."""
    formats = [day_pattern, *ISO_FORMATS]
    if day_pattern == BRAZILIAN_DAY:
        formats.append("%d/%m/%y")
    return formats


def _in_range(moment: datetime) -> datetime | None:
    return moment if FIRST_YEAR <= moment.year <= LAST_YEAR else None


def parse_day(text: str, day_pattern: str = BRAZILIAN_DAY) -> date | None:
    """Parse a date typed in the user's pattern (or ISO); None when it is not a real date."""
    text = (text or "").strip()
    for fmt in _day_formats(day_pattern):
        try:
            parsed = _in_range(datetime.strptime(text, fmt))
        except ValueError:
            continue
        return parsed.date() if parsed else None
    return None


def _shape(fmt: str) -> str:
    """A regular expression for a date format: its day and month as named groups."""
    parts = {"%d": r"(?P<day>\d{1,2})", "%m": r"(?P<month>\d{1,2})", "%Y": r"\d{4}",
             "%y": r"\d{2}"}
    pattern = re.escape(fmt)
    for directive, group in parts.items():
        pattern = pattern.replace(directive, group)
    return pattern


def is_impossible_day(text: str, day_pattern: str = BRAZILIAN_DAY) -> bool:
    """True for a day and month that exist apart but not together: 31/02/2026, 29/02/2025."""
    text = (text or "").strip()
    if parse_day(text, day_pattern) is not None:
        return False
    for fmt in _day_formats(day_pattern):
        match = re.fullmatch(_shape(fmt), text)
        if match and 1 <= int(match["day"]) <= 31 and 1 <= int(match["month"]) <= 12:
            try:
                datetime.strptime(text, fmt)
            except ValueError:
                return True
    return False


def parse_wall_clock(text: str, day_pattern: str = BRAZILIAN_DAY) -> datetime | None:
    """Parse a naive date and time typed as the user's date pattern + hh:mm (or ISO)."""
    text = (text or "").strip()
    formats = [day_pattern + " %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", day_pattern]
    for fmt in formats:
        try:
            return _in_range(datetime.strptime(text, fmt))
        except ValueError:
            continue
    return None
