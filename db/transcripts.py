"""Reading calls back as the analysis stages want them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.pii import PiiKind
from core.pipeline import CallFacts
from core.transcript import RedactionSpan, Turn
from db.models import Call, CallMetrics, Utterance
from db.rollups import is_repeat_call


def _spans(raw: list[dict]) -> tuple[RedactionSpan, ...]:
    return tuple(RedactionSpan(s["start"], s["end"], PiiKind(s["kind"])) for s in raw)


def calls_to_analyze(
    *, session: Session, call_ids: Sequence[int]
) -> list[tuple[CallFacts, list[Turn]]]:
    """Facts and stored (redacted) turns of ``call_ids``, in that order; unknown ids skipped."""
    repeat = is_repeat_call(session.get_bind().dialect.name)
    rows = session.execute(
        select(
            Call,
            repeat.label("repeat"),
            CallMetrics.dropped_segments,
            CallMetrics.dropped_reasons,
        )
        .outerjoin(CallMetrics, CallMetrics.call_id == Call.id)
        .where(Call.id.in_(call_ids))
    ).all()
    turns: dict[int, list[Turn]] = defaultdict(list)
    for utterance in session.scalars(
        select(Utterance)
        .where(Utterance.call_id.in_(call_ids))
        .order_by(Utterance.call_id, Utterance.seq)
    ):
        turns[utterance.call_id].append(
            Turn(
                utterance.seq,
                utterance.speaker,
                utterance.text,
                utterance.start_s,
                utterance.end_s,
                _spans(utterance.redaction_spans),
            )
        )
    facts = {
        call.id: CallFacts(
            call_id=call.id,
            category=call.category,
            duration_s=call.duration_s,
            transferred=call.transferred_to is not None,
            repeat_caller=bool(is_repeat),
            dropped_segments=dropped or 0,
            dropped_reasons=dict(reasons or {}),
            speaker_method=call.speaker_method,
        )
        for call, is_repeat, dropped, reasons in rows
    }
    return [(facts[i], turns[i]) for i in call_ids if i in facts]
