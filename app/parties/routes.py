"""Cadastro de Clientes e Fornecedores: list, create, edit, delete, code lookup, Consulta."""

from flask import (
    Blueprint,
    abort,
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
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..form_errors import refuse
from ..form_keys import once_per_form_key
from ..gates import is_admin, permission_required
from ..history import change_history
from ..lookup_requests import (
    SUGGESTIONS,
    pick_target,
    requested_page,
    requested_size,
    requested_text,
)
from ..menu import MenuLink, add_menu_link
from ..models import CUSTOMER, SUPPLIER, Party
from ..pagination import one_page
from ..permissions import (
    FOLLOW_UP_ACCESS,
    FOLLOW_UP_ADD,
    PARTY_ACCESS,
    PARTY_ADD,
    PARTY_DELETE,
    PARTY_EDIT,
    SALES_ACCESS,
    allowed,
    can,
    require,
)
from ..rules import RuleError, StaleEdit
from ..sales.queries import totals_of
from ..validation import format_document
from .forms import BLANK_CONTACT_ROWS, PartyForm
from .labels import FIELD_LABELS, KIND_SINGULAR, shown_value
from .lookup import lookup_page
from .lookup_rows import grid_rows, lookup_headers, lookup_item, lookup_kind, name_column
from .services import (
    PARTY_FIELDS,
    ContactInput,
    PartyInput,
    PartyInUse,
    create_party,
    delete_party,
    find_by_code,
    search_query,
    update_party,
)
from .timeline import party_timeline

bp = Blueprint("parties", __name__, url_prefix="/parties")


KIND_SLUGS = {"customers": CUSTOMER, "suppliers": SUPPLIER}
KIND_TITLES = {CUSTOMER: _l("Customers"), SUPPLIER: _l("Suppliers")}


@bp.record_once
def _add_menu(state) -> None:
    for slug, kind in KIND_SLUGS.items():
        add_menu_link(state.app, MenuLink("records", "parties.index", KIND_TITLES[kind],
                                          visible=allowed(PARTY_ACCESS), values=(("slug", slug),)))


def _kind_or_404(slug: str) -> str:
    if slug not in KIND_SLUGS:
        abort(404)
    return KIND_SLUGS[slug]


def slug_of(kind: str) -> str:
    return "customers" if kind == CUSTOMER else "suppliers"


@bp.route("/<slug>")
@permission_required(allowed(PARTY_ACCESS))
def index(slug: str):
    """List customers or suppliers, searchable by code, name, CPF/CNPJ and phone."""
    kind = _kind_or_404(slug)
    text = request.args.get("q", "")[:100]
    include_inactive = request.args.get("inactive") == "1"
    page = max(request.args.get("page", 1, type=int), 1)
    parties, has_next = one_page(search_query(kind, text, include_inactive=include_inactive), page,
                                 current_app.config["PAGE_SIZE"])
    return render_template("parties/index.html", kind=kind, slug=slug, parties=parties,
                           has_next=has_next, page=page, q=text,
                           include_inactive=include_inactive, title=KIND_TITLES[kind],
                           can_add=can(current_user, PARTY_ADD))


def _party_input(form: PartyForm) -> PartyInput:
    values = {name: form[name].data for name in PARTY_FIELDS}
    contacts = [ContactInput(**{key: entry.data.get(key) or "" for key in
                                ("name", "role", "phone", "email")})
                for entry in form.contacts.entries]
    return PartyInput(**values, contacts=contacts)


@bp.route("/<slug>/new", methods=["GET", "POST"])
@permission_required(allowed(PARTY_ADD))
@once_per_form_key
def create(slug: str):
    """Register a new customer or supplier."""
    kind = _kind_or_404(slug)
    form = PartyForm()
    if form.validate_on_submit():
        try:
            party = create_party(kind, _party_input(form), by=current_user)
        except RuleError as error:
            refuse(form, error)
            return _render_form(form, kind, None, status=422)
        db.session.commit()
        flash(_("%(kind)s %(code)s saved.", kind=KIND_SINGULAR[kind], code=party.code), "success")
        return redirect(url_for("parties.edit", party_id=party.id))
    return _render_form(form, kind, None)


@bp.route("/<int:party_id>", methods=["GET", "POST"])
@permission_required(allowed(PARTY_ACCESS))
def edit(party_id: int):
    """Show and change a customer or supplier."""
    party = db.get_or_404(Party, party_id)
    if request.method == "POST":
        require(current_user, PARTY_EDIT)
    form = PartyForm(obj=party) if request.method == "GET" else PartyForm()
    if request.method == "GET":
        form.document.data = format_document(party.document)
        while len(form.contacts.entries) < len(party.contacts) + BLANK_CONTACT_ROWS:
            form.contacts.append_entry()
    if form.validate_on_submit():
        try:
            update_party(party, _party_input(form), request.form.get("version"),
                         by=current_user)
            db.session.commit()
        except (StaleEdit, StaleDataError):
            db.session.rollback()
            flash(_("This record was changed by someone else while you edited it. Your values are "
                    "below; check them and save again."), "error")
            return _render_form(form, party.kind, db.get_or_404(Party, party_id), status=409)
        except RuleError as error:
            refuse(form, error)
            return _render_form(form, party.kind, db.get_or_404(Party, party_id), status=422)
        flash(_("%(kind)s %(code)s saved.", kind=KIND_SINGULAR[party.kind], code=party.code),
              "success")
        return redirect(url_for("parties.edit", party_id=party.id))
    return _render_form(form, party.kind, party)


def _render_form(form: PartyForm, kind: str, party: Party | None, status: int | None = None):
    timeline = party_timeline(party, current_user) if party else []
    documents = [item["record"] for item in timeline if item["kind"] == "document"]
    change_log = change_history("party", party.id, FIELD_LABELS, shown_value) if party else []
    code = status or (422 if form.errors else 200)
    user = current_user
    return render_template("parties/form.html", form=form, kind=kind, slug=slug_of(kind),
                           party=party, timeline=timeline, timeline_totals=totals_of(documents),
                           change_log=change_log, title=KIND_SINGULAR[kind],
                           can_save=can(user, PARTY_EDIT if party else PARTY_ADD),
                           can_delete=can(user, PARTY_DELETE),
                           can_follow_up=can(user, FOLLOW_UP_ADD),
                           can_list_follow_ups=can(user, FOLLOW_UP_ACCESS),
                           can_see_privacy=is_admin(user)), code


@bp.route("/<int:party_id>/delete", methods=["POST"])
@permission_required(allowed(PARTY_DELETE))
def delete(party_id: int):
    """Delete a party that nothing references; otherwise explain and offer deactivation."""
    party = db.get_or_404(Party, party_id)
    slug = slug_of(party.kind)
    try:
        delete_party(party, by=current_user)
    except PartyInUse:
        flash(_("This record cannot be deleted: follow-ups or sales documents refer to it. "
                "Untick Active and save to deactivate it instead."), "error")
        return redirect(url_for("parties.edit", party_id=party.id))
    db.session.commit()
    flash(_("Record deleted."), "success")
    return redirect(url_for("parties.index", slug=slug))


@bp.route("/lookup")
@permission_required(allowed(PARTY_ACCESS, FOLLOW_UP_ACCESS, SALES_ACCESS))
def lookup():
    """Return a party's name, phones and contacts by kind and code (the F3 code field, a
    document's customer): for whoever works with parties, follow-ups or sales documents."""
    kind = KIND_SLUGS.get(request.args.get("kind", ""), request.args.get("kind", ""))
    party = find_by_code(kind, request.args.get("code", ""))
    if party is None:
        kind_word = str(KIND_SINGULAR.get(kind, _l("record"))).lower()
        return jsonify(found=False, message=_("No %(kind)s with this code.", kind=kind_word)), 404
    if not party.active:
        return jsonify(found=False, message=_("This record is inactive.")), 404
    return jsonify(found=True, id=party.id, code=party.code, name=party.name,
                   trade_name=party.trade_name, phones=party.phones, email=party.email,
                   contacts=[{"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
                             for c in party.contacts])


@bp.route("/lookup/matches")
@permission_required(allowed(PARTY_ACCESS, FOLLOW_UP_ACCESS, SALES_ACCESS))
def lookup_matches():
    """Consulta as JSON: a page of matches for the suggestion list and the F9 grid."""
    kind = lookup_kind(request.args.get("kind", ""))
    page = requested_page()
    parties, has_next = lookup_page(requested_text(), kind, page, requested_size(SUGGESTIONS))
    return jsonify(page=page, has_next=has_next, headers=lookup_headers(kind),
                   items=[lookup_item(party, kind) for party in parties])


@bp.route("/lookup/grid")
@permission_required(allowed(PARTY_ACCESS, FOLLOW_UP_ACCESS, SALES_ACCESS))
def lookup_grid():
    """Consulta (F9) as a page, also without JavaScript: a row picks that party for the form
    that opened it (or opens the party's record)."""
    kind, text, page = lookup_kind(request.args.get("kind", "")), requested_text(), requested_page()
    parties, has_next = lookup_page(text, kind, page, current_app.config["PAGE_SIZE"])
    target = pick_target()
    return render_template("parties/lookup_grid.html", rows=grid_rows(parties, kind, target),
                           headers=lookup_headers(kind), name_column=name_column(kind), kind=kind,
                           q=text, page=page, has_next=has_next, target=target, title=_("Lookup"))
