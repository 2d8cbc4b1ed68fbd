"""Automatic rules (Configurações Gerais, admins) and Clientes sem contato."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..complaints.services import complaint_response_days, set_complaint_response_days
from ..extensions import db
from ..form_errors import refuse
from ..gates import admin_required, is_admin, permission_required
from ..menu import MenuLink, add_menu_link
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_ADD, PARTY_ACCESS, can
from ..rules import RuleError
from ..settings.services import business_today
from .forms import RulesForm
from .rule_settings import (
    DELAY_MESSAGE,
    MAX_RULE_DELAY,
    RULE_LABELS,
    all_rules,
    no_contact_days,
    update_rules,
)
from .silent_customers import silent_customers_page

bp = Blueprint("automation", __name__)


def sees_silent_customers(user) -> bool:
    """Clientes sem contato shows customers' names and phones and leads to a new follow-up."""
    return can(user, FOLLOW_UP_ACCESS) and can(user, PARTY_ACCESS)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("processes", "automation.silent_customers",
                                      _l("Customers without contact"),
                                      visible=sees_silent_customers))
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
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Automatic rules saved. They run when Retorno starts and once a day."),
                  "success")
            return redirect(url_for("automation.rules"))
    return render_template("automation/rules.html", form=form, labels=RULE_LABELS), \
        422 if form.errors else 200


@bp.route("/customers/without-contact")
@permission_required(sees_silent_customers)
def silent_customers():
    """Clientes sem contato: active customers with no follow-up entry in N days."""
    typed = request.args.get("days", "").strip()
    days, days_error = no_contact_days(), None
    if typed:
        if typed.isascii() and typed.isdigit() and len(typed) <= 4 \
                and 1 <= int(typed) <= MAX_RULE_DELAY:
            days = int(typed)
        else:
            days_error = str(DELAY_MESSAGE)
    page = max(request.args.get("page", 1, type=int), 1)
    today = business_today()
    customers, has_next = silent_customers_page(today, days, page,
                                                current_app.config["PAGE_SIZE"])
    return render_template("automation/silent_customers.html", customers=customers, days=days,
                           typed_days=typed or days, days_error=days_error, page=page,
                           has_next=has_next, can_add=can(current_user, FOLLOW_UP_ADD)), \
        422 if days_error else 200
