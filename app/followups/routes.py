"""Processos → Follow Up: the list, starting a follow-up, its entries."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from ..clock import now_utc, to_local
from ..extensions import db
from ..form_errors import blame
from ..gates import permission_required
from ..history import change_history
from ..models import CUSTOMER, Party, User
from ..parties.lookup import choose_party
from ..rules import RuleError, StaleEdit
from ..sales.follow_up_documents import documents_of_follow_up, linkable_origin
from ..settings.services import business_today, business_zone_name
from .forms import DeleteForm, EntryForm, FollowUpForm, StartForm
from .labels import FIELD_LABELS, shown_value
from .list_filters import filters_from_request, party_field
from .permissions import (
    ACCESS,
    ADD,
    DELETE,
    EDIT,
    SEE_ALL,
    allowed,
    can,
    require,
    visible_entry_or_404,
    visible_follow_up_or_404,
)
from .services import (
    EntryData,
    active_types,
    add_entry,
    assign,
    earlier_entries,
    entry_form_values,
    is_closing,
    list_entries,
    soft_delete_entry,
    start_follow_up,
    update_entry,
)

bp = Blueprint("followups", __name__)


@bp.route("/followups/")
@permission_required(allowed(ACCESS))
def index():
    """List follow-up entries by return date, filtered (Abertos by default)."""
    filters = filters_from_request()
    page = max(request.args.get("page", 1, type=int), 1)
    today = business_today()
    entries, has_next = list_entries(current_user, filters, today, page,
                                     current_app.config["PAGE_SIZE"])
    party = db.session.get(Party, filters.party_id) if filters.party_id else None
    return render_template("followups/index.html", entries=entries, has_next=has_next, page=page,
                           filters=filters, today=today, types=active_types(), party=party,
                           party_field=party_field(filters), users=_assignable_users(),
                           can_see_all=can(current_user, SEE_ALL), can_add=can(current_user, ADD))


def _assignable_users() -> list[User]:
    if not can(current_user, SEE_ALL):
        return [current_user]
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


@bp.route("/followups/new", methods=["GET", "POST"])
@permission_required(allowed(ADD))
def start():
    """Follow Up – Clientes e Fornecedores: choose the customer or supplier by code."""
    form = StartForm()
    if request.method == "GET" and request.args.get("kind"):
        form.kind.data = request.args["kind"]
        form.code.data = request.args.get("code", "")
    matches = []
    if form.validate_on_submit():
        choice = choose_party(form.code.data, form.kind.data)
        party = choice.party
        if party is None:
            matches = choice.matches
            form.code.errors.append(_start_code_problem(form, matches))
        elif not party.active:
            form.code.errors.append(_("%(name)s is inactive: reactivate it in its record first.",
                                      name=party.name))
        else:
            return redirect(url_for("followups.new_entry", party=party.id,
                                    origin=request.values.get("origin", type=int)))
    return render_template("followups/start.html", form=form, matches=matches,
                           origin_id=request.values.get("origin", type=int)), \
        422 if form.errors else 200


def _start_code_problem(form: StartForm, matches: list[Party]) -> str:
    """Why the typed code (or name, CPF/CNPJ, phone) does not name one party of that kind."""
    kind = _("customer") if form.kind.data == CUSTOMER else _("supplier")
    if matches:
        return _("Several records match “%(text)s”: choose one below.", text=form.code.data)
    if form.code.data.isdecimal():
        return _("No %(kind)s with code %(code)s.", kind=kind, code=form.code.data)
    return _("No %(kind)s matches “%(text)s”.", kind=kind, text=form.code.data)


def _entry_form(current_type=None, **values) -> EntryForm:
    """The entry form; an entry whose type was deactivated still offers (and keeps) it."""
    form = EntryForm(**values)
    form.type_id.choices = [(t.id, t.name) for t in active_types()]
    if current_type is not None and current_type.id not in dict(form.type_id.choices):
        form.type_id.choices.append((current_type.id, current_type.name))
    return form


def _entry_data(form: EntryForm) -> EntryData:
    return EntryData(contacted_at=form.contacted_at.data, return_date=form.return_date.data,
                     type_id=form.type_id.data, status=form.status.data,
                     notes=(form.notes.data or "").strip(),
                     complaints=(form.complaints.data or "").strip(),
                     internal_comment=(form.internal_comment.data or "").strip())


def _now_local():
    return to_local(now_utc(), business_zone_name()).replace(tzinfo=None, second=0, microsecond=0)


@bp.route("/followups/new/entry", methods=["GET", "POST"])
@permission_required(allowed(ADD))
def new_entry():
    """Inclusão de Observações for a new follow-up; Salvar stores both and opens the follow-up."""
    party = db.get_or_404(Party, request.args.get("party", 0, type=int))  # missing: 404
    if not party.active:
        abort(404)
    origin, origin_error = _origin_for(party)
    form = _entry_form(contacted_at=_now_local())
    form.status.choices = form.status.choices[:1]  # a new return starts open
    if form.validate_on_submit() and origin_error is None:
        try:
            entry = start_follow_up(party, current_user, _entry_data(form), origin=origin)
        except RuleError as error:
            db.session.rollback()
            blame(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up entry saved."), "success")
            return redirect(url_for("followups.show", follow_up_id=entry.follow_up_id))
    return render_template("followups/entry.html", form=form, party=party, entry=None,
                           follow_up=None, history=[], origin=origin,
                           origin_error=origin_error), \
        422 if form.errors or origin_error else 200


def _origin_for(party: Party):
    """F4: the sales document (of this same party) a new follow-up starts from, or an error."""
    origin_id = request.values.get("origin", type=int)
    if not origin_id:
        return None, None
    try:
        return linkable_origin(party, origin_id), None
    except RuleError as error:
        return None, error.message


@bp.route("/followups/<int:follow_up_id>", methods=["GET", "POST"])
@permission_required(allowed(ACCESS))
def show(follow_up_id: int):
    """Follow Up – Clientes e Fornecedores for an existing follow-up, with its entries grid."""
    follow_up = visible_follow_up_or_404(current_user, follow_up_id)
    form = FollowUpForm(responsible_id=follow_up.responsible_id)
    form.responsible_id.choices = [(u.id, u.name) for u in _assignable_users()]
    if follow_up.responsible_id not in dict(form.responsible_id.choices):
        form.responsible_id.choices.append((follow_up.responsible_id, follow_up.responsible.name))
    if form.validate_on_submit():
        require(current_user, EDIT)
        new_owner = db.session.get(User, form.responsible_id.data)
        if new_owner.id != follow_up.responsible_id and not can(current_user, SEE_ALL):
            abort(403)
        assign(follow_up, new_owner, current_user)
        db.session.commit()
        flash(_("Follow-up saved."), "success")
        return redirect(url_for("followups.index"))
    return render_template("followups/show.html", follow_up=follow_up, form=form,
                           party=follow_up.party, can_add=can(current_user, ADD),
                           sales_documents=documents_of_follow_up(follow_up),
                           can_edit=can(current_user, EDIT)), 422 if form.errors else 200


@bp.route("/followups/<int:follow_up_id>/entries/new", methods=["GET", "POST"])
@permission_required(allowed(ADD))
def add(follow_up_id: int):
    """Inclusão de Observações on an existing follow-up."""
    follow_up = visible_follow_up_or_404(current_user, follow_up_id)
    form = _entry_form(contacted_at=_now_local())
    form.status.choices = form.status.choices[:1]
    if form.validate_on_submit():
        try:
            add_entry(follow_up, current_user, _entry_data(form))
        except RuleError as error:
            db.session.rollback()
            blame(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up entry saved."), "success")
            return redirect(url_for("followups.show", follow_up_id=follow_up.id))
    return render_template("followups/entry.html", form=form, party=follow_up.party, entry=None,
                           follow_up=follow_up, history=follow_up.entries), \
        422 if form.errors else 200


@bp.route("/entries/<int:entry_id>", methods=["GET", "POST"])
@permission_required(allowed(ACCESS))
def entry(entry_id: int):
    """Observações do Follow Up: work a return, reschedule it, close it as Baixado."""
    entry = visible_entry_or_404(current_user, entry_id)
    if request.method == "GET":
        form = _entry_form(entry.type, **entry_form_values(entry))
    else:
        form = _entry_form(entry.type)
    status = 200
    if form.validate_on_submit():
        data = _entry_data(form)
        closing = is_closing(entry, data)
        try:
            update_entry(entry, current_user, data, form.version.data)
            db.session.commit()
        except RuleError as error:
            db.session.rollback()
            blame(form, error)
        except (StaleEdit, StaleDataError):
            db.session.rollback()
            status = 409
            flash(_("Someone else changed this entry while you edited it. Your text is kept "
                    "below; compare with the history and save again."), "error")
            form.version.data = str(entry.version)
        else:
            flash(_("Return closed (Done).") if closing else _("Follow-up entry saved."),
                  "success")
            if request.args.get("back") == "followup":
                return redirect(url_for("followups.show", follow_up_id=entry.follow_up_id))
            return redirect(url_for("followups.index"))
    return render_template(
        "followups/entry.html", form=form, party=entry.party, entry=entry,
        follow_up=entry.follow_up, history=earlier_entries(entry),
        change_log=change_history("entry", entry.id, FIELD_LABELS, shown_value),
        delete_form=DeleteForm(),
        can_delete=can(current_user, DELETE)), (422 if form.errors and status == 200 else status)


@bp.route("/entries/<int:entry_id>/delete", methods=["POST"])
@permission_required(allowed(DELETE))
def delete_entry(entry_id: int):
    """Soft-delete an entry (an admin can restore it)."""
    entry = visible_entry_or_404(current_user, entry_id)
    if DeleteForm().validate_on_submit():
        soft_delete_entry(entry, current_user)
        db.session.commit()
        flash(_("Entry deleted."), "success")
    return redirect(url_for("followups.show", follow_up_id=entry.follow_up_id))
