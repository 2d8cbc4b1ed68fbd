"""Clientes sem contato: active customers with no follow-up entry in N days, longest silence
first, with their last sale (the page and the rule read the same query)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select

from ..clock import local_to_utc
from ..extensions import db
from ..models import CUSTOMER, SALE, FollowUpEntry, Party, SalesDocument
from ..sales.statuses import COMPLETED
from ..settings.services import business_zone_name


@dataclass
class SilentCustomer:
    party: Party
    last_contact: datetime | None  # None: never contacted
    last_responsible_id: int | None  # who held the last entry
    last_sale: SalesDocument | None


def _entries_of_party():
    return select(FollowUpEntry).where(FollowUpEntry.party_id == Party.id,
                                       FollowUpEntry.deleted_at.is_(None)).correlate(Party)


def silent_customers_query(today: date, days: int) -> Select:
    """Customers last contacted before the start of the day N days ago (or never, and
    registered before it), longest silence first."""
    cutoff = local_to_utc(datetime.combine(today - timedelta(days=days), time()),
                          business_zone_name())
    last_contact = _entries_of_party().with_only_columns(
        func.max(FollowUpEntry.contacted_at)).scalar_subquery()
    last_responsible = _entries_of_party().with_only_columns(FollowUpEntry.responsible_id) \
        .order_by(FollowUpEntry.contacted_at.desc(), FollowUpEntry.id.desc()).limit(1) \
        .scalar_subquery()
    last_sale = select(SalesDocument.id).where(
        SalesDocument.party_id == Party.id, SalesDocument.kind == SALE,
        SalesDocument.status == COMPLETED).correlate(Party) \
        .order_by(SalesDocument.issued_on.desc(), SalesDocument.id.desc()).limit(1) \
        .scalar_subquery()
    return (select(Party, last_contact.label("last_contact"),
                   last_responsible.label("last_responsible"), last_sale.label("last_sale"))
            .where(Party.kind == CUSTOMER, Party.active.is_(True),
                   or_(last_contact < cutoff,
                       last_contact.is_(None) & (Party.created_at < cutoff)))
            .order_by(last_contact.asc().nulls_first(), Party.name_key, Party.id))


def _rows(query: Select) -> list[SilentCustomer]:
    found = db.session.execute(query).all()
    sale_ids = [row.last_sale for row in found if row.last_sale]
    sales = {s.id: s for s in db.session.scalars(
        select(SalesDocument).where(SalesDocument.id.in_(sale_ids)))} if sale_ids else {}
    return [SilentCustomer(row[0], row.last_contact, row.last_responsible,
                           sales.get(row.last_sale)) for row in found]


def silent_customers_page(today: date, days: int, page: int,
                          size: int) -> tuple[list[SilentCustomer], bool]:
    """One page of the list and whether another follows."""
    rows = _rows(silent_customers_query(today, days).limit(size + 1)
                 .offset((max(page, 1) - 1) * size))
    return rows[:size], len(rows) > size


def all_silent_customers(today: date, days: int) -> list[SilentCustomer]:
    return _rows(silent_customers_query(today, days))
