"""The Painel's charts as the user reads them: labels in the user's language, tooltips."""

from datetime import date

from babel.dates import get_day_names, get_month_names
from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from ..complaints.queries import complaints_per_month
from ..extensions import db
from ..formatting import date_pattern, format_day
from ..models import FollowUpType, User
from .charts import Chart, Column, Ranking, Segment, bar_chart, ranking
from .queries import SellerNumbers, returns_per_day


def _returns(n: int) -> str:
    return _("%(num)d return", num=n) if n == 1 else _("%(num)d returns", num=n)


def returns_chart(user: User, today: date) -> Chart:
    """Open returns per day for the next 14 days, stacked by follow-up type."""
    per_day = returns_per_day(user, today)
    types = list(db.session.scalars(select(FollowUpType)
                                    .order_by(FollowUpType.position, FollowUpType.name)))
    series = {t.id: (index, t.name) for index, t in enumerate(types)}
    used = {type_id for counts in per_day.values() for type_id in counts}
    weekdays = get_day_names("abbreviated", locale=get_locale())  # Monday is 0
    day_and_month = date_pattern().removesuffix("/%Y")
    columns = []
    for day, counts in per_day.items():
        segments = [Segment(index, counts[type_id],
                            f"{format_day(day)} · {name}: {_returns(counts[type_id])}")
                    for type_id, (index, name) in sorted(
                        ((type_id, series[type_id]) for type_id in counts),
                        key=lambda item: item[1][0])]
        columns.append(Column(day.strftime(day_and_month), weekdays[day.weekday()], segments))
    legend = [series[t.id] for t in types if t.id in used or not used and t.active]
    return bar_chart(_("Returns per day, next 14 days"), columns, legend)


def complaints_chart(user: User, today: date) -> Chart:
    """Entries with a complaint per month, the last 12 months."""
    names = get_month_names("abbreviated", locale=get_locale())
    columns = []
    for start, count in complaints_per_month(user, today):
        month = f"{names[start.month]}/{start:%y}"
        title = _("%(month)s: %(num)d complaint", month=month, num=count) if count == 1 else \
            _("%(month)s: %(num)d complaints", month=month, num=count)
        columns.append(Column(month, "", [Segment(0, count, title)]))
    return bar_chart(_("Complaints per month, last 12 months"), columns, [])


def overdue_ranking(sellers: list[SellerNumbers]) -> Ranking:
    """Overdue returns by seller, each bar a link to that seller's overdue list."""
    overdue_list = url_for("followups.index", period="overdue")
    return ranking(_("Overdue by seller"), [
        (row.seller.name, row.counts["overdue"], f"{overdue_list}&user={row.seller.id}")
        for row in sellers])
