"""Soft-deleted follow-up entries: the list an admin looks at, and one to bring back."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import FollowUpEntry

LIST_LIMIT = 200


def recently_deleted_entries(limit: int = LIST_LIMIT) -> list[FollowUpEntry]:
    """Return the most recently deleted entries, newest deletion first."""
    return list(db.session.scalars(
        select(FollowUpEntry).where(FollowUpEntry.deleted_at.is_not(None))
        .options(joinedload(FollowUpEntry.party), joinedload(FollowUpEntry.responsible))
        .order_by(FollowUpEntry.deleted_at.desc(), FollowUpEntry.id.desc()).limit(limit)))


def deleted_entry(entry_id: int) -> FollowUpEntry | None:
    """Return the entry when it exists and is deleted (else None)."""
    entry = db.session.get(FollowUpEntry, entry_id)
    return entry if entry is not None and entry.deleted_at is not None else None
