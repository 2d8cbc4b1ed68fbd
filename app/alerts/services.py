"""What the alerts say and to whom: the login prompt, the notifier and the in-page notice.

Every count and name here comes from followups.services.due_returns / overdue_returns, the one
permission-scoped query that the Follow Up list uses too.
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from ..complaints.queries import count_overdue_complaints
from ..extensions import db
from ..followups.scheduling import BUSINESS_DAY, postponed_date, reschedule
from ..followups.services import due_counts, due_returns, overdue_returns
from ..followups.visibility import can_see_follow_up
from ..models import FollowUpEntry, User
from ..permissions import FOLLOW_UP_ACCESS, can
from ..settings.services import get_settings

FIRST_PARTIES = 3  # names a notification shows before "and N more"


@dataclass
class DueSummary:
    """Open returns due today and overdue for one user, with the first few of them."""

    due_today: int
    overdue: int
    first: list[FollowUpEntry] = field(default_factory=list)
    complaints_overdue: int = 0  # named in the headline, not counted in total

    @property
    def total(self) -> int:
        return self.due_today + self.overdue


def alerts_allowed(user: User) -> bool:
    """True when the company's alarm is on and the user may see follow-ups at all."""
    return bool(user.active and get_settings().alerts_enabled and can(user, FOLLOW_UP_ACCESS))


def muted_today(user: User, today: date) -> bool:
    return user.alerts_muted_on == today


def wants_login_prompt(user: User, today: date) -> bool:
    return alerts_allowed(user) and user.alert_on_login and not muted_today(user, today)


def wants_periodic_alert(user: User, today: date) -> bool:
    return (alerts_allowed(user) and user.alert_every_minutes is not None
            and not muted_today(user, today))


def due_summary(user: User, today: date, limit: int = FIRST_PARTIES) -> DueSummary:
    """Count the user's open returns due today and overdue, and fetch the first few."""
    due_today, overdue = due_counts(user, today)
    first: list[FollowUpEntry] = []
    for query, count in ((due_returns(user, today), due_today),
                         (overdue_returns(user, today), overdue)):
        if count and len(first) < limit:
            first += db.session.scalars(
                query.options(joinedload(FollowUpEntry.party)).limit(limit - len(first)))
    return DueSummary(due_today, overdue, first, count_overdue_complaints(user, today))


def first_party_names(summary: DueSummary) -> list[str]:
    names: list[str] = []
    for entry in summary.first:
        if entry.party.name not in names:
            names.append(entry.party.name)
    return names


def headline(summary: DueSummary) -> str:
    """One line: how many returns are due today and how many are overdue (and complaints past
    their response deadline)."""
    text = returns_headline(summary)
    n = summary.complaints_overdue
    if n:
        text += " · " + (_("%(num)d overdue complaint", num=n) if n == 1
                         else _("%(num)d overdue complaints", num=n))
    return text


def returns_headline(summary: DueSummary) -> str:
    if summary.due_today:
        n = summary.due_today
        text = (_("%(num)d follow-up return for today", num=n) if n == 1
                else _("%(num)d follow-up returns for today", num=n))
        if summary.overdue:
            n = summary.overdue
            text += " · " + (_("%(num)d overdue return", num=n) if n == 1
                             else _("%(num)d overdue returns", num=n))
        return text
    n = summary.overdue
    return (_("%(num)d overdue follow-up return", num=n) if n == 1
            else _("%(num)d overdue follow-up returns", num=n))


def notification_text(summary: DueSummary) -> tuple[str, str]:
    """Return (title, body) of the one notification that lists what is due."""
    body = ", ".join(first_party_names(summary))
    rest = summary.total - len(summary.first)
    if rest > 0:
        body += " " + more_returns(rest)
    return headline(summary), body + "."


def prompt_question(summary: DueSummary) -> str:
    """The login prompt's question (F7)."""
    n = summary.due_today or summary.overdue
    if summary.due_today:
        return (_("There is %(num)d follow-up return for today. Do you want to see it?", num=n)
                if n == 1 else
                _("There are %(num)d follow-up returns for today. Do you want to see them?",
                  num=n))
    return (_("There is %(num)d overdue follow-up return. Do you want to see it?", num=n)
            if n == 1 else
            _("There are %(num)d overdue follow-up returns. Do you want to see them?", num=n))


def more_returns(n: int) -> str:
    return _("and %(num)d more return", num=n) if n == 1 else _("and %(num)d more returns", num=n)


def overdue_too(n: int) -> str:
    """The prompt's second line: how many returns are overdue besides today's."""
    return (_("And %(num)d overdue return.", num=n) if n == 1
            else _("And %(num)d overdue returns.", num=n))


def mute_today(user: User, today: date) -> None:
    """Silence this user's alerts until the end of the business day; the caller commits."""
    user.alerts_muted_on = today


def snooze_entry(entry: FollowUpEntry, user: User, today: date) -> date:
    """Put one open return off by a business day (Adiar), by the Follow Up list's own rule."""
    if entry.deleted_at is not None or not can_see_follow_up(user, entry.follow_up):
        raise NotFound()
    reschedule(entry, user, postponed_date(entry, BUSINESS_DAY, today), today)
    return entry.return_date
