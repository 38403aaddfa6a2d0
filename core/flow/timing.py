"""How long a call spends at each step: prompts (approved audio, else text at a reading rate)
and the caller's waiting and keying.

Prompt text may hold ``{variable}`` placeholders; they are filled from the call's variables
when spoken (``fill``) and count as ``PLACEHOLDER_LENGTH`` characters in an estimate, as their
value is not known before the call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from core.flow.model import PROMPT_ALLOWED, Node
from core.flow.prompts import PromptCatalog, prompt_of, spoken_text

DEFAULT_SPEECH_RATE = 5.0
"""Syllables (Hangul syllables, letters, digits) per second a prompt without approved audio is
read at; the app passes ``settings.flow_speech_rate``."""
KEYPRESS_S = 1.0
"""A caller's key press at a menu, or a wrong key or rejected entry at a menu or input."""
DIGIT_S = 0.5
"""Each digit keyed at an input, and its terminator key."""
PLACEHOLDER_LENGTH = 4
"""Characters a ``{variable}`` counts for in a time estimate (a name, an amount)."""
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(text: str) -> list[str]:
    """The variable names ``text`` refers to, each once, in order."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def fill(text: str, variables: Mapping[str, str]) -> str:
    """``text`` with each known ``{variable}`` replaced by its value; unknown ones stay."""
    return PLACEHOLDER.sub(lambda m: variables.get(m.group(1), m.group(0)), text)


def spoken_length(text: str) -> int:
    """Characters that take time to say: Hangul syllables, letters and digits (not spaces or
    punctuation), with each placeholder as ``PLACEHOLDER_LENGTH``."""
    count, rest = 0, 0
    for match in PLACEHOLDER.finditer(text):
        count += _sounding(text[rest : match.start()]) + PLACEHOLDER_LENGTH
        rest = match.end()
    return count + _sounding(text[rest:])


def _sounding(text: str) -> int:
    return sum(1 for char in text if char.isalnum())


def prompt_seconds(
    node: Node, prompts: PromptCatalog, *, speech_rate: float = DEFAULT_SPEECH_RATE
) -> float:
    """Seconds the node's prompt plays: its approved audio's length when the linked library
    prompt has one, else its text read at ``speech_rate``; 0 for kinds that say nothing."""
    if node.kind not in PROMPT_ALLOWED:
        return 0.0
    linked = prompt_of(node, prompts)
    if linked is not None and linked.has_approved_audio and linked.duration_s is not None:
        return float(linked.duration_s)
    return spoken_length(spoken_text(node, prompts)) / speech_rate
