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
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..drafts import forget_draft
from ..extensions import db
from ..form_errors import refuse
from ..form_keys import once_per_form_key
from ..gates import permission_required
from ..menu import MenuLink, add_menu_link
from ..models import CUSTOMER, Party, SalesDocument, User
from ..parties.lookup import choose_party
from ..parties.services import find_by_code
from ..permissions import (
    FOLLOW_UP_ACCESS,
    FOLLOW_UP_ADD,
    FOLLOW_UP_EDIT,
    FOLLOW_UP_SEE_ALL,
    SALES_ADD,
    allowed,
    can,
)
from ..rules import RuleError
from ..sales.follow_up_documents import documents_of_follow_up, linkable_origin
from ..sales.services import check_party_accepts_documents
from ..sales.statuses import KIND_SLUGS
from ..settings.services import business_today, default_type_for
from .forms import EntryForm, FollowUpForm, StartForm
from .list_filters import filters_from_request, party_field
from .ownership import assignable_users, change_responsible
from .services import (
    active_types,
    add_entry,
    list_entries,
    now_local,
    start_follow_up,
)
from .visibility import visible_follow_up_or_404

bp = Blueprint("followups", __name__)


@bp.record_once
def _add_menu(state) -> None:
    for group in ("direct", "processes"):
        add_menu_link(state.app, MenuLink(group, "followups.index", _l("Follow-up"),
                                          visible=allowed(FOLLOW_UP_ACCESS)))


@bp.route("/followups/")
@permission_required(allowed(FOLLOW_UP_ACCESS))
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
                           party_field=party_field(filters), users=assignable_users(current_user),
                           can_see_all=can(current_user, FOLLOW_UP_SEE_ALL),
                           can_add=can(current_user, FOLLOW_UP_ADD),
                           can_edit=can(current_user, FOLLOW_UP_EDIT))


@bp.route("/followups/new", methods=["GET", "POST"])
@permission_required(allowed(FOLLOW_UP_ADD))
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
        elif request.form.get("document"):
            try:
                return redirect(_f5_document_url(party, request.form["document"]))
            except RuleError as error:
                form.code.errors.append(error.message)
        else:
            return redirect(url_for("followups.new_entry", party=party.id,
                                    origin=request.values.get("origin", type=int)))
    origin_id = request.values.get("origin", type=int)
    return render_template("followups/start.html", form=form, origin_id=origin_id, matches=matches,
                           f5_party=None if origin_id else _f5_customer(form)), \
        422 if form.errors else 200


def _start_code_problem(form: StartForm, matches: list[Party]) -> str:
    """Why the typed code (or name, CPF/CNPJ, phone) does not name one party of that kind."""
    kind = _("customer") if form.kind.data == CUSTOMER else _("supplier")
    if matches:
        return _("Several records match “%(text)s”: choose one below.", text=form.code.data)
    if form.code.data.isdecimal():
        return _("No %(kind)s with code %(code)s.", kind=kind, code=form.code.data)
    return _("No %(kind)s matches “%(text)s”.", kind=kind, text=form.code.data)


def _f5_document_url(party: Party, slug: str) -> str:
    """F5 before the first entry: the new document's page; saving it starts the follow-up."""
    if slug not in KIND_SLUGS:
        abort(400)
    check_party_accepts_documents(party)
    return url_for("sales.create", slug=slug, customer=party.code, new_follow_up=1)


def _f5_customer(form: StartForm) -> Party | None:
    """The active customer the typed code shows, for whom F5 is offered (None: not offered)."""
    if form.kind.data != CUSTOMER or not (form.code.data or "").isdigit() or form.code.errors:
        return None
    party = find_by_code(CUSTOMER, form.code.data)
    return party if party is not None and party.active else None


