"""How politely teams and agents spoke over a period: rankings and the daily trend from the
rollups, and the impolite expressions found most often with a few utterances that show them.

Every number is aggregated in SQL; only ranked rows and a handful of examples come back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core.domain import FindingKind
from core.filters import CallFilter
from db.models import Agent, Call, CallFinding, DailyRollup, Team, Utterance
from db.scopes import call_scope, rollup_scope

MIN_CALLS_TO_RANK = 5
"""Calls with a politeness score an agent needs in the period before being ranked: one rude
call among two would otherwise put a new agent at the bottom."""

LOW_POLITENESS = 70.0
"""A call scoring below this is a politeness problem worth listening to (drill-through)."""

EXPRESSIONS_SHOWN = 10
EXAMPLES_PER_EXPRESSION = 3


@dataclass(frozen=True, slots=True)
class TeamPoliteness:
    team_id: int
    name: str
    calls: int
    scored_calls: int  # calls with a politeness score
    average: float | None


@dataclass(frozen=True, slots=True)
class AgentPoliteness:
    agent_id: int
    employee_no: str
    name: str
    team: str  # the agent's team now
    calls: int
    scored_calls: int
    average: float


@dataclass(frozen=True, slots=True)
class AgentRanking:
    ranked: list[AgentPoliteness]  # most polite first
    unranked: int  # agents with calls in the period but fewer than min_calls scored
    min_calls: int


@dataclass(frozen=True, slots=True)
class TrendPoint:
    day: date
    team: str | None  # None: the whole selection
    scored_calls: int
    average: float


@dataclass(frozen=True, slots=True)
class Example:
    """An utterance where the expression was found; its text is the (redacted) transcript."""

    call_id: int
    started_at: datetime
    text: str
    start_s: float | None  # seconds into the call


@dataclass(frozen=True, slots=True)
class ImpoliteExpression:
    code: str  # the rule kind: rude, forbidden, banmal, no_honorific, ...
    expression: str  # the agent's own words
    count: int  # findings
    calls: int  # distinct calls
    examples: tuple[Example, ...]


def _average() -> ColumnElement[float]:
    return func.sum(DailyRollup.politeness_sum) / func.nullif(func.sum(DailyRollup.politeness_n), 0)


def team_ranking(*, session: Session, call_filter: CallFilter) -> list[TeamPoliteness]:
    """Teams with calls in the period (the team a call was made in), most polite first."""
    average = _average().label("average")
    rows = session.execute(
        select(
            Team.id,
            Team.name,
            func.sum(DailyRollup.calls),
            func.sum(DailyRollup.politeness_n),
            average,
        )
        .join(Team, Team.id == DailyRollup.team_id)
        .where(*rollup_scope(call_filter))
        .group_by(Team.id, Team.name)
        .order_by(average.desc().nulls_last(), Team.name)
    )
    return [
        TeamPoliteness(team_id, name, int(calls), int(scored), average)
        for team_id, name, calls, scored, average in rows
    ]


def agent_ranking(
    *,
    session: Session,
    call_filter: CallFilter,
    min_calls: int = MIN_CALLS_TO_RANK,
    limit: int = 500,
) -> AgentRanking:
    scored = func.sum(DailyRollup.politeness_n)
    average = _average().label("average")
    per_agent = (
        select(
            DailyRollup.agent_id,
            func.sum(DailyRollup.calls).label("calls"),
            scored.label("scored"),
            average,
        )
        .where(*rollup_scope(call_filter))
        .group_by(DailyRollup.agent_id)
    )
    ranked = per_agent.having(scored >= min_calls).subquery()
    rows = session.execute(
        select(
            Agent.id,
            Agent.employee_no,
            Agent.name,
            Team.name,
            ranked.c.calls,
            ranked.c.scored,
            ranked.c.average,
        )
        .join(ranked, ranked.c.agent_id == Agent.id)
        .join(Team, Team.id == Agent.team_id)
        .order_by(ranked.c.average.desc(), ranked.c.scored.desc(), Agent.name)
        .limit(limit)
    )
    unranked = per_agent.having(scored < min_calls).subquery()
    return AgentRanking(
        ranked=[
            AgentPoliteness(agent_id, employee_no, name, team, int(calls), int(n), float(avg))
            for agent_id, employee_no, name, team, calls, n, avg in rows
        ],
        unranked=session.scalar(select(func.count()).select_from(unranked)) or 0,
        min_calls=min_calls,
    )


def daily_trend(
    *, session: Session, call_filter: CallFilter, by_team: bool = False
) -> list[TrendPoint]:
    """The average politeness per day (and team), days without scored calls left out."""
    average = _average()
    keys: list[ColumnElement] = [DailyRollup.day]
    stmt = select(DailyRollup.day, func.sum(DailyRollup.politeness_n), average)
    if by_team:
        stmt = select(DailyRollup.day, Team.name, func.sum(DailyRollup.politeness_n), average).join(
            Team, Team.id == DailyRollup.team_id
        )
        keys.append(Team.name)
    rows = session.execute(
        stmt.where(*rollup_scope(call_filter), DailyRollup.politeness_n > 0)
        .group_by(*keys)
        .order_by(*keys)
    )
    if by_team:
        return [TrendPoint(day, team, int(n), float(avg)) for day, team, n, avg in rows]
    return [TrendPoint(day, None, int(n), float(avg)) for day, n, avg in rows]


IMPOLITE = (CallFinding.kind == FindingKind.POLITENESS, CallFinding.score_delta < 0)
"""The findings of something impolite the agent said (they lowered the call's score)."""


def impolite_expressions(
    *,
    session: Session,
    call_filter: CallFilter,
    tz: str,
    limit: int = EXPRESSIONS_SHOWN,
    examples: int = EXAMPLES_PER_EXPRESSION,
) -> list[ImpoliteExpression]:
    """The ``limit`` impolite expressions found most often in the period, each with its
    ``examples`` latest utterances."""
    scope = call_scope(call_filter, tz)
    count = func.count(CallFinding.id).label("count")
    top = session.execute(
        select(
            CallFinding.code,
            CallFinding.expression,
            count,
            func.count(func.distinct(CallFinding.call_id)),
        )
        .join(Call, Call.id == CallFinding.call_id)
        .where(*scope, *IMPOLITE)
        .group_by(CallFinding.code, CallFinding.expression)
        .order_by(count.desc(), CallFinding.code, CallFinding.expression)
        .limit(limit)
    ).all()
    if not top:
        return []
    found: dict[tuple[str, str], list[Example]] = defaultdict(list)
    if examples > 0:
        rank = (
            func.row_number()
            .over(
                partition_by=(CallFinding.code, CallFinding.expression),
                order_by=(Call.started_at.desc(), CallFinding.id.desc()),
            )
            .label("rank")
        )
        latest = (
            select(
                CallFinding.code,
                CallFinding.expression,
                Call.id.label("call_id"),
                Call.started_at,
                Utterance.text,
                Utterance.start_s,
                rank,
            )
            .join(Call, Call.id == CallFinding.call_id)
            .outerjoin(Utterance, Utterance.id == CallFinding.utterance_id)
            .where(
                *scope,
                *IMPOLITE,
                or_(
                    *(and_(CallFinding.code == c, CallFinding.expression == e) for c, e, *_ in top)
                ),
            )
            .subquery()
        )
        rows = session.execute(
            select(latest).where(latest.c.rank <= examples).order_by(latest.c.rank)
        )
        for code, expression, call_id, started_at, text, start_s, _ in rows:
            found[code, expression].append(
                Example(call_id, started_at, text or expression, start_s)
            )
    return [
        ImpoliteExpression(code, expression, int(n), int(calls), tuple(found[code, expression]))
        for code, expression, n, calls in top
    ]
