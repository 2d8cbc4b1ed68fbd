"""Rules for customers and suppliers: codes, search, contacts, deletion."""

from dataclasses import dataclass, field, fields

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from .. import audit
from ..extensions import db
from ..models import CUSTOMER, PARTY_KINDS, Contact, FollowUp, Party, SalesDocument, User
from ..rules import RuleError, check_version
from ..validation import digits
from .lookup import lookup_query, refresh_search_keys


@dataclass
class ContactInput:
    """One person of the party, as typed (a row without a name is left out)."""

    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class PartyInput:
    """What the customer/supplier form carries, already validated field by field."""

    name: str
    trade_name: str = ""
    document: str = ""
    state_registration: str = ""  # Inscrição Estadual, as typed ("ISENTO" too)
    phone: str = ""
    mobile: str = ""
    email: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    notes: str = ""
    active: bool = True
    contacts: list[ContactInput] = field(default_factory=list)


PARTY_FIELDS = tuple(item.name for item in fields(PartyInput) if item.name != "contacts")


MAX_CODE_DIGITS = 9


class PartyInUse(Exception):
    """The party is referenced by follow-ups or documents and cannot be deleted."""


def next_code(kind: str) -> int:
    """Return the next sequential code for this kind (within the caller's write transaction)."""
    current = db.session.scalar(select(func.max(Party.code)).where(Party.kind == kind))
    return (current or 0) + 1


def find_by_code(kind: str, code: int | str) -> Party | None:
    """Return the party of this kind with this code, active or not."""
    text = str(code).strip()
    if kind not in PARTY_KINDS or not text.isdigit() or len(text) > MAX_CODE_DIGITS:
        return None  # a longer number is no code (and would not fit the column)
    return db.session.scalar(select(Party).where(Party.kind == kind, Party.code == int(text)))


def search_query(kind: str, text: str, *, include_inactive: bool = False) -> Select:
    """The Cadastro's list: the Consulta's matches, or the whole kind when nothing is typed."""
    if (text or "").strip():
        query = lookup_query(text, kind)
    else:
        query = select(Party).where(Party.kind == kind).order_by(Party.name_key, Party.id)
    if not include_inactive:
        query = query.where(Party.active.is_(True))
    return query


def _apply(party: Party, data: PartyInput) -> None:
    """Copy the typed data onto the party and replace its contact rows."""
    for name in PARTY_FIELDS:
        value = getattr(data, name)
        if name == "document":
            value = digits(value)
        elif name == "state":
            value = (value or "").upper()
        setattr(party, name, value if value is not None else "")
    kept = [c for c in data.contacts if c.name]
    for index, row in enumerate(kept):
        if index < len(party.contacts):
            contact = party.contacts[index]
        else:
            contact = Contact()
            party.contacts.append(contact)
        contact.name, contact.role = row.name, row.role or ""
        contact.phone, contact.email = row.phone or "", row.email or ""
    del party.contacts[len(kept):]
    refresh_search_keys(party)


def check_document_free(kind: str, document: str, party_id: int | None = None) -> None:
    """Refuse a CPF/CNPJ another party of the same kind already has, naming that party."""
    number = digits(document)
    if not number:
        return
    other = db.session.scalar(select(Party).where(
        Party.kind == kind, Party.document == number, Party.id != (party_id or 0)).limit(1))
    if other is not None:
        message = (_l("Already used by customer %(code)s – %(name)s.", code=other.code,
                      name=other.name) if kind == CUSTOMER else
                   _l("Already used by supplier %(code)s – %(name)s.", code=other.code,
                      name=other.name))
        raise RuleError("document", message)


def create_party(kind: str, data: PartyInput, *, by: User | None) -> Party:
    """Create a party with the next code of its kind; the caller commits."""
    check_document_free(kind, data.document)
    party = Party(kind=kind, code=next_code(kind))
    _apply(party, data)
    db.session.add(party)
    db.session.flush()
    audit.record("party", party.id, "create", {f: [None, audit.plain(getattr(party, f))]
                                                for f in PARTY_FIELDS if getattr(party, f)}, by=by)
    return party


def update_party(party: Party, data: PartyInput, typed_version: int | str | None, *,
                 by: User | None) -> None:
    """Change a party from a form that showed typed_version of it; the caller commits."""
    check_version(party, typed_version)
    check_document_free(party.kind, data.document, party.id)
    before = audit.snapshot(party, PARTY_FIELDS)
    _apply(party, data)
    changes = audit.changes_since(before, party)
    if changes:
        audit.record("party", party.id, "update", changes, by=by)


def references(party: Party) -> dict[str, int]:
    """Count what points at this party (follow-ups, sales documents)."""
    return {
        "follow_ups": db.session.scalar(
            select(func.count(FollowUp.id)).where(FollowUp.party_id == party.id)) or 0,
        "documents": db.session.scalar(
            select(func.count(SalesDocument.id)).where(SalesDocument.party_id == party.id)) or 0,
    }


def delete_party(party: Party, *, by: User | None) -> None:
    """Delete a party nobody references; raise PartyInUse otherwise."""
    if any(references(party).values()):
        raise PartyInUse(party.id)
    audit.record("party", party.id, "delete", {"name": [party.name, None]}, by=by)
    db.session.delete(party)
