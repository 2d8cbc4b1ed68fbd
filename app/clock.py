"""The one place that reads the clock, so tests can freeze it and zones stay explicit."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzlocal

DEFAULT_ZONE = "America/Sao_Paulo"
# Names of plain UTC: a machine set to it is a server or an unset clock, not a Brazilian office.
UTC_NAMES = {"UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich"}


def now_utc() -> datetime:
    """Return the current instant as an aware UTC datetime."""
    return datetime.now(UTC)


def machine_zone_name() -> str:
    """Return the IANA name of this machine's time zone, or São Paulo when unknown."""
    try:
        return tzlocal.get_localzone_name() or DEFAULT_ZONE
    except Exception:  # noqa: BLE001 - a broken OS setting must not stop the app
        return DEFAULT_ZONE


def machine_says_utc() -> bool:
    return machine_zone_name().removeprefix("Etc/") in UTC_NAMES


def default_zone_name() -> str:
    """The zone used while none is configured: the machine's, or São Paulo if it says UTC."""
    return DEFAULT_ZONE if machine_says_utc() else machine_zone_name()


def zone(name: str | None) -> ZoneInfo:
    """Return the ZoneInfo for a name, falling back to the default zone."""
    try:
        return ZoneInfo(name or default_zone_name())
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def today_in(zone_name: str | None) -> date:
    """Return the calendar date it is now in the given business time zone."""
    return now_utc().astimezone(zone(zone_name)).date()


def to_local(moment: datetime, zone_name: str | None) -> datetime:
    """Convert a UTC datetime (naive values are taken as UTC) into the business zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(zone_name))


def local_to_utc(local: datetime, zone_name: str | None) -> datetime:
    """Interpret a naive wall-clock datetime in the business zone and return it in UTC."""
    return local.replace(tzinfo=zone(zone_name)).astimezone(UTC)


def week_of(day: date) -> tuple[date, date]:
    """The business week holding a day: its Monday and the next Monday."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=7)


def week_in_utc(day: date, zone_name: str | None) -> tuple[datetime, datetime]:
    """The instants the business week holding a day starts and ends, in UTC."""
    monday, next_monday = week_of(day)
    return (local_to_utc(datetime.combine(monday, time()), zone_name),
            local_to_utc(datetime.combine(next_monday, time()), zone_name))
