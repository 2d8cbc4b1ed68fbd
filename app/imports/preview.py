"""The first rows of a file as Retorno would store them, before anything is checked in full."""

from dataclasses import dataclass
from itertools import islice

from ..validation import format_document
from .fields import field_labels
from .party_rows import RowReader
from .reading import Table

PREVIEW_ROWS = 10


@dataclass
class PreviewRow:
    row: int
    values: list[str]  # in the order of the preview's columns
    problems: list[str]


def _shown(value) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return "" if value is None else str(value)


def preview(table: Table, mapping: list[str], target: str) -> tuple[list[str], list[PreviewRow]]:
    """The mapped fields' labels and the first rows' values under them."""
    keys = [key for key in mapping if key]
    labels = field_labels(target)
    rows = []
    if target == "parties":
        reader = RowReader(mapping)
        for number, values in islice(table.rows(), PREVIEW_ROWS):
            row, problems = reader.read(number, values)
            contacts = row.contacts or []
            shown = []
            for key in keys:
                if key == "code":
                    shown.append(_shown(row.code))
                elif key.startswith("contact"):
                    slot, part = key[len("contact"):].split("_")
                    contact = contacts[int(slot) - 1] if int(slot) <= len(contacts) else None
                    part_index = ("name", "role", "phone", "email").index(part)
                    shown.append(contact[part_index] if contact else "")
                elif key == "document":
                    shown.append(format_document(str(row.values.get(key) or "")))
                else:
                    shown.append(_shown(row.values.get(key)))
            rows.append(PreviewRow(number, shown, problems))
    else:
        for number, values in islice(table.rows(), PREVIEW_ROWS):
            shown = [values[index].strip() for index, key in enumerate(mapping) if key]
            rows.append(PreviewRow(number, shown, []))
    return [str(labels[key]) for key in keys], rows
