"""The returns an Agenda page shows: the Follow Up list's own query, day by day."""

from collections import defaultdict
from datetime import date

from sqlalchemy.orm import joinedload

from ..extensions import db
from ..followups.services import ALL, ListFilters, entry_list_query
from ..models import FollowUpEntry, User
from ..permissions import FOLLOW_UP_SEE_ALL, can


def agenda_seller(viewer: User, asked_id: int | None) -> int:
    """Whose returns the Agenda shows: the one asked for by a user who may see others', else
    the viewer's own."""
    if asked_id and can(viewer, FOLLOW_UP_SEE_ALL):
        return asked_id
    return viewer.id


def returns_by_day(viewer: User, seller_id: int, first: date, last: date,
                   today: date) -> dict[date, list[FollowUpEntry]]:
    """Open and closed returns of one seller from first to last, by return date then id."""
    filters = ListFilters(status=ALL, period="range", date_from=first, date_to=last,
                          user_id=seller_id)
    query = entry_list_query(viewer, filters, today).options(
        joinedload(FollowUpEntry.party), joinedload(FollowUpEntry.type))
    days: dict[date, list[FollowUpEntry]] = defaultdict(list)
    for entry in db.session.scalars(query):
        days[entry.return_date].append(entry)
    return days
