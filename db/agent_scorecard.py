"""One agent's period: numbers against the team and the centre, scorecard items they do well
or less well, recent coaching feedback, and the calls a supervisor should listen to next."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core.dashboard import RollupSums
from core.domain import CallCategory, CallStatus, EvaluationSource, EvaluationStatus, Outcome
from core.filters import CallFilter
from db import period_kpis
from db.agents import AgentProfile
from db.models import (
    Agent,
    Call,
    CallFinding,
    CallMetrics,
    Evaluation,
    EvaluationItem,
    Prediction,
    Review,
    ScorecardItem,
    Team,
    User,
)
from db.politeness_stats import IMPOLITE
from db.scopes import call_scope

LOW_SCORE = 70.0
"""An automatic scorecard total below this makes a call worth reviewing."""

WEAK_OUTCOMES = (Outcome.POOR, Outcome.UNRESOLVABLE)
"""Predicted outcomes that make a call worth reviewing."""

MIN_EVALUATED_CALLS = 3
"""Evaluated calls an agent needs in the period before items are called strengths or
weaknesses."""

FEEDBACK_SHOWN = 5
CALLS_TO_REVIEW_SHOWN = 10


def agent_profile(*, session: Session, agent_id: int) -> AgentProfile | None:
    row = session.execute(
        select(Agent, Team.name).join(Team, Team.id == Agent.team_id).where(Agent.id == agent_id)
    ).first()
    if row is None:
        return None
    agent, team = row
    return AgentProfile(
        agent.id, agent.employee_no, agent.name, agent.team_id, team, agent.active, agent.hired_on
    )


@dataclass(frozen=True, slots=True)
class Comparison:
    """The agent's numbers in the period, the period before, and their team's and the
    centre's in the same period (within the filter's categories and directions)."""

    agent: RollupSums
    previous: RollupSums
    team: RollupSums
    centre: RollupSums
    by_day: dict[date, RollupSums]  # the agent's


def comparison(*, session: Session, agent: AgentProfile, call_filter: CallFilter) -> Comparison:
    centre = replace(call_filter, agent_ids=(), team_ids=())
    own = replace(centre, agent_ids=(agent.id,))
    return Comparison(
        agent=period_kpis.totals(session=session, call_filter=own),
        previous=period_kpis.totals(session=session, call_filter=own.previous_period()),
        team=period_kpis.totals(
            session=session, call_filter=replace(centre, team_ids=(agent.team_id,))
        ),
        centre=period_kpis.totals(session=session, call_filter=centre),
        by_day=period_kpis.by_day(session=session, call_filter=own),
    )


def _period(call_filter: CallFilter, tz: str) -> list[ColumnElement[bool]]:
    """The calls of the filter's period, categories and directions (whoever made them)."""
    return call_scope(replace(call_filter, team_ids=(), agent_ids=()), tz)


def _latest_evaluation() -> ColumnElement[int]:
    """The id of the call's latest successful evaluation (what the rollups count too)."""
    return (
        select(func.max(Evaluation.id))
        .where(Evaluation.call_id == Call.id, Evaluation.status == EvaluationStatus.OK)
        .correlate(Call)
        .scalar_subquery()
    )


@dataclass(frozen=True, slots=True)
class ItemScore:
    """A scorecard item's average score (1-5): the agent's and the comparison group's."""

    code: str
    name_ko: str
    name_en: str
    agent: float | None
    agent_calls: int
    others: float | None

    @property
    def gap(self) -> float | None:
        if self.agent is None or self.others is None:
            return None
        return self.agent - self.others

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ko


def item_scores(
    *,
    session: Session,
    agent: AgentProfile,
    call_filter: CallFilter,
    tz: str,
    team_only: bool = False,
) -> list[ItemScore]:
    """Per scorecard item (in scorecard order), the agent's average and the centre's (or,
    ``team_only``, their team's calls') over the same period."""
    mine = Call.agent_id == agent.id
    group = Call.team_id == agent.team_id if team_only else None
    rows = session.execute(
        select(
            EvaluationItem.item_code,
            func.avg(case((mine, EvaluationItem.score))),
            func.count(case((mine, EvaluationItem.id))),
            func.avg(
                EvaluationItem.score if group is None else case((group, EvaluationItem.score))
            ),
        )
        .select_from(Call)
        .join(Evaluation, Evaluation.id == _latest_evaluation())
        .join(EvaluationItem, EvaluationItem.evaluation_id == Evaluation.id)
        .where(*_period(call_filter, tz), *([or_(mine, group)] if group is not None else []))
        .group_by(EvaluationItem.item_code)
    )
    averages = {code: (mine_avg, n, others) for code, mine_avg, n, others in rows}
    items = session.scalars(select(ScorecardItem).order_by(ScorecardItem.sort_order))
    scores = []
    for item in items:
        if item.code not in averages:
            continue
        mine_avg, n, others = averages[item.code]
        scores.append(
            ItemScore(
                item.code,
                item.name_ko,
                item.name_en,
                float(mine_avg) if mine_avg is not None else None,
                int(n),
                float(others) if others is not None else None,
            )
        )
    return scores