def new_entry_form(origin: SalesDocument | None) -> EntryForm:
    """Inclusão de Observações: now as the contact date, open, and the type the settings give a
    follow-up started from the origin document's kind (Venda: Pós-Venda)."""
    values = {"contacted_at": now_local()}
    type_id = default_type_for(origin.kind) if origin is not None else None
    if type_id is not None:
        values["type_id"] = type_id
    form = EntryForm(**values)
    form.offer_types(active_types())
    form.status.choices = form.status.choices[:1]  # a new return starts open
    return form


@bp.route("/followups/new/entry", methods=["GET", "POST"])
@permission_required(allowed(FOLLOW_UP_ADD))
@once_per_form_key
def new_entry():
    """Inclusão de Observações for a new follow-up; Salvar stores both and opens the follow-up."""
    party = db.get_or_404(Party, request.args.get("party", 0, type=int))  # missing: 404
    if not party.active:
        abort(404)
    origin, origin_error = _origin_for(party)
    form = new_entry_form(origin)
    draft_key = url_for("followups.new_entry", party=party.id)
    if form.validate_on_submit() and origin_error is None:
        try:
            entry = start_follow_up(party, current_user, form.entry_data(), origin=origin)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            forget_draft(draft_key)
            flash(_("Follow-up entry saved."), "success")
            return redirect(url_for("followups.show", follow_up_id=entry.follow_up_id))
    return render_template("followups/entry.html", form=form, party=party, entry=None,
                           follow_up=None, history=[], origin=origin,
                           origin_error=origin_error, draft_key=draft_key), \
        422 if form.errors or origin_error else 200


def _origin_for(party: Party):
    """F4: the sales document (of this same party) a new follow-up starts from, or an error."""
    origin_id = request.values.get("origin", type=int)
    if not origin_id:
        return None, None
    try:
        return linkable_origin(party, origin_id, current_user), None
    except RuleError as error:
        return None, error.message


@bp.route("/followups/<int:follow_up_id>", methods=["GET", "POST"])
@permission_required(allowed(FOLLOW_UP_ACCESS))
def show(follow_up_id: int):
    """Follow Up – Clientes e Fornecedores for an existing follow-up, with its entries grid."""
    follow_up = visible_follow_up_or_404(current_user, follow_up_id)
    form = FollowUpForm(responsible_id=follow_up.responsible_id)
    form.responsible_id.choices = [(u.id, u.name) for u in assignable_users(current_user)]
    if follow_up.responsible_id not in dict(form.responsible_id.choices):
        form.responsible_id.choices.append((follow_up.responsible_id, follow_up.responsible.name))
    if form.validate_on_submit():
        try:
            change_responsible(follow_up, db.session.get(User, form.responsible_id.data),
                               current_user)
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            flash(_("Follow-up saved."), "success")
            return redirect(url_for("followups.index"))
    return render_template("followups/show.html", follow_up=follow_up, form=form,
                           party=follow_up.party, can_add=can(current_user, FOLLOW_UP_ADD),
                           sales_documents=documents_of_follow_up(follow_up, current_user),
                           can_add_sales=can(current_user, SALES_ADD),
                           can_edit=can(current_user, FOLLOW_UP_EDIT)), 422 if form.errors else 200


@bp.route("/followups/<int:follow_up_id>/entries/new", methods=["GET", "POST"])
@permission_required(allowed(FOLLOW_UP_ADD))
@once_per_form_key
def add(follow_up_id: int):
    """Inclusão de Observações on an existing follow-up."""
    follow_up = visible_follow_up_or_404(current_user, follow_up_id)
    form = new_entry_form(follow_up.origin_document)
    draft_key = url_for("followups.add", follow_up_id=follow_up.id)
    if form.validate_on_submit():
        try:
            add_entry(follow_up, current_user, form.entry_data())
        except RuleError as error:
            refuse(form, error)
        else:
            db.session.commit()
            forget_draft(draft_key)
            flash(_("Follow-up entry saved."), "success")
            return redirect(url_for("followups.show", follow_up_id=follow_up.id))
    return render_template("followups/entry.html", form=form, party=follow_up.party, entry=None,
                           follow_up=follow_up, history=follow_up.entries,
                           draft_key=draft_key), 422 if form.errors else 200
