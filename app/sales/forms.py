"""The form of a sales document: header, and rows of lines typed the Brazilian way (1.234,56)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Regexp

from ..fields import AmountField, DayField, no_control_characters, strip_filter

BLANK_LINE_ROWS = 3  # empty rows offered below the typed ones; "More lines" adds this many
MAX_LINES = 200


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
