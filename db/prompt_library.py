"""The prompt (멘트) library: prompts with tags, variables and example values, where each is
used in scenarios, its approved take, and the pronunciation dictionary.

Every write checks ``Permission.EDIT_VOICES`` and leaves an audit row. Changing a prompt's
text withdraws its approved take: that audio says the old text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.errors import UserError
from core.voice.pronunciation import placeholders
from db import audit
from db.models import (
    Prompt,
    PronunciationEntry,
    Scenario,
    ScenarioDraft,
    ScenarioVersion,
    TtsTake,
)
from db.scenarios import prompt_catalog

CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
"""Prompt codes as scenario designers write them: main.menu, claim.documents."""

MAX_TEXT = 500
MAX_TAGS = 10


@dataclass(frozen=True, slots=True)
class PromptRow:
    id: int
    code: str
    text: str
    tags: tuple[str, ...]
    variables: tuple[str, ...]
    examples: dict[str, str]
    description: str
    approved_audio_path: str | None
    approved_duration_s: float | None
    uses: int  # nodes in scenario drafts and versions that play it


@dataclass(frozen=True, slots=True)
class PromptUse:
    scenario_id: int
    scenario_name: str
    version: int | None  # None: the draft
    node_id: str
    node_label: str


def _uses(session: Session) -> list[tuple[int, PromptUse]]:
    """(prompt id, use) for every node of every draft and version that links a prompt."""
    names = dict(session.execute(select(Scenario.id, Scenario.name)).all())
    flows = [
        (scenario_id, None, flow)
        for scenario_id, flow in session.execute(
            select(ScenarioDraft.scenario_id, ScenarioDraft.flow)
        )
    ]
    flows += session.execute(
        select(ScenarioVersion.scenario_id, ScenarioVersion.number, ScenarioVersion.flow)
    ).all()
    found = []
    for scenario_id, number, flow in flows:
        for node in (flow or {}).get("nodes", []):
            prompt_id = node.get("prompt_id")
            if isinstance(prompt_id, int):
                found.append((prompt_id, PromptUse(scenario_id, names.get(scenario_id, "?"),
                                                   number, str(node.get("id", "")),
                                                   str(node.get("label", "")))))  # fmt: skip
    return found


def where_used(*, session: Session, prompt_id: int) -> list[PromptUse]:
    uses = [use for pid, use in _uses(session) if pid == prompt_id]
    return sorted(uses, key=lambda u: (u.scenario_name, u.version is not None, -(u.version or 0)))


def list_prompts(*, session: Session, search: str = "", tag: str = "") -> list[PromptRow]:
    counts: dict[int, int] = {}
    for prompt_id, _ in _uses(session):
        counts[prompt_id] = counts.get(prompt_id, 0) + 1
    catalog = prompt_catalog(session=session)
    needle = search.strip().lower()
    rows = []
    for prompt in session.scalars(select(Prompt).order_by(Prompt.code)):
        if tag and tag not in (prompt.tags or []):
            continue
        haystack = f"{prompt.code} {prompt.text} {prompt.description}".lower()
        if needle and needle not in haystack:
            continue
        audio = catalog.get(prompt.id)
        rows.append(PromptRow(prompt.id, prompt.code, prompt.text, tuple(prompt.tags or ()),
                              tuple(prompt.variables or ()), dict(prompt.examples or {}),
                              prompt.description, audio.audio_path if audio else None,
                              audio.duration_s if audio else None,
                              counts.get(prompt.id, 0)))  # fmt: skip
    return rows


def prompt_codes(*, session: Session, prompt_ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in prompt_ids if i is not None]
    return dict(session.execute(select(Prompt.id, Prompt.code).where(Prompt.id.in_(wanted))).all())


def all_tags(*, session: Session) -> list[str]:
    return sorted({tag for tags in session.scalars(select(Prompt.tags)) for tag in tags or ()})


def _clean_fields(
    text: str, tags: list[str], examples: dict[str, str]
) -> tuple[str, list[str], list[str], dict[str, str]]:
    text = text.strip()
    if not text:
        raise UserError("voice.prompt.text_required")
    if len(text) > MAX_TEXT:
        raise UserError("voice.preview.text_too_long", limit=MAX_TEXT)
    clean_tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    if len(clean_tags) > MAX_TAGS:
        raise UserError("voice.prompt.too_many_tags", limit=MAX_TAGS)
    variables = placeholders(text)
    clean_examples = {name: examples.get(name, "").strip() for name in variables}
    return text, clean_tags, variables, clean_examples


def create_prompt(
    *,
    session: Session,
    actor: Actor,
    code: str,
    text: str,
    tags: list[str],
    description: str = "",
    examples: dict[str, str] | None = None,
) -> int:
    actor.require(Permission.EDIT_VOICES)
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise UserError("voice.prompt.bad_code", code=code)
    if session.scalar(select(Prompt.id).where(Prompt.code == code)) is not None:
        raise UserError("voice.prompt.code_taken", code=code)
    text, tags, variables, examples = _clean_fields(text, tags, examples or {})
    prompt = Prompt(code=code, text=text, tags=tags, variables=variables, examples=examples,
                    description=description.strip(), created_by=actor.user_id)  # fmt: skip
    session.add(prompt)
    session.flush()
    audit.record(session=session, actor=actor, action="voice.prompt.create",
                 target_type="prompt", target_id=prompt.id, code=code)  # fmt: skip
    return prompt.id


def update_prompt(
    *,
    session: Session,
    actor: Actor,
    prompt_id: int,
    text: str,
    tags: list[str],
    description: str,
    examples: dict[str, str],
) -> bool:
    """Save the prompt; True when its text changed (its approved take is then withdrawn)."""
    actor.require(Permission.EDIT_VOICES)
    prompt = session.get(Prompt, prompt_id)
    if prompt is None:
        raise UserError("voice.prompt.not_found", id=prompt_id)
    text, tags, variables, examples = _clean_fields(text, tags, examples)
    changed = text != prompt.text
    prompt.text, prompt.tags, prompt.variables, prompt.examples = text, tags, variables, examples
    prompt.description = description.strip()
    if changed:
        session.execute(
            update(TtsTake).where(TtsTake.prompt_id == prompt_id).values(approved=False)
        )
    audit.record(session=session, actor=actor, action="voice.prompt.update",
                 target_type="prompt", target_id=prompt_id, text_changed=changed)  # fmt: skip
    return changed


def delete_prompt(*, session: Session, actor: Actor, prompt_id: int) -> None:
    """Refused while a scenario draft or version plays it."""
    actor.require(Permission.EDIT_VOICES)
    prompt = session.get(Prompt, prompt_id)
    if prompt is None:
        raise UserError("voice.prompt.not_found", id=prompt_id)
    uses = where_used(session=session, prompt_id=prompt_id)
    if uses:
        raise UserError("voice.prompt.in_use", code=prompt.code, count=len(uses))
    # Its takes stay (prompt_id becomes NULL) but are no one's approved audio any more: left
    # approved, a later prompt of the same text would inherit the approval from the cache.
    session.execute(update(TtsTake).where(TtsTake.prompt_id == prompt_id).values(approved=False))
    session.delete(prompt)
    audit.record(session=session, actor=actor, action="voice.prompt.delete",
                 target_type="prompt", target_id=prompt_id, code=prompt.code)  # fmt: skip


def version_prompt_ids(*, session: Session, version_id: int) -> list[int]:
    """The library prompts a scenario version plays, in node order, each once."""
    version = session.get(ScenarioVersion, version_id)
    if version is None:
        raise UserError("voice.batch.version_not_found", id=version_id)
    ids = [node.get("prompt_id") for node in version.flow.get("nodes", [])]
    return list(dict.fromkeys(i for i in ids if isinstance(i, int)))


# -- pronunciation dictionary -----------------------------------------------------------------


def pronunciations(*, session: Session) -> list[PronunciationEntry]:
    return list(session.scalars(select(PronunciationEntry).order_by(PronunciationEntry.term)))


def save_pronunciation(
    *, session: Session, actor: Actor, term: str, reading: str, note: str = ""
) -> None:
    """Add a term or change how an existing one is read."""
    actor.require(Permission.EDIT_VOICES)
    term, reading = term.strip(), " ".join(reading.split())
    if not term or not reading:
        raise UserError("voice.pronunciation.required")
    if len(term) > 64 or len(reading) > 128:
        raise UserError("voice.pronunciation.too_long")
    entry = session.scalar(select(PronunciationEntry).where(PronunciationEntry.term == term))
    if entry is None:
        session.add(PronunciationEntry(term=term, reading=reading, note=note.strip()))
    else:
        entry.reading, entry.note = reading, note.strip()
    audit.record(session=session, actor=actor, action="voice.pronunciation.save",
                 target_type="pronunciation", target_id=term, reading=reading)  # fmt: skip


def delete_pronunciation(*, session: Session, actor: Actor, term: str) -> None:
    actor.require(Permission.EDIT_VOICES)
    session.execute(delete(PronunciationEntry).where(PronunciationEntry.term == term))
    audit.record(session=session, actor=actor, action="voice.pronunciation.delete",
                 target_type="pronunciation", target_id=term)  # fmt: skip
