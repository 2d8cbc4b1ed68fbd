"""Configurações Gerais: the alarm, the time zone, follow-up types and holidays (admins only)."""

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..alerts.notifier import wake_notifier
from ..extensions import db
from ..form_errors import refuse
from ..formatting import date_pattern, format_day
from ..gates import admin_required, is_admin, permission_required
from ..menu import MenuLink, add_menu_link
from ..models import FollowUpType, Holiday
from ..permissions import FOLLOW_UP_ACCESS, allowed
from ..rules import RuleError
from ..validation import parse_day, parse_wall_clock
from .calendar import default_return_date
from .forms import ButtonForm, DocumentTypesForm, GeneralForm, HolidayForm, TypeForm
from .services import (
    add_holiday,
    all_holidays,
    all_types,
    business_today,
    create_type,
    document_follow_up_types,
    get_settings,
    move_type,
    update_document_follow_up_types,
    update_general,
    update_type,
)
from .services import (
    delete_holiday as remove_holiday,
)

bp = Blueprint("settings", __name__)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("admin", "settings.index", _l("General settings"),
                                      visible=is_admin))


def _page(general=None, type_form=None, holiday_form=None, document_types=None, status=200):
    settings = get_settings()
    types = all_types()
    if general is None:
        # formdata=None: a post of another form on this page must not untick the alarm here.
        general = GeneralForm(formdata=None, company_name=settings.company_name,
                              alerts_enabled=settings.alerts_enabled,
                              time_zone=settings.time_zone or "", state=settings.state or "",
                              session_idle_hours=settings.session_idle_minutes // 60)
    if document_types is None:
        document_types = DocumentTypesForm(
            formdata=None,
            **{kind: type_id or 0 for kind, type_id in document_follow_up_types().items()})
    document_types.offer(types)
    return render_template(
        "settings/index.html", general=general,
        type_form=type_form or TypeForm(formdata=None, prefix="type"),
        holiday_form=holiday_form or HolidayForm(formdata=None, prefix="holiday"),
        document_types=document_types, types=types, holidays=all_holidays(),
        button=ButtonForm(),
        tls_fingerprint=current_app.config.get("TLS_FINGERPRINT")), status


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
                           form.state.data or None, form.session_idle_hours.data,
                           company_name=form.company_name.data or "")
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            wake_notifier()
            flash(_("Settings saved."), "success")
            return redirect(url_for("settings.index"))
    return _page(general=form, status=422)


@bp.route("/settings/document-types", methods=["POST"])
@admin_required
def document_types():
    """Choose the Tipo de Follow Up a follow-up started from a quote, an order or a sale gets."""
    form = DocumentTypesForm()
    form.offer(all_types())
    if form.validate_on_submit():
        try:
            update_document_follow_up_types({kind: getattr(form, kind).data or None
                                             for kind in ("quote", "order", "sale")})
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Settings saved."), "success")
            return redirect(url_for("settings.index") + "#document-types")
    return _page(document_types=form, status=422)


@bp.route("/settings/types/new", methods=["POST"])
@admin_required
def new_type():
    """Add a follow-up type at the end of the list."""
    form = TypeForm(prefix="type")
    if form.validate_on_submit():
        try:
            follow_up_type = create_type(form.name.data, form.default_delay_days.data,
                               form.business_days.data)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up type %(name)s added.", name=follow_up_type.name), "success")
            return redirect(url_for("settings.index") + "#types")
    return _page(type_form=form, status=422)


@bp.route("/settings/types/<int:type_id>", methods=["GET", "POST"])
@admin_required
def edit_type(type_id: int):
    """Rename a follow-up type, change its default delay, or deactivate it."""
    follow_up_type = db.get_or_404(FollowUpType, type_id)
    form = TypeForm(obj=follow_up_type)
    if form.validate_on_submit():
        try:
            update_type(follow_up_type, form.name.data, form.default_delay_days.data,
                        form.business_days.data, form.active.data)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up type saved."), "success")
            return redirect(url_for("settings.index") + "#types")
    return render_template("settings/type.html", form=form, kind=follow_up_type), \
        422 if form.errors else 200


@bp.route("/settings/types/<int:type_id>/move", methods=["POST"])
@admin_required
def move(type_id: int):
    """Move a follow-up type up or down the list."""
    follow_up_type = db.get_or_404(FollowUpType, type_id)
    if ButtonForm().validate_on_submit():
        move_type(follow_up_type, -1 if request.form.get("direction") == "up" else 1)
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
        except RuleError as error:
            refuse(form, error)
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
        remove_holiday(holiday)
        db.session.commit()
        flash(_("Holiday removed."), "success")
    return redirect(url_for("settings.index") + "#holidays")


@bp.route("/followup-types/<int:type_id>/return-date")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def suggested_return_date(type_id: int):
    """Tell the entry form which Data Retorno a type suggests for a contact date (JSON)."""
    follow_up_type = db.get_or_404(FollowUpType, type_id)
    typed = request.args.get("from", "")
    moment = parse_wall_clock(typed, date_pattern())
    contact_day = moment.date() if moment else (parse_day(typed, date_pattern())
                                                or business_today())
    day = default_return_date(follow_up_type, contact_day) if follow_up_type.active else None
    return jsonify({"type_id": follow_up_type.id,
                    "return_date": format_day(day) if day else None,
                    "delay_days": follow_up_type.default_delay_days,
                    "business_days": follow_up_type.business_days})
