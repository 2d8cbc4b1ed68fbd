"""One cell of an imported row, checked and normalised as the Cadastro's form would."""

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from ..brazil import STATES
from ..validation import digits, normalise_phone

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED_FORMULA = re.compile(r"^'[=+\-@]")
# The common shapes, accepted without the slower full checks (which decide everything else).
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@"
                          r"([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}")
# Brazil's numbers are valid or not by area code, first digits and length (the numbering plan):
# phonenumbers (slow: ~0.1 ms a number) decides each shape once, a 100,000-row file stays fast.
_DDD_NUMBER = re.compile(r"\(?(\d\d)\)?[ .-]*(9?\d{4})[ .-]?(\d{4})")
_VALID_SHAPES: dict[tuple[str, str, int], bool] = {}
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


def _check_digit(numbers: str, weights: list[int]) -> str:
    rest = sum(int(digit) * weight for digit, weight in zip(numbers, weights, strict=True)) % 11
    return "0" if rest < 2 else str(11 - rest)


def has_valid_check_digits(number: str) -> bool:
    """The CPF (11 digits) or CNPJ (14) check digits, computed here: validate_docbr gives the
    same answers (a test compares them) at a tenth of the time a 100,000-row file needs."""
    if len(number) == 11:
        weights = list(range(10, 1, -1))
    elif len(number) == 14:
        weights = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    else:
        return False
    if number == number[0] * len(number):
        return False
    first = _check_digit(number[:-2], weights)
    return number[-2:] == first + _check_digit(number[:-1], [weights[0] + 1] + weights)


def document(value: str) -> str:
    """CPF/CNPJ digits, with or without the mask; leading zeros a spreadsheet dropped return."""
    number = digits(text(value, 20))
    if not number:
        return ""
    if len(number) not in (11, 14):
        for size in (11, 14):
            if len(number) < size and has_valid_check_digits(number.zfill(size)):
                return number.zfill(size)
    if not has_valid_check_digits(number):
        raise CellError(_l("%(value)s is not a valid number: check the digits.",
                           value=value.strip()))
    return number


def phone(value: str) -> str:
    """A phone in national format; Brazil's (DDD) numbers are checked once per shape."""
    value = text(value, 30)
    if not value:
        return value
    match = _DDD_NUMBER.fullmatch(value)
    if match:
        ddd, first, last = match.groups()
        shown = f"({ddd}) {first}-{last}"
        shape = (ddd, first[:2], len(first))
        if shape not in _VALID_SHAPES:
            _VALID_SHAPES[shape] = normalise_phone(value) == shown
        if _VALID_SHAPES[shape]:
            return shown
    normal = normalise_phone(value)
    if normal is None:
        raise CellError(_l("%(value)s is not a phone number: include the area code.",
                           value=value))
    return normal


def email(value: str) -> str:
    value = text(value, 120)
    if not value or _PLAIN_EMAIL.fullmatch(value):
        return value
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise CellError(_l("%(value)s is not an e-mail address.", value=value)) from error
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
