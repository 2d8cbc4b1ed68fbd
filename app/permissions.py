"""Every area's permissions (Cadastro de Usuários), checked on the server for each route.

A permission is an area and an action; the User column holding it is `can_<action>_<area>`.
Queries narrow what a user sees in each area's own module (followups/visibility.py,
sales/visibility.py); this module only answers "may this user do this".
"""

from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.exceptions import Forbidden

from .models import User


@dataclass(frozen=True)
class Permission:
    area: str  # "followups", "parties", "sales", "products"
    action: str  # "access", "add", "edit", "mark_done", "delete", "cancel", "see_all"

    @property
    def flag(self) -> str:
        """The User column that holds this permission."""
        return f"can_{self.action}_{self.area}"

    @property
    def access(self) -> "Permission":
        """The area's access permission, without which no other action of the area counts."""
        return Permission(self.area, "access")


FOLLOW_UP_ACCESS = Permission("followups", "access")
FOLLOW_UP_ADD = Permission("followups", "add")
FOLLOW_UP_EDIT = Permission("followups", "edit")
FOLLOW_UP_MARK_DONE = Permission("followups", "mark_done")
FOLLOW_UP_DELETE = Permission("followups", "delete")
FOLLOW_UP_SEE_ALL = Permission("followups", "see_all")

PARTY_ACCESS = Permission("parties", "access")
PARTY_ADD = Permission("parties", "add")
PARTY_EDIT = Permission("parties", "edit")
PARTY_DELETE = Permission("parties", "delete")

SALES_ACCESS = Permission("sales", "access")
SALES_ADD = Permission("sales", "add")
SALES_EDIT = Permission("sales", "edit")
SALES_CANCEL = Permission("sales", "cancel")
SALES_SEE_ALL = Permission("sales", "see_all")

PRODUCT_ACCESS = Permission("products", "access")
PRODUCT_EDIT = Permission("products", "edit")  # incluir and alterar

# The manual's groups, in the order Cadastro de Usuários shows them.
AREAS: dict[str, tuple[Permission, ...]] = {
    "followups": (FOLLOW_UP_ACCESS, FOLLOW_UP_ADD, FOLLOW_UP_EDIT, FOLLOW_UP_MARK_DONE,
                  FOLLOW_UP_DELETE, FOLLOW_UP_SEE_ALL),
    "parties": (PARTY_ACCESS, PARTY_ADD, PARTY_EDIT, PARTY_DELETE),
    "sales": (SALES_ACCESS, SALES_ADD, SALES_EDIT, SALES_CANCEL, SALES_SEE_ALL),
    "products": (PRODUCT_ACCESS, PRODUCT_EDIT),
}
PERMISSION_FLAGS = tuple(p.flag for group in AREAS.values() for p in group)


def can(user: User, permission: Permission) -> bool:
    """True when the user holds this permission (admins hold all)."""
    if not user.is_authenticated or not user.active:
        return False
    if user.is_admin:
        return True
    if permission.action != "access" and not getattr(user, permission.access.flag):
        return False
    return bool(getattr(user, permission.flag))


def can_any(user: User, *permissions: Permission) -> bool:
    """True when the user holds at least one of these permissions."""
    return any(can(user, permission) for permission in permissions)


class PermissionDenied(Forbidden):
    """The user lacks a permission the action needs (answered as 403 wherever it is raised)."""


def require(user: User, permission: Permission) -> None:
    """Refuse the action unless the user holds this permission."""
    if not can(user, permission):
        raise PermissionDenied()


def allowed(*permissions: Permission) -> Callable[[User], bool]:
    """The check `gates.permission_required` runs: the user holds one of these permissions."""
    return lambda user: can_any(user, *permissions)
