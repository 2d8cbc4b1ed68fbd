"""Rule: a customer with no contact in N days gets a return (once per silence: a new contact
followed by another N days of silence makes a new one)."""

from datetime import date

from flask_babel import gettext as _

from ..models import AutomaticRule
from .returns import Candidate, fallback_responsible, first_active_type
from .silent_customers import SilentCustomer, all_silent_customers


def due(rule: AutomaticRule, today: date) -> list[SilentCustomer]:
    """The Clientes sem contato list."""
    return all_silent_customers(today, rule.delay_days)


def subject_of(silent: SilentCustomer) -> str:
    since = silent.last_contact.date().isoformat() if silent.last_contact else "never"
    return f"party:{silent.party.id}:{since}"


def return_for(rule: AutomaticRule, silent: SilentCustomer, today: date) -> Candidate:
    """A return for today, for whoever held the customer's last entry (else the last sale's
    salesperson, else the first administrator)."""
    salesperson = silent.last_sale.salesperson_id if silent.last_sale else None
    return Candidate(
        subject=subject_of(silent), party_id=silent.party.id,
        responsible_id=silent.last_responsible_id or salesperson or fallback_responsible(),
        type_id=first_active_type(), return_date=today,
        notes=_("No contact in %(num)d days: call the customer.", num=rule.delay_days))
