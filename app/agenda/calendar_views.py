"""The days a week or month view shows: weeks run Monday to Sunday (the business week)."""

from dataclasses import dataclass
from datetime import date, timedelta

from ..clock import week_of

WEEK, MONTH = "week", "month"
VIEWS = (WEEK, MONTH)


@dataclass(frozen=True)
class Period:
    """What one Agenda page shows: its days, and where ← and → go."""

    view: str
    anchor: date  # the day the page was asked for
    days: list[date]
    previous: date
    next: date

    @property
    def first(self) -> date:
        return self.days[0]

    @property
    def last(self) -> date:
        return self.days[-1]

    @property
    def weeks(self) -> list[list[date]]:
        return [self.days[start:start + 7] for start in range(0, len(self.days), 7)]

    def in_month(self, day: date) -> bool:
        return self.view == WEEK or day.month == self.anchor.month


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after day's (negative: before)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_period(day: date) -> Period:
    monday, next_monday = week_of(day)
    return Period(WEEK, day, [monday + timedelta(days=n) for n in range(7)],
                  monday - timedelta(days=7), next_monday)


def month_period(day: date) -> Period:
    """Every day of the weeks that touch the month, so the grid has whole weeks."""
    first = day.replace(day=1)
    following = add_months(first, 1)
    start = week_of(first)[0]
    end = week_of(following - timedelta(days=1))[1]
    return Period(MONTH, day, [start + timedelta(days=n) for n in range((end - start).days)],
                  add_months(first, -1), following)


def period_for(view: str, day: date) -> Period:
    return month_period(day) if view == MONTH else week_period(day)
