"""TTS takes: planning a preview (cached by engine, model, voice, text and parameters),
reading takes back with the automatically picked best one, and approving a take.

A take is planned here and synthesised by ``workers.synthesize.synthesize_take``. A request
whose takes already exist (done, queued or running) gets those back at once; a failed take is
never reused, so asking again retries it. A prompt reuses its own takes and those of a free
line of the same text (which then become its own), never another prompt's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import TakeStatus
from core.errors import UserError
from core.voice.engines import ENGINE_NAMES, VoiceReference
from core.voice.pronunciation import PronunciationRule, placeholders, spoken_text
from core.voice.quality import QualityReport, best_take
from db import audit
from db.models import Prompt, PronunciationEntry, TtsTake, VoiceActor
from db.types import utcnow

MAX_TAKES = 6
MAX_TEXT = 500
SPEED_RANGE = (0.5, 2.0)
TEMPERATURE_RANGE = (0.05, 1.5)


@dataclass(frozen=True, slots=True)
class TakeRequest:
    """What a designer asks for: a line (or a library prompt's text) in a voice."""

    text: str
    engine: str
    model: str  # the engine's model id (part of the cache key)
    clones_voice: bool
    prompt_id: int | None = None
    actor_id: int | None = None
    takes: int = 3
    speed: float = 1.0
    temperature: float = 0.7
    variables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TakePlan:
    take_ids: tuple[int, ...]
    to_synthesise: tuple[int, ...]  # new takes, to be queued after the commit

    @property
    def cached(self) -> bool:
        return not self.to_synthesise


@dataclass(frozen=True, slots=True)
class TakeView:
    id: int
    prompt_id: int | None
    actor_id: int | None
    engine: str
    model: str
    text: str
    seed: int
    parameters: dict
    status: TakeStatus
    error_text: str | None
    audio_path: str | None
    telephone_audio_path: str | None
    duration_s: float | None
    report: QualityReport | None
    quality_passed: bool | None
    approved: bool
    approved_at: datetime | None
    created_at: datetime


def pronunciation_rules(*, session: Session) -> list[PronunciationRule]:
    return [
        PronunciationRule(term, reading)
        for term, reading in session.execute(
            select(PronunciationEntry.term, PronunciationEntry.reading)
        )
    ]


def cache_key(*, engine: str, model: str, voice: str, text: str, parameters: dict) -> str:
    document = json.dumps(
        {"engine": engine, "model": model, "voice": voice, "text": text, "parameters": parameters},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(document.encode()).hexdigest()


def _check(request: TakeRequest) -> str:
    if request.engine not in ENGINE_NAMES:
        raise UserError("voice.preview.unknown_engine", engine=request.engine)
    text = request.text.strip()
    if not text:
        raise UserError("voice.preview.text_required")
    if len(text) > MAX_TEXT:
        raise UserError("voice.preview.text_too_long", limit=MAX_TEXT)
    if not 1 <= request.takes <= MAX_TAKES:
        raise UserError("voice.preview.takes_range", limit=MAX_TAKES)
    if not SPEED_RANGE[0] <= request.speed <= SPEED_RANGE[1]:
        raise UserError("voice.preview.speed_range", low=SPEED_RANGE[0], high=SPEED_RANGE[1])
    if not TEMPERATURE_RANGE[0] <= request.temperature <= TEMPERATURE_RANGE[1]:
        raise UserError("voice.preview.temperature_range",
                        low=TEMPERATURE_RANGE[0], high=TEMPERATURE_RANGE[1])  # fmt: skip
    missing = [name for name in placeholders(text) if not request.variables.get(name, "").strip()]
    if missing:
        raise UserError("voice.preview.variables_missing", names=", ".join(missing))
    return text


def _voice_label(session: Session, request: TakeRequest, voice: VoiceReference | None) -> str:
    if not request.clones_voice:
        return ""
    if request.actor_id is None:
        raise UserError("voice.preview.actor_required")
    voice_actor = session.get(VoiceActor, request.actor_id)
    if voice_actor is None:
        raise UserError("voice.actor.not_found", id=request.actor_id)
    if not voice_actor.active:
        raise UserError("voice.actor.inactive", name=voice_actor.name)
    if voice is None:
        raise UserError("voice.preview.no_samples", name=voice_actor.name)
    if voice.actor_id != request.actor_id:
        raise ValueError(
            f"voice reference of actor {voice.actor_id} for a take in actor "
            f"{request.actor_id}'s voice"
        )
    return f"{request.actor_id}:{voice.fingerprint}"


def plan_takes(
    *, session: Session, actor: Actor, request: TakeRequest, voice: VoiceReference | None
) -> TakePlan:
    """The takes answering ``request``: existing ones from the cache, new ones planned."""
    actor.require(Permission.EDIT_VOICES)
    text = _check(request)
    if request.prompt_id is not None and session.get(Prompt, request.prompt_id) is None:
        raise UserError("voice.prompt.not_found", id=request.prompt_id)
    voice_label = _voice_label(session, request, voice)
    spoken = spoken_text(text, pronunciation_rules(session=session), request.variables)
    parameters = {"speed": round(request.speed, 2), "temperature": round(request.temperature, 2)}
    actor_id = request.actor_id if request.clones_voice else None
    # Reused: a free line's take or this prompt's own. Another prompt of the same text keeps
    # its takes (and their approval) to itself.
    reusable = [TtsTake.prompt_id.is_(None)]
    if request.prompt_id is not None:
        reusable.append(TtsTake.prompt_id == request.prompt_id)
    take_ids, new = [], []
    for seed in range(1, request.takes + 1):
        key = cache_key(engine=request.engine, model=request.model, voice=voice_label,
                        text=spoken, parameters={**parameters, "seed": seed})  # fmt: skip
        existing = session.scalar(
            select(TtsTake)
            .where(TtsTake.cache_key == key, TtsTake.status != TakeStatus.FAILED, or_(*reusable))
            .order_by(TtsTake.prompt_id.is_(None), TtsTake.id.desc())  # the prompt's own first
            .limit(1)
        )
        if existing is not None:
            if request.prompt_id is not None and (
                existing.prompt_id is None or existing.parameters.get("source_text") != text
            ):
                # A line auditioned before it was in the library now belongs to it; a prompt
                # reworded to the same spoken text ("KB" -> "케이비") gets its take back, which
                # says the new text and so can be approved for it.
                existing.prompt_id = request.prompt_id
                existing.parameters = {**existing.parameters, "source_text": text}
            take_ids.append(existing.id)
            continue
        take = TtsTake(prompt_id=request.prompt_id, actor_id=actor_id, engine=request.engine,
                       model=request.model, text=spoken,
                       parameters={**parameters, "source_text": text}, seed=seed,
                       cache_key=key, status=TakeStatus.QUEUED, quality={},
                       created_by=actor.user_id)  # fmt: skip
        session.add(take)
        session.flush()
        take_ids.append(take.id)
        new.append(take.id)
    return TakePlan(tuple(take_ids), tuple(new))


def _view(take: TtsTake) -> TakeView:
    report = QualityReport.from_json(take.quality) if take.quality else None
    return TakeView(take.id, take.prompt_id, take.actor_id, take.engine, take.model, take.text,
                    take.seed, take.parameters or {}, take.status, take.error_text,
                    take.audio_path, take.telephone_audio_path, take.duration_s, report,
                    take.quality_passed, take.approved, take.approved_at,
                    take.created_at)  # fmt: skip


def takes(*, session: Session, take_ids: tuple[int, ...] | list[int]) -> list[TakeView]:
    """The takes in the order asked for (ids that no longer exist are left out)."""
    rows = {t.id: t for t in session.scalars(select(TtsTake).where(TtsTake.id.in_(take_ids)))}
    return [_view(rows[i]) for i in take_ids if i in rows]


def prompt_takes(*, session: Session, prompt_id: int, limit: int = 30) -> list[TakeView]:
    rows = session.scalars(
        select(TtsTake)
        .where(TtsTake.prompt_id == prompt_id)
        .order_by(TtsTake.approved.desc(), TtsTake.id.desc())
        .limit(limit)
    )
    return [_view(t) for t in rows]


def recommended(views: list[TakeView]) -> int | None:
    """The best finished take that did not fail its quality gate (None if there is none)."""
    reports = {
        v.id: v.report for v in views if v.status is TakeStatus.DONE and v.report is not None
    }
    return best_take(reports)


def approve_take(*, session: Session, actor: Actor, take_id: int) -> None:
    """Make ``take_id`` its prompt's approved audio (replacing an earlier approval).

    Refused for a take that is not finished, failed its quality gate, or belongs to no prompt,
    and for a take of text the prompt no longer says."""
    actor.require(Permission.EDIT_VOICES)
    take = session.get(TtsTake, take_id)
    if take is None:
        raise UserError("voice.take.not_found", id=take_id)
    if take.status is not TakeStatus.DONE or not take.audio_path:
        raise UserError("voice.take.not_done")
    if take.quality_passed is False:
        raise UserError("voice.take.failed_gate")
    if take.prompt_id is None:
        raise UserError("voice.take.no_prompt")
    voice_actor = session.get(VoiceActor, take.actor_id) if take.actor_id is not None else None
    if voice_actor is not None and not voice_actor.active:
        raise UserError("voice.actor.inactive", name=voice_actor.name)
    prompt = session.get(Prompt, take.prompt_id)
    if prompt is None or (take.parameters or {}).get("source_text") != prompt.text.strip():
        raise UserError("voice.take.stale_text")
    session.execute(
        update(TtsTake)
        .where(TtsTake.prompt_id == take.prompt_id, TtsTake.id != take_id)
        .values(approved=False)
    )
    take.approved, take.approved_by, take.approved_at = True, actor.user_id, utcnow()
    audit.record(session=session, actor=actor, action="voice.take.approve",
                 target_type="prompt", target_id=take.prompt_id, take_id=take_id,
                 gate=take.quality_passed)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BatchPlan:
    take_ids: tuple[int, ...]
    to_synthesise: tuple[int, ...]
    prompts: int  # library prompts the version plays
    skipped: tuple[str, ...]  # codes of prompts whose variables have no example value


def plan_version_batch(
    *,
    session: Session,
    actor: Actor,
    prompt_ids: list[int],
    template: TakeRequest,
    voice: VoiceReference | None,
) -> BatchPlan:
    """Takes for every prompt a scenario version plays, in ``template``'s engine, voice and
    parameters, each spoken with its example values. One transaction: all planned or none."""
    actor.require(Permission.EDIT_VOICES)  # also when every prompt is skipped
    take_ids: list[int] = []
    new: list[int] = []
    skipped: list[str] = []
    for prompt_id in prompt_ids:
        prompt = session.get(Prompt, prompt_id)
        if prompt is None:
            continue
        examples = prompt.examples or {}
        if any(not examples.get(name, "").strip() for name in placeholders(prompt.text)):
            skipped.append(prompt.code)
            continue
        request = dataclasses.replace(template, text=prompt.text, prompt_id=prompt_id,
                                      variables=dict(examples))  # fmt: skip
        plan = plan_takes(session=session, actor=actor, request=request, voice=voice)
        take_ids += plan.take_ids
        new += plan.to_synthesise
    return BatchPlan(tuple(take_ids), tuple(new), len(prompt_ids), tuple(skipped))
