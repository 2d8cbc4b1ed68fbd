"""Cadastro de Usuários: accounts, alert options and Follow Up permissions (admins only)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..menu import MenuLink, add_menu_link

bp = Blueprint("users", __name__)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("admin", "users.index", _l("Users"),
                                      visible=lambda user: bool(user.is_admin)))


from . import routes  # noqa: E402,F401
