"""The search terms (``core.search_terms``) of demo lines that hold name slots, per call
without reading the whole line again.

A line like "상담사 {A}입니다. {C} 고객님 되시죠?" has the same terms in every call except
those that touch a name. So a line is split once into what lies between its slots (terms
computed once per rendering) and a small window around each slot: the character before it
and the character after it, with any spaces between (that is all a bigram or a word pair
can reach). Per call only the windows, names filled in, are looked up, from a cache.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from core.search_terms import SEPARATORS, call_terms
from db.demo.conversations import AGENT_SLOT, CUSTOMER_SLOT

AGENT_WAS_SLOT = AGENT_SLOT + "이었습니다"
"""``fill_names`` writes the agent's name with 이었습니다 or 였습니다, as the name takes."""

_SLOTS = re.compile(
    f"({re.escape(AGENT_WAS_SLOT)}|{re.escape(AGENT_SLOT)}|{re.escape(CUSTOMER_SLOT)})"
)
_WORD_CHARACTER = re.compile(f"[^{SEPARATORS}]")


class Window(NamedTuple):
    before: str  # the character before the slot and the spaces up to it ("사 ")
    slot: str
    after: str


class NameLine(NamedTuple):
    """A line with name slots, split for ``NameTerms``."""

    terms: frozenset[int]  # those that touch no name
    windows: tuple[Window, ...]

    @classmethod
    def of(cls, text: str) -> NameLine | None:
        """None when two slots are only spaces apart: a word pair would join two names."""
        parts = _SLOTS.split(text)
        between, slots = parts[0::2], parts[1::2]
        if any(not _WORD_CHARACTER.search(part) for part in between[1:-1]):
            return None
        windows = tuple(
            Window(_reach_back(between[i]), slot, _reach_ahead(between[i + 1]))
            for i, slot in enumerate(slots)
        )
        return cls(frozenset(call_terms(between)), windows)


class NameTerms:
    """The terms of name windows with the names filled in, each window text computed once."""

    def __init__(self) -> None:
        self._cache: dict[str, frozenset[int]] = {}

    def of(
        self, windows: tuple[Window, ...], agent_forms: tuple[str, str], customer: str
    ) -> set[int]:
        names = {
            AGENT_SLOT: agent_forms[0],
            AGENT_WAS_SLOT: agent_forms[1],
            CUSTOMER_SLOT: customer,
        }
        found: set[int] = set()
        for before, slot, after in windows:
            text = before + names[slot] + after
            terms = self._cache.get(text)
            if terms is None:
                terms = self._cache[text] = frozenset(call_terms([text]))
            found.update(terms)
        return found


def _reach_back(text: str) -> str:
    """The end of ``text`` a term can reach into from the right: its last character that is
    not a space, and the spaces after it."""
    kept = text.rstrip(SEPARATORS)
    return kept[-1:] + text[len(kept) :]


def _reach_ahead(text: str) -> str:
    """The start of ``text`` a term can reach into from the left."""
    kept = text.lstrip(SEPARATORS)
    return text[: len(text) - len(kept)] + kept[:1]
