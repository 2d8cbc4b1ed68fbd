"""Consulta: find customers and suppliers by code, name, trade name, CPF/CNPJ or phone.

Each typed word must start a word of the name or trade name (accents and case ignored); typed
digits alone also find the code, the start of a CPF/CNPJ and the start of a phone number with
or without its area code. Every match is read through an index: party_search_terms holds the
folded words and phone digits, so a prefix is a range of that index, never a scan of parties.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, union_all
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import PARTY_KINDS, Party, PartySearchTerm
from ..pagination import one_page
from ..search_keys import TERM_MAX, name_key, phone_terms, words

TEXT_MAX = 120  # longer than any name: what nobody types is no search
WORDS_MAX = 6
CODE_MAX = 999_999_999  # codes are what users type: at most nine digits
NUMBER_MIN = 4  # fewer digits than this would match every phone of an area code
# Fewer matches than this are read from the index and their parties sorted; more are found
# walking the parties in name order until a page is full: on 100,000 parties both take about
# a millisecond at this size, and the walk gets shorter the more parties match.
FEW_MATCHES = 400
RANKING_LIMIT = 10_000  # words are told apart by their matches up to this many
_AFTER_EVERY_CHARACTER = chr(0x10FFFF)


@dataclass
class _Matching:
    """What a match must satisfy: as the matching ids, read along an index, and as tests of
    a party row (the most selective first) for the walk in name order."""

    ids: Select
    tests: list[ColumnElement[bool]]


def refresh_search_keys(party: Party) -> None:
    """Keep the party's name key and search terms in step with its name and phones."""
    party.name_key = name_key(party.name or "", party.trade_name or "")
    wanted = search_terms(party.name, party.trade_name, party.phone, party.mobile)
    kept = {row.term: row for row in party.search_terms}
    party.search_terms = [kept.get(term) or PartySearchTerm(term=term)
                          for term in sorted(wanted)]


def search_terms(name: str, trade_name: str, phone: str, mobile: str) -> set[str]:
    """The words and phone digits a party is found by."""
    return (set(words(f"{name or ''} {trade_name or ''}")) | phone_terms(phone or "")
            | phone_terms(mobile or ""))


def _prefix(column, start: str) -> ColumnElement[bool]:
    """The column starts with `start`: a range, so any database reads it from an index."""
    return and_(column >= start, column < start + _AFTER_EVERY_CHARACTER)


def _term_is(column, start: str, exact: bool = False) -> ColumnElement[bool]:
    return column == start if exact else _prefix(column, start)


def _has_term(party_id, start: str, exact: bool = False) -> ColumnElement[bool]:
    """The party (by its id column) has a term starting with `start` (or equal to it)."""
    term = aliased(PartySearchTerm)
    return exists().where(term.party_id == party_id, _term_is(term.term, start, exact))


def _number(number: str) -> _Matching:
    """Typed digits: the code, a word of the name, the start of a CPF/CNPJ or of a phone."""
    short = len(number) < NUMBER_MIN
    ids = [select(PartySearchTerm.party_id).where(
        _term_is(PartySearchTerm.term, number[:TERM_MAX], exact=short))]
    tests = [_has_term(Party.id, number[:TERM_MAX], exact=short)]
    if len(number) <= len(str(CODE_MAX)):
        ids.append(select(Party.id).where(Party.kind.in_(PARTY_KINDS), Party.code == int(number)))
        tests.append(Party.code == int(number))
    if not short:
        ids.append(select(Party.id).where(_prefix(Party.document, number)))
        tests.append(_prefix(Party.document, number))
    return _Matching(union_all(*ids), [or_(*tests)])


def _count_upto(ids: Select, limit: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ids.limit(limit).subquery()))


def _words(typed: list[str]) -> _Matching:
    """Typed words, each the start of a word of the name or trade name: the parties having
    them all are read along the rarest word's range of the index."""
    ranked = sorted(typed, key=lambda word: _count_upto(
        select(PartySearchTerm.party_id).where(_prefix(PartySearchTerm.term, word)),
        RANKING_LIMIT) if len(typed) > 1 else 0)
    rarest, others = ranked[0], ranked[1:]
    ids = select(PartySearchTerm.party_id).where(
        _prefix(PartySearchTerm.term, rarest),
        *[_has_term(PartySearchTerm.party_id, word) for word in others])
    return _Matching(ids, [_has_term(Party.id, word) for word in ranked])


def _matching(text: str) -> _Matching | None:
    text = (text or "").strip()
    typed = words(text) if len(text) <= TEXT_MAX else []
    if not typed:
        return None  # only punctuation, or what nobody types
    if all(word.isdecimal() for word in typed):
        return _number("".join(typed))  # 11.222.333/0001-81, (11) 3456-7890, 42
    return _words(list(dict.fromkeys(typed[:WORDS_MAX])))


def lookup_query(text: str, kind: str | None = None) -> Select:
    """Build the Consulta: parties (active or not) matching what was typed, in name order."""
    query = select(Party)
    if kind in PARTY_KINDS:
        query = query.where(Party.kind == kind)
    matching = _matching(text)
    found = list(db.session.scalars(matching.ids.limit(FEW_MATCHES))) if matching else []
    if not found:
        return query.where(false())
    if len(found) < FEW_MATCHES:
        query = query.where(Party.id.in_(found))
    else:
        query = query.where(*matching.tests)
    return query.order_by(Party.name_key, Party.id)


def lookup_page(text: str, kind: str | None, page: int, size: int) -> tuple[list[Party], bool]:
    """One page of the Consulta and whether another follows."""
    return one_page(lookup_query(text, kind), page, size)


@dataclass
class PartyChoice:
    """What a typed party field means: the party, or the matches to choose from."""

    party: Party | None
    matches: list[Party]


def choose_party(text: str, kind: str | None, size: int = 10) -> PartyChoice:
    """Resolve a typed party field: a code of that kind, or the only match of the Consulta."""
    number = (text or "").strip()
    if kind in PARTY_KINDS and number.isascii() and number.isdecimal() \
            and int(number) <= CODE_MAX:
        party = db.session.scalar(select(Party).where(Party.kind == kind,
                                                      Party.code == int(number)))
        if party is not None:
            return PartyChoice(party, [party])
    matches, _more = lookup_page(text, kind, 1, size)
    return PartyChoice(matches[0] if len(matches) == 1 else None, matches)

