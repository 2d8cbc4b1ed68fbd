"""Configurações Gerais."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..menu import MenuLink, add_menu_link

bp = Blueprint("settings", __name__)


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("admin", "settings.index", _l("General settings"),
                                      visible=lambda user: bool(user.is_admin)))


from . import routes  # noqa: E402,F401
