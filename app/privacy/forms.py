"""The LGPD page's forms: the exports, and the erasure confirmed by typing the party's code."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


class ExportForm(FlaskForm):
    submit = SubmitField(_l("Export"))


class AnonymiseForm(FlaskForm):
    code = StringField(_l("Type the record's code to confirm"),
                       validators=[DataRequired(_l("Type the record's code to confirm.")),
                                   Length(max=20)])
    submit = SubmitField(_l("Anonymise"))
