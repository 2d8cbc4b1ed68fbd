"""Forms of the admin backup pages (each carries its CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired


class BackupNowForm(FlaskForm):
    submit = SubmitField(_l("Back up now"))


class RestoreForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that the current data will be replaced by this backup "
           "(a safety copy of it is kept first)."),
        validators=[DataRequired(_l("Tick the box to confirm the restore."))])
    submit = SubmitField(_l("Restore"))


class RestoreEntryForm(FlaskForm):
    submit = SubmitField(_l("Restore"))


class DeleteBackupForm(FlaskForm):
    submit = SubmitField(_l("Delete"))
