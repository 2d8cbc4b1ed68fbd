"""Anonimizar: a party's personal data replaced by a marker, its amounts, dates and types kept.

Erased: the record's personal fields, its contacts, the party's own values wherever they
appear in the texts of its entries and documents, every Comentário Interno of its entries, and
the old values kept in the audit about them. Derived copies (the lookup's keys, the search
index) follow; the audit keeps that the erasure happened, not what was erased.
"""

import re
from collections.abc import Callable, Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models import AuditEvent, FollowUp, Party, SalesDocument, User
from ..parties.lookup import refresh_search_keys
from ..rules import RuleError
from ..sales.statuses import DOCUMENT_OPEN
from ..search import compact_search_index_step
from ..sqlite_tuning import checkpoint, overwrite_deleted_content
from ..validation import digits
from .subject_data import INTERNAL, audit_rows, party_complaints, party_documents, party_entries

MARKER = "[anonimizado]"  # stored data, the same in every language
PERSONAL_FIELDS = ("name", "trade_name", "document", "state_registration", "phone", "mobile",
                   "email", "address", "postal_code", "notes")
CONTACT_FIELDS = ("name", "phone", "email")
SHORTEST_TEXT = 4  # shorter values ("SP", "Ana") would erase ordinary words from every note
SHORTEST_NUMBER = 8  # digits: a phone without its area code, a CPF, a CNPJ
_SEPARATORS = r"[\s().\-/]*"


def check_confirmation(party: Party, typed_code: str) -> None:
    if (typed_code or "").strip() != str(party.code):
        raise RuleError("code", _l("Type the code %(code)s to confirm.", code=party.code))


def open_documents(party: Party) -> int:
    return db.session.scalar(select(func.count(SalesDocument.id)).where(
        SalesDocument.party_id == party.id, SalesDocument.status == DOCUMENT_OPEN)) or 0


def personal_values(party: Party, party_events: Iterable[AuditEvent]) -> set[str]:
    """The party's own values: its fields, its contacts' and the ones its audit remembers."""
    values = {getattr(party, name) for name in PERSONAL_FIELDS if name != "notes"}
    values |= {getattr(contact, name) for contact in party.contacts for name in CONTACT_FIELDS}
    for event in party_events:
        for name, old_new in (event.changes or {}).items():
            if name in PERSONAL_FIELDS and name != "notes":
                values |= {value for value in old_new if isinstance(value, str)}
    return {value.strip() for value in values if value and value.strip()}


def _pattern(value: str) -> str | None:
    number = digits(value)
    if len(number) >= SHORTEST_NUMBER and len(number) >= len(value) // 2:
        return _SEPARATORS.join(number)  # (11) 3456-7890 also as 1134567890, 3456-7890 …
    return re.escape(value) if len(value) >= SHORTEST_TEXT else None


def scrubber(values: set[str]) -> Callable[[str], str]:
    """A function replacing each of these values (any case; numbers with any punctuation)."""
    patterns = set()
    for value in values:
        patterns.add(_pattern(value))
        number = digits(value)
        if value.lstrip().startswith("(") and len(number) > SHORTEST_NUMBER:
            patterns.add(_SEPARATORS.join(number[2:]))  # the phone without its area code
    patterns.discard(None)
    if not patterns:
        return lambda text: text
    finder = re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)
    return lambda text: finder.sub(MARKER, text) if text else text


def _erased_changes(changes: dict, scrub: Callable[[str], str]) -> dict:
    erased = {}
    for name, values in (changes or {}).items():
        if name in PERSONAL_FIELDS or name == INTERNAL:
            erased[name] = [MARKER if value else value for value in values]
        else:
            erased[name] = [scrub(value) if isinstance(value, str) else value
                            for value in values]
    return erased


def anonymise_party(party: Party, typed_code: str, *, by: User) -> None:
    """Erase the party's personal data; refuse a wrong code or open documents. The caller
    commits, then calls wipe_erased_traces."""
    check_confirmation(party, typed_code)
    overwrite_deleted_content(db.session.connection())
    if count := open_documents(party):
        raise RuleError("", _l("This record has %(count)s open quotes or orders: close or "
                               "cancel them before anonymising.", count=count))
    entries, documents = party_entries(party), party_documents(party)
    follow_ups = db.session.scalars(select(FollowUp.id).where(FollowUp.party_id == party.id))
    complaints = party_complaints(party)
    events = audit_rows(party, [e.id for e in entries], list(follow_ups),
                        [d.id for d in documents], [c.id for c in complaints])
    scrub = scrubber(personal_values(
        party, [e for e in events if e.entity == "party"]))
    for entry in entries:
        entry.notes, entry.complaints = scrub(entry.notes), scrub(entry.complaints)
        entry.internal_comment = MARKER if entry.internal_comment else ""
    for document in documents:
        document.notes = scrub(document.notes)
    for complaint in complaints:
        complaint.resolution = scrub(complaint.resolution)
    for event in events:
        event.changes = _erased_changes(event.changes, scrub)
    for name in PERSONAL_FIELDS:
        setattr(party, name, MARKER if name == "name" else "")
    party.active = False
    party.contacts.clear()
    refresh_search_keys(party)
    audit.record("party", party.id, "anonymise", {}, by=by)


def wipe_erased_traces(max_steps: int = 10_000) -> None:
    """After the erasure's commit: merge the search index in short steps (its old segments
    still hold the erased words) and empty the write-ahead log, so the old values are gone
    from the database file (older backups keep them until they are rotated out)."""
    for _ in range(max_steps):
        connection = db.session.connection()
        overwrite_deleted_content(connection)
        more = compact_search_index_step(connection)
        overwrite_deleted_content(connection, on=False)
        db.session.commit()
        if not more:
            break
    checkpoint(db.engine)
