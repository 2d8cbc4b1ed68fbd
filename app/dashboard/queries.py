"""The Painel's figures: the Follow Up list's own filters counted per seller, and the charts'
series. Every number here is the row count of the list it links to."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..followups.services import DONE_THIS_WEEK, ListFilters, entry_list_query
from ..models import DONE, OPEN, FollowUpEntry, User

CHART_DAYS = 14


@dataclass(frozen=True)
class Tile:
    """One number of the Painel and the Follow Up list it counts (its query string)."""

    key: str
    label: object  # a lazy string
    list_args: tuple[tuple[str, str], ...]

    @property
    def filters(self) -> ListFilters:
        args = dict(self.list_args)
        return ListFilters(status=args.get("status", OPEN), period=args["period"])


TILES = (
    Tile("today", _l("Today"), (("period", "today"),)),
    Tile("overdue", _l("Overdue"), (("period", "overdue"),)),
    Tile("next7", _l("Next 7 days"), (("period", "next7"),)),
    Tile("done_week", _l("Closed this week"), (("status", DONE), ("period", DONE_THIS_WEEK))),
)


@dataclass(frozen=True)
class Seller:
    id: int
    name: str


@dataclass
class SellerNumbers:
    """One seller's numbers, by tile key."""

    seller: Seller
    counts: dict[str, int] = field(default_factory=dict)


def counts_by_seller(user: User, filters: ListFilters, today: date) -> dict[int, int]:
    """How many rows the list with these filters shows, per responsible user."""
    query = entry_list_query(user, filters, today).order_by(None).with_only_columns(
        FollowUpEntry.responsible_id, func.count()).group_by(FollowUpEntry.responsible_id)
    return {seller_id: count for seller_id, count in db.session.execute(query)}


def painel_numbers(user: User, today: date) -> tuple[dict[str, int], list[SellerNumbers]]:
    """The user's numbers (everything they may see) and the same per seller, by name."""
    per_tile = {tile.key: counts_by_seller(user, tile.filters, today) for tile in TILES}
    totals = {key: sum(counts.values()) for key, counts in per_tile.items()}
    seller_ids = {seller_id for counts in per_tile.values() for seller_id in counts}
    sellers = [Seller(*row) for row in db.session.execute(
        select(User.id, User.name).where(User.id.in_(seller_ids)).order_by(User.name))] \
        if seller_ids else []
    rows = [SellerNumbers(seller, {key: counts.get(seller.id, 0)
                                   for key, counts in per_tile.items()}) for seller in sellers]
    return totals, rows


def returns_per_day(user: User, today: date, days: int = CHART_DAYS) -> dict[date, dict[int, int]]:
    """Open returns of the next days (today first), counted per type: {day: {type id: n}}."""
    filters = ListFilters(status=OPEN, period="range", date_from=today,
                          date_to=today + timedelta(days=days - 1))
    query = entry_list_query(user, filters, today).order_by(None).with_only_columns(
        FollowUpEntry.return_date, FollowUpEntry.type_id, func.count()).group_by(
        FollowUpEntry.return_date, FollowUpEntry.type_id)
    per_day: dict[date, dict[int, int]] = {today + timedelta(days=n): {} for n in range(days)}
    for day, type_id, count in db.session.execute(query):
        per_day[day][type_id] = count
    return per_day


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the last `months` months (this one last) and of the next month."""
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.insert(0, date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    last = starts[-1]
    starts.append(date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return starts
