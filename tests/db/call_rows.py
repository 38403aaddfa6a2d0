"""An analysed call with everything the drill-down shows, and users to review it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from core.access import Actor
from core.domain import (
    EvaluationSource,
    FindingKind,
    JobStatus,
    Outcome,
    QueueName,
    Resolution,
    Role,
    Sentiment,
    Speaker,
)
from core.features import CallFeatures
from db.default_rules import install_default_rules
from db.models import (
    CallFinding,
    CallMetrics,
    Evaluation,
    EvaluationItem,
    JobRun,
    ModelVersion,
    Prediction,
    User,
    Utterance,
)
from tests import factories

STARTED = datetime(2026, 11, 2, 1, 30, tzinfo=UTC)

AUTOMATIC = {"greeting": 5, "identity_check": 4, "needs_discovery": 3, "accuracy": 4,
             "empathy": 2, "politeness": 5, "hold_etiquette": 3, "closing": 1}  # fmt: skip
"""The automatic scorecard of the call, item code -> score."""


@dataclass(frozen=True)
class AnalysedCall:
    call_id: int
    agent_id: int
    utterance_ids: list[int]


def user(session: Session, username: str, role: Role, name: str | None = None) -> Actor:
    row = User(username=username, name=name or username.upper(), password_hash="x",
               roles=[role.value])  # fmt: skip
    session.add(row)
    session.flush()
    return Actor(user_id=row.id, username=username, roles=[role])


def analysed_call(session: Session, *, agent_user_id: int | None = None) -> AnalysedCall:
    """A 사고접수 call with a redacted utterance, findings (one call-level), metrics, a rules
    scorecard, a prediction and a job; the default rules installed."""
    install_default_rules(session=session, company_name="한빛손해보험")
    team = factories.team(session)
    agent = factories.agent(session, team)
    agent.user_id = agent_user_id
    call = factories.call(session, agent, STARTED, duration_s=20.0)
    lines = [
        (Speaker.AGENT, 0.0, 4.0, "안녕하십니까, 한빛손해보험 상담사 김민준입니다.", []),
        (Speaker.CUSTOMER, 5.0, 9.0, "제 번호는 [전화번호]입니다.",
         [{"start": 6, "end": 12, "kind": "phone"}]),
        (Speaker.AGENT, 8.0, 12.0, "실례지만 성함 말씀해 주시겠어요?", []),
    ]  # fmt: skip
    utterances = [
        Utterance(call_id=call.id, seq=seq, speaker=speaker, start_s=start, end_s=end,
                  text=text, redaction_spans=spans)
        for seq, (speaker, start, end, text, spans) in enumerate(lines)
    ]  # fmt: skip
    session.add_all(utterances)
    session.flush()
    first, _, third = utterances
    session.add_all(
        [
            CallFinding(call_id=call.id, utterance_id=first.id, kind=FindingKind.COMPLIANCE,
                        code="greeting_company", expression="안녕하십니까, 한빛손해보험",
                        passed=True),
            CallFinding(call_id=call.id, utterance_id=None, kind=FindingKind.COMPLIANCE,
                        code="injury_check", passed=False),
            CallFinding(call_id=call.id, utterance_id=third.id, kind=FindingKind.POLITENESS,
                        code="cushion", expression="실례지만", score_delta=2.0),
        ]
    )  # fmt: skip
    session.add(
        CallMetrics(call_id=call.id, agent_talk_s=8.0, customer_talk_s=4.0, silence_s=5.0,
                    overtalk_count=1, politeness_score=92.0, compliance_pct=50.0,
                    features=CallFeatures(duration_s=20.0, politeness_score=92.0).as_dict())
    )  # fmt: skip
    session.add(
        Evaluation(
            call_id=call.id, source=EvaluationSource.RULES, total_score=61.25,
            summary="사고 접수 통화", coaching="부상 여부를 먼저 확인하세요.",
            resolution=Resolution.RESOLVED, sentiment_start=Sentiment.NEUTRAL,
            sentiment_end=Sentiment.POSITIVE,
            items=[EvaluationItem(item_code=code, score=score, reason=f"{code} 이유",
                                  evidence=["안녕하십니까"] if code == "greeting" else [])
                   for code, score in reversed(AUTOMATIC.items())],
        )
    )  # fmt: skip
    version = ModelVersion(version="v-test", artifact_path="/nowhere", active=True)
    session.add(version)
    session.flush()
    session.add(
        Prediction(
            call_id=call.id, model_version_id=version.id, label=Outcome.POOR,
            probabilities={"만족": 0.2, "미흡": 0.7, "추가상담필요": 0.05, "해결불가": 0.05},
            contributions={"duration_s": 0.1, "politeness_score": -0.5, "rude_count": 0.3},
        )
    )  # fmt: skip
    job = JobRun(rq_job_id="job-1", queue=QueueName.CPU, function="workers.analyze.analyze_call",
                 target_type="call", target_id=call.id, status=JobStatus.FINISHED)  # fmt: skip
    session.add(job)
    session.flush()
    return AnalysedCall(call.id, agent.id, [u.id for u in utterances])
