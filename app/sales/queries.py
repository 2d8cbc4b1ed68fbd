"""Lists of sales documents: search, filters, pages, conversions, and totals for many documents
at once."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Party, SalesDocument, SalesDocumentLine, User
from ..pagination import one_page
from ..permissions import SALES_SEE_ALL, can
from .totals import Totals, document_totals
from .visibility import scope_documents


@dataclass
class DocumentFilters:
    q: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    salesperson_id: int | None = None


def document_list_query(user: User, kind: str, filters: DocumentFilters) -> Select:
    """The documents of a kind this user may see, searched by number, customer code or name,
    filtered, newest first."""
    query = scope_documents(select(SalesDocument).join(Party), user).where(
        SalesDocument.kind == kind)
    text = filters.q.strip()
    if text:
        conditions = [Party.name.ilike(f"%{text}%"), Party.trade_name.ilike(f"%{text}%"),
                      SalesDocument.notes.ilike(f"%{text}%")]
        if text.isdigit() and len(text) <= 9:  # a longer number is no code (an NF-e key…)
            conditions += [SalesDocument.number == int(text), Party.code == int(text)]
        query = query.where(or_(*conditions))
    if filters.status:
        query = query.where(SalesDocument.status == filters.status)
    if filters.date_from:
        query = query.where(SalesDocument.issued_on >= filters.date_from)
    if filters.date_to:
        query = query.where(SalesDocument.issued_on <= filters.date_to)
    if filters.salesperson_id:
        query = query.where(SalesDocument.salesperson_id == filters.salesperson_id)
    return query.order_by(SalesDocument.issued_on.desc(), SalesDocument.number.desc())


def list_documents(user: User, kind: str, filters: DocumentFilters, page: int, size: int
                   ) -> tuple[list[SalesDocument], bool]:
    """One page of the list and whether another follows."""
    query = (document_list_query(user, kind, filters)
             .options(joinedload(SalesDocument.party), joinedload(SalesDocument.salesperson),
                      selectinload(SalesDocument.lines)))
    return one_page(query, page, size)


def derived_documents(document: SalesDocument, user: User) -> list[SalesDocument]:
    """The documents this one was converted into, those the user may see."""
    return list(db.session.scalars(scope_documents(select(SalesDocument), user).where(
        SalesDocument.source_document_id == document.id).order_by(SalesDocument.id)))


def totals_of(documents: list[SalesDocument]) -> dict[int, Totals]:
    """Totals of several documents with one query for all their lines."""
    ids = [d.id for d in documents]
    if not ids:
        return {}
    grouped: dict[int, list] = {i: [] for i in ids}
    for line in db.session.scalars(select(SalesDocumentLine)
                                   .where(SalesDocumentLine.document_id.in_(ids))):
        grouped[line.document_id].append(line)
    return {i: document_totals(lines) for i, lines in grouped.items()}


def salespeople(user: User, current_id: int | None = None) -> list[User]:
    """Whom this user may name salesperson: active users by name, and the document's current
    salesperson even if inactive; only himself without "see other users'"."""
    if not can(user, SALES_SEE_ALL):
        return [user]
    users = list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))
    if current_id and current_id not in {u.id for u in users}:
        users.append(db.session.get(User, current_id))
    return users
