"""Reclamações: a complaint's page, and the Relatório de Reclamações (screen and print)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..followups.ownership import assignable_users
from ..form_errors import refuse
from ..gates import permission_required
from ..history import change_history
from ..menu import MenuLink, add_menu_link
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_EDIT, allowed, can
from ..rules import RuleError, StaleEdit
from ..settings.services import business_today
from .forms import ComplaintForm
from .labels import FIELD_LABELS, STATUS_LABELS, shown_value
from .report import complaints_report
from .report_filters import report_filters_form
from .services import ComplaintData, is_overdue, update_complaint, visible_complaint_or_404

bp = Blueprint("complaints", __name__)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("processes", "complaints.report", _l("Complaints report"),
                                      visible=allowed(FOLLOW_UP_ACCESS)))


def _offer_users(form: ComplaintForm, keep) -> None:
    users = assignable_users(current_user)
    form.responsible_id.choices = [(u.id, u.name) for u in users]
    if keep.id not in dict(form.responsible_id.choices):
        form.responsible_id.choices.append((keep.id, keep.name))


@bp.route("/complaints/<int:complaint_id>", methods=["GET", "POST"])
@permission_required(allowed(FOLLOW_UP_ACCESS))
def show(complaint_id: int):
    """A complaint: its text, status, responsible, deadline and resolution."""
    complaint = visible_complaint_or_404(current_user, complaint_id)
    form = ComplaintForm(obj=complaint) if request.method == "GET" else ComplaintForm()
    _offer_users(form, complaint.responsible)
    status = 200
    if request.method == "POST" and form.validate_on_submit():
        data = ComplaintData(form.status.data, form.responsible_id.data, form.deadline.data,
                             form.resolution.data or "")
        try:
            update_complaint(complaint, current_user, data, form.version.data, business_today())
            db.session.commit()
        except RuleError as error:
            refuse(form, error)
        except (StaleEdit, StaleDataError):
            db.session.rollback()
            status = 409
            flash(_("Someone else changed this complaint while you edited it. Your text is kept "
                    "below; save again."), "error")
            form.version.data = str(complaint.version)
        else:
            flash(_("Complaint saved."), "success")
            return redirect(url_for("complaints.show", complaint_id=complaint.id))
    if status == 200 and form.errors:
        status = 422
    return render_template("complaints/show.html", complaint=complaint, form=form,
                           status_labels=STATUS_LABELS,
                           overdue=is_overdue(complaint, business_today()),
                           can_edit=can(current_user, FOLLOW_UP_EDIT),
                           change_log=change_history("complaint", complaint.id, FIELD_LABELS,
                                                     shown_value)), status


@bp.route("/complaints/report")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def report():
    """Relatório de Reclamações: counts and the list, by period, customer, product and type."""
    form, filters = report_filters_form()
    today = business_today()
    result = complaints_report(current_user, filters, today) if filters is not None else None
    return render_template("complaints/report.html", form=form, report=result, today=today,
                           status_labels=STATUS_LABELS,
                           export_query=request.query_string.decode()), \
        422 if form.errors else 200
