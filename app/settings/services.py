"""Reading the general settings and the business calendar."""

from datetime import date
from zoneinfo import available_timezones

from flask import g, has_app_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..brazil import STATES
from ..clock import default_zone_name, today_in
from ..extensions import db
from ..models import ORDER, QUOTE, SALE, FollowUpType, Holiday, Settings
from ..rules import RuleError

MAX_DELAY_DAYS = 3650


# The session's identity map holds rows weakly: a request that reads the settings in three
# places would load the row three times. The session keeps this strong reference to it.
KEPT_SETTINGS = "retorno_settings"


def get_settings() -> Settings:
    """Return the single settings row (created by the first migration)."""
    kept = db.session.info.get(KEPT_SETTINGS)
    if kept is not None and kept in db.session:  # expired by a commit: reloaded on first use
        return kept
    settings = db.session.get(Settings, 1)
    if settings is None:  # a database restored from an odd source: recreate the defaults
        settings = Settings(id=1)
        db.session.add(settings)
        db.session.flush()
    db.session.info[KEPT_SETTINGS] = settings
    return settings


def session_idle_minutes() -> int:
    """How long a session may go unused (Configurações Gerais)."""
    # The whole row: every request reads it (here, first), and the page's later reads of the
    # settings then find it in the session instead of asking the database again.
    return get_settings().session_idle_minutes or 480


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


def update_general(alerts_enabled: bool, time_zone: str | None, state: str | None,
                   session_idle_hours: int, *, company_name: str | None = None) -> Settings:
    """Change the alarm switch, the business time zone, the holidays' state, the session idle
    timeout and (when given) the company's name; the caller commits."""
    if time_zone and time_zone not in available_timezones():
        raise RuleError("time_zone", _l("Choose a time zone from the list."))
    if state and state not in STATES:
        raise RuleError("state", _l("Choose a state from the list."))
    settings = get_settings()
    settings.alerts_enabled = alerts_enabled
    settings.time_zone = time_zone or None
    settings.state = state or None
    settings.session_idle_minutes = session_idle_hours * 60
    if company_name is not None:
        settings.company_name = " ".join(company_name.split())
    if has_app_context():
        g.pop("business_zone", None)
    return settings


# The column of the settings row holding the follow-up type for each kind of sales document.
DOCUMENT_TYPE_COLUMNS = {QUOTE: "quote_follow_up_type_id", ORDER: "order_follow_up_type_id",
                         SALE: "sale_follow_up_type_id"}


def document_follow_up_types() -> dict[str, int | None]:
    """The Tipo de Follow Up chosen for each kind of sales document (None: none chosen)."""
    settings = get_settings()
    return {kind: getattr(settings, column) for kind, column in DOCUMENT_TYPE_COLUMNS.items()}


def default_type_for(document_kind: str) -> int | None:
    """The active type a follow-up started from this kind of document begins with, if any."""
    type_id = document_follow_up_types().get(document_kind)
    kind = db.session.get(FollowUpType, type_id) if type_id else None
    return kind.id if kind is not None and kind.active else None


def update_document_follow_up_types(chosen: dict[str, int | None]) -> None:
    """Choose the type per document kind (None: the list's first); the caller commits."""
    settings = get_settings()
    errors = {}
    for kind, type_id in chosen.items():
        if type_id is not None:
            follow_up_type = db.session.get(FollowUpType, type_id)
            if follow_up_type is None or not follow_up_type.active:
                errors[kind] = _l("Choose a follow-up type from the list.")
    if errors:
        raise RuleError(errors=errors)
    for kind, type_id in chosen.items():
        setattr(settings, DOCUMENT_TYPE_COLUMNS[kind], type_id)


def all_types() -> list[FollowUpType]:
    """Every follow-up type, active or not, in the order users see them."""
    return list(db.session.scalars(
        select(FollowUpType).order_by(FollowUpType.position, FollowUpType.name)))


def _check_type(name: str, delay: int | None, keep: FollowUpType | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise RuleError("name", _l("Type the name of the follow-up type."))
    if delay is not None and not 0 <= delay <= MAX_DELAY_DAYS:
        raise RuleError("default_delay_days", _l("Type a number of days from 0 to 3650."))
    folded = name.casefold()
    if any(t.name.casefold() == folded and t is not keep for t in all_types()):
        raise RuleError("name", _l("There is already a follow-up type with this name."))
    return name


def create_type(name: str, delay: int | None, business_days: bool) -> FollowUpType:
    """Add a follow-up type at the end of the list; the caller commits."""
    name = _check_type(name, delay)
    last = db.session.scalar(select(func.max(FollowUpType.position))) or 0
    follow_up_type = FollowUpType(name=name, default_delay_days=delay, business_days=business_days,
                        position=last + 1, active=True)
    db.session.add(follow_up_type)
    db.session.flush()
    return follow_up_type


def update_type(follow_up_type: FollowUpType, name: str, delay: int | None,
                business_days: bool, active: bool) -> None:
    """Rename, change the default delay of, or (de)activate a type; the caller commits."""
    follow_up_type.name = _check_type(name, delay, keep=follow_up_type)
    follow_up_type.default_delay_days = delay
    follow_up_type.business_days = business_days
    follow_up_type.active = active


def move_type(follow_up_type: FollowUpType, step: int) -> None:
    """Move a type one place up (-1) or down (+1), renumbering the list; the caller commits."""
    ordered = all_types()
    index = ordered.index(follow_up_type)
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
        raise RuleError("name", _l("Type a description."))
    if db.session.scalar(select(Holiday.id).where(Holiday.day == day)) is not None:
        raise RuleError("day", _l("This day is already in the list."))
    holiday = Holiday(day=day, name=name)
    db.session.add(holiday)
    db.session.flush()
    return holiday


def delete_holiday(holiday: Holiday) -> None:
    """Remove one of the company's own days off; the caller commits."""
    db.session.delete(holiday)
