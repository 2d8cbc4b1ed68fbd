"""The in-page alert: a small JSON answer polled by alerts.js, silence today, postpone one."""

from flask import Blueprint, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..formatting import format_day
from ..models import FollowUpEntry
from ..rules import RuleError
from ..settings.services import business_today
from .services import (
    due_summary,
    headline,
    mute_today,
    notification_text,
    snooze_entry,
    wants_periodic_alert,
)
from .timed import alarms_ringing_now

bp = Blueprint("alerts", __name__)


IDLE_POLL_MINUTES = 10  # how often a page re-checks while the user's alerts are off


@bp.route("/alerts/due")
@login_required
def due():
    """Tell the page whether to show the alert now, and what it says (JSON). With ?alarms=1
    (the office client's notifier) also the timed returns ringing now."""
    today = business_today()
    user = current_user
    alarms = ([{"key": key, "title": title, "body": body}
               for key, title, body in alarms_ringing_now(user, today)]
              if request.args.get("alarms") == "1" else [])
    if not wants_periodic_alert(user, today):
        return jsonify({"active": False, "interval_minutes": IDLE_POLL_MINUTES,
                        "user_id": user.id, "alarms": alarms})
    summary = due_summary(user, today)
    title, body = notification_text(summary) if summary.total else ("", "")
    return jsonify({
        "active": True, "interval_minutes": user.alert_every_minutes, "user_id": user.id,
        "alarms": alarms,
        "due_today": summary.due_today, "overdue": summary.overdue, "total": summary.total,
        "title": title, "body": body, "headline": headline(summary) if summary.total else "",
        "list_url": url_for("followups.index", period="today" if summary.due_today else "overdue"),
        "mute_url": url_for("alerts.mute"),
        "returns": [{"id": e.id, "party": e.party.name,
                     "return_date": format_day(e.return_date), "overdue": e.return_date < today,
                     "url": url_for("followups.entry", entry_id=e.id),
                     "snooze_url": url_for("alerts.snooze", entry_id=e.id)}
                    for e in summary.first],
        "labels": {"see": _("See"), "mute": _("Silence today"), "snooze": _("Postpone"),
                   "close": _("Close"), "muted": _("Alerts silenced until tomorrow."),
                   "snoozed": _("Postponed to %(day)s.", day="{day}")},
    })


def _answer(payload: dict, status: int = 200):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(payload), status
    return redirect(request.referrer or url_for("followups.index"))


@bp.route("/alerts/mute", methods=["POST"])
@login_required
def mute():
    """Silence this user's alerts until the business day ends."""
    mute_today(current_user, business_today())
    db.session.commit()
    return _answer({"ok": True})


@bp.route("/alerts/snooze/<int:entry_id>", methods=["POST"])
@login_required
def snooze(entry_id: int):
    """Put one open return off by a business day (Adiar)."""
    entry = db.get_or_404(FollowUpEntry, entry_id)
    try:
        new_day = snooze_entry(entry, current_user, business_today())
    except RuleError as refused:
        db.session.rollback()
        return _answer({"ok": False, "message": refused.message}, 409)
    db.session.commit()
    return _answer({"ok": True, "return_date": format_day(new_day)})
