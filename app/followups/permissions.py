"""Follow Up permissions, checked on the server for every route and inside every query."""

from collections.abc import Callable

from sqlalchemy import Select, false
from werkzeug.exceptions import Forbidden, NotFound

from ..extensions import db
from ..models import FollowUp, FollowUpEntry, User

ACCESS, ADD, EDIT, MARK_DONE, DELETE, SEE_ALL = (
    "access", "add", "edit", "mark_done", "delete", "see_all")
_FLAGS = {
    ACCESS: "can_access_followups", ADD: "can_add_followups", EDIT: "can_edit_followups",
    MARK_DONE: "can_mark_done_followups", DELETE: "can_delete_followups",
    SEE_ALL: "can_see_all_followups",
}


def can(user: User, permission: str) -> bool:
    """True when the user holds this Follow Up permission (admins hold all)."""
    if not user.is_authenticated or not user.active:
        return False
    if user.is_admin:
        return True
    if permission != ACCESS and not user.can_access_followups:
        return False
    return bool(getattr(user, _FLAGS[permission]))


class PermissionDenied(Forbidden):
    """The user lacks a permission the action needs (answered as 403 wherever it is raised)."""


def require(user: User, permission: str) -> None:
    """Refuse the action unless the user holds this permission."""
    if not can(user, permission):
        raise PermissionDenied()


def allowed(permission: str) -> Callable[[User], bool]:
    """The check `gates.permission_required` runs for a view that needs this permission."""
    return lambda user: can(user, permission)


def scope_entries(query: Select, user: User) -> Select:
    """Restrict an entry query to what the user may see (and never soft-deleted rows)."""
    query = query.where(FollowUpEntry.deleted_at.is_(None))
    if not can(user, ACCESS):  # no access: no rows, no counts, no notification text
        return query.where(false())
    if not can(user, SEE_ALL):
        query = query.where(FollowUpEntry.responsible_id == user.id)
    return query


def can_see_follow_up(user: User, follow_up: FollowUp) -> bool:
    return can(user, ACCESS) and (can(user, SEE_ALL) or follow_up.responsible_id == user.id)


def visible_follow_up_or_404(user: User, follow_up_id: int) -> FollowUp:
    """The follow-up if this user may see it; 404 otherwise (as if it did not exist)."""
    follow_up = db.session.get(FollowUp, follow_up_id)
    if follow_up is None or not can_see_follow_up(user, follow_up):
        raise NotFound()
    return follow_up


def visible_entry_or_404(user: User, entry_id: int) -> FollowUpEntry:
    """The entry if this user may see it and it is not deleted; 404 otherwise."""
    entry = db.session.get(FollowUpEntry, entry_id)
    if entry is None or entry.deleted_at is not None \
            or not can_see_follow_up(user, entry.follow_up):
        raise NotFound()
    return entry
