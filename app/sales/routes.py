"""Orçamento, Pedido de Venda, Venda: list, create (also from a follow-up), edit, cancel,
convert."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..followups.visibility import visible_follow_up_or_404
from ..form_errors import blame
from ..form_keys import once_per_form_key
from ..formatting import date_pattern
from ..gates import permission_required
from ..history import change_history
from ..menu import MenuLink, add_menu_link
from ..models import FollowUp, SalesDocument
from ..permissions import (
    FOLLOW_UP_ADD,
    SALES_ACCESS,
    SALES_ADD,
    SALES_CANCEL,
    SALES_EDIT,
    SALES_SEE_ALL,
    allowed,
    can,
    require,
)
from ..rules import RuleError, StaleEdit
from ..settings.services import business_today, get_settings
from ..validation import parse_day
from .follow_up_documents import create_document_with_follow_up, follow_ups_of_document
from .forms import BLANK_LINE_ROWS, MAX_LINES, DocumentForm
from .labels import DOCUMENT_FIELD_LABELS, document_value
from .lines import LineInput
from .queries import DocumentFilters, derived_documents, list_documents, salespeople, totals_of
from .services import (
    DocumentInput,
    check_follow_up_accepts_documents,
    create_document,
    update_document,
)
from .statuses import (
    CHOSEN_STATUSES,
    KIND_LABELS,
    KIND_PLURALS,
    KIND_SLUGS,
    NEW_TITLES,
    SLUG_OF,
    STATUS_LABELS,
    can_cancel,
    can_convert,
    is_locked,
    locked_message,
)
from .template_filters import install_template_filters
from .totals import document_totals, preview_totals
from .visibility import visible_document_or_404

bp = Blueprint("sales", __name__)


@bp.record_once
def _install(state) -> None:
    for endpoint, label in (("sales.quotes", _l("Quotes")), ("sales.orders", _l("Sales orders")),
                            ("sales.sales", _l("Sales"))):
        add_menu_link(state.app, MenuLink("processes", endpoint, label,
                                          visible=allowed(SALES_ACCESS)))
    install_template_filters(state.app)


def _kind_or_404(slug: str) -> str:
    if slug not in KIND_SLUGS:
        abort(404)
    return KIND_SLUGS[slug]


def index(slug: str):
    """List one kind of document, searchable and filtered, newest first."""
    kind = _kind_or_404(slug)
    args = request.args
    status = args.get("status", "")
    filters = DocumentFilters(
        q=args.get("q", "")[:100], status=status if status in STATUS_LABELS[kind] else "",
        date_from=parse_day(args.get("from", ""), date_pattern()),
        date_to=parse_day(args.get("to", ""), date_pattern()),
        salesperson_id=args.get("salesperson", type=int))
    page = max(args.get("page", 1, type=int), 1)
    documents, has_next = list_documents(current_user, kind, filters, page,
                                         current_app.config["PAGE_SIZE"])
    return render_template("sales/index.html", kind=kind, slug=slug, documents=documents,
                           totals=totals_of(documents), filters=filters, page=page,
                           has_next=has_next, statuses=STATUS_LABELS[kind],
                           users=salespeople(current_user), title=KIND_PLURALS[kind],
                           can_add=can(current_user, SALES_ADD))


_index = permission_required(allowed(SALES_ACCESS))(index)
for _slug in KIND_SLUGS:
    bp.add_url_rule(f"/documents/{_slug}/", endpoint=_slug, defaults={"slug": _slug},
                    view_func=_index)
bp.add_url_rule("/documents/<slug>/", endpoint="index", view_func=_index)


def _form(kind: str, document: SalesDocument | None = None, **values) -> DocumentForm:
    form = DocumentForm(**values)
    nobody = [(0, "—")] if can(current_user, SALES_SEE_ALL) else []
    form.salesperson_id.choices = nobody + [(u.id, u.name) for u in salespeople(
        current_user, document.salesperson_id if document else None)]
    choices = list(CHOSEN_STATUSES[kind])
    if len(choices) == 1:
        del form.status
    else:
        form.status.choices = [(s, str(STATUS_LABELS[kind][s])) for s in choices]
    wanted = BLANK_LINE_ROWS if request.method == "GET" else 1
    while _blank_rows(form) < wanted and len(form.lines.entries) < MAX_LINES:
        form.add_blank_lines(1)
    return form


def _blank_rows(form: DocumentForm) -> int:
    return sum(row.is_blank for row in _typed_rows(form))


def _typed_rows(form: DocumentForm) -> list[LineInput]:
    return [LineInput(product_code=row.product_code.data or "",
                      description=row.description.data or "",
                      quantity=row.quantity.data, unit_price=row.unit_price.data,
                      discount=row.discount.data)
            for row in (entry.form for entry in form.lines.entries)]


def _document_input(form: DocumentForm) -> DocumentInput:
    return DocumentInput(
        issued_on=form.issued_on.data, customer_code=form.customer_code.data,
        salesperson_id=form.salesperson_id.data or None, notes=(form.notes.data or "").strip(),
        status=form.status.data if "status" in form else None, lines=_typed_rows(form))


def _render(form: DocumentForm, kind: str, document: SalesDocument | None,
            follow_up: FollowUp | None, status: int = 200, lines_error: str | None = None):
    context = {"read_only": False}
    if document is not None:
        user = current_user
        context = dict(company_name=get_settings().company_name,
                       saved_totals=document_totals(document.lines),
                       follow_ups=follow_ups_of_document(document, user),
                       derived=derived_documents(document, user),
                       can_cancel=can_cancel(document) and can(user, SALES_CANCEL),
                       can_convert=can_convert(document) and can(user, SALES_ADD),
                       locked=is_locked(document), locked_message=locked_message(document)
                       if is_locked(document) else "" if can(user, SALES_EDIT) else
                       _("You may not change quotes, orders and sales; ask your administrator."),
                       can_add_follow_up=can(user, FOLLOW_UP_ADD) and document.party.active,
                       read_only=(is_locked(document) or not can(user, SALES_EDIT))
                       and request.method == "GET",
                       change_log=change_history("sales_document", document.id,
                                                    DOCUMENT_FIELD_LABELS,
                                                    document_value(document.kind)))
    row_totals, preview = preview_totals(_typed_rows(form))
    starts_follow_up = document is None and follow_up is None \
        and request.args.get("new_follow_up") == "1"
    return render_template(
        "sales/document.html", form=form, kind=kind, slug=SLUG_OF[kind], document=document,
        follow_up=follow_up, starts_follow_up=starts_follow_up, kind_label=KIND_LABELS[kind],
        new_title=NEW_TITLES[kind], row_totals=row_totals,
        totals=context["saved_totals"] if context["read_only"] else preview,
        lines_error=lines_error, title=KIND_LABELS[kind], **context), status


def _follow_up_from_request() -> FollowUp | None:
    follow_up_id = request.values.get("follow_up", type=int)
    if not follow_up_id:
        return None
    return visible_follow_up_or_404(current_user, follow_up_id)


@bp.route("/documents/<slug>/new", methods=["GET", "POST"])
@permission_required(allowed(SALES_ADD))
@once_per_form_key
def create(slug: str):
    """Incluir a document; from a follow-up (F5) it is for that customer and returns there."""
    kind = _kind_or_404(slug)
    follow_up = _follow_up_from_request()
    starts_follow_up = follow_up is None and request.args.get("new_follow_up") == "1"
    if starts_follow_up:
        require(current_user, FOLLOW_UP_ADD)
    if follow_up is not None:
        try:
            check_follow_up_accepts_documents(follow_up)
        except RuleError as error:
            flash(error.message, "error")
            return redirect(url_for("followups.show", follow_up_id=follow_up.id))
    if request.method == "GET":
        form = _form(kind, issued_on=business_today(), salesperson_id=current_user.id,
                     customer_code=str(follow_up.party.code) if follow_up else
                     request.args.get("customer", ""),
                     follow_up=str(follow_up.id) if follow_up else "")
    else:
        form = _form(kind)
    if form.more_lines.data:
        form.add_blank_lines()
        return _render(form, kind, None, follow_up)
    if form.validate_on_submit():
        try:
            if starts_follow_up:
                document = create_document_with_follow_up(kind, _document_input(form),
                                                          by=current_user)
            else:
                document = create_document(kind, _document_input(form), follow_up,
                                           by=current_user)
        except RuleError as error:
            db.session.rollback()
            general = blame(form, error)
            return _render(form, kind, None, follow_up, 422, lines_error=general)
        db.session.commit()
        flash(_("%(kind)s %(number)s saved.", kind=KIND_LABELS[kind], number=document.number),
              "success")
        if follow_up is not None:
            return redirect(url_for("followups.show", follow_up_id=follow_up.id))
        if starts_follow_up:  # F5 before the first entry: now the follow-up's first entry
            return redirect(url_for("followups.add", follow_up_id=document.follow_up_id))
        return redirect(url_for("sales.edit", document_id=document.id))
    return _render(form, kind, None, follow_up, 422 if form.errors else 200)


@bp.route("/documents/<int:document_id>", methods=["GET", "POST"])
@permission_required(allowed(SALES_ACCESS))
def edit(document_id: int):
    """Show a document and change it (Alterar) while it is neither converted nor cancelled."""
    document = visible_document_or_404(current_user, document_id)
    if request.method == "POST":
        require(current_user, SALES_EDIT)
    kind = document.kind
    if request.method == "GET":
        form = _form(kind, document, issued_on=document.issued_on,
                     # A customer picked in the Consulta page comes back as ?customer=code.
                     customer_code=request.args.get("customer") or str(document.party.code),
                     salesperson_id=document.salesperson_id or 0, status=document.status,
                     notes=document.notes, version=str(document.version),
                     lines=[{"product_code": line.product.code if line.product else "",
                             "description": line.description, "quantity": line.quantity,
                             "unit_price": line.unit_price, "discount": line.discount}
                            for line in document.lines])
    else:
        form = _form(kind, document)
    if request.method == "POST" and form.more_lines.data:
        form.add_blank_lines()
        return _render(form, kind, document, None)
    if form.validate_on_submit():
        try:
            update_document(document, _document_input(form), typed_version=form.version.data,
                            by=current_user)
            db.session.commit()
        except StaleEdit:
            db.session.rollback()
            flash(_("Someone else changed this document while you edited it. Your values are "
                    "below; check them and save again."), "error")
            document = db.get_or_404(SalesDocument, document_id)
            form.version.data = str(document.version)
            return _render(form, kind, document, None, 409)
        except RuleError as error:
            db.session.rollback()
            document = db.get_or_404(SalesDocument, document_id)
            general = blame(form, error)
            # Locked meanwhile (converted, cancelled) is a conflict, not a typing mistake.
            return _render(form, kind, document, None, 409 if is_locked(document) else 422,
                           lines_error=general)
        except StaleDataError:
            db.session.rollback()
            flash(_("Someone else changed this document while you edited it."), "error")
            return _render(form, kind, db.get_or_404(SalesDocument, document_id), None, 409)
        flash(_("%(kind)s %(number)s saved.", kind=KIND_LABELS[kind], number=document.number),
              "success")
        return redirect(url_for("sales.edit", document_id=document.id))
    return _render(form, kind, document, None, 422 if form.errors else 200)
