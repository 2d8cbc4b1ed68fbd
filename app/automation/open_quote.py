"""Rule: an Orçamento still open N days after its date, with no follow-up, gets an Em Análise
return for its salesperson."""

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import exists, select

from ..extensions import db
from ..models import QUOTE, AutomaticRule, FollowUp, SalesDocument
from ..sales.statuses import DOCUMENT_OPEN
from ..settings.services import default_type_for
from .returns import Candidate, fallback_responsible, first_active_type


def due(rule: AutomaticRule, today: date) -> list[SalesDocument]:
    """Open quotes of active customers issued N days ago or earlier that no follow-up started
    from or belongs to."""
    query = select(SalesDocument).where(
        SalesDocument.kind == QUOTE, SalesDocument.status == DOCUMENT_OPEN,
        SalesDocument.issued_on <= today - timedelta(days=rule.delay_days),
        SalesDocument.follow_up_id.is_(None),
        ~exists().where(FollowUp.origin_document_id == SalesDocument.id))
    return [quote for quote in db.session.scalars(query.order_by(SalesDocument.id))
            if quote.party.active]


def subject_of(quote: SalesDocument) -> str:
    return f"quote:{quote.id}"


def return_for(rule: AutomaticRule, quote: SalesDocument, today: date) -> Candidate:
    """An Em Análise return for today."""
    return Candidate(
        subject=subject_of(quote), party_id=quote.party_id,
        responsible_id=quote.salesperson_id or fallback_responsible(),
        type_id=default_type_for(QUOTE) or first_active_type(), return_date=today,
        notes=_("Quote %(number)s is still open: ask the customer about it.",
                number=quote.number),
        origin_document_id=quote.id)
