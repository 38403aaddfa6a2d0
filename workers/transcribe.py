"""Job (queue ``stt``, on GPU hosts): speech-to-text of a call's recording, redacted before
anything is stored, then the analysis is queued on ``cpu``."""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from sqlalchemy import delete

from core.call_analysis import CallAnalysis
from core.domain import CallStatus, QueueName
from core.errors import UserError
from core.redaction import redact_many
from core.settings import Settings
from core.stt import SttResult, SttSettings, Transcriber
from core.transcript import Turn
from db import calls as call_queries
from db.analysis import replace_transcript
from db.models import Call, CallMetrics
from db.session import transaction
from workers import context
from workers.queue import enqueue, report_progress

log = logging.getLogger(__name__)

_transcribers: dict[SttSettings, Transcriber] = {}


def stt_settings(settings: Settings) -> SttSettings:
    return SttSettings(
        model=settings.stt_model,
        device=settings.stt_device,
        compute_type=settings.stt_compute_type,
        batch_size=settings.stt_batch_size,
        beam_size=settings.stt_beam_size,
        agent_channel=settings.stt_agent_channel,
        temperature=settings.stt_temperatures,
        max_new_tokens=settings.stt_max_new_tokens,
        company_names=settings.company_names,
        download_root=settings.stt_download_root,
        local_files_only=settings.stt_local_files_only,
    )


def transcriber(settings: Settings) -> Transcriber:
    """One loaded model per process and settings (a GPU worker keeps it between jobs)."""
    key = stt_settings(settings)
    if key not in _transcribers:
        _transcribers[key] = Transcriber(key)
    return _transcribers[key]


def redacted_turns(result: SttResult) -> tuple[Turn, ...]:
    redacted = redact_many(turn.text for turn in result.turns)
    return tuple(
        Turn(turn.seq, turn.speaker, clean.text, turn.start_s, turn.end_s, clean.spans)
        for turn, clean in zip(result.turns, redacted, strict=True)
    )


def transcribe_call(call_id: int) -> int:
    """Idempotent: a re-run replaces the transcript. Returns the number of utterances."""
    engine, settings = context.engine(), context.settings()
    with transaction(engine) as session:
        call_queries.start_attempt(session=session, call_id=call_id, status=CallStatus.TRANSCRIBING)
        audio_path = session.get(Call, call_id).audio_path
    try:
        result = transcriber(settings).transcribe_call(Path(audio_path or ""))
    except Exception as error:
        with transaction(engine) as session:
            call_queries.fail(session=session, call_id=call_id, error=error)
        if isinstance(error, UserError):  # a missing model or an unreadable file: final
            return 0
        raise  # RQ retries it
    report_progress(0.8)  # speech-to-text is most of the work
    turns = redacted_turns(result)  # the raw text goes no further than this function
    transcript = CallAnalysis(
        call_id=call_id,
        turns=turns,
        metrics={},
        confidences={turn.seq: c for turn, c in zip(turns, result.confidences, strict=True)},
    )
    with transaction(engine) as session:
        replace_transcript(session=session, call_id=call_id, analysis=transcript)
        # The analysis replaces this row and carries the count over.
        session.execute(delete(CallMetrics).where(CallMetrics.call_id == call_id))
        reasons = Counter(drop.reason.value for drop in result.dropped)
        session.add(CallMetrics(call_id=call_id, dropped_segments=len(result.dropped),
                                dropped_reasons=dict(reasons)))  # fmt: skip
        call = session.get(Call, call_id)
        call.speaker_method = result.speaker_method
        call.status = CallStatus.ANALYZING
    log.info(
        "call %d: %d utterances, %d segments dropped", call_id, len(turns), len(result.dropped)
    )
    enqueue("workers.analyze.analyze_call", call_id, engine=engine, settings=settings,
            queue=QueueName.CPU, target_type="call", target_id=call_id)  # fmt: skip
    return len(turns)
