from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from core.call_analysis import (
    CallAnalysis,
    EvaluationItemRecord,
    EvaluationRecord,
    FindingRecord,
    PredictionRecord,
)
from core.domain import (
    CallStatus,
    EvaluationSource,
    EvaluationStatus,
    FindingKind,
    Outcome,
    Speaker,
    SpeakerMethod,
)
from core.pii import PiiKind
from core.transcript import RedactionSpan, Turn
from db.analysis import save_analysis
from db.models import (
    Call,
    CallFinding,
    CallMetrics,
    CallSearchTerms,
    DailyRollup,
    Evaluation,
    EvaluationItem,
    ModelVersion,
    Prediction,
    Utterance,
)
from db.session import transaction
from tests import factories

TZ = "Asia/Seoul"
TABLES = (Utterance, CallSearchTerms, CallMetrics, CallFinding, Evaluation, EvaluationItem,
          Prediction)  # fmt: skip
ONE_OF_EACH = {
    "utterances": 3,
    "call_search_terms": 1,
    "call_metrics": 1,
    "call_findings": 2,
    "evaluations": 1,
    "evaluation_items": 2,
    "predictions": 1,
}


def seed_call(engine) -> tuple[int, int]:
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        call = factories.call(session, agent, datetime(2026, 11, 20, 1, 0, tzinfo=UTC),
                              status=CallStatus.ANALYZING)  # fmt: skip
        model = ModelVersion(version="v1", artifact_path="/models/v1.txt", active=True)
        session.add(model)
        session.flush()
        return call.id, model.id


def analysis(call_id: int, model_id: int, politeness: float) -> CallAnalysis:
    turns = (
        Turn(0, Speaker.AGENT, "안녕하십니까, 한빛손해보험 상담사 김민준입니다.", 0.0, 3.5),
        Turn(1, Speaker.CUSTOMER, "네, 연락처는 [전화번호]입니다.", 4.0, 7.0,
             (RedactionSpan(8, 14, PiiKind.PHONE),)),
        Turn(2, Speaker.AGENT, "아 그러니까요, 아까 말씀드렸잖아요.", 6.5, 9.0),
    )  # fmt: skip
    return CallAnalysis(
        call_id=call_id,
        turns=turns,
        metrics={"agent_talk_s": 6.0, "customer_talk_s": 3.0, "silence_s": 0.5,
                 "overtalk_count": 1, "politeness_score": politeness, "compliance_pct": 80.0},
        findings=(
            FindingRecord(FindingKind.POLITENESS, "rude", seq=2, expression="그러니까요",
                          score_delta=-10),
            FindingRecord(FindingKind.COMPLIANCE, "closing", passed=False),
        ),
        evaluations=(
            EvaluationRecord(
                EvaluationSource.RULES,
                EvaluationStatus.OK,
                total_score=62.5,
                items=(
                    EvaluationItemRecord("greeting", 5, ("안녕하십니까",), "인사함"),
                    EvaluationItemRecord("politeness", 2, (), "반말"),
                ),
            ),
        ),
        prediction=PredictionRecord(model_id, Outcome.POOR, {"미흡": 0.7, "만족": 0.3},
                                    {"politeness_score": -0.4}),
        speaker_method=SpeakerMethod.STEREO_CHANNELS,
    )  # fmt: skip


def counts(engine) -> dict[str, int]:
    with transaction(engine) as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) for t in TABLES
        }


def test_saving_writes_every_part_and_marks_the_call_done(engine):
    call_id, model_id = seed_call(engine)
    with transaction(engine) as session:
        save_analysis(session=session, analysis=analysis(call_id, model_id, 70.0), tz=TZ)
    assert counts(engine) == ONE_OF_EACH
    with transaction(engine) as session:
        call = session.get(Call, call_id)
        assert call.status is CallStatus.DONE and call.analyzed_at is not None
        assert call.speaker_method is SpeakerMethod.STEREO_CHANNELS
        rude = session.scalars(select(CallFinding).where(CallFinding.code == "rude")).one()
        assert session.get(Utterance, rude.utterance_id).seq == 2
        spans = session.scalars(select(Utterance.redaction_spans).where(Utterance.seq == 1)).one()
        assert spans == [{"start": 8, "end": 14, "kind": "phone"}]
        rollup = session.scalars(select(DailyRollup)).one()
        assert rollup.day == date(2026, 11, 20)
        assert (rollup.politeness_sum, rollup.evaluation_sum, rollup.outcome_poor) == (
            70.0,
            62.5,
            1,
        )


def test_a_rerun_replaces_the_result_without_duplicates(engine):
    call_id, model_id = seed_call(engine)
    for politeness in (70.0, 90.0):
        with transaction(engine) as session:
            save_analysis(session=session, analysis=analysis(call_id, model_id, politeness), tz=TZ)
    assert counts(engine) == ONE_OF_EACH
    with transaction(engine) as session:
        assert session.scalar(select(CallMetrics.politeness_score)) == 90.0
        assert session.scalar(select(DailyRollup.politeness_sum)) == 90.0


def test_a_failure_halfway_leaves_the_previous_result_whole(engine):
    call_id, model_id = seed_call(engine)
    with transaction(engine) as session:
        save_analysis(session=session, analysis=analysis(call_id, model_id, 70.0), tz=TZ)
    broken = analysis(call_id, model_id + 999, 10.0)  # no such model version: FK violation
    with pytest.raises(Exception), transaction(engine) as session:  # noqa: B017
        save_analysis(session=session, analysis=broken, tz=TZ)
        session.flush()
    assert counts(engine)["utterances"] == 3
    with transaction(engine) as session:
        assert session.scalar(select(CallMetrics.politeness_score)) == 70.0
