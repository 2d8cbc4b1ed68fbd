"""Reading the general settings and the business calendar."""

from datetime import date
from zoneinfo import available_timezones

from flask import g, has_app_context
from sqlalchemy import func, select

from ..brazil import STATES
from ..clock import default_zone_name, today_in
from ..extensions import db
from ..models import FollowUpType, Holiday, Settings

MAX_DELAY_DAYS = 3650


def get_settings() -> Settings:
    """Return the single settings row (created by the first migration)."""
    settings = db.session.get(Settings, 1)
    if settings is None:  # a database restored from an odd source: recreate the defaults
        settings = Settings(id=1)
        db.session.add(settings)
        db.session.flush()
    return settings


def business_zone_name() -> str:
    """Return the configured business time zone, or the default one, cached per request."""
    if has_app_context() and "business_zone" in g:
        return g.business_zone
    name = get_settings().time_zone or default_zone_name()
    if has_app_context():
        g.business_zone = name
    return name


def business_today() -> date:
    """Return today's date in the business time zone."""
    return today_in(business_zone_name())


class SettingsRuleError(ValueError):
    """A settings change was refused; field names the form field to blame."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def update_general(alerts_enabled: bool, time_zone: str | None, state: str | None, *,
                   company_name: str | None = None) -> Settings:
    """Change the alarm switch, the business time zone, the holidays' state and (when given)
    the company's name; the caller commits."""
    if time_zone and time_zone not in available_timezones():
        raise SettingsRuleError("time_zone", "unknown_zone")
    if state and state not in STATES:
        raise SettingsRuleError("state", "unknown_state")
    settings = get_settings()
    settings.alerts_enabled = alerts_enabled
    settings.time_zone = time_zone or None
    settings.state = state or None
    if company_name is not None:
        settings.company_name = " ".join(company_name.split())
    if has_app_context():
        g.pop("business_zone", None)
    return settings


def all_types() -> list[FollowUpType]:
    """Every follow-up type, active or not, in the order users see them."""
    return list(db.session.scalars(
        select(FollowUpType).order_by(FollowUpType.position, FollowUpType.name)))


def _check_type(name: str, delay: int | None, keep: FollowUpType | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise SettingsRuleError("name", "empty_name")
    if delay is not None and not 0 <= delay <= MAX_DELAY_DAYS:
        raise SettingsRuleError("default_delay_days", "bad_delay")
    folded = name.casefold()
    if any(t.name.casefold() == folded and t is not keep for t in all_types()):
        raise SettingsRuleError("name", "duplicate_name")
    return name


def create_type(name: str, delay: int | None, business_days: bool) -> FollowUpType:
    """Add a follow-up type at the end of the list; the caller commits."""
    name = _check_type(name, delay)
    last = db.session.scalar(select(func.max(FollowUpType.position))) or 0
    kind = FollowUpType(name=name, default_delay_days=delay, business_days=business_days,
                        position=last + 1, active=True)
    db.session.add(kind)
    db.session.flush()
    return kind


def update_type(kind: FollowUpType, name: str, delay: int | None, business_days: bool,
                active: bool) -> None:
    """Rename, change the default delay of, or (de)activate a type; the caller commits."""
    kind.name = _check_type(name, delay, keep=kind)
    kind.default_delay_days = delay
    kind.business_days = business_days
    kind.active = active


def move_type(kind: FollowUpType, step: int) -> None:
    """Move a type one place up (-1) or down (+1), renumbering the list; the caller commits."""
    ordered = all_types()
    index = ordered.index(kind)
    target = min(max(index + step, 0), len(ordered) - 1)
    ordered.insert(target, ordered.pop(index))
    for position, item in enumerate(ordered):
        item.position = position


def all_holidays() -> list[Holiday]:
    return list(db.session.scalars(select(Holiday).order_by(Holiday.day)))


def add_holiday(day: date, name: str) -> Holiday:
    """Add one of the company's own days off; the caller commits."""
    name = " ".join((name or "").split())
    if not name:
        raise SettingsRuleError("name", "empty_description")
    if db.session.scalar(select(Holiday.id).where(Holiday.day == day)) is not None:
        raise SettingsRuleError("day", "duplicate_day")
    holiday = Holiday(day=day, name=name)
    db.session.add(holiday)
    db.session.flush()
    return holiday
