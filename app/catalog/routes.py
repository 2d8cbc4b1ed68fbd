"""Cadastro de Produtos: list, create, edit, and the code lookup and Consulta of document lines."""

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
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db
from ..fields import format_amount
from ..form_errors import refuse
from ..form_keys import once_per_form_key
from ..gates import permission_required
from ..history import change_history
from ..lookup_requests import (
    SUGGESTIONS,
    pick_target,
    requested_page,
    requested_size,
    requested_text,
)
from ..menu import MenuLink, add_menu_link
from ..models import Product
from ..pagination import one_page
from ..permissions import PRODUCT_ACCESS, PRODUCT_EDIT, SALES_ACCESS, allowed, can, require
from ..rules import RuleError, StaleEdit
from .forms import ProductForm
from .labels import FIELD_LABELS, shown_value
from .services import (
    ProductInput,
    create_product,
    find_product,
    lookup_query,
    search_query,
    update_product,
)

bp = Blueprint("catalog", __name__)



@bp.record_once
def _register_menu(state) -> None:
    add_menu_link(state.app, MenuLink("records", "catalog.index", _l("Products"),
                                      visible=allowed(PRODUCT_ACCESS)))


@bp.route("/products/")
@permission_required(allowed(PRODUCT_ACCESS))
def index():
    """List products, searchable by code or description."""
    text = request.args.get("q", "")[:100]
    include_inactive = request.args.get("inactive") == "1"
    page = max(request.args.get("page", 1, type=int), 1)
    products, has_next = one_page(search_query(text, include_inactive=include_inactive), page,
                                  current_app.config["PAGE_SIZE"])
    return render_template("catalog/index.html", products=products, q=text,
                           include_inactive=include_inactive, page=page, has_next=has_next,
                           title=_("Products"), can_add=can(current_user, PRODUCT_EDIT))


def _input(form: ProductForm) -> ProductInput:
    return ProductInput(code=form.code.data, description=form.description.data,
                        unit=form.unit.data, price=form.price.data, active=form.active.data)


def _render(form: ProductForm, product: Product | None, status: int = 200):
    change_log = change_history("product", product.id, FIELD_LABELS, shown_value) \
        if product else []
    return render_template("catalog/form.html", form=form, product=product, title=_("Product"),
                           change_log=change_log,
                           can_save=can(current_user, PRODUCT_EDIT)), status


@bp.route("/products/new", methods=["GET", "POST"])
@permission_required(allowed(PRODUCT_EDIT))
@once_per_form_key
def create():
    """Add a product to the catalog."""
    form = ProductForm()
    if form.validate_on_submit():
        try:
            product = create_product(_input(form), by=current_user)
        except RuleError as error:
            refuse(form, error)
            return _render(form, None, 422)
        db.session.commit()
        flash(_("Product %(code)s saved.", code=product.code), "success")
        return redirect(url_for("catalog.index"))
    return _render(form, None, 422 if form.errors else 200)


@bp.route("/products/<int:product_id>", methods=["GET", "POST"])
@permission_required(allowed(PRODUCT_ACCESS))
def edit(product_id: int):
    """Change a product; deactivate it to stop offering it on new lines."""
    product = db.get_or_404(Product, product_id)
    if request.method == "POST":
        require(current_user, PRODUCT_EDIT)
    form = ProductForm(obj=product) if request.method == "GET" else ProductForm()
    if form.validate_on_submit():
        try:
            update_product(product, _input(form), typed_version=form.version.data,
                           by=current_user)
            db.session.commit()
        except StaleEdit:
            db.session.rollback()
            flash(_("This record was changed by someone else while you edited it. Your values "
                    "are below; check them and save again."), "error")
            product = db.get_or_404(Product, product_id)
            form.version.data = str(product.version)
            return _render(form, product, 409)
        except RuleError as error:
            refuse(form, error)
            return _render(form, db.get_or_404(Product, product_id), 422)
        except StaleDataError:
            db.session.rollback()
            flash(_("This record was changed by someone else while you edited it."), "error")
            return _render(form, db.get_or_404(Product, product_id), 409)
        flash(_("Product %(code)s saved.", code=product.code), "success")
        return redirect(url_for("catalog.index"))
    return _render(form, product, 422 if form.errors else 200)


@bp.route("/products/lookup")
@permission_required(allowed(PRODUCT_ACCESS, SALES_ACCESS))
def lookup():
    """Return a product's description, unit and price by code (to fill a document line)."""
    product = find_product(request.args.get("code", "").strip())
    if product is None:
        return jsonify(found=False, message=_("No product with this code.")), 404
    if not product.active:
        return jsonify(found=False, message=_("This product is inactive.")), 404
    return jsonify(found=True, code=product.code, description=product.description,
                   unit=product.unit, price=format_amount(product.price, 2))


LOOKUP_HEADERS = (_l("Code"), _l("Description"), _l("Unit"), _l("Price"))


def _lookup_cells(product: Product) -> list[str]:
    return [product.code, product.description, product.unit, format_amount(product.price, 2)]


@bp.route("/products/lookup/matches")
@permission_required(allowed(PRODUCT_ACCESS, SALES_ACCESS))
def lookup_matches():
    """Consulta of products as JSON: a page of matches for the suggestion list and F9 grid."""
    page = requested_page()
    products, has_next = one_page(lookup_query(requested_text()), page,
                                  requested_size(SUGGESTIONS))
    return jsonify(page=page, has_next=has_next, headers=[str(h) for h in LOOKUP_HEADERS],
                   items=[{"id": p.id, "value": p.code, "active": p.active,
                           "label": f"{p.code} — {p.description}", "cells": _lookup_cells(p),
                           "detail": " · ".join(_lookup_cells(p)[2:])} for p in products])


@bp.route("/products/lookup/grid")
@permission_required(allowed(PRODUCT_ACCESS, SALES_ACCESS))
def lookup_grid():
    """Consulta of products as a page, also without JavaScript."""
    text, page = requested_text(), requested_page()
    products, has_next = one_page(lookup_query(text), page, current_app.config["PAGE_SIZE"])
    target = pick_target()
    rows = []
    for product in products:
        if target is None:
            href = url_for("catalog.edit", product_id=product.id)
        else:
            href = target.url(product.code, product.id) if product.active else ""
        rows.append({"cells": _lookup_cells(product), "active": product.active, "href": href})
    return render_template("catalog/lookup_grid.html", rows=rows,
                           headers=[str(h) for h in LOOKUP_HEADERS], name_column=1, q=text,
                           page=page, has_next=has_next, target=target, title=_("Lookup"))
