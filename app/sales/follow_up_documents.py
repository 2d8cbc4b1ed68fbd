"""Sales documents and follow-ups: F4 starts a follow-up from a document, F5 a document from a
follow-up."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..followups.visibility import can_see_follow_up
from ..models import CUSTOMER, FollowUp, Party, SalesDocument, User
from ..permissions import FOLLOW_UP_ADD, require
from ..rules import RuleError
from .services import DocumentInput, create_document
from .statuses import KIND_LABELS
from .totals import Totals, document_totals
from .visibility import can_see_document, scope_documents


def linkable_origin(party: Party, document_id: int, user: User) -> SalesDocument:
    """F4: the document a new follow-up of this party starts from (same party only, one the
    user may see)."""
    document = db.session.get(SalesDocument, document_id)
    if document is None or not can_see_document(user, document):
        raise RuleError("origin", _l("The document this follow-up should start from does not "
                                     "exist."))
    if document.party_id != party.id:
        raise RuleError("origin", _l(
            "%(kind)s %(number)s belongs to %(name)s: a follow-up can only be linked to a "
            "document of its own party.", kind=KIND_LABELS[document.kind],
            number=document.number, name=document.party.name))
    return document


def follow_ups_of_document(document: SalesDocument, user: User) -> list[FollowUp]:
    """The follow-ups started from this document, and the one it was started from."""
    query = select(FollowUp).where(or_(
        FollowUp.origin_document_id == document.id,
        FollowUp.id == document.follow_up_id)).order_by(FollowUp.created_at.desc())
    return [f for f in db.session.scalars(query) if can_see_follow_up(user, f)]


def documents_of_follow_up(follow_up: FollowUp, user: User
                           ) -> list[tuple[SalesDocument, Totals]]:
    """The documents started from this follow-up (F5) that the user may see, with their totals,
    oldest first."""
    documents = db.session.scalars(
        scope_documents(select(SalesDocument), user)
        .where(SalesDocument.follow_up_id == follow_up.id)
        .options(selectinload(SalesDocument.lines)).order_by(SalesDocument.id))
    return [(document, document_totals(document.lines)) for document in documents]


def offers_documents(follow_up: FollowUp) -> bool:
    """F5 is offered on a follow-up of an active customer (never of a supplier)."""
    return follow_up.party.kind == CUSTOMER and follow_up.party.active


def create_document_with_follow_up(kind: str, data: DocumentInput, *, by: User) -> SalesDocument:
    """F5 before the first entry: the document and a new follow-up of its customer, linked both
    ways (the follow-up starts from the document, the document belongs to the follow-up); the
    caller commits."""
    require(by, FOLLOW_UP_ADD)
    document = create_document(kind, data, None, by=by)
    follow_up = FollowUp(party_id=document.party_id, responsible_id=by.id, created_by_id=by.id,
                         origin_document_id=document.id)
    db.session.add(follow_up)
    db.session.flush()
    document.follow_up_id = follow_up.id
    db.session.flush()
    return document
