"""The business calendar: Brazil's national and state holidays, the company's own, business days."""

from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import select

from ..extensions import db
from ..models import FollowUpType, Holiday, Settings


@lru_cache(maxsize=64)
def public_holidays(year: int, state: str | None = None) -> frozenset[date]:
    """Return Brazil's public holidays of a year: the national ones, plus the state's if given."""
    import holidays  # at the first use, not at start: it loads every country's calendar

    return frozenset(holidays.country_holidays("BR", subdiv=state or None, years=year))


def configured_state() -> str | None:
    """The UF chosen in Configurações Gerais (None: national holidays only)."""
    settings = db.session.get(Settings, 1)
    return settings.state if settings is not None else None


def company_holidays(start: date, end: date) -> set[date]:
    return set(db.session.scalars(select(Holiday.day).where(Holiday.day.between(start, end))))


def add_business_days(start: date, count: int) -> date:
    """Return the day `count` business days after start (weekends and holidays skipped)."""
    # A generous window: even a long run of holidays fits in twice the days plus two weeks.
    own = company_holidays(start, start + timedelta(days=count * 2 + 14))
    state = configured_state()
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_business_day(day, own, state):
            left -= 1
    while not is_business_day(day, own, state):  # a zero delay still lands on a working day
        day += timedelta(days=1)
    return day


def is_business_day(day: date, own_holidays: set[date], state: str | None = None) -> bool:
    return (day.weekday() < 5 and day not in public_holidays(day.year, state)
            and day not in own_holidays)


def default_return_date(follow_up_type: FollowUpType, contact_day: date) -> date | None:
    """Return the Data Retorno a type suggests for a contact on that day (None: no default)."""
    if follow_up_type.default_delay_days is None:
        return None
    if follow_up_type.business_days:
        return add_business_days(contact_day, follow_up_type.default_delay_days)
    return contact_day + timedelta(days=follow_up_type.default_delay_days)
