"""Everything the call drill-down shows of one call, loaded in one go."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.domain import FindingKind, Outcome, ReviewAcknowledgement
from core.errors import UserError
from core.pii import PiiKind
from core.transcript import RedactionSpan, Turn
from db.models import (
    Agent,
    Call,
    CallFinding,
    CallMetrics,
    ComplianceRule,
    Evaluation,
    ImportBatch,
    JobRun,
    ModelVersion,
    Prediction,
    Review,
    ScorecardItem,
    Team,
    User,
    Utterance,
)
from workers.queue import job_runs_for


@dataclass(frozen=True, slots=True)
class Finding:
    """A politeness or compliance finding. ``name_ko``/``name_en``: the compliance rule's
    name; None for politeness findings, which the page names from ``code``."""

    id: int
    kind: FindingKind
    code: str
    expression: str
    score_delta: float
    passed: bool | None
    utterance_id: int | None
    name_ko: str | None = None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class ScoredItem:
    """One item of the automatic scorecard, with the item's configured name and weight."""

    code: str
    name_ko: str
    name_en: str
    weight: float
    score: int
    reason: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AutomaticScorecard:
    evaluation: Evaluation
    items: tuple[ScoredItem, ...]


@dataclass(frozen=True, slots=True)
class OutcomePrediction:
    label: Outcome
    probabilities: dict[str, float]
    contributions: dict[str, float]  # largest magnitude first
    model_version: str


@dataclass(frozen=True, slots=True)
class ReviewView:
    """A review with its reviewer's name (what the drill-down and calibration show)."""

    id: int
    reviewer_id: int
    reviewer_username: str
    reviewer_name: str
    item_scores: dict[str, int]
    total_score: float | None
    outcome: Outcome | None
    comment: str
    acknowledgement: ReviewAcknowledgement
    acknowledgement_comment: str
    acknowledged_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CallDetail:
    call: Call
    agent: Agent
    team: Team
    utterances: list[Utterance]
    findings_by_utterance: dict[int, list[Finding]]
    call_findings: list[Finding]  # not tied to an utterance, e.g. a compliance rule missed
    metrics: CallMetrics | None
    scorecard: AutomaticScorecard | None
    prediction: OutcomePrediction | None
    jobs: list[JobRun]
    reviews: list[ReviewView]
    scorecard_items: list[ScorecardItem] = field(default_factory=list)  # in sort order
    import_batch: ImportBatch | None = None  # the batch an imported call came in with

    @property
    def active_items(self) -> list[ScorecardItem]:
        """The items a review scores now."""
        return [item for item in self.scorecard_items if item.active]

    def turns(self) -> list[Turn]:
        """The transcript as the analysis stages (and the timeline) take it."""
        return [
            Turn(u.seq, u.speaker, u.text, u.start_s, u.end_s, redaction_spans(u))
            for u in self.utterances
        ]

    def review_by(self, user_id: int | None) -> ReviewView | None:
        return next((r for r in self.reviews if r.reviewer_id == user_id), None)


def redaction_spans(utterance: Utterance) -> tuple[RedactionSpan, ...]:
    return tuple(
        RedactionSpan(span["start"], span["end"], PiiKind(span["kind"]))
        for span in utterance.redaction_spans or []
    )


def load_call_detail(*, session: Session, call_id: int) -> CallDetail:
    """The call ``call_id`` and all its drill-down shows; a call that does not exist is a
    UserError (the id comes from an address a person can type)."""
    row = session.execute(
        select(Call, Agent, Team)
        .join(Agent, Agent.id == Call.agent_id)
        .join(Team, Team.id == Call.team_id)
        .where(Call.id == call_id)
    ).one_or_none()
    if row is None:
        raise UserError("call.not_found", call=call_id)
    call, agent, team = row
    utterances = list(
        session.scalars(
            select(Utterance).where(Utterance.call_id == call_id).order_by(Utterance.seq)
        )
    )
    by_utterance: dict[int, list[Finding]] = defaultdict(list)
    call_level: list[Finding] = []
    for finding in _findings(session, call):
        if finding.utterance_id is None:
            call_level.append(finding)
        else:
            by_utterance[finding.utterance_id].append(finding)
    items = list(session.scalars(select(ScorecardItem).order_by(ScorecardItem.sort_order,
                                                               ScorecardItem.id)))  # fmt: skip
    return CallDetail(
        call=call,
        agent=agent,
        team=team,
        utterances=utterances,
        findings_by_utterance=dict(by_utterance),
        call_findings=call_level,
        metrics=session.get(CallMetrics, call_id),
        scorecard=_scorecard(session, call_id, items),
        prediction=_prediction(session, call_id),
        jobs=job_runs_for(session=session, target_type="call", target_id=call_id),
        reviews=reviews_of(session=session, call_id=call_id),
        scorecard_items=items,
        import_batch=session.get(ImportBatch, call.import_batch_id)
        if call.import_batch_id
        else None,
    )


