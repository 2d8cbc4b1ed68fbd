"""How dates, times and money look on screen (dd/mm/aaaa, R$ 1.234,56 in pt-BR)."""

from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

from flask import Flask, request
from flask_babel import format_currency, format_decimal, get_locale
from flask_babel import gettext as _

from .clock import to_local
from .menu import install_menu
from .settings.services import business_zone_name
from .validation import format_document, phone_e164_digits

DATE_FORMATS = {"pt_BR": "%d/%m/%Y", "en": "%m/%d/%Y"}


def date_pattern() -> str:
    return DATE_FORMATS.get(str(get_locale()), "%d/%m/%Y")


def date_placeholder() -> str:
    """What a date looks like to the user: dd/mm/aaaa in pt-BR, mm/dd/yyyy in English."""
    return _("dd/mm/yyyy") if date_pattern() == "%d/%m/%Y" else "mm/dd/yyyy"


def decimal_separator() -> str:
    """The mark between units and decimals the user types and reads: "," in pt-BR."""
    return "." if str(get_locale()).startswith("en") else ","


def format_day(value: date | None) -> str:
    """Format a calendar date in the user's language."""
    return value.strftime(date_pattern()) if value else ""


def format_moment(value: datetime | None) -> str:
    """Format a stored UTC instant as wall-clock time in the business zone."""
    if value is None:
        return ""
    return to_local(value, business_zone_name()).strftime(date_pattern() + " %H:%M")


def format_money(value: Decimal | None) -> str:
    return format_currency(value or Decimal("0"), "BRL")


def format_size(size: int) -> str:
    """A file's size in megabytes with one decimal, in the user's numbers: 0,2 MB."""
    return f"{format_decimal(size / 1_048_576, format='#,##0.0')} MB"


def money_sample() -> str:
    """R$ 1.234,56 as format_money shows it, for scripts that show money the same way."""
    return format_money(Decimal("1234.56"))


def page_url(page: int) -> str:
    """The current list's URL with the same filters and another page number."""
    args = {**request.args.to_dict(), "page": page}
    return f"{request.path}?{urlencode(args)}"


def install_template_helpers(app: Flask) -> None:
    app.add_template_filter(format_day, "day")
    app.add_template_filter(format_moment, "moment")
    app.add_template_filter(format_money, "money")
    app.add_template_filter(format_size, "file_size")
    app.add_template_filter(phone_e164_digits, "phone_digits")
    app.add_template_filter(format_document, "document")
    app.add_template_global(lambda: str(get_locale()), "current_locale")
    app.add_template_global(date_pattern, "date_pattern")
    app.add_template_global(page_url, "page_url")
    app.add_template_global(date_placeholder, "date_placeholder")
    app.add_template_global(decimal_separator, "decimal_mark")
    app.add_template_global(money_sample, "money_sample")
    install_menu(app)
