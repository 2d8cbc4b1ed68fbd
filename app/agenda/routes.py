"""Agenda: week and month views of a seller's returns; a day's list, where a return is put off
by the Follow Up list's own Adiar (followups.reschedule_entry)."""

from datetime import date

from babel.dates import format_skeleton
from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..followups.ownership import assignable_users
from ..formatting import date_pattern, format_day
from ..gates import permission_required
from ..menu import MenuLink, add_menu_link
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_EDIT, FOLLOW_UP_SEE_ALL, allowed, can
from ..settings.services import business_today
from .calendar_views import MONTH, VIEWS, WEEK, period_for
from .services import agenda_seller, returns_by_day

bp = Blueprint("agenda", __name__)


@bp.record_once
def _add_menu(state) -> None:
    for group in ("direct", "processes"):
        add_menu_link(state.app, MenuLink(group, "agenda.index", _l("Agenda"),
                                          visible=allowed(FOLLOW_UP_ACCESS)))


def _day_arg(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _seller_arg() -> int | None:
    """The seller asked for in the query string (only for a user who may see others')."""
    return request.args.get("user", type=int) if can(current_user, FOLLOW_UP_SEE_ALL) else None


@bp.route("/agenda/")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def index():
    """Agenda: a week (Monday to Sunday) or a month of one seller's returns."""
    today = business_today()
    view = request.args.get("view", WEEK)
    view = view if view in VIEWS else WEEK
    period = period_for(view, _day_arg(request.args.get("day")) or today)
    seller_id = agenda_seller(current_user, _seller_arg())
    days = returns_by_day(current_user, seller_id, period.first, period.last, today)
    title = format_skeleton("yMMMM", period.anchor, locale=get_locale()) if view == MONTH else \
        f"{format_day(period.first)} – {format_day(period.last)}"
    return render_template("agenda/index.html", period=period, days=days, today=today,
                           title=title, seller_id=seller_id, sellers=_sellers(),
                           user_arg=_seller_arg(), month_view=view == MONTH,
                           day_and_month=date_pattern().removesuffix("/%Y"),
                           weekdays=[format_date(day, "EEE") for day in period.days[:7]])


@bp.route("/agenda/day/<day>")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def day(day: str):
    """One day of the Agenda: its returns, each one click from its entry or from Adiar."""
    chosen = _day_arg(day)
    if chosen is None:
        abort(404)
    today = business_today()
    seller_id = agenda_seller(current_user, _seller_arg())
    entries = returns_by_day(current_user, seller_id, chosen, chosen, today).get(chosen, [])
    return render_template("agenda/day.html", day=chosen, entries=entries, today=today,
                           weekday=format_date(chosen, "EEEE"), seller_id=seller_id,
                           sellers=_sellers(), user_arg=_seller_arg(),
                           here=url_for("agenda.day", day=chosen.isoformat(), user=_seller_arg()),
                           can_edit=can(current_user, FOLLOW_UP_EDIT))


def _sellers():
    """The seller filter's choices (none for a user who sees only their own returns)."""
    return assignable_users(current_user) if can(current_user, FOLLOW_UP_SEE_ALL) else []
