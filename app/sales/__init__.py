"""Orçamentos, Pedidos de Venda, Vendas and the product catalog."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..menu import MenuLink, add_menu_link

bp = Blueprint("sales", __name__)


@bp.record_once
def _register_menu(state) -> None:
    for endpoint, label in (("sales.quotes", _l("Quotes")), ("sales.orders", _l("Sales orders")),
                            ("sales.sales", _l("Sales"))):
        add_menu_link(state.app, MenuLink("processes", endpoint, label))
    add_menu_link(state.app, MenuLink("records", "sales.products", _l("Products")))


from . import product_routes, routes, views  # noqa: E402,F401