def strengths_and_weaknesses(
    items: list[ItemScore], count: int = 2, min_calls: int = MIN_EVALUATED_CALLS
) -> tuple[list[ItemScore], list[ItemScore]]:
    """The ``count`` items furthest above the comparison and the ``count`` furthest below
    (an item is never both); nothing while the agent has fewer than ``min_calls`` evaluated."""
    known = [
        (item.gap, item) for item in items if item.gap is not None and item.agent_calls >= min_calls
    ]
    known.sort(key=lambda pair: pair[0], reverse=True)
    strengths = [item for gap, item in known[:count] if gap > 0]
    rest = known[len(strengths) :]
    weaknesses = [item for gap, item in reversed(rest[-count:]) if gap < 0]
    return strengths, weaknesses


@dataclass(frozen=True, slots=True)
class ReviewFeedback:
    call_id: int
    reviewer: str
    at: datetime
    total_score: float | None
    comment: str  # the reviewer's words


@dataclass(frozen=True, slots=True)
class Coaching:
    call_id: int
    started_at: datetime
    source: EvaluationSource
    total_score: float | None
    text: str  # written by the evaluator (an LLM or the rules)


def recent_reviews(
    *,
    session: Session,
    agent_id: int,
    call_filter: CallFilter,
    tz: str,
    limit: int = FEEDBACK_SHOWN,
) -> list[ReviewFeedback]:
    """The latest supervisor reviews with a comment of the agent's calls in the period."""
    rows = session.execute(
        select(Review.call_id, User.name, Review.updated_at, Review.total_score, Review.comment)
        .join(Call, Call.id == Review.call_id)
        .join(User, User.id == Review.reviewer_id)
        .where(Call.agent_id == agent_id, *_period(call_filter, tz), Review.comment != "")
        .order_by(Review.updated_at.desc(), Review.id.desc())
        .limit(limit)
    )
    return [ReviewFeedback(*row) for row in rows]


def recent_coaching(
    *,
    session: Session,
    agent_id: int,
    call_filter: CallFilter,
    tz: str,
    limit: int = FEEDBACK_SHOWN,
) -> list[Coaching]:
    """The coaching text of the automatic evaluations of the agent's latest calls."""
    rows = session.execute(
        select(
            Call.id, Call.started_at, Evaluation.source, Evaluation.total_score, Evaluation.coaching
        )
        .join(Evaluation, Evaluation.id == _latest_evaluation())
        .where(Call.agent_id == agent_id, *_period(call_filter, tz), Evaluation.coaching != "")
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(limit)
    )
    return [Coaching(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class CallToReview:
    call_id: int
    started_at: datetime
    category: CallCategory
    score: float | None
    politeness: float | None
    outcome: Outcome | None  # predicted
    impolite: int  # impolite findings

    @property
    def reasons(self) -> tuple[str, ...]:
        """Catalog keys of why the call is worth a review."""
        found = []
        if self.score is not None and self.score < LOW_SCORE:
            found.append("agent.reason.low_score")
        if self.outcome in WEAK_OUTCOMES:
            found.append("agent.reason.outcome")
        if self.impolite:
            found.append("agent.reason.impolite")
        return tuple(found)


def calls_to_review(
    *,
    session: Session,
    agent_id: int,
    call_filter: CallFilter,
    tz: str,
    limit: int = CALLS_TO_REVIEW_SHOWN,
) -> list[CallToReview]:
    """The agent's latest analysed calls in the period that nobody has reviewed yet and that
    scored low, are predicted to end badly, or where the agent was impolite."""
    impolite = (
        select(func.count(CallFinding.id))
        .where(CallFinding.call_id == Call.id, *IMPOLITE)
        .correlate(Call)
        .scalar_subquery()
    )
    reviewed = exists().where(Review.call_id == Call.id)
    rows = session.execute(
        select(
            Call.id,
            Call.started_at,
            Call.category,
            Evaluation.total_score,
            CallMetrics.politeness_score,
            Prediction.label,
            impolite,
        )
        .outerjoin(Evaluation, Evaluation.id == _latest_evaluation())
        .outerjoin(CallMetrics, CallMetrics.call_id == Call.id)
        .outerjoin(Prediction, Prediction.call_id == Call.id)
        .where(
            Call.agent_id == agent_id,
            Call.status == CallStatus.DONE,
            *_period(call_filter, tz),
            ~reviewed,
            or_(
                and_(Evaluation.total_score.is_not(None), Evaluation.total_score < LOW_SCORE),
                Prediction.label.in_(WEAK_OUTCOMES),
                impolite > 0,
            ),
        )
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(limit)
    )
    return [
        CallToReview(call_id, started_at, category, score, politeness, outcome, int(n or 0))
        for call_id, started_at, category, score, politeness, outcome, n in rows
    ]
