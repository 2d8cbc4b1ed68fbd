"""Writing a checked import of customers/suppliers: bulk inserts and updates, one transaction."""

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import selectinload

from .. import audit
from ..clock import now_utc
from ..extensions import db
from ..models import AuditEvent, Contact, Party, PartySearchTerm, User
from ..search_keys import KEY_MAX, phone_terms, words
from .parties import COMPARED, PartyPlan, Progress, quiet
from .party_rows import PartyRow, RowReader
from .report import CREATE, UPDATE, ImportRefused

BATCH = 2000
DEFAULTS = {name: "" for name in COMPARED} | {"active": True}


def apply_parties(plan: PartyPlan, *, by: User | None, skip_refused: bool,
                  progress: Progress = quiet) -> None:
    """Write the plan in the caller's transaction (the caller commits), or refuse it whole."""
    report = plan.report
    if report.refused and not skip_refused:
        raise ImportRefused(report)
    counts = report.counts
    total, done = counts[CREATE] + counts[UPDATE], 0
    creates: list[PartyRow] = []
    updates: list[tuple[int, PartyRow]] = []
    reader = RowReader(plan.mapping)
    rows = zip(plan.table.rows(), report.outcomes, plan.targets, strict=True)
    for (number, values), outcome, target in rows:
        if outcome.action not in (CREATE, UPDATE):
            continue
        if outcome.row != number:
            raise RuntimeError("the file changed between the dry run and the import")
        row, _problems = reader.read(number, values)
        if outcome.action == CREATE:
            row.code = outcome.code
            creates.append(row)
        else:
            updates.append((target, row))
        if len(creates) + len(updates) >= BATCH:
            done += _write(plan.kind, creates, updates, by)
            progress("write", done, total)
    done += _write(plan.kind, creates, updates, by)
    progress("write", done, total)
    audit.record("import", 0, "import", {
        "file": [None, report.file_name], "kind": [None, plan.kind],
        **{action: [None, count] for action, count in counts.items()}}, by=by)
    report.applied = True


def _write(kind: str, creates: list[PartyRow], updates: list[tuple[int, PartyRow]],
           by: User | None) -> int:
    """Write a batch of rows and empty the lists; return how many were written."""
    if creates:
        _insert(kind, creates)
    if updates:
        _update(updates, by)
    written = len(creates) + len(updates)
    creates.clear()
    updates.clear()
    return written


def _insert(kind: str, rows: list[PartyRow]) -> None:
    now = now_utc()
    values = []
    for row in rows:
        record = DEFAULTS | row.values
        record.update(kind=kind, code=row.code, created_at=now, updated_at=now, version=1)
        values.append(record)
    terms = _with_keys(values)
    table = Party.__table__
    db.session.execute(insert(table), values)
    ids = dict(db.session.execute(select(table.c.code, table.c.id).where(
        table.c.kind == kind, table.c.code.in_([row.code for row in rows]))).all())
    _write_keys([ids[record["code"]] for record in values], terms)
    _write_contacts([(ids[row.code], row) for row in rows])


def _update(pairs: list[tuple[int, PartyRow]], by: User | None) -> None:
    ids = [party_id for party_id, _row in pairs]
    before = {party.id: party for party in db.session.scalars(
        db.select(Party).where(Party.id.in_(ids)).options(selectinload(Party.contacts)))}
    now, changed, events = now_utc(), [], []
    for party_id, row in pairs:
        party = before[party_id]
        record = {name: getattr(party, name) for name in COMPARED} | row.values
        changes = {name: [audit.plain(getattr(party, name)), audit.plain(value)]
                   for name, value in row.values.items() if getattr(party, name) != value}
        if row.contacts is not None:
            changes["contacts"] = [len(party.contacts), len(row.contacts)]
        events.append({"entity": "party", "entity_id": party_id, "action": "update",
                       "user_id": by.id if by else None, "changes": changes, "at": now})
        changed.append(record | {"party_id": party_id, "updated_at": now})
    for party in before.values():
        db.session.expunge(party)  # the rows are written below, not through these objects
    terms = _with_keys(changed)
    table = Party.__table__
    columns = {name: bindparam(name) for name in (*COMPARED, "name_key", "updated_at")}
    db.session.execute(update(table).where(table.c.id == bindparam("party_id"))
                       .values(**columns, version=table.c.version + 1), changed)
    db.session.execute(delete(PartySearchTerm).where(PartySearchTerm.party_id.in_(ids)))
    _write_keys([record["party_id"] for record in changed], terms)
    with_contacts = [(party_id, row) for party_id, row in pairs if row.contacts is not None]
    if with_contacts:
        db.session.execute(delete(Contact).where(
            Contact.party_id.in_([party_id for party_id, _row in with_contacts])))
        _write_contacts(with_contacts)
    db.session.execute(insert(AuditEvent.__table__), events)


def _with_keys(records: list[dict]) -> list[set[str]]:
    """Set each record's name key; return its search terms (as the Cadastro's save does)."""
    terms = []
    for record in records:
        name_words = words(f"{record['name']} {record['trade_name']}")
        record["name_key"] = " ".join(name_words)[:KEY_MAX]
        terms.append(set(name_words) | phone_terms(record["phone"])
                     | phone_terms(record["mobile"]))
    return terms


def _raw_insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Many plain rows (text and numbers) through the driver: the ORM's per-row work would
    be most of a large import's time."""
    if not rows:
        return
    connection = db.session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})",
        rows)


def _write_keys(party_ids: list[int], terms: list[set[str]]) -> None:
    _raw_insert(PartySearchTerm.__tablename__, ("term", "party_id"),
                [(term, party_id) for party_id, found in zip(party_ids, terms, strict=True)
                 for term in found])


def _write_contacts(pairs: list[tuple[int, PartyRow]]) -> None:
    _raw_insert(Contact.__tablename__, ("party_id", "name", "role", "phone", "email"),
                [(party_id, *contact) for party_id, row in pairs
                 for contact in row.contacts or []])
