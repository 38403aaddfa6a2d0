"""Search terms of a transcript: what the call list's transcript search looks up.

The search finds calls with an utterance that contains a text (case-insensitive). A call's
terms are, over all its utterances, lower-cased:

- every **bigram**: two adjacent characters inside one word (계약해지 → 계약 약해 해지), never
  across a space or from one utterance into the next;
- every **word pair**: the last character of a word, a space, the first character of the
  next word of the same utterance (해지 환급금 → "지 환").

An utterance that contains a text contains all of the text's terms, so only calls holding
them all can match: a single two-character word (해지, 민원) matches exactly those calls;
anything longer is then checked against the utterances of those calls only. Word pairs make
phrases of common words ("감사합니다 보험료") as selective as the words' meeting point.

Each term is stored as a 64-bit integer, exact for every Unicode character (code points fit
in 21 bits): ``kind << 42 | first << 21 | second``, kind 0 for a bigram and 1 for a word pair.
Integers keep the PostgreSQL GIN index small and quick to build; ``describe`` reads one back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

SEPARATORS = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What separates words: exactly the characters Python's ``str.split()`` splits on (the SQL
of migration 0005 lists them too)."""

PAIR = 1 << 42
"""Added to a word pair's code (a bigram has none)."""

_SEPARATOR_CODES = frozenset(map(ord, SEPARATORS))
_WORD_GAP = re.compile(f"([^{SEPARATORS}])[{SEPARATORS}]+(?=([^{SEPARATORS}]))")


def bigram_code(first: str, second: str) -> int:
    return ord(first) << 21 | ord(second)


def pair_code(last: str, first: str) -> int:
    """The word pair of a word ending in ``last`` and the next one starting with ``first``."""
    return PAIR | ord(last) << 21 | ord(first)


def describe(code: int) -> str:
    """A term as text: "해지" for a bigram, "지 환" for a word pair."""
    first, second = chr(code >> 21 & 0x1FFFFF), chr(code & 0x1FFFFF)
    return f"{first} {second}" if code & PAIR else first + second


def call_terms(texts: Iterable[str]) -> set[int]:
    """The terms of a call whose utterances are ``texts``."""
    texts = [text.lower() for text in texts]
    codes = list(map(ord, "\n".join(texts)))  # "\n" separates: no bigram spans two texts
    separators = _SEPARATOR_CODES
    terms = {
        first << 21 | second
        for first, second in pairwise(codes)
        if first not in separators and second not in separators
    }
    for text in texts:
        terms.update(PAIR | ord(gap[0]) << 21 | ord(gap[1]) for gap in _WORD_GAP.findall(text))
    return terms


def search_terms(text: str) -> list[int]:
    """The terms a call must hold to contain ``text``, sorted; empty when ``text`` has none
    (a single character: it cannot be looked up)."""
    return sorted(call_terms([text]))


def is_one_bigram(text: str) -> bool:
    """True when ``text`` is a single two-character word: holding its bigram is then the
    same as containing it, with nothing to check in the utterances."""
    return len(text) == 2 and len(text.lower()) == 2 and _SEPARATOR_CODES.isdisjoint(map(ord, text))
