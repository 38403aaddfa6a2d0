"""The dashboard's aggregates, in SQL over the daily and hourly rollups (never over calls).

Only a filter's period, teams, agents, categories and directions apply: the rollups are kept
per day, agent, team, category and direction, and nothing finer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from core.dashboard import RollupSums
from core.filters import CallFilter
from db import period_kpis
from db.models import Agent, DailyRollup, HourlyCallCount, Team
from db.scopes import rollup_scope


@dataclass(frozen=True, slots=True)
class DashboardData:
    current: RollupSums
    previous: RollupSums  # the equally long period just before
    by_day: dict[date, RollupSums]  # days without calls are absent
    by_team: dict[int, RollupSums]
    by_agent: dict[int, RollupSums]
    day_hour_calls: list[tuple[date, int, int]]  # (day, hour 0-23, calls)


@dataclass(frozen=True, slots=True)
class TeamChoice:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class AgentChoice:
    id: int
    name: str
    employee_no: str
    team_id: int
    active: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.employee_no})"


def dashboard_filter(call_filter: CallFilter) -> CallFilter:
    """``call_filter`` with only what the rollups can answer (period, team, agent, category,
    direction)."""
    return CallFilter(
        day_from=call_filter.day_from,
        day_to=call_filter.day_to,
        team_ids=call_filter.team_ids,
        agent_ids=call_filter.agent_ids,
        categories=call_filter.categories,
        directions=call_filter.directions,
    )


def dashboard_data(*, session: Session, call_filter: CallFilter) -> DashboardData:
    """Everything the dashboard shows for ``call_filter``, in four grouped queries: by day
    over both periods (the daily trend, and each period's totals), by team, by agent, and by
    day and hour."""
    if session.get_bind().dialect.name == "postgresql":
        # Each scan is some tens of thousands of rollup rows: starting parallel workers costs
        # more than they save, and on a busy server they queue for a core (bench/dashboard.py).
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    previous = call_filter.previous_period()
    both_periods = replace(call_filter, day_from=previous.day_from)
    days = period_kpis.grouped(
        session=session, call_filter=both_periods, by=DailyRollup.day, in_order=False
    )
    by_day = {day: sums for day, sums in days.items() if day >= call_filter.day_from}
    before = [sums for day, sums in days.items() if day < call_filter.day_from]
    by_team, by_agent = (
        period_kpis.grouped(session=session, call_filter=call_filter, by=column, in_order=False)
        for column in (DailyRollup.team_id, DailyRollup.agent_id)
    )
    hourly = (
        select(HourlyCallCount.day, HourlyCallCount.hour, func.sum(HourlyCallCount.calls))
        .where(*rollup_scope(call_filter, HourlyCallCount))
        .group_by(HourlyCallCount.day, HourlyCallCount.hour)
    )
    return DashboardData(
        current=sum(by_day.values(), RollupSums()),
        previous=sum(before, RollupSums()),
        by_day=by_day,
        by_team=by_team,
        by_agent=by_agent,
        day_hour_calls=[(d, int(h), int(calls)) for d, h, calls in session.execute(hourly)],
    )


def filter_choices(*, session: Session) -> tuple[list[TeamChoice], list[AgentChoice]]:
    """Every team and agent (inactive ones too: they have history), for the filter widgets."""
    teams = [TeamChoice(id_, name) for id_, name in
             session.execute(select(Team.id, Team.name).order_by(Team.name))]  # fmt: skip
    agents = [
        AgentChoice(id_, name, employee_no, team_id, active)
        for id_, name, employee_no, team_id, active in session.execute(
            select(Agent.id, Agent.name, Agent.employee_no, Agent.team_id, Agent.active).order_by(
                Agent.name, Agent.employee_no
            )
        )
    ]
    return teams, agents
