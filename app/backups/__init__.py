"""Backups (admins): the list, a backup now, restore; and bringing back deleted entries."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..menu import MenuLink, add_menu_link

bp = Blueprint("backups", __name__, url_prefix="/admin")


@bp.record_once
def _add_menu(state) -> None:
    admin_only = lambda user: bool(user.is_admin)  # noqa: E731
    add_menu_link(state.app, MenuLink("admin", "backups.index", _l("Backups"), visible=admin_only))
    add_menu_link(state.app, MenuLink("admin", "backups.deleted_entries", _l("Deleted entries"),
                                      visible=admin_only))


from . import routes  # noqa: E402,F401
