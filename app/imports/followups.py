"""Importing the old system's follow-up history: one entry per row, found by the party's code.

A row's Situação left blank (or no such column) means open when its return date is today or
later, done when it is earlier: old history does not flood the sellers' lists. A row already in
Retorno (same party, contact instant, return date and text), from an earlier import of the same
file or repeated within it, is left as it is: importing a history twice never doubles it.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..clock import local_to_utc
from ..extensions import db
from ..models import DONE, OPEN, FollowUpEntry, FollowUpType, Party, User
from ..models.followups import NOTES_MAX
from ..search_keys import fold
from ..settings.services import business_today, business_zone_name
from ..sqlite_tuning import read_only_transactions
from ..validation import parse_day, parse_wall_clock
from . import cells
from .fields import REQUIRED_FIELDS, field_labels
from .parties import MappingError, Progress, quiet
from .party_rows import CODE_MAX
from .reading import Table
from .report import CREATE, REFUSED, UNCHANGED, Report, RowOutcome

STATUSES = {"aberto": OPEN, "aberta": OPEN, "open": OPEN, "pendente": OPEN, "a fazer": OPEN,
            "concluido": DONE, "concluida": DONE, "done": DONE, "feito": DONE,
            "encerrado": DONE, "fechado": DONE, "finalizado": DONE, "realizado": DONE}


@dataclass(slots=True)
class EntryRow:
    party_id: int
    responsible_id: int
    type_id: int
    contacted_at: datetime  # UTC
    return_date: date
    status: str
    notes: str


@dataclass
class FollowUpPlan:
    report: Report
    kind: str
    entries: list[EntryRow] = field(default_factory=list)


EntryKey = tuple[int, datetime, date, str]  # party, contact instant (UTC), return date, text


@dataclass
class _Known:
    parties: dict[int, tuple[int, str]]  # code → (id, name)
    types: dict[str, int]  # folded name → id
    users: dict[str, int]  # login → id
    first_type: int | None


def _known(kind: str) -> _Known:
    parties = {code: (party_id, name) for party_id, code, name in db.session.execute(
        select(Party.id, Party.code, Party.name).where(Party.kind == kind))}
    types = list(db.session.execute(select(FollowUpType.id, FollowUpType.name).where(
        FollowUpType.active.is_(True)).order_by(FollowUpType.position, FollowUpType.id)))
    users = dict(db.session.execute(select(User.login, User.id).where(
        User.active.is_(True))).all())
    return _Known(parties, {fold(name).strip(): type_id for type_id, name in types}, users,
                  types[0][0] if types else None)


def plan_followups(table: Table, mapping: list[str], kind: str, file_name: str,
                   progress: Progress = quiet, responsible: User | None = None) -> FollowUpPlan:
    """Check every row of follow-up history; nothing is written (the dry run)."""
    labels = field_labels("followups")
    missing = [str(labels[key]) for key in REQUIRED_FIELDS["followups"] if key not in mapping]
    if missing:
        raise MappingError(_l("Choose the columns of: %(fields)s.", fields=", ".join(missing)))
    columns = {key: index for index, key in enumerate(mapping) if key}
    with read_only_transactions():
        known = _known(kind)
        zone, today = business_zone_name(), business_today()
        default_user = responsible.id if responsible else _first_admin()
        db.session.rollback()
    if known.first_type is None:
        raise MappingError(_l("Create a follow-up type first (Configurações)."))
    plan = FollowUpPlan(Report(file_name, "followups", kind), kind)
    total = table.count_rows()
    outcomes: list[tuple[RowOutcome, EntryRow | None]] = []
    for index, (number, values) in enumerate(table.rows()):
        cell = {key: values[position] for key, position in columns.items()}
        problems: list[str] = []
        code, entry = _entry(cell, known, zone, today, default_user, labels, problems)
        party = known.parties.get(code) if code else None
        outcomes.append((RowOutcome(number, REFUSED if problems else CREATE, code,
                                    party[1] if party else "", problems), entry))
        if index % 1000 == 0:
            progress("check", index, total)
    seen = _stored_keys({entry.party_id for _outcome, entry in outcomes if entry})
    for outcome, entry in outcomes:
        if entry is not None:
            key = _key(entry)
            if key in seen:
                outcome.action = UNCHANGED
            else:
                seen.add(key)
                plan.entries.append(entry)
        plan.report.outcomes.append(outcome)
    progress("check", total, total)
    return plan


def _key(entry: EntryRow) -> EntryKey:
    return entry.party_id, _naive(entry.contacted_at), entry.return_date, entry.notes


def _naive(instant: datetime) -> datetime:
    """Stored instants come back naive (UTC) from SQLite and aware from PostgreSQL."""
    if instant.tzinfo is not None:
        instant = instant.astimezone(UTC).replace(tzinfo=None)
    return instant.replace(microsecond=0)


PARTY_CHUNK = 500  # bound parameters per query stay well under SQLite's limit


def _stored_keys(party_ids: set[int]) -> set[EntryKey]:
    """The entries already in Retorno for these parties, as comparable keys."""
    keys: set[EntryKey] = set()
    ordered = sorted(party_ids)
    with read_only_transactions():
        for start in range(0, len(ordered), PARTY_CHUNK):
            keys.update((party_id, _naive(contacted), returned, notes)
                        for party_id, contacted, returned, notes in db.session.execute(
                            select(FollowUpEntry.party_id, FollowUpEntry.contacted_at,
                                   FollowUpEntry.return_date, FollowUpEntry.notes).where(
                                FollowUpEntry.party_id.in_(ordered[start:start + PARTY_CHUNK]))))
        db.session.rollback()
    return keys


def _first_admin() -> int | None:
    return db.session.scalar(select(User.id).where(User.is_admin.is_(True),
                                                   User.active.is_(True)).order_by(User.id))


def _entry(cell: dict[str, str], known: _Known, zone: str, today: date,
           default_user: int | None, labels: dict,
           problems: list[str]) -> tuple[int | None, EntryRow | None]:
    """The row's party code, and its entry when nothing is wrong with it."""
    def problem(key: str, message) -> None:
        problems.append(f"{labels[key]}: {message}")

    try:
        code = cells.code(cell["party_code"], CODE_MAX)
    except cells.CellError as error:
        problem("party_code", error.message)
        code = None
    if code is not None and code not in known.parties:
        problem("party_code", _l("no party has code %(code)s.", code=code))
    contacted = parse_wall_clock(cell["contacted_at"])
    if contacted is None:
        problem("contacted_at", _l("not a date: use dd/mm/aaaa (hh:mm optional)."))
    returned = parse_day(cell["return_date"])
    if returned is None:
        problem("return_date", _l("not a date: use dd/mm/aaaa."))
    elif contacted and returned < contacted.date():
        problem("return_date", _l("before the contact date."))
    try:
        notes = cells.text(cell["notes"], NOTES_MAX, multiline=True)
        if not notes:
            problem("notes", _l("missing."))
    except cells.CellError as error:
        problem("notes", error.message)
    type_name = fold(cell.get("type", "")).strip()
    type_id = known.types.get(type_name) if type_name else known.first_type
    if type_id is None:
        problem("type", _l("%(value)s is not a follow-up type: add it in Configurações first.",
                           value=cell["type"].strip()))
    status = STATUSES.get(fold(cell.get("status", "")).strip())
    if status is None and cell.get("status", "").strip():
        problem("status", _l("%(value)s is neither open nor done.", value=cell["status"]))
    login = cell.get("responsible", "").strip().lower()
    user_id = known.users.get(login) if login else default_user
    if user_id is None:
        problem("responsible", _l("no active user %(login)s.", login=login) if login
                else _l("missing."))
    if problems:
        return code, None
    if status is None:
        status = OPEN if returned >= today else DONE
    return code, EntryRow(known.parties[code][0], user_id, type_id,
                          local_to_utc(contacted, zone), returned, status, notes)
