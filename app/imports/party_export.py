"""The customers/suppliers file with their contacts: what the import reads back unchanged.

Rows are read in pages inside the streamed download and written as they come (the writers of
app/streaming_files.py), so a large register keeps memory flat and the download starts at once.
"""

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Contact, Party
from ..sqlite_tuning import read_only_transactions
from ..streaming_files import neutralise
from ..validation import format_document
from .fields import CONTACT_PARTS, CONTACT_SLOTS, PARTY_FIELDS

PAGE = 1000
PARTY_KEYS = [field.key for field in PARTY_FIELDS if not field.key.startswith("contact")]


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
        values.append(neutralise(str(value)))  # the import drops the leading ' again
    for contact in party.contacts[:slots]:
        values += [neutralise(contact.name), neutralise(contact.role), neutralise(contact.phone),
                   neutralise(contact.email)]
    return values + [""] * (len(PARTY_KEYS) + 4 * slots - len(values))


def party_rows(kind: str, slots: int) -> Iterator[list[str]]:
    """Every party of the kind in code order, a page at a time, in one read-only transaction
    (saves go on meanwhile)."""
    last = 0
    with read_only_transactions():
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