def _findings(session: Session, call: Call) -> list[Finding]:
    """The call's findings in transcript order; compliance ones named after their rule (the
    category's own rule, else the rule for every category, as the analysis applies them)."""
    rules = session.execute(
        select(ComplianceRule.category, ComplianceRule.code, ComplianceRule.name_ko,
               ComplianceRule.name_en)
        .where(or_(ComplianceRule.category == call.category, ComplianceRule.category.is_(None)))
    ).all()  # fmt: skip
    names: dict[str, tuple[str, str]] = {}
    for rule in sorted(rules, key=lambda r: r.category is not None):
        names[rule.code] = (rule.name_ko, rule.name_en)  # the category's own rule wins
    found = []
    for row in session.scalars(
        select(CallFinding).where(CallFinding.call_id == call.id).order_by(CallFinding.id)
    ):
        compliance = row.kind is FindingKind.COMPLIANCE
        name_ko, name_en = names.get(row.code, (None, None)) if compliance else (None, None)
        found.append(Finding(row.id, row.kind, row.code, row.expression, row.score_delta,
                             row.passed, row.utterance_id, name_ko, name_en))  # fmt: skip
    return found


def _scorecard(
    session: Session, call_id: int, items: list[ScorecardItem]
) -> AutomaticScorecard | None:
    evaluation = session.scalars(
        select(Evaluation).where(Evaluation.call_id == call_id).order_by(Evaluation.id.desc())
    ).first()
    if evaluation is None:
        return None
    specs = {item.code: item for item in items}
    order = {item.code: index for index, item in enumerate(items)}
    scored = []
    for result in sorted(evaluation.items, key=lambda i: (order.get(i.item_code, len(order)),
                                                          i.item_code)):  # fmt: skip
        spec = specs.get(result.item_code)
        scored.append(
            ScoredItem(
                code=result.item_code,
                name_ko=spec.name_ko if spec else result.item_code,
                name_en=spec.name_en if spec else result.item_code,
                weight=spec.weight if spec else 0.0,
                score=result.score,
                reason=result.reason,
                evidence=tuple(result.evidence or ()),
            )
        )
    return AutomaticScorecard(evaluation=evaluation, items=tuple(scored))


def _prediction(session: Session, call_id: int) -> OutcomePrediction | None:
    row = session.execute(
        select(Prediction, ModelVersion.version)
        .join(ModelVersion, ModelVersion.id == Prediction.model_version_id)
        .where(Prediction.call_id == call_id)
    ).one_or_none()
    if row is None:
        return None
    prediction, version = row
    contributions = sorted(prediction.contributions.items(), key=lambda kv: -abs(kv[1]))
    return OutcomePrediction(
        label=prediction.label,
        probabilities=dict(prediction.probabilities),
        contributions=dict(contributions),
        model_version=version,
    )


def reviews_of(*, session: Session, call_id: int) -> list[ReviewView]:
    """The call's reviews, oldest first, with their reviewers' names."""
    rows = session.execute(
        select(Review, User.username, User.name)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.call_id == call_id)
        .order_by(Review.created_at, Review.id)
    )
    return [
        ReviewView(
            id=review.id,
            reviewer_id=review.reviewer_id,
            reviewer_username=username,
            reviewer_name=name,
            item_scores=dict(review.item_scores or {}),
            total_score=review.total_score,
            outcome=review.outcome,
            comment=review.comment,
            acknowledgement=review.acknowledgement,
            acknowledgement_comment=review.acknowledgement_comment,
            acknowledged_at=review.acknowledged_at,
            created_at=review.created_at,
            updated_at=review.updated_at,
        )
        for review, username, name in rows
    ]
