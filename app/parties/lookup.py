"""Consulta: find customers and suppliers by code, name, trade name, CPF/CNPJ or phone.

Each typed word must start a word of the name or trade name (accents and case ignored); typed
digits alone also find the code, the start of a CPF/CNPJ and the start of a phone number with
or without its area code. Every match is read through an index: party_search_terms holds the
folded words and phone digits, so a prefix is a range of that index, never a scan of parties.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, union

from ..extensions import db
from ..models import PARTY_KINDS, Party, PartySearchTerm
from ..pagination import one_page
from ..search_keys import TERM_MAX, name_key, phone_terms, words

TEXT_MAX = 120  # longer than any name: what nobody types is no search
WORDS_MAX = 6
CODE_MAX = 999_999_999  # codes are what users type: at most nine digits
NUMBER_MIN = 4  # fewer digits than this would match every phone of an area code
# A word with fewer matches than this is read from the index and sorted; a commoner one is
# found walking the parties in name order until a page is full (it cannot take long).
FEW_MATCHES = 2000
_AFTER_EVERY_CHARACTER = chr(0x10FFFF)


@dataclass
class _Group:
    """One thing a match must satisfy, as ids to start from and as a test of a party row."""

    ids: Select
    test: ColumnElement[bool]


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


def _term_group(start: str, exact: bool = False) -> _Group:
    matches = PartySearchTerm.term == start if exact else _prefix(PartySearchTerm.term, start)
    return _Group(select(PartySearchTerm.party_id).where(matches),
                  exists().where(PartySearchTerm.party_id == Party.id, matches))


def _number_group(number: str) -> _Group:
    """Typed digits: the code, a word of the name, the start of a CPF/CNPJ or of a phone."""
    ids, tests = [], []
    if len(number) <= len(str(CODE_MAX)):
        code = int(number)
        ids.append(select(Party.id).where(Party.kind.in_(PARTY_KINDS), Party.code == code))
        tests.append(Party.code == code)
    term = _term_group(number[:TERM_MAX], exact=len(number) < NUMBER_MIN)
    ids.append(term.ids)
    tests.append(term.test)
    if len(number) >= NUMBER_MIN:
        ids.append(select(Party.id).where(_prefix(Party.document, number)))
        tests.append(_prefix(Party.document, number))
    return _Group(union(*ids), or_(*tests))


def _groups(text: str) -> list[_Group]:
    """What a match must satisfy, one group per typed word (or one for a typed number)."""
    text = (text or "").strip()
    if not text or len(text) > TEXT_MAX:
        return []
    typed = words(text)
    if typed and all(word.isdecimal() for word in typed):
        return [_number_group("".join(typed))]  # 11.222.333/0001-81, (11) 3456-7890, 42
    return [_term_group(word) for word in dict.fromkeys(typed[:WORDS_MAX])]


def _count_upto(ids: Select, limit: int) -> int:
    return db.session.scalar(select(func.count()).select_from(ids.limit(limit).subquery()))


def lookup_query(text: str, kind: str | None = None) -> Select:
    """Build the Consulta: parties (active or not) matching what was typed, in name order."""
    query = select(Party)
    if kind in PARTY_KINDS:
        query = query.where(Party.kind == kind)
    groups = _groups(text)
    if not groups:
        return query.where(false())
    counted = [(_count_upto(group.ids, FEW_MATCHES), index) for index, group in
               enumerate(groups)]
    fewest, rarest = min(counted)
    if fewest == 0:
        return query.where(false())
    if fewest < FEW_MATCHES:
        query = query.where(Party.id.in_(groups[rarest].ids),
                            *[g.test for i, g in enumerate(groups) if i != rarest])
    else:
        query = query.where(*[group.test for group in groups])
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

