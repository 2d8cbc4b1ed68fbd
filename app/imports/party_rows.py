"""One row of a customers/suppliers file read into the values Retorno would store."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from . import cells
from .fields import CONTACT_PARTS, CONTACT_SLOTS, field_labels

CODE_MAX = 999_999_999
TEXT_LIMITS = {"name": 120, "trade_name": 120, "state_registration": 20, "address": 200,
               "city": 80, "postal_code": 9}
CHECKS: dict[str, Callable[[str], object]] = {
    "document": cells.document, "phone": cells.phone, "mobile": cells.phone,
    "email": cells.email, "state": cells.state, "active": cells.flag,
    "notes": lambda value: cells.text(value, 5000, multiline=True),
}
CONTACT_CHECKS: dict[str, Callable[[str], str]] = {
    "name": lambda value: cells.text(value, 120), "role": lambda value: cells.text(value, 80),
    "phone": cells.phone, "email": cells.email}
Contact = tuple[str, str, str, str]  # name, role, phone, email


@dataclass(slots=True)
class PartyRow:
    """A row's values by Retorno field (only the mapped ones), and its contacts."""

    row: int
    code: int | None
    values: dict[str, object]
    contacts: list[Contact] | None  # None: no contact column mapped (the contacts stay)


class RowReader:
    """Reads rows for a mapping: list of the Retorno field of each column ("" = left out)."""

    def __init__(self, mapping: list[str]):
        self.columns = {key: index for index, key in enumerate(mapping) if key}
        self.labels = field_labels("parties")
        self.slots = [n for n in range(1, CONTACT_SLOTS + 1)
                      if any(f"contact{n}_{part}" in self.columns for part in CONTACT_PARTS)]

    def read(self, row: int, values: list[str]) -> tuple[PartyRow, list[str]]:
        """The row's values and its problems ("Field: why"), empty when it can be stored."""
        problems: list[str] = []
        found: dict[str, object] = {}
        code = None
        for key, index in self.columns.items():
            if key.startswith("contact"):
                continue
            try:
                if key == "code":
                    code = cells.code(values[index], CODE_MAX)
                else:
                    check = CHECKS.get(key) or (lambda v, k=key: cells.text(v, TEXT_LIMITS[k]))
                    found[key] = check(values[index])
            except cells.CellError as error:
                problems.append(f"{self.labels[key]}: {error.message}")
        if not found.get("name"):
            problems.append(f"{self.labels['name']}: {_l('missing.')}")
        contacts = [self._contact(n, values, problems) for n in self.slots]
        kept = [contact for contact in contacts if contact[0]] if self.slots else None
        return PartyRow(row, code, found, kept), problems

    def _contact(self, n: int, values: list[str], problems: list[str]) -> Contact:
        read = {}
        for part, check in CONTACT_CHECKS.items():
            index = self.columns.get(f"contact{n}_{part}")
            try:
                read[part] = check(values[index]) if index is not None else ""
            except cells.CellError as error:
                read[part] = ""
                problems.append(f"{self.labels[f'contact{n}_{part}']}: {error.message}")
        if not read["name"] and (read["role"] or read["phone"] or read["email"]):
            problems.append(f"{self.labels[f'contact{n}_name']}: {_l('missing.')}")
        return read["name"], read["role"], read["phone"], read["email"]
