"""Administrator-only pages: the check every route of Configurações and Usuários runs first."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def admin_required(view):
    """Let only an active administrator through (403 for everyone else, also forged posts)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not (current_user.is_authenticated and current_user.active and current_user.is_admin):
            abort(403)
        return view(*args, **kwargs)

    return wrapper
