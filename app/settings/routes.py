"""Configurações Gerais: the alarm, the time zone, follow-up types and holidays (admins only)."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..extensions import db
from ..gates import admin_required, is_admin
from ..menu import MenuLink, add_menu_link
from ..models import FollowUpType, Holiday
from ..validation import parse_day, parse_wall_clock
from .calendar import default_return_date
from .forms import ButtonForm, GeneralForm, HolidayForm, TypeForm
from .services import (
    SettingsRuleError,
    add_holiday,
    all_holidays,
    all_types,
    business_today,
    create_type,
    get_settings,
    move_type,
    update_general,
    update_type,
)

bp = Blueprint("settings", __name__)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("admin", "settings.index", _l("General settings"),
                                      visible=is_admin))


RULE_MESSAGES = {
    "unknown_zone": _l("Choose a time zone from the list."),
    "unknown_state": _l("Choose a state from the list."),
    "empty_name": _l("Type the name of the follow-up type."),
    "empty_description": _l("Type a description."),
    "duplicate_name": _l("There is already a follow-up type with this name."),
    "bad_delay": _l("Type a number of days from 0 to 3650."),
    "duplicate_day": _l("This day is already in the list."),
}


def _blame(form, error: SettingsRuleError) -> None:
    field = getattr(form, error.field)
    field.errors = list(field.errors) + [str(RULE_MESSAGES[error.message])]


def _page(general=None, type_form=None, holiday_form=None, status=200):
    settings = get_settings()
    if general is None:
        # formdata=None: a post of another form on this page must not untick the alarm here.
        general = GeneralForm(formdata=None, company_name=settings.company_name,
                              alerts_enabled=settings.alerts_enabled,
                              time_zone=settings.time_zone or "", state=settings.state or "")
    return render_template(
        "settings/index.html", general=general,
        type_form=type_form or TypeForm(formdata=None, prefix="type"),
        holiday_form=holiday_form or HolidayForm(formdata=None, prefix="holiday"),
        types=all_types(), holidays=all_holidays(), button=ButtonForm()), status


@bp.route("/settings/", methods=["GET", "POST"])
@admin_required
def index():
    """Configurações Gerais: the company's name, the alarm switch and the business time zone."""
    if request.method == "GET":
        return _page()
    form = GeneralForm()
    if form.validate_on_submit():
        try:
            update_general(form.alerts_enabled.data, form.time_zone.data or None,
                           form.state.data or None, company_name=form.company_name.data or "")
        except SettingsRuleError as error:
            db.session.rollback()
            _blame(form, error)
        else:
            db.session.commit()
            _wake_notifier()
            flash(_("Settings saved."), "success")
            return redirect(url_for("settings.index"))
    return _page(general=form, status=422)


def _wake_notifier() -> None:
    """Let a running desktop notifier read the new settings now, not at its next tick."""
    from ..alerts.notifier import wake_notifier

    wake_notifier()


@bp.route("/settings/types/new", methods=["POST"])
@admin_required
def new_type():
    """Add a follow-up type at the end of the list."""
    form = TypeForm(prefix="type")
    if form.validate_on_submit():
        try:
            kind = create_type(form.name.data, form.default_delay_days.data,
                               form.business_days.data)
        except SettingsRuleError as error:
            db.session.rollback()
            _blame(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up type %(name)s added.", name=kind.name), "success")
            return redirect(url_for("settings.index") + "#types")
    return _page(type_form=form, status=422)


@bp.route("/settings/types/<int:type_id>", methods=["GET", "POST"])
@admin_required
def edit_type(type_id: int):
    """Rename a follow-up type, change its default delay, or deactivate it."""
    kind = db.get_or_404(FollowUpType, type_id)
    form = TypeForm(obj=kind)
    if form.validate_on_submit():
        try:
            update_type(kind, form.name.data, form.default_delay_days.data,
                        form.business_days.data, form.active.data)
        except SettingsRuleError as error:
            db.session.rollback()
            _blame(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up type saved."), "success")
            return redirect(url_for("settings.index") + "#types")
    return render_template("settings/type.html", form=form, kind=kind), \
        422 if form.errors else 200


@bp.route("/settings/types/<int:type_id>/move", methods=["POST"])
@admin_required
def move(type_id: int):
    """Move a follow-up type up or down the list."""
    kind = db.get_or_404(FollowUpType, type_id)
    if ButtonForm().validate_on_submit():
        move_type(kind, -1 if request.form.get("direction") == "up" else 1)
        db.session.commit()
    return redirect(url_for("settings.index") + "#types")


@bp.route("/settings/holidays/new", methods=["POST"])
@admin_required
def new_holiday():
    """Add one of the company's own days off (skipped by business-day delays)."""
    form = HolidayForm(prefix="holiday")
    if form.validate_on_submit():
        try:
            add_holiday(form.day.data, form.name.data)
        except SettingsRuleError as error:
            db.session.rollback()
            _blame(form, error)
        else:
            db.session.commit()
            flash(_("Holiday added."), "success")
            return redirect(url_for("settings.index") + "#holidays")
    return _page(holiday_form=form, status=422)


@bp.route("/settings/holidays/<int:holiday_id>/delete", methods=["POST"])
@admin_required
def delete_holiday(holiday_id: int):
    """Remove one of the company's own days off."""
    holiday = db.get_or_404(Holiday, holiday_id)
    if ButtonForm().validate_on_submit():
        db.session.delete(holiday)
        db.session.commit()
        flash(_("Holiday removed."), "success")
    return redirect(url_for("settings.index") + "#holidays")


@bp.route("/followup-types/<int:type_id>/return-date")
@login_required
def suggested_return_date(type_id: int):
    """Tell the entry form which Data Retorno a type suggests for a contact date (JSON)."""
    from ..followups.permissions import ACCESS, can
    from ..formatting import date_pattern, format_day

    if not can(current_user, ACCESS):
        abort(403)
    kind = db.get_or_404(FollowUpType, type_id)
    typed = request.args.get("from", "")
    moment = parse_wall_clock(typed, date_pattern())
    contact_day = moment.date() if moment else (parse_day(typed, date_pattern())
                                                or business_today())
    day = default_return_date(kind, contact_day) if kind.active else None
    return jsonify({"type_id": kind.id, "return_date": format_day(day) if day else None,
                    "delay_days": kind.default_delay_days, "business_days": kind.business_days})
