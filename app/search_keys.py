"""The folded keys lookups compare: words without accents or case, phones as digits.

A name is stored beside its key ("Padaria Pão Quente" → "padaria pao quente"), so a search
ignores accents and case on any database with plain comparisons that indexes can answer.
"""

import re
import unicodedata

from .validation import digits

TERM_MAX = 60  # a word longer than this is kept by its first 60 characters
KEY_MAX = 250
_WORD = re.compile(r"[^\W_]+")  # letters and digits: punctuation, "_" and LIKE/FTS syntax drop


def fold(text: str) -> str:
    """Lower-case the text and drop its accents: "Preço ÚNICO" → "preco unico"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, in order, each at most TERM_MAX characters."""
    return [word[:TERM_MAX] for word in _WORD.findall(fold(text))]


def name_key(*names: str) -> str:
    """One sort-and-search key for a name and its trade name: their folded words."""
    return " ".join(words(" ".join(names)))[:KEY_MAX]


def phone_terms(phone: str) -> set[str]:
    """A phone's digits with its area code, and without it: "(11) 3456-7890" gives both
    1134567890 and 34567890 (people type the number either way)."""
    number = digits(phone)[:TERM_MAX]
    if not number:
        return set()
    if phone.lstrip().startswith("(") and len(number) > 2:  # national format: (DDD) number
        return {number, number[2:]}
    return {number}
