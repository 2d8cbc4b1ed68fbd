"""Running the switched-on rules: each subject in its own short transaction, a failure on one
logged and skipped, a subject already marked (here or by another process) never done twice."""

import logging
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from ..extensions import db
from ..i18n import force_locale
from ..models import AutomaticRule
from ..settings.services import get_settings
from ..sqlite_tuning import read_only_transactions
from . import after_sale, no_contact, open_quote
from .returns import create_once, marked_subjects
from .rule_settings import AFTER_SALE, NO_CONTACT, OPEN_QUOTE, enabled_rules

log = logging.getLogger(__name__)

# Each rule module answers due(rule, today), subject_of(record), return_for(rule, record, today).
RULE_MODULES: dict[str, ModuleType] = {AFTER_SALE: after_sale, OPEN_QUOTE: open_quote,
                                       NO_CONTACT: no_contact}


class IncompleteReturn(ValueError):
    """A rule found no type or no user for a return (no active type, no administrator)."""


@dataclass(frozen=True)
class RuleRun:
    rule: str
    created: int
    failed: int


def run_rule(rule: AutomaticRule, today: date) -> RuleRun:
    """Create the rule's returns that are due and not made yet; commit each one."""
    # Finding the work only reads: on SQLite it runs beside the app's writers, not before them.
    with read_only_transactions():
        name, module = rule.name, RULE_MODULES[rule.name]
        done = marked_subjects(name)
        work = [(module.subject_of(record), record) for record in module.due(rule, today)]
        db.session.commit()
    created = failed = 0
    for subject, record in work:
        if subject in done:
            continue
        try:
            candidate = module.return_for(rule, record, today)
            if candidate.type_id is None or candidate.responsible_id is None:
                raise IncompleteReturn(candidate.subject)
            if create_once(name, candidate) is not None:
                created += 1
            db.session.commit()
        except Exception:  # noqa: BLE001 - one bad document must not stop the others
            db.session.rollback()
            failed += 1
            log.exception("automatic rule %s failed on %s; going on", name, subject)
    return RuleRun(name, created, failed)


def run_rules(today: date) -> list[RuleRun]:
    """Run every switched-on rule; the notes they write are in the company's language."""
    with read_only_transactions():
        language = get_settings().default_language
        rules = enabled_rules()
        db.session.commit()  # end the reading transaction: each return gets its own
    with force_locale(language):
        return [run_rule(rule, today) for rule in rules]
