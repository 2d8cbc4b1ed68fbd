"""Follow Up forms: choosing the party, the entry (Observações), the header."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from ..fields import (
    DayField,
    MomentField,
    TimeOfDayField,
    WholeNumberField,
    no_control_characters,
    strip_filter,
)
from ..models import CUSTOMER, DONE, OPEN, SUPPLIER, FollowUpType
from ..models.followups import NOTES_MAX
from .entry_data import EntryData
from .scheduling import CHOSEN_DATE, STEPS, NextReturn

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
    return_time = TimeOfDayField(_l("Return time"))
    type_id = SelectField(_l("Follow-up type"), coerce=int, validate_choice=True)
    repeat_every = WholeNumberField(_l("Repeat every"))
    repeat_unit = SelectField(_l("Repeat unit"), choices=[
        ("", _l("Does not repeat")), ("days", _l("days")), ("weeks", _l("weeks")),
        ("months", _l("months"))], default="")
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

    def offer_types(self, types: list[FollowUpType], current: FollowUpType | None = None) -> None:
        """Offer the active types; an entry whose type was deactivated still offers (and keeps)
        it."""
        self.type_id.choices = [(t.id, t.name) for t in types]
        if current is not None and current.id not in dict(self.type_id.choices):
            self.type_id.choices.append((current.id, current.name))

    def entry_data(self) -> EntryData:
        return EntryData(contacted_at=self.contacted_at.data, return_date=self.return_date.data,
                         type_id=self.type_id.data, status=self.status.data,
                         notes=(self.notes.data or "").strip(),
                         complaints=(self.complaints.data or "").strip(),
                         internal_comment=(self.internal_comment.data or "").strip(),
                         return_time=self.return_time.data,
                         repeat_every=self.repeat_every.data,
                         repeat_unit=self.repeat_unit.data or None)


class NextReturnForm(FlaskForm):
    """Baixar e agendar próximo: the open return created when this one is closed (posted with the
    entry form, whose CSRF token covers it)."""

    class Meta:
        csrf = False

    return_date = DayField(_l("Next return date"), validators=[
        InputRequired(message=_l("Type the date of the next return."))])
    type_id = SelectField(_l("Type of the next return"), coerce=int, validate_choice=True)
    responsible_id = SelectField(_l("Responsible"), coerce=int, validate_choice=True)
    notes = TextAreaField(_l("Follow-up of the next return"), filters=[strip_filter], validators=[
        DataRequired(message=_l("Say what the next return is about.")),
        Length(max=NOTES_MAX, message=TEXT_LIMIT_MESSAGE), no_control_characters])

    def next_return(self, now_local) -> NextReturn:
        return NextReturn(contacted_at=now_local, return_date=self.return_date.data,
                          type_id=self.type_id.data, responsible_id=self.responsible_id.data,
                          notes=(self.notes.data or "").strip())


class RescheduleForm(FlaskForm):
    """Adiar: +1 dia útil, +1 semana, or a date (the pressed button names the step)."""

    step = StringField(validators=[AnyOf(STEPS, message=_l("Choose how long to put it off."))])
    new_date = DayField(_l("New return date"))
    next = HiddenField()

    def validate_new_date(self, field) -> None:
        if self.step.data == CHOSEN_DATE and field.data is None and not field.errors:
            raise ValidationError(_l("Type the new return date."))


class FollowUpForm(FlaskForm):
    """The follow-up header: who is responsible for its returns."""

    responsible_id = SelectField(_l("Responsible"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Save"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))
