"""Rule: a concluded Venda gets a Pós-Venda return for its salesperson in N business days."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import SALE, AutomaticRule, SalesDocument
from ..sales.statuses import COMPLETED
from ..settings.calendar import add_business_days
from ..settings.services import default_type_for
from .returns import Candidate, fallback_responsible, first_active_type


def due(rule: AutomaticRule, today: date) -> list[SalesDocument]:
    """Sales of active customers concluded since the rule was switched on."""
    query = select(SalesDocument).where(SalesDocument.kind == SALE,
                                        SalesDocument.status == COMPLETED)
    if rule.enabled_at is not None:
        query = query.where(SalesDocument.created_at >= rule.enabled_at)
    return [sale for sale in db.session.scalars(query.order_by(SalesDocument.id))
            if sale.party.active]


def subject_of(sale: SalesDocument) -> str:
    return f"sale:{sale.id}"


def return_for(rule: AutomaticRule, sale: SalesDocument, today: date) -> Candidate:
    """The Pós-Venda return N business days after the sale (today at the earliest)."""
    return Candidate(
        subject=subject_of(sale), party_id=sale.party_id,
        responsible_id=sale.salesperson_id or fallback_responsible(),
        type_id=default_type_for(SALE) or first_active_type(),
        return_date=max(add_business_days(sale.issued_on, rule.delay_days), today),
        notes=_("After-sales call for sale %(number)s.", number=sale.number),
        origin_document_id=sale.id)
