"""The business calendar: Brazilian national holidays, the company's own, business-day delays."""

from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import select

from ..extensions import db
from ..models import FollowUpType, Holiday

# Fixed-date national holidays (Lei 662/1949, 6.802/1980, 14.759/2023), as (month, day).
FIXED_NATIONAL = ((1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (12, 25))
BLACK_CONSCIOUSNESS_SINCE = 2024  # 20 November became a national holiday in 2024


def easter(year: int) -> date:
    """Return Easter Sunday of a year (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def national_holidays(year: int) -> frozenset[date]:
    """Return Brazil's national holidays of a year (Good Friday is the only movable one)."""
    days = {date(year, month, day) for month, day in FIXED_NATIONAL}
    if year >= BLACK_CONSCIOUSNESS_SINCE:
        days.add(date(year, 11, 20))
    days.add(easter(year) - timedelta(days=2))
    return frozenset(days)


def company_holidays(start: date, end: date) -> set[date]:
    return set(db.session.scalars(select(Holiday.day).where(Holiday.day.between(start, end))))


def add_business_days(start: date, count: int) -> date:
    """Return the day `count` business days after start (weekends and holidays skipped)."""
    # A generous window: even a long run of holidays fits in twice the days plus two weeks.
    own = company_holidays(start, start + timedelta(days=count * 2 + 14))
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_business_day(day, own):
            left -= 1
    while not is_business_day(day, own):  # a zero delay still lands on a working day
        day += timedelta(days=1)
    return day


def is_business_day(day: date, own_holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in national_holidays(day.year) and day not in own_holidays


def default_return_date(kind: FollowUpType, contact_day: date) -> date | None:
    """Return the Data Retorno a type suggests for a contact on that day (None: no default)."""
    if kind.default_delay_days is None:
        return None
    if kind.business_days:
        return add_business_days(contact_day, kind.default_delay_days)
    return contact_day + timedelta(days=kind.default_delay_days)
