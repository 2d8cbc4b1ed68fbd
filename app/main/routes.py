"""Home, after-login and language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..alerts.services import (
    due_summary,
    more_returns,
    overdue_too,
    prompt_question,
    wants_login_prompt,
)
from ..extensions import db
from ..permissions import FOLLOW_UP_ACCESS, PARTY_ACCESS, PRODUCT_ACCESS, SALES_ACCESS, can
from ..redirects import safe_next
from ..settings.services import business_today

bp = Blueprint("main", __name__)

# Where a user starts: the Painel of Follow Up, the screen users live in, else the first area
# he may use.
LANDINGS = ((FOLLOW_UP_ACCESS, "dashboard.index", {}),
            (PARTY_ACCESS, "parties.index", {"slug": "customers"}),
            (SALES_ACCESS, "sales.quotes", {}),
            (PRODUCT_ACCESS, "catalog.index", {}))


@bp.route("/")
@login_required
def index():
    """Open the first area the user may use, or tell him to ask for permissions (never a 403)."""
    for permission, endpoint, values in LANDINGS:
        if can(current_user, permission):
            return redirect(url_for(endpoint, **values))
    return render_template("main/no_permissions.html")


@bp.route("/after-login", methods=["GET", "POST"])
@login_required
def after_login():
    """Ask about today's returns (F7) when some are due, else go on where the user was going."""
    target = safe_next(request.values.get("next"))
    if request.method == "POST":  # the prompt's answer (CSRF-checked like every form)
        period = request.form.get("period")
        if request.form.get("answer") == "yes" and period in ("today", "overdue"):
            return redirect(url_for("followups.index", period=period))
        return redirect(target)
    today = business_today()
    if not wants_login_prompt(current_user, today):
        return redirect(target)
    summary = due_summary(current_user, today)
    if summary.total == 0:
        return redirect(target)
    return render_template("alerts/login_prompt.html", summary=summary, next=target,
                           question=prompt_question(summary), today=today,
                           overdue_line=overdue_too(summary.overdue),
                           more_line=more_returns(summary.total - len(summary.first)),
                           period="today" if summary.due_today else "overdue")


@bp.route("/language", methods=["POST"])
@login_required
def set_language():
    """Switch the signed-in user's language."""
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:
        current_user.language = language
        db.session.commit()
    return redirect(safe_next(request.form.get("next")))
