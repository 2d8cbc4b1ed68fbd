"""What of Follow Up a user may see: narrowed inside every query, another user's record is 404."""

from sqlalchemy import Select, false
from werkzeug.exceptions import NotFound

from ..extensions import db
from ..models import FollowUp, FollowUpEntry, User
from ..permissions import FOLLOW_UP_ACCESS, FOLLOW_UP_SEE_ALL, can


def scope_entries(query: Select, user: User) -> Select:
    """Restrict an entry query to what the user may see (and never soft-deleted rows)."""
    query = query.where(FollowUpEntry.deleted_at.is_(None))
    if not can(user, FOLLOW_UP_ACCESS):  # no access: no rows, no counts, no notification text
        return query.where(false())
    if not can(user, FOLLOW_UP_SEE_ALL):
        query = query.where(FollowUpEntry.responsible_id == user.id)
    return query


def can_see_follow_up(user: User, follow_up: FollowUp) -> bool:
    return can(user, FOLLOW_UP_ACCESS) and (
        can(user, FOLLOW_UP_SEE_ALL) or follow_up.responsible_id == user.id)


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
