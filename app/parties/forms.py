"""Cadastro de Clientes / Fornecedores forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, Email, InputRequired, Length, Optional, ValidationError

from ..brazil import STATES
from ..fields import no_control_characters, strip_filter
from ..validation import is_valid_document, normalise_phone

BLANK_CONTACT_ROWS = 2


def upper_filter(value):
    return value.strip().upper() if isinstance(value, str) else value


def valid_document(form, field) -> None:
    if field.data and not is_valid_document(field.data):
        raise ValidationError(_l("Invalid CPF/CNPJ: check the digits."))


def email_field(label) -> StringField:
    return StringField(label, filters=[strip_filter], validators=[
        Optional(), Length(max=120), Email(message=_l("Invalid e-mail address."))])


def phone_field(label) -> StringField:
    return StringField(label, filters=[strip_filter], validators=[Length(max=30), valid_phone])


def valid_phone(form, field) -> None:
    if field.data:
        phone = normalise_phone(field.data)
        if phone is None:
            raise ValidationError(
                _l("Invalid phone number: include the area code, e.g. (11) 3333-4444."))
        field.data = phone


class ContactForm(Form):
    """One person at the party; a row left blank is ignored."""

    name = StringField(_l("Name"), filters=[strip_filter],
                       validators=[Length(max=120), no_control_characters])
    role = StringField(_l("Role"), filters=[strip_filter], validators=[Length(max=80)])
    phone = phone_field(_l("Phone"))
    email = email_field(_l("E-mail"))

    def validate_name(self, field) -> None:
        if not field.data and (self.role.data or self.phone.data or self.email.data):
            raise ValidationError(_l("Type the contact's name."))


class PartyForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip_filter],
                       validators=[InputRequired(), Length(max=120), no_control_characters])
    trade_name = StringField(_l("Trade name"), filters=[strip_filter], validators=[Length(max=120)])
    document = StringField(_l("CPF/CNPJ"), filters=[strip_filter],
                           validators=[Length(max=20), valid_document])
    state_registration = StringField(_l("State registration (IE)"), filters=[strip_filter],
                                     validators=[Length(max=20), no_control_characters])
    phone = phone_field(_l("Phone"))
    mobile = phone_field(_l("Mobile"))
    email = email_field(_l("E-mail"))
    address = StringField(_l("Address"), filters=[strip_filter], validators=[Length(max=200)])
    city = StringField(_l("City"), filters=[strip_filter], validators=[Length(max=80)])
    state = SelectField(_l("State"), validate_choice=False, filters=[upper_filter], validators=[
        Optional(), AnyOf(list(STATES), message=_l("Choose a state from the list."))])
    postal_code = StringField(_l("Postal code"), filters=[strip_filter], validators=[Length(max=9)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000), no_control_characters])
    active = BooleanField(_l("Active"), default=True)
    contacts = FieldList(FormField(ContactForm), min_entries=BLANK_CONTACT_ROWS)
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [("", "—")] + [(code, f"{code} – {name}")
                                            for code, name in STATES.items()]
        if self.state.data and self.state.data not in STATES:  # typed before the list existed
            self.state.choices.append((self.state.data, self.state.data))
