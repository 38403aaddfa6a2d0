"""What a flow's prompts say and sound like: library text and approved audio, by prompt id.

The database builds the catalog (``db.scenarios.prompt_catalog``); the flow engine only reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.flow.model import Node


@dataclass(frozen=True, slots=True)
class PromptAudio:
    """A library prompt and its approved take, if one has been approved."""

    prompt_id: int
    code: str
    text: str
    audio_path: str | None = None
    duration_s: float | None = None

    @property
    def has_approved_audio(self) -> bool:
        return self.audio_path is not None


PromptCatalog = Mapping[int, PromptAudio]
NO_PROMPTS: PromptCatalog = {}


def prompt_of(node: Node, prompts: PromptCatalog) -> PromptAudio | None:
    """The library prompt a node links to, when it links to one that exists."""
    return prompts.get(node.prompt_id) if node.prompt_id is not None else None


def spoken_text(node: Node, prompts: PromptCatalog) -> str:
    """What the node says: its library prompt's current text, else its own text."""
    linked = prompt_of(node, prompts)
    return linked.text if linked is not None else node.prompt_text
