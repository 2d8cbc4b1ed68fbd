"""The customers/suppliers file with their contacts: what the import reads back unchanged.

Rows are read in pages and written as they come, so a large register keeps memory flat.
"""

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Contact, Party
from ..validation import format_document
from .fields import CONTACT_PARTS, CONTACT_SLOTS, PARTY_FIELDS

PAGE = 1000
PARTY_KEYS = [field.key for field in PARTY_FIELDS if not field.key.startswith("contact")]
_FORMULA_START = ("=", "+", "-", "@")


def _safe(value: str) -> str:
    """A text a spreadsheet would run as a formula gets a leading ' (the import drops it)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_slots(kind: str) -> int:
    """How many contact column groups the file needs (the most contacts of one party)."""
    most = db.session.scalar(select(func.count(Contact.id)).join(Party).where(
        Party.kind == kind).group_by(Contact.party_id).order_by(func.count(Contact.id).desc())
        .limit(1))
    return min(max(most or 0, 1), CONTACT_SLOTS)


def header(slots: int) -> list[str]:
    labels = {field.key: field.label for field in PARTY_FIELDS}
    names = [str(labels[key]) for key in PARTY_KEYS]
    for n in range(1, slots + 1):
        names += [str(labels[f"contact{n}_{part}"]) for part in CONTACT_PARTS]
    return names


def _row(party: Party, slots: int) -> list[str]:
    values = []
    for key in PARTY_KEYS:
        value = getattr(party, key)
        if key == "document":
            value = format_document(value)
        elif key == "active":
            value = _("Yes") if value else _("No")
        values.append(_safe(str(value)))
    for contact in party.contacts[:slots]:
        values += [_safe(contact.name), _safe(contact.role), _safe(contact.phone),
                   _safe(contact.email)]
    return values + [""] * (len(PARTY_KEYS) + 4 * slots - len(values))


def party_rows(kind: str, slots: int) -> Iterator[list[str]]:
    """Every party of the kind in code order, a page of the database at a time."""
    last = 0
    while True:
        page = db.session.scalars(select(Party).where(Party.kind == kind, Party.code > last)
                                  .order_by(Party.code).limit(PAGE)
                                  .options(selectinload(Party.contacts))).all()
        if not page:
            return
        for party in page:
            yield _row(party, slots)
        last = page[-1].code
        db.session.expunge_all()


def csv_chunks(kind: str) -> Iterator[str]:
    """The CSV as Excel in Brazil opens it: UTF-8 with BOM, ";" between columns."""
    slots = export_slots(kind)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header(slots))
    for count, row in enumerate(party_rows(kind, slots), start=1):
        writer.writerow(row)
        if count % PAGE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(kind: str, file: BinaryIO) -> None:
    """The same rows as an XLSX file (written row by row, never held whole)."""
    slots = export_slots(kind)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header(slots))
    for row in party_rows(kind, slots):
        sheet.append(row)
    workbook.save(file)
