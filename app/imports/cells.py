"""One cell of an imported row, checked and normalised as the Cadastro's form would."""

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from ..brazil import STATES
from ..validation import digits, is_valid_document, normalise_phone

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED_FORMULA = re.compile(r"^'[=+\-@]")
# The common shapes, accepted without the slower full checks (which decide everything else).
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@"
                          r"([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")
YES = {"1", "s", "sim", "y", "yes", "true", "verdadeiro", "ativo", "active", "a"}
NO = {"0", "n", "nao", "não", "no", "false", "falso", "inativo", "inactive", "i"}


class CellError(ValueError):
    """A cell's value is refused; the message is in the user's words."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def text(value: str, limit: int, *, multiline: bool = False) -> str:
    """A trimmed text: a formula is refused (never evaluated), "'=…" (escaped) is kept."""
    value = value.strip()
    if value.startswith("="):
        raise CellError(_l("a formula (%(formula)s) is not data: type the value itself.",
                           formula=value[:40]))
    if _ESCAPED_FORMULA.match(value):
        value = value[1:]
    if len(value) > limit:
        raise CellError(_l("longer than %(limit)s characters.", limit=limit))
    if _CONTROL.search(value.replace("\r", "").replace("\n", "") if multiline else value):
        raise CellError(_l("contains control characters."))
    return value.replace("\r\n", "\n") if multiline else value


def document(value: str) -> str:
    """CPF/CNPJ digits, with or without the mask; leading zeros a spreadsheet dropped return."""
    number = digits(text(value, 20))
    if not number:
        return ""
    for size in (11, 14):
        if len(number) < size and is_valid_document(number.zfill(size)):
            return number.zfill(size)
    if not is_valid_document(number):
        raise CellError(_l("invalid CPF/CNPJ %(value)s: check the digits.", value=value.strip()))
    return number


def phone(value: str) -> str:
    value = text(value, 30)
    if not value:
        return value
    normal = normalise_phone(value)
    if normal is None:
        raise CellError(_l("invalid phone %(value)s: include the area code.", value=value))
    return normal


def email(value: str) -> str:
    value = text(value, 120)
    if not value or _PLAIN_EMAIL.fullmatch(value):
        return value
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise CellError(_l("invalid e-mail address %(value)s.", value=value)) from error
    return value


def state(value: str) -> str:
    value = text(value, 2 + 40).upper()
    if value and value not in STATES:
        raise CellError(_l("%(value)s is not a state (UF).", value=value))
    return value


def flag(value: str) -> bool:
    value = text(value, 20).lower()
    if not value or value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_l("%(value)s is neither yes nor no.", value=value))


def code(value: str, limit: int) -> int | None:
    value = text(value, 20)
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) == 0 or int(value) > limit:
        raise CellError(_l("%(value)s is not a code (a whole number from 1 to %(limit)s).",
                           value=value, limit=limit))
    return int(value)
