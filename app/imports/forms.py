"""The import's forms: the file, the columns' mapping, and running it."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FieldList, SelectField, SubmitField

from ..models import CUSTOMER, SUPPLIER
from .fields import TARGETS


class UploadForm(FlaskForm):
    target = SelectField(_l("What the file holds"), choices=[
        ("parties", _l("Customers or suppliers")), ("followups", _l("Follow-up history"))])
    kind = SelectField(_l("Of"), choices=[(CUSTOMER, _l("Customers")),
                                          (SUPPLIER, _l("Suppliers"))])
    file = FileField(_l("File (CSV or XLSX)"), validators=[
        FileRequired(_l("Choose the file to import."))])
    submit = SubmitField(_l("Send"))


class ColumnsForm(FlaskForm):
    """One choice per column of the file: the Retorno field it becomes, or none."""

    columns = FieldList(SelectField(validate_choice=False))
    save_mapping = BooleanField(_l("Save this mapping for the next import"), default=True)
    submit = SubmitField(_l("See the preview"))

    def fill(self, target: str, headers: list[str], chosen: list[str]) -> None:
        """Give each column's choice its header as label and the target's fields."""
        choices = [("", _l("— leave out —"))] + [(field.key, field.label)
                                                 for field in TARGETS[target]]
        while len(self.columns.entries) < len(headers):
            self.columns.append_entry()
        for entry, header, key in zip(self.columns.entries, headers, chosen, strict=False):
            entry.choices = choices
            entry.label.text = header or "—"
            if not entry.raw_data:
                entry.data = key


class RunForm(FlaskForm):
    skip_refused = BooleanField(_l("Skip the refused rows and import the others"))
    dry_run = SubmitField(_l("Check all rows (dry run)"))
    run = SubmitField(_l("Import"))
