"""Shared helpers for the automatic rules and complaints tests."""

import re
from datetime import date

from sqlalchemy import select

from app.automation.runner import run_rules
from app.extensions import db
from app.models import AutomaticRule, FollowUpEntry, Holiday
from app.settings.services import business_today

from .alerts_helpers import configure


def rules_form(**rules) -> dict:
    """The automatic rules form: rules named as name=(on, days); the others off at their
    defaults."""
    form = {"complaint_response_days": "5"}
    defaults = {"after_sale": (False, "7"), "open_quote": (False, "7"), "no_contact": (False, "90")}
    for name, (on, days) in {**defaults, **rules}.items():
        form[f"{name}-delay_days"] = str(days)
        if on:
            form[f"{name}-enabled"] = "y"
    return form


def switch_on(web, **rules) -> None:
    """Turn rules on through the settings page (as an administrator would)."""
    response = web.post("/settings/rules", rules_form(**{
        name: (True, days) for name, days in rules.items()}))
    assert response.status_code == 302, response.get_data(as_text=True)


def run_today(app) -> dict[str, int]:
    """Run the switched-on rules once; return how many returns each created."""
    with app.app_context():
        return {run.rule: run.created for run in run_rules(business_today())}


def rule_entries(app, rule: str) -> list[FollowUpEntry]:
    with app.app_context():
        entries = list(db.session.scalars(select(FollowUpEntry).where(
            FollowUpEntry.created_by_rule == rule).order_by(FollowUpEntry.id)))
        for entry in entries:
            entry.follow_up  # noqa: B018 - loaded while the session is open
        db.session.expunge_all()
        return entries


def add_company_holiday(app, day: date) -> None:
    with app.app_context():
        db.session.add(Holiday(day=day, name="Inventário"))
        db.session.commit()


def rule_row(app, name: str) -> AutomaticRule:
    with app.app_context():
        row = db.session.get(AutomaticRule, name)
        db.session.expunge(row)
        return row


def error_beside(page: str, field_id: str) -> str:
    """The message shown beside a field (its aria-describedby paragraph)."""
    match = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-msg"[^>]*>([^<]*)</p>',
                      page)
    return match.group(1).strip() if match else ""


def typed_value(page: str, field_id: str) -> str | None:
    """The value an input shows again (None when the input is missing)."""
    tag = re.search(rf'<input[^>]*\bid="{re.escape(field_id)}"[^>]*>', page)
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


__all__ = ["configure"]
