"""What the Painel and the alert read of complaints: the overdue ones, and how many per month."""

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import COMPLAINT_RESOLVED, Complaint, User
from .services import scope_complaints


def overdue_complaints(user: User, today: date) -> Select:
    """Unresolved complaints past their response deadline that the user may see, oldest
    deadline first."""
    return (scope_complaints(select(Complaint), user)
            .where(Complaint.status != COMPLAINT_RESOLVED, Complaint.deadline < today)
            .order_by(Complaint.deadline, Complaint.id))


def count_overdue_complaints(user: User, today: date) -> int:
    query = overdue_complaints(user, today).order_by(None).with_only_columns(func.count())
    return db.session.scalar(query) or 0


def first_overdue_complaints(user: User, today: date, limit: int = 10) -> list[Complaint]:
    return list(db.session.scalars(overdue_complaints(user, today)
                                   .options(joinedload(Complaint.party)).limit(limit)))


def month_start(day: date, back: int = 0) -> date:
    """The first day of the month `back` months before day's."""
    months = day.year * 12 + day.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


def complaints_per_month(user: User, today: date, months: int = 12) -> list[tuple[date, int]]:
    """Complaints opened per month, the last `months` months up to today's, oldest first (months
    without any count 0)."""
    first = month_start(today, months - 1)
    opened = db.session.scalars(scope_complaints(
        select(Complaint.opened_on), user).where(Complaint.opened_on >= first,
                                                 Complaint.opened_on <= today))
    counts = dict.fromkeys((month_start(today, back) for back in range(months - 1, -1, -1)), 0)
    for day in opened:
        counts[month_start(day)] += 1
    return list(counts.items())
