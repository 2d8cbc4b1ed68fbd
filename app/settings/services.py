"""Reading the general settings and the business calendar."""

from datetime import date

from flask import g, has_app_context

from ..clock import machine_zone_name, today_in
from ..extensions import db
from ..models import Settings


def get_settings() -> Settings:
    """Return the single settings row (created by the first migration)."""
    settings = db.session.get(Settings, 1)
    if settings is None:  # a database restored from an odd source: recreate the defaults
        settings = Settings(id=1)
        db.session.add(settings)
        db.session.flush()
    return settings


def business_zone_name() -> str:
    """Return the configured business time zone, or the machine's, cached per request."""
    if has_app_context() and "business_zone" in g:
        return g.business_zone
    name = get_settings().time_zone or machine_zone_name()
    if has_app_context():
        g.business_zone = name
    return name


def business_today() -> date:
    """Return today's date in the business time zone."""
    return today_in(business_zone_name())
