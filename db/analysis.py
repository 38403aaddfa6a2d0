"""Storing a call's analysis: everything replaced in one transaction, so a re-run never
leaves duplicates and a worker that dies halfway leaves the previous result whole."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.call_analysis import CallAnalysis
from core.domain import CallStatus
from db.models import (
    Call,
    CallFinding,
    CallMetrics,
    Evaluation,
    EvaluationItem,
    Prediction,
    Utterance,
)
from db.rollups import refresh_agent_days
from db.search_terms import store_terms
from db.types import utcnow


def replace_transcript(*, session: Session, call_id: int, analysis: CallAnalysis) -> dict[int, int]:
    """Swap the call's utterances (and search terms) for ``analysis.turns``; returns seq ->
    utterance id."""
    # Findings point at utterances: they go first.
    session.execute(delete(CallFinding).where(CallFinding.call_id == call_id))
    session.execute(delete(Utterance).where(Utterance.call_id == call_id))
    rows = [
        Utterance(
            call_id=call_id,
            seq=turn.seq,
            speaker=turn.speaker,
            start_s=turn.start_s,
            end_s=turn.end_s,
            text=turn.text,
            redaction_spans=[span.as_dict() for span in turn.redactions],
            confidence=analysis.confidences.get(turn.seq),
        )
        for turn in analysis.turns
    ]
    session.add_all(rows)
    session.flush()
    store_terms(session=session, call_id=call_id, texts=[turn.text for turn in analysis.turns])
    return {row.seq: row.id for row in rows}


def save_analysis(
    *,
    session: Session,
    analysis: CallAnalysis,
    tz: str,
    keep_transcript: bool = False,
    refresh_rollups: bool = True,
) -> None:
    """Write ``analysis`` as the call's only result, mark it done and refresh its rollup day.

    ``keep_transcript``: the stored utterances are already the analysed ones (re-analysis of
    an existing transcript), so only their findings are replaced. ``refresh_rollups`` False:
    the caller rebuilds the rollups once for a whole batch."""
    call_id = analysis.call_id
    call = session.scalars(select(Call).where(Call.id == call_id).with_for_update()).one()
    if keep_transcript:
        session.execute(delete(CallFinding).where(CallFinding.call_id == call_id))
        stored = session.execute(
            select(Utterance.seq, Utterance.id).where(Utterance.call_id == call_id)
        )
        seq_to_id = {seq: utterance_id for seq, utterance_id in stored}
    else:
        seq_to_id = replace_transcript(session=session, call_id=call_id, analysis=analysis)

    session.execute(delete(CallMetrics).where(CallMetrics.call_id == call_id))
    session.add(CallMetrics(call_id=call_id, computed_at=utcnow(), **analysis.metrics))
    session.add_all(
        CallFinding(
            call_id=call_id,
            utterance_id=seq_to_id.get(finding.seq) if finding.seq is not None else None,
            kind=finding.kind,
            code=finding.code,
            expression=finding.expression[:200],
            score_delta=finding.score_delta,
            passed=finding.passed,
        )
        for finding in analysis.findings
    )
    session.execute(delete(Evaluation).where(Evaluation.call_id == call_id))
    for record in analysis.evaluations:
        session.add(
            Evaluation(
                call_id=call_id,
                source=record.source,
                model=record.model,
                status=record.status,
                error_text=record.error_text,
                total_score=record.total_score,
                summary=record.summary,
                intent=record.intent,
                resolution=record.resolution,
                sentiment_start=record.sentiment_start,
                sentiment_end=record.sentiment_end,
                coaching=record.coaching,
                items=[
                    EvaluationItem(
                        item_code=item.code,
                        score=item.score,
                        evidence=list(item.evidence),
                        reason=item.reason,
                    )
                    for item in record.items
                ],
            )
        )
    session.execute(delete(Prediction).where(Prediction.call_id == call_id))
    if analysis.prediction is not None:
        session.add(
            Prediction(
                call_id=call_id,
                model_version_id=analysis.prediction.model_version_id,
                label=analysis.prediction.label,
                probabilities=analysis.prediction.probabilities,
                contributions=analysis.prediction.contributions,
            )
        )
    if analysis.speaker_method is not None:
        call.speaker_method = analysis.speaker_method
    call.status = CallStatus.DONE
    call.error_text = None
    call.analyzed_at = utcnow()
    session.flush()
    if not refresh_rollups:
        return
    refresh_agent_days(session=session, call_ids=[call_id], tz=tz)
