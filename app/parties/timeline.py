"""A party's timeline: its follow-up entries and sales documents, newest first."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..followups.visibility import scope_entries
from ..models import FollowUpEntry, Party, SalesDocument, User
from ..sales.visibility import scope_documents


def party_timeline(party: Party, user: User, limit: int = 100) -> list[dict]:
    """Every visible follow-up entry and sales document of a party, newest first."""
    entries = db.session.scalars(
        scope_entries(select(FollowUpEntry), user)
        .where(FollowUpEntry.party_id == party.id)
        .options(joinedload(FollowUpEntry.type))
        .order_by(FollowUpEntry.contacted_at.desc()).limit(limit))
    documents = db.session.scalars(
        scope_documents(select(SalesDocument), user).where(SalesDocument.party_id == party.id)
        .order_by(SalesDocument.created_at.desc()).limit(limit))
    items = [{"kind": "entry", "at": e.contacted_at, "record": e} for e in entries]
    items += [{"kind": "document", "at": d.created_at, "record": d} for d in documents]
    return sorted(items, key=lambda item: item["at"], reverse=True)[:limit]
