"""Writing a checked import of customers/suppliers: bulk inserts and updates, one transaction."""

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.orm import selectinload

from .. import audit
from ..clock import now_utc
from ..extensions import db
from ..models import AuditEvent, Contact, Party, PartySearchTerm, User
from ..parties.lookup import search_terms
from ..search_keys import name_key
from .parties import COMPARED, PartyPlan, Progress, quiet
from .party_rows import PartyRow
from .report import ImportRefused

BATCH = 2000
DEFAULTS = {name: "" for name in COMPARED} | {"active": True}


def apply_parties(plan: PartyPlan, *, by: User | None, skip_refused: bool,
                  progress: Progress = quiet) -> None:
    """Write the plan in the caller's transaction (the caller commits), or refuse it whole."""
    report = plan.report
    if report.refused and not skip_refused:
        raise ImportRefused(report)
    total, done = len(plan.creates) + len(plan.updates), 0
    for start in range(0, len(plan.creates), BATCH):
        _insert(plan.kind, plan.creates[start:start + BATCH])
        done += len(plan.creates[start:start + BATCH])
        progress("write", done, total)
    for start in range(0, len(plan.updates), BATCH):
        _update(plan.updates[start:start + BATCH], by)
        done += len(plan.updates[start:start + BATCH])
        progress("write", done, total)
    counts = report.counts
    audit.record("import", 0, "import", {
        "file": [None, report.file_name], "kind": [None, plan.kind],
        **{action: [None, count] for action, count in counts.items()}}, by=by)
    report.applied = True


def _insert(kind: str, rows: list[PartyRow]) -> None:
    now = now_utc()
    values = []
    for row in rows:
        record = DEFAULTS | row.values
        record.update(kind=kind, code=row.code, created_at=now, updated_at=now, version=1,
                      name_key=name_key(record["name"], record["trade_name"]))
        values.append(record)
    table = Party.__table__
    ids = db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                             values).scalars().all()
    _write_keys(list(zip(ids, values, strict=True)))
    _write_contacts([(party_id, row) for party_id, row in zip(ids, rows, strict=True)])


def _update(pairs: list[tuple[int, PartyRow]], by: User | None) -> None:
    ids = [party_id for party_id, _row in pairs]
    before = {party.id: party for party in db.session.scalars(
        db.select(Party).where(Party.id.in_(ids)).options(selectinload(Party.contacts)))}
    now, changed, events = now_utc(), [], []
    for party_id, row in pairs:
        party = before[party_id]
        record = {name: getattr(party, name) for name in COMPARED} | row.values
        record["name_key"] = name_key(record["name"], record["trade_name"])
        changes = {name: [audit.plain(getattr(party, name)), audit.plain(value)]
                   for name, value in row.values.items() if getattr(party, name) != value}
        if row.contacts is not None:
            changes["contacts"] = [len(party.contacts), len(row.contacts)]
        events.append({"entity": "party", "entity_id": party_id, "action": "update",
                       "user_id": by.id if by else None, "changes": changes, "at": now})
        changed.append(record | {"party_id": party_id, "updated_at": now})
    for party in before.values():
        db.session.expunge(party)  # the rows are written below, not through these objects
    table = Party.__table__
    columns = {name: bindparam(name) for name in (*COMPARED, "name_key", "updated_at")}
    db.session.execute(update(table).where(table.c.id == bindparam("party_id"))
                       .values(**columns, version=table.c.version + 1), changed)
    db.session.execute(delete(PartySearchTerm).where(PartySearchTerm.party_id.in_(ids)))
    _write_keys([(record["party_id"], record) for record in changed])
    with_contacts = [(party_id, row) for party_id, row in pairs if row.contacts is not None]
    if with_contacts:
        db.session.execute(delete(Contact).where(
            Contact.party_id.in_([party_id for party_id, _row in with_contacts])))
        _write_contacts(with_contacts)
    db.session.execute(insert(AuditEvent.__table__), events)


def _write_keys(records: list[tuple[int, dict]]) -> None:
    terms = [{"term": term, "party_id": party_id} for party_id, record in records
             for term in search_terms(record["name"], record["trade_name"], record["phone"],
                                      record["mobile"])]
    if terms:
        db.session.execute(insert(PartySearchTerm.__table__), terms)


def _write_contacts(pairs: list[tuple[int, PartyRow]]) -> None:
    contacts = [{"party_id": party_id, "name": name, "role": role, "phone": phone,
                 "email": email}
                for party_id, row in pairs for name, role, phone, email in row.contacts or []]
    if contacts:
        db.session.execute(insert(Contact.__table__), contacts)
