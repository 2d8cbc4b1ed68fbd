"""The product form; the price is typed the Brazilian way (1.234,56)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from ..fields import AmountField, no_control_characters, strip_filter


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
