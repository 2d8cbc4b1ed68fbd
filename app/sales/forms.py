"""Forms of sales documents and products; amounts typed the Brazilian way (1.234,56)."""

import re
from decimal import Decimal, InvalidOperation

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from ..fields import DayField, no_control_characters, strip_filter

BLANK_LINE_ROWS = 3  # empty rows offered below the typed ones; "More lines" adds this many
MAX_LINES = 200
_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")


def decimal_separator() -> str:
    return "." if str(get_locale()).startswith("en") else ","


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


def format_amount(value: Decimal | None, places: int | None = None) -> str:
    """Show a Decimal for editing: no thousands separator, the user's decimal mark."""
    if value is None:
        return ""
    if places is None:
        value = value.normalize()
        if value.as_tuple().exponent > 0:
            value = value.quantize(Decimal(1))
        text = format(value, "f")
    else:
        text = format(value.quantize(Decimal(1).scaleb(-places)), "f")
    return text.replace(".", decimal_separator())


class AmountField(StringField):
    """A Decimal typed as text; keeps the raw text when it is not a number."""

    def __init__(self, label=None, validators=None, places: int | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places = places

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_amount(self.data, self.places) if isinstance(self.data, Decimal) else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = parse_amount(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Not a number: type e.g. 1.234,56."))


def _user_id(value) -> int:
    """A user id from the select; blank (no salesperson) is 0."""
    return int(value) if value not in ("", None) else 0


class LineForm(Form):
    """One line of a document; a row left blank is ignored."""

    product_code = StringField(_l("Product"), filters=[strip_filter], validators=[Length(max=30)])
    description = StringField(_l("Description"), filters=[strip_filter],
                              validators=[Length(max=200), no_control_characters])
    quantity = AmountField(_l("Quantity"))
    unit_price = AmountField(_l("Unit price"), places=2)
    discount = AmountField(_l("Discount"), places=2)


class DocumentForm(FlaskForm):
    """Orçamento, Pedido de Venda or Venda."""

    issued_on = DayField(_l("Date"), validators=[InputRequired(message=_l("Type the date."))])
    customer_code = StringField(_l("Customer code"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type the customer's code.")),
        Regexp(r"^\d{1,9}$", message=_l("The code is a number."))])
    salesperson_id = SelectField(_l("Salesperson"), coerce=_user_id, validate_choice=True)
    status = SelectField(_l("Status"), validate_choice=True)
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000), no_control_characters])
    lines = FieldList(FormField(LineForm), min_entries=BLANK_LINE_ROWS, max_entries=MAX_LINES)
    version = HiddenField()
    follow_up = HiddenField()
    more_lines = SubmitField(_l("More lines"))
    submit = SubmitField(_l("Save"))

    def add_blank_lines(self, count: int = BLANK_LINE_ROWS) -> None:
        for _ in range(min(count, MAX_LINES - len(self.lines.entries))):
            self.lines.append_entry()


def not_negative(form, field) -> None:
    if field.data is not None and field.data < 0:
        raise ValidationError(_l("The price cannot be negative."))


class ProductForm(FlaskForm):
    code = StringField(_l("Code"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type the code.")), Length(max=30),
        Regexp(r"^[\w.\-/]+$", message=_l("Letters, digits and . - / only, no spaces."))])
    description = StringField(_l("Description"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type the description.")), Length(max=200),
        no_control_characters])
    unit = StringField(_l("Unit"), filters=[strip_filter], default="UN",
                       validators=[InputRequired(message=_l("Type the unit.")), Length(max=6)])
    price = AmountField(_l("Price"), places=2,
                        validators=[InputRequired(message=_l("Type the price.")), not_negative])
    active = BooleanField(_l("Active"), default=True)
    version = HiddenField()  # the version the user opened: a save over a newer one is refused
    submit = SubmitField(_l("Save"))
