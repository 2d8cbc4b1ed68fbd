"""The automatic rules' form: a switch and a delay per rule, and the complaints' deadline."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, Form, FormField, IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from .rule_settings import DELAY_MESSAGE, MAX_RULE_DELAY, RuleChoice

COMPLAINT_DAYS_MESSAGE = _l("Type a number of business days from 1 to 365.")


class WholeNumberField(IntegerField):
    """A whole number whose wrong text ("dez") gets only the field's own range message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None  # the range validator says what to type; the text is shown again


class RuleForm(Form):
    enabled = BooleanField(_l("On"))
    delay_days = WholeNumberField(_l("Days"), validators=[
        InputRequired(message=DELAY_MESSAGE),
        NumberRange(min=1, max=MAX_RULE_DELAY, message=DELAY_MESSAGE)])

    def choice(self) -> RuleChoice:
        return RuleChoice(self.enabled.data, self.delay_days.data)


class RulesForm(FlaskForm):
    """Configurações Gerais → automatic rules (the field names are the rule names)."""

    after_sale = FormField(RuleForm, label=_l("After-sales return after a concluded sale"))
    open_quote = FormField(RuleForm, label=_l("Quote still open with no follow-up"))
    no_contact = FormField(RuleForm, label=_l("Customer without contact"))
    complaint_response_days = WholeNumberField(
        _l("Complaint response deadline (business days)"), validators=[
            InputRequired(message=COMPLAINT_DAYS_MESSAGE),
            NumberRange(min=1, max=365, message=COMPLAINT_DAYS_MESSAGE)])
    submit = SubmitField(_l("Save"))

    def choices(self) -> dict[str, RuleChoice]:
        return {name: getattr(self, name).form.choice()
                for name in ("after_sale", "open_quote", "no_contact")}
