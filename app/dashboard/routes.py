"""Painel: the page after sign-in (after the F7 prompt), the Follow Up list one click away."""

from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..complaints.queries import count_overdue_complaints, first_overdue_complaints
from ..gates import permission_required
from ..menu import MenuLink, add_menu_link
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_SEE_ALL, allowed, can
from ..settings.services import business_today
from .figures import complaints_chart, overdue_ranking, returns_chart
from .queries import TILES, painel_numbers

bp = Blueprint("dashboard", __name__)

@bp.record_once
def _add_menu(state) -> None:
    for group in ("direct", "processes"):
        add_menu_link(state.app, MenuLink(group, "dashboard.index", _l("Dashboard"),
                                          visible=allowed(FOLLOW_UP_ACCESS)))


@bp.route("/painel")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def index():
    """Painel: returns for today, overdue, the next 7 days and closed this week, per seller,
    and the charts."""
    today = business_today()
    totals, sellers = painel_numbers(current_user, today)
    if not can(current_user, FOLLOW_UP_SEE_ALL):
        sellers = []
    lists = {tile.key: url_for("followups.index", **dict(tile.list_args)) for tile in TILES}
    return render_template("dashboard/index.html", today=today, tiles=TILES, totals=totals,
                           lists=lists, sellers=sellers, overdue=overdue_ranking(sellers),
                           charts=[returns_chart(current_user, today),
                                   complaints_chart(current_user, today)],
                           overdue_complaints=first_overdue_complaints(current_user, today),
                           overdue_complaints_count=count_overdue_complaints(current_user,
                                                                             today))
