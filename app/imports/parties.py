"""Importing customers and suppliers: each row checked as the Cadastro's form checks it, and
matched to a party by code or CPF/CNPJ (an update, never a duplicate)."""

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import CUSTOMER, SUPPLIER, Contact, Party
from ..sqlite_tuning import read_only_transactions
from .party_rows import PartyRow, RowReader
from .reading import Table
from .report import CREATE, REFUSED, UNCHANGED, UPDATE, Report, RowOutcome

Progress = Callable[[str, int, int], None]  # phase, done, total
OTHER_KIND = {CUSTOMER: SUPPLIER, SUPPLIER: CUSTOMER}
COMPARED = ("name", "trade_name", "document", "state_registration", "phone", "mobile", "email",
            "address", "city", "state", "postal_code", "notes", "active")


def quiet(_phase: str, _done: int, _total: int) -> None:
    """No progress shown."""


@dataclass
class PartyPlan:
    """The dry run's outcome; the import reads the rows again rather than keep them all."""

    report: Report
    kind: str
    table: Table
    mapping: list[str]
    targets: array = field(default_factory=lambda: array("q"))  # the party a row updates


@dataclass
class _Known:
    """The parties already in Retorno, as the matching needs them."""

    by_code: dict[tuple[str, int], int]
    by_document: dict[str, int]
    current: dict[int, dict]  # party id → its compared values, code and contacts
    largest_code: int


def _known(kind: str, with_contacts: bool) -> _Known:
    by_code, by_document, current = {}, {}, {}
    columns = [getattr(Party, name) for name in COMPARED]
    rows = db.session.execute(select(Party.id, Party.kind, Party.code, *columns))
    for party_id, party_kind, code, *values in rows:
        by_code[(party_kind, code)] = party_id
        if party_kind == kind:
            current[party_id] = dict(zip(COMPARED, values, strict=True), code=code, contacts=[])
            if values[2]:
                by_document[values[2]] = party_id
    if with_contacts:
        for party_id, *contact in db.session.execute(
                select(Contact.party_id, Contact.name, Contact.role, Contact.phone,
                       Contact.email).order_by(Contact.id)):
            if party_id in current:
                current[party_id]["contacts"].append(tuple(contact))
    largest = max((code for (party_kind, code) in by_code if party_kind == kind), default=0)
    return _Known(by_code, by_document, current, largest)


def plan_parties(table: Table, mapping: list[str], kind: str, file_name: str,
                 progress: Progress = quiet) -> PartyPlan:
    """Check every row and decide what it becomes; nothing is written (the dry run)."""
    if "name" not in mapping:
        raise MappingError(_l("Choose the column that holds the name."))
    reader = RowReader(mapping)
    plan = PartyPlan(Report(file_name, "parties", kind), kind, table, mapping)
    total = table.count_rows()
    with read_only_transactions():
        known = _known(kind, with_contacts=bool(reader.slots))
        db.session.rollback()  # the read transaction ends here: writers are not held up
    first_of: dict[tuple[str, object], int] = {}
    for number, values in table.rows():
        row, problems = reader.read(number, values)
        target = None if problems else _match(row, kind, known, problems)
        outcome = RowOutcome(number, REFUSED if problems else CREATE, row.code,
                             str(row.values.get("name", "")), problems)
        index = len(plan.report.outcomes)
        plan.report.outcomes.append(outcome)
        plan.targets.append(target or 0)
        if not problems:
            _check_repeats(index, row, target, first_of, plan.report.outcomes)
        if target is not None and outcome.action != REFUSED:
            current = known.current[target]
            outcome.code = current["code"]
            outcome.action = UPDATE if _changes(current, row) else UNCHANGED
        if index % 1000 == 0:
            progress("check", index, total)
    _number_new_parties(plan.report, known.largest_code)
    progress("check", total, total)
    return plan


class MappingError(ValueError):
    """The mapping misses a field every row needs."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _match(row: PartyRow, kind: str, known: _Known, problems: list[str]) -> int | None:
    """The party this row updates (by code, else by CPF/CNPJ), or None for a new one."""
    by_code = known.by_code.get((kind, row.code)) if row.code else None
    if row.code and by_code is None and (OTHER_KIND[kind], row.code) in known.by_code:
        problems.append(str(_l("Code %(code)s is a supplier's: a customer cannot have it.",
                               code=row.code) if kind == CUSTOMER else
                            _l("Code %(code)s is a customer's: a supplier cannot have it.",
                               code=row.code)))
        return None
    document = row.values.get("document")
    by_document = known.by_document.get(document) if document else None
    if by_code and by_document and by_code != by_document:
        other = known.current[by_document]
        problems.append(str(_l("CPF/CNPJ: already used by %(code)s – %(name)s.",
                               code=other["code"], name=other["name"])))
        return None
    return by_code or by_document


def _check_repeats(index: int, row: PartyRow, target: int | None,
                   first_of: dict[tuple[str, object], int], outcomes: list[RowOutcome]) -> None:
    """Refuse every row of a code, CPF/CNPJ or party the file holds more than once."""
    keys = [("code", row.code), ("document", row.values.get("document")), ("party", target)]
    for what, value in keys:
        if not value:
            continue
        first = first_of.setdefault((what, value), index)
        if first == index:
            continue
        message = {"code": _l("code %(value)s repeats row %(row)s.", value=value,
                              row=outcomes[first].row),
                   "document": _l("CPF/CNPJ repeats row %(row)s.", row=outcomes[first].row),
                   "party": _l("this party is also row %(row)s.", row=outcomes[first].row)}[what]
        for repeated in (first, index):
            outcomes[repeated].action = REFUSED
        outcomes[index].problems.append(str(message))
        outcomes[first].problems.append(str(_l("repeated in row %(row)s.",
                                               row=outcomes[index].row)))


def _changes(current: dict, row: PartyRow) -> bool:
    if any(current[key] != value for key, value in row.values.items()):
        return True
    return row.contacts is not None and current["contacts"] != row.contacts


def _number_new_parties(report: Report, largest_code: int) -> None:
    """Give new parties without a code the next codes after the largest (file's or ours)."""
    largest = max([largest_code] + [o.code for o in report.outcomes if o.code])
    for outcome in report.outcomes:
        if outcome.action == CREATE and outcome.code is None:
            largest += 1
            outcome.code = largest
