"""The two ways a service refuses a change: a broken rule, or a form older than the record."""

from typing import Any


class RuleError(ValueError):
    """A business rule refused the input.

    errors maps form field names to messages in the user's words: "" is the whole form,
    "lines-2-quantity" a field of a repeated row. RuleError(field, message) names one.
    """

    def __init__(self, field: str = "", message: Any = None, *,
                 errors: dict[str, Any] | None = None):
        self.errors: dict[str, Any] = dict(errors or {})
        if message is not None:
            self.errors[field] = message
        super().__init__("; ".join(str(m) for m in self.errors.values()))

    @property
    def field(self) -> str:
        return next(iter(self.errors), "")

    @property
    def message(self) -> str:
        return str(next(iter(self.errors.values()), ""))


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened: the typed text is kept."""


def check_version(record: Any, typed_version: int | str | None) -> None:
    """Refuse a save made from a form that showed an older version of the record."""
    if str(typed_version) != str(record.version):
        raise StaleEdit(record)
