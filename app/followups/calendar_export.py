"""Calendar out: a user's open returns as an iCalendar (.ics) file for Outlook or Google Calendar.

One event per open return the user is responsible for: all day on the Data Retorno, or at the
Hora do retorno in the business zone. The description carries the party's name and phones and
the follow-up's first line; the Comentário Interno never leaves the app this way.
"""

from datetime import date, datetime, timedelta

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from icalendar import Calendar, Event
from sqlalchemy.orm import joinedload

from ..clock import now_utc, zone
from ..extensions import db
from ..gates import permission_required
from ..menu import MenuLink, add_menu_link
from ..models import OPEN, FollowUpEntry, User
from ..permissions import FOLLOW_UP_ACCESS, allowed
from ..settings.services import business_today, business_zone_name
from .routes import bp
from .services import ListFilters, entry_list_query

MAX_EVENTS = 10_000
TIMED_LENGTH = timedelta(minutes=30)  # a timed return shows as a half-hour slot


def open_returns(user: User, today: date) -> list[FollowUpEntry]:
    """The user's own open returns, in the list's order (what the user may see, no one else's)."""
    query = entry_list_query(user, ListFilters(status=OPEN, user_id=user.id), today)
    return list(db.session.scalars(query.options(
        joinedload(FollowUpEntry.party), joinedload(FollowUpEntry.type)).limit(MAX_EVENTS)))


def entry_event(entry: FollowUpEntry, zone_name: str) -> Event:
    """One return as a VEVENT whose UID stays the same from one download to the next."""
    event = Event()
    event.add("uid", f"retorno-entry-{entry.id}@retorno")
    event.add("dtstamp", entry.updated_at or now_utc())
    event.add("summary", f"{entry.party.name} · {entry.type.name}")
    if entry.return_time is None:
        event.add("dtstart", entry.return_date)
        event.add("dtend", entry.return_date + timedelta(days=1))
    else:
        start = datetime.combine(entry.return_date, entry.return_time, tzinfo=zone(zone_name))
        event.add("dtstart", start)
        event.add("dtend", start + TIMED_LENGTH)
    lines = [entry.party.name, *(f"{_('Phone')}: {phone}" for phone in entry.party.phones),
             f"{_('Follow-up type')}: {entry.type.name}", entry.notes_first_line]
    event.add("description", "\n".join(line for line in lines if line))
    return event


def open_returns_calendar(user: User, today: date) -> bytes:
    """The user's open returns as the bytes of an .ics file."""
    calendar = Calendar()
    calendar.add("prodid", "-//Retorno//Follow-up returns//PT")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Follow-up returns"))
    zone_name = business_zone_name()
    for entry in open_returns(user, today):
        calendar.add_component(entry_event(entry, zone_name))
    calendar.add_missing_timezones()
    return calendar.to_ical()


@bp.record_once
def _add_menu(state) -> None:
    add_menu_link(state.app, MenuLink("user", "followups.calendar_file", _l("My calendar (.ics)"),
                                      visible=allowed(FOLLOW_UP_ACCESS)))


@bp.route("/followups/agenda.ics")
@permission_required(allowed(FOLLOW_UP_ACCESS))
def calendar_file():
    """Download my open returns as an .ics file for a calendar app."""
    stamp = business_today().strftime("%Y-%m-%d")
    return Response(open_returns_calendar(current_user, business_today()),
                    mimetype="text/calendar", headers={
                        "Content-Disposition": f'attachment; filename="retornos-{stamp}.ics"'})
