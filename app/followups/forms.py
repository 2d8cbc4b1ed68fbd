"""Follow Up forms: choosing the party, the entry (Observações), the header."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ..fields import DayField, MomentField, no_control_characters, strip_filter
from ..models import CUSTOMER, DONE, OPEN, SUPPLIER
from ..models.followups import NOTES_MAX

TEXT_LIMIT_MESSAGE = _l("Too long: at most %(max)d characters.")


class StartForm(FlaskForm):
    """Follow Up – Clientes e Fornecedores: whose follow-up it is."""

    kind = RadioField(_l("Party"), choices=[(CUSTOMER, _l("Customer")), (SUPPLIER, _l("Supplier"))],
                      default=CUSTOMER, validators=[InputRequired()])
    # The code, or what the Consulta finds the party by: name, CPF/CNPJ, phone.
    code = StringField(_l("Code"), filters=[strip_filter], validators=[
        InputRequired(message=_l("Type the code.")), Length(max=120)])
    submit = SubmitField(_l("Add"))


class EntryForm(FlaskForm):
    """Inclusão de Observações do Follow Up."""

    contacted_at = MomentField(_l("Contact date"), validators=[
        InputRequired(message=_l("Type the contact date."))])
    return_date = DayField(_l("Return date"), validators=[
        InputRequired(message=_l("Type the return date."))])
    type_id = SelectField(_l("Follow-up type"), coerce=int, validate_choice=True)
    status = SelectField(_l("Status"), choices=[(OPEN, _l("Open")), (DONE, _l("Done"))],
                         default=OPEN)
    notes = TextAreaField(_l("Follow-up"), filters=[strip_filter], validators=[
        DataRequired(message=_l("Describe the contact in the Follow-up tab.")),
        Length(max=NOTES_MAX, message=TEXT_LIMIT_MESSAGE), no_control_characters])
    complaints = TextAreaField(_l("Complaints"), validators=[
        Length(max=NOTES_MAX, message=TEXT_LIMIT_MESSAGE), no_control_characters])
    internal_comment = TextAreaField(_l("Internal comment"), validators=[
        Length(max=NOTES_MAX, message=TEXT_LIMIT_MESSAGE), no_control_characters])
    version = HiddenField()
    submit = SubmitField(_l("Save"))


class FollowUpForm(FlaskForm):
    """The follow-up header: who is responsible for its returns."""

    responsible_id = SelectField(_l("Responsible"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Save"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))
