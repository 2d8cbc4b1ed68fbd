"""Automatic rules (Configurações Gerais, admins) and Clientes sem contato."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..complaints.services import complaint_response_days, set_complaint_response_days
from ..extensions import db
from ..form_errors import blame
from ..gates import admin_required, is_admin, permission_required
from ..menu import MenuLink, add_menu_link
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_ADD, allowed, can
from ..rules import RuleError
from ..settings.services import business_today
from .forms import RulesForm
from .rule_settings import RULE_LABELS, all_rules, no_contact_days, update_rules
from .silent_customers import silent_customers_page

bp = Blueprint("automation", __name__)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("processes", "automation.silent_customers",
                                      _l("Customers without contact"),
                                      visible=allowed(FOLLOW_UP_ACCESS)))
    add_menu_link(state.app, MenuLink("admin", "automation.rules", _l("Automatic rules"),
                                      visible=is_admin))


@bp.app_template_filter("rule_label")
def rule_label(name: str | None) -> str:
    """The words for the rule that created a return ("" when a user did)."""
    return str(RULE_LABELS[name]) if name in RULE_LABELS else ""


def _filled_form() -> RulesForm:
    rules = all_rules()
    return RulesForm(formdata=None, complaint_response_days=complaint_response_days(),
                     **{name: {"enabled": r.enabled, "delay_days": r.delay_days}
                        for name, r in rules.items()})


@bp.route("/settings/rules", methods=["GET", "POST"])
@admin_required
def rules():
    """Switch the automatic rules on or off and set their delays; the complaints' deadline."""
    form = _filled_form() if request.method == "GET" else RulesForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            update_rules(form.choices())
            set_complaint_response_days(form.complaint_response_days.data)
        except RuleError as error:
            db.session.rollback()
            general = blame(form, error)
            if general:
                flash(general, "error")
        else:
            db.session.commit()
            flash(_("Automatic rules saved. They run when Retorno starts and once a day."),
                  "success")
            return redirect(url_for("automation.rules"))
    return render_template("automation/rules.html", form=form, labels=RULE_LABELS), \
        422 if form.errors else 200


@bp.route("/customers/without-contact")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def silent_customers():
    """Clientes sem contato: active customers with no follow-up entry in N days."""
    from_args = request.args.get("days", type=int)
    days = from_args if from_args and 1 <= from_args <= 3650 else no_contact_days()
    page = max(request.args.get("page", 1, type=int), 1)
    today = business_today()
    customers, has_next = silent_customers_page(today, days, page,
                                                current_app.config["PAGE_SIZE"])
    return render_template("automation/silent_customers.html", customers=customers, days=days,
                           page=page, has_next=has_next, today=today,
                           can_add=can(current_user, FOLLOW_UP_ADD))
