"""The two gates every view goes through: administrators only, or one area permission."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .models import User


def is_admin(user: User) -> bool:
    """True for a signed-in, active administrator (menus and views ask the same question)."""
    return bool(user.is_authenticated and user.active and user.is_admin)


def admin_required(view: Callable) -> Callable:
    """Let only an active administrator through (403 for everyone else, also forged posts)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not is_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def permission_required(check: Callable[[User], bool]) -> Callable[[Callable], Callable]:
    """Let through a signed-in user for whom check(user) holds (403 otherwise)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate
