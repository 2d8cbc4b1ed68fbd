"""Put a service's refusal beside the fields it names, so the form re-renders with it."""

from collections.abc import Iterator

from flask import flash
from wtforms import Field, Form
from wtforms.fields import FieldList, FormField

from .extensions import db
from .rules import RuleError


def _fields(form: Form) -> Iterator[Field]:
    for field in form:
        yield field
        if isinstance(field, FieldList):
            for entry in field.entries:
                if isinstance(entry, FormField):
                    yield from _fields(entry.form)
                else:
                    yield entry
        elif isinstance(field, FormField):
            yield from _fields(field.form)


def blame(form: Form, error: RuleError) -> str | None:
    """Add each message to its field; return the messages that belong to no field (or None)."""
    # A service names the form's own fields plainly ("name"), even under a prefix ("type-name").
    by_name = {field.short_name: field for field in form}
    by_name.update({field.name: field for field in _fields(form)})
    general = []
    for name, message in error.errors.items():
        field = by_name.get(name)
        if field is None or isinstance(field, FieldList):
            general.append(str(message))
        else:
            field.errors = [*field.errors, str(message)]
    for field in form:  # a list's errors were gathered when it validated: gather them again
        if isinstance(field, FieldList) and any(entry.errors for entry in field.entries):
            field.errors = [entry.errors for entry in field.entries]
    return " ".join(general) or None


def refuse(form: Form, error: RuleError) -> None:
    """A service refused the request: undo what it changed, put each message beside its field
    and flash the ones that belong to no field (so none is silently lost)."""
    db.session.rollback()
    general = blame(form, error)
    if general:
        flash(general, "error")
