"""The automatic rules' switches and delays (Configurações Gerais), off until an admin says."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..clock import now_utc
from ..extensions import db
from ..models import AutomaticRule
from ..rules import RuleError

AFTER_SALE = "after_sale"
OPEN_QUOTE = "open_quote"
NO_CONTACT = "no_contact"
RULE_NAMES = (AFTER_SALE, OPEN_QUOTE, NO_CONTACT)
DEFAULT_DELAYS = {AFTER_SALE: 7, OPEN_QUOTE: 7, NO_CONTACT: 90}
MAX_RULE_DELAY = 3650
DELAY_MESSAGE = _l("Type a number of days from 1 to 3650.")

# What the entry and the list say made a return ("Regra: Pós-Venda após a Venda").
RULE_LABELS = {
    AFTER_SALE: _l("After-sales return after a concluded sale"),
    OPEN_QUOTE: _l("Quote still open with no follow-up"),
    NO_CONTACT: _l("Customer without contact"),
}


@dataclass
class RuleChoice:
    """What the settings form carries for one rule."""

    enabled: bool
    delay_days: int | None


def rule(name: str) -> AutomaticRule:
    """The rule's row (created off, with its default delay, when a database lacks it)."""
    found = db.session.get(AutomaticRule, name)
    if found is None:
        found = AutomaticRule(name=name, enabled=False, delay_days=DEFAULT_DELAYS[name])
        db.session.add(found)
    return found


def all_rules() -> dict[str, AutomaticRule]:
    """Every rule by name, in the order the settings page shows them."""
    stored = {r.name: r for r in db.session.scalars(select(AutomaticRule))}
    return {name: stored.get(name) or AutomaticRule(name=name, enabled=False,
                                                     delay_days=DEFAULT_DELAYS[name])
            for name in RULE_NAMES}


def enabled_rules() -> list[AutomaticRule]:
    return [r for r in db.session.scalars(
        select(AutomaticRule).where(AutomaticRule.enabled.is_(True))) if r.name in RULE_NAMES]


def no_contact_days() -> int:
    """How many days without contact put a customer on the Clientes sem contato list."""
    return all_rules()[NO_CONTACT].delay_days


def update_rules(choices: dict[str, RuleChoice]) -> None:
    """Switch rules on or off and set their delays; refuse a delay of 0, negative or over 3650
    beside its field (named "<rule>-delay_days"); the caller commits."""
    errors = {f"{name}-delay_days": DELAY_MESSAGE for name, choice in choices.items()
              if choice.delay_days is None or not 1 <= choice.delay_days <= MAX_RULE_DELAY}
    if errors:
        raise RuleError(errors=errors)
    for name, choice in choices.items():
        row = rule(name)
        if choice.enabled and not row.enabled:
            row.enabled_at = now_utc()
        row.enabled = choice.enabled
        row.delay_days = choice.delay_days
