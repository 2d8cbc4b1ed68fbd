"""Relatório de Reclamações: complaints by period, customer, product and type, with counts."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    COMPLAINT_STATUSES,
    Complaint,
    FollowUp,
    FollowUpEntry,
    SalesDocument,
    SalesDocumentLine,
    User,
)
from .services import is_overdue, scope_complaints

MAX_ROWS = 10_000


@dataclass
class ReportFilters:
    date_from: date | None = None
    date_to: date | None = None
    party_id: int | None = None
    product_id: int | None = None
    type_id: int | None = None
    status: str = ""


@dataclass
class ReportRow:
    complaint: Complaint
    products: list[str]


@dataclass
class Report:
    rows: list[ReportRow]
    by_status: Counter = field(default_factory=Counter)
    by_type: Counter = field(default_factory=Counter)
    by_customer: Counter = field(default_factory=Counter)
    by_product: Counter = field(default_factory=Counter)
    overdue: int = 0
    truncated: bool = False

    @property
    def total(self) -> int:
        return len(self.rows)


def _linked_to_follow_up():
    """The sales documents a follow-up started from or that were started from it."""
    return or_(SalesDocument.id == FollowUp.origin_document_id,
               SalesDocument.follow_up_id == FollowUp.id)


def report_query(user: User, filters: ReportFilters) -> Select:
    query = (scope_complaints(select(Complaint), user)
             .join(FollowUpEntry, FollowUpEntry.id == Complaint.entry_id)
             .join(FollowUp, FollowUp.id == FollowUpEntry.follow_up_id))
    if filters.date_from:
        query = query.where(Complaint.opened_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Complaint.opened_on <= filters.date_to)
    if filters.party_id:
        query = query.where(Complaint.party_id == filters.party_id)
    if filters.type_id:
        query = query.where(FollowUpEntry.type_id == filters.type_id)
    if filters.status in COMPLAINT_STATUSES:
        query = query.where(Complaint.status == filters.status)
    if filters.product_id:
        query = query.where(exists().where(
            SalesDocumentLine.document_id == SalesDocument.id,
            SalesDocumentLine.product_id == filters.product_id, _linked_to_follow_up()))
    return query.order_by(Complaint.opened_on.desc(), Complaint.id.desc())


def products_of(follow_up_ids: list[int]) -> dict[int, list[str]]:
    """Each follow-up's products (code and description), from its linked documents' lines."""
    if not follow_up_ids:
        return {}
    pairs = db.session.execute(
        select(FollowUp.id, SalesDocument).join(SalesDocument, _linked_to_follow_up())
        .where(FollowUp.id.in_(follow_up_ids))
        .options(selectinload(SalesDocument.lines).joinedload(SalesDocumentLine.product)))
    found: dict[int, list[str]] = {}
    for follow_up_id, document in pairs:
        names = found.setdefault(follow_up_id, [])
        for line in document.lines:
            if line.product is not None:
                name = f"{line.product.code} – {line.product.description}"
                if name not in names:
                    names.append(name)
    return found


def complaints_report(user: User, filters: ReportFilters, today: date) -> Report:
    """The filtered complaints, newest first, with counts by status, type, customer, product."""
    complaints = list(db.session.scalars(
        report_query(user, filters).limit(MAX_ROWS + 1).options(
            joinedload(Complaint.party), joinedload(Complaint.responsible),
            joinedload(Complaint.entry).joinedload(FollowUpEntry.type))))
    truncated = len(complaints) > MAX_ROWS
    complaints = complaints[:MAX_ROWS]
    products = products_of(sorted({c.entry.follow_up_id for c in complaints}))
    report = Report(rows=[ReportRow(c, products.get(c.entry.follow_up_id, []))
                          for c in complaints], truncated=truncated)
    for row in report.rows:
        complaint = row.complaint
        report.by_status[complaint.status] += 1
        report.by_type[complaint.entry.type.name] += 1
        report.by_customer[complaint.party.name] += 1
        report.by_product.update(row.products)
        if is_overdue(complaint, today):
            report.overdue += 1
    return report
