"""The Follow Up list's filters as the request carries them, the party field among them."""

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import request, url_for

from ..extensions import db
from ..formatting import date_pattern
from ..models import OPEN, PARTY_KINDS, Party
from ..parties.lookup import choose_party
from ..parties.lookup_rows import lookup_label
from ..validation import parse_day
from .services import PERIODS, STATUSES, ListFilters


def filters_from_request() -> ListFilters:
    """Read the list's filters from the query string (the list page and its export)."""
    args = request.args
    status = args.get("status", OPEN)
    period = args.get("period", "")
    filters = ListFilters(
        status=status if status in STATUSES else OPEN,
        period=period if period in PERIODS else "",
        date_from=parse_day(args.get("from", ""), date_pattern()),
        date_to=parse_day(args.get("to", ""), date_pattern()),
        type_id=args.get("type", type=int), user_id=args.get("user", type=int),
        party_kind=args.get("pkind", "") if args.get("pkind") in PARTY_KINDS else "",
        text=args.get("q", "")[:200])
    if filters.date_from or filters.date_to:
        filters.period = "range"
    filters.party_id = _party_filter(filters.party_kind or None)
    return filters


def _party_text() -> str | None:
    """What was typed in the list's party field (None when the request has no such field)."""
    text = request.args.get("pq", request.args.get("pcode"))
    return None if text is None else text.strip()[:120]


def _party_filter(kind: str | None) -> int | None:
    """The one party the list is limited to: the one picked in the Consulta, a link's party,
    or the only one the typed text names (-1, listing nothing, when it names none or several)."""
    party_id = request.args.get("party", type=int)
    text = _party_text()
    if text is None:
        return party_id
    if not text:
        return None
    picked = db.session.get(Party, party_id) if party_id else None
    if picked is not None and text == lookup_label(picked):
        return picked.id
    choice = choose_party(text, kind)
    return choice.party.id if choice.party else -1


@dataclass
class PartyField:
    """The list's party field as shown again, with what the Consulta offers beside it."""

    text: str  # the picked party's label, or what was typed
    choices: list[tuple[Party, str]]  # when the text names several: each, and the list for it
    grid_url: str  # the lupa: the Consulta page, picking returns to this list


def party_field(filters: ListFilters) -> PartyField:
    party = db.session.get(Party, filters.party_id) if filters.party_id else None
    typed = lookup_label(party) if party is not None else _party_text() or ""
    matches = choose_party(typed, filters.party_kind or None).matches \
        if filters.party_id == -1 else []
    this_list = _list_url(party=None, pq=None, pcode=None, page=None)
    return PartyField(
        typed, [(match, _list_url(party=str(match.id), pq=None, pcode=None, page=None))
                for match in matches],
        url_for("parties.lookup_grid", kind=filters.party_kind or None, next=this_list,
                param="party", value="id"))


def _list_url(**changes: str | None) -> str:
    """This list's address with some arguments changed (None drops one)."""
    args = request.args.to_dict()
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value
    return request.path + (f"?{urlencode(args)}" if args else "")
