"""Which sales documents a user may see: narrowed inside every query; without "see other users'"
a user sees only the documents he is the salesperson of, and another's answers 404."""

from sqlalchemy import Select, false
from werkzeug.exceptions import NotFound

from ..extensions import db
from ..models import SalesDocument, User
from ..permissions import SALES_ACCESS, SALES_SEE_ALL, can


def scope_documents(query: Select, user: User) -> Select:
    """Restrict a query of SalesDocument to the documents this user may see."""
    if not can(user, SALES_ACCESS):
        return query.where(false())
    if not can(user, SALES_SEE_ALL):
        query = query.where(SalesDocument.salesperson_id == user.id)
    return query


def can_see_document(user: User, document: SalesDocument) -> bool:
    return can(user, SALES_ACCESS) and (
        can(user, SALES_SEE_ALL) or document.salesperson_id == user.id)


def visible_document_or_404(user: User, document_id: int) -> SalesDocument:
    """The document if this user may see it; 404 otherwise (as if it did not exist)."""
    document = db.session.get(SalesDocument, document_id)
    if document is None or not can_see_document(user, document):
        raise NotFound()
    return document
