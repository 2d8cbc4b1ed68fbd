"""All models, importable from one place (Alembic's autogenerate reads them from here)."""

from .audit import AuditEvent, FormSubmission, LoginAttempt
from .automation import AutomaticRule, RuleMark
from .complaints import (
    COMPLAINT_IN_PROGRESS,
    COMPLAINT_OPEN,
    COMPLAINT_RESOLVED,
    COMPLAINT_STATUSES,
    Complaint,
)
from .followups import DONE, OPEN, FollowUp, FollowUpEntry, FollowUpType
from .imports import ImportMapping
from .leases import OfficeLease
from .parties import CUSTOMER, PARTY_KINDS, SUPPLIER, Contact, Party, PartySearchTerm
from .sales import DOCUMENT_KINDS, ORDER, QUOTE, SALE, Product, SalesDocument, SalesDocumentLine
from .settings import Holiday, Settings
from .users import User

__all__ = [
    "AuditEvent", "FormSubmission", "LoginAttempt", "DONE", "OPEN", "FollowUp", "FollowUpEntry",
    "FollowUpType", "CUSTOMER", "PARTY_KINDS", "SUPPLIER", "Contact", "Party", "PartySearchTerm",
    "DOCUMENT_KINDS", "ORDER", "QUOTE", "SALE", "Product", "SalesDocument", "SalesDocumentLine",
    "Holiday", "OfficeLease", "Settings", "User", "AutomaticRule", "RuleMark",
    "COMPLAINT_IN_PROGRESS", "COMPLAINT_OPEN", "COMPLAINT_RESOLVED", "COMPLAINT_STATUSES",
    "Complaint", "ImportMapping",
]
