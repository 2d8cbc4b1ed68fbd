"""Follow Up permissions, checked on the server for every route and inside every query."""

from flask import abort
from sqlalchemy import Select, false

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


def require(user: User, permission: str) -> None:
    if not can(user, permission):
        abort(403)


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
    from ..extensions import db

    follow_up = db.get_or_404(FollowUp, follow_up_id)
    if not can_see_follow_up(user, follow_up):
        abort(404)
    return follow_up
