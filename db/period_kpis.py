"""A period's rollup sums (``core.dashboard.RollupSums``) for the whole selection or grouped
by agent, team or day, summed in SQL; ``core.dashboard.KPIS`` turns them into averages.

Only the filter parts the rollups are keyed on apply (dates, team, agent, category,
direction); the rest of a ``CallFilter`` (status, outcome, score ranges, text) needs the calls.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import ColumnElement

from core.dashboard import KPIS, SUM_COLUMNS, Kpi, RollupSums
from core.filters import CallFilter
from db.models import DailyRollup


def rollup_scope(call_filter: CallFilter) -> list[ColumnElement[bool]]:
    """The rollup rows of the filter's period, teams, agents, categories and directions."""
    scope = [DailyRollup.day >= call_filter.day_from, DailyRollup.day <= call_filter.day_to]
    if call_filter.team_ids:
        scope.append(DailyRollup.team_id.in_(call_filter.team_ids))
    if call_filter.agent_ids:
        scope.append(DailyRollup.agent_id.in_(call_filter.agent_ids))
    if call_filter.categories:
        scope.append(DailyRollup.category.in_(call_filter.categories))
    if call_filter.directions:
        scope.append(DailyRollup.direction.in_(call_filter.directions))
    return scope


def _sums() -> list[ColumnElement[Any]]:
    return [func.coalesce(func.sum(getattr(DailyRollup, name)), 0) for name in SUM_COLUMNS]


def totals(*, session: Session, call_filter: CallFilter) -> RollupSums:
    return RollupSums(*session.execute(select(*_sums()).where(*rollup_scope(call_filter))).one())


def grouped(
    *, session: Session, call_filter: CallFilter, by: InstrumentedAttribute[Any]
) -> dict[Any, RollupSums]:
    """The filter's sums per value of ``by`` (DailyRollup.agent_id, .team_id or .day);
    values without rows in the period are absent."""
    rows = session.execute(
        select(by, *_sums()).where(*rollup_scope(call_filter)).group_by(by).order_by(by)
    )
    return {key: RollupSums(*sums) for key, *sums in rows}


def by_day(*, session: Session, call_filter: CallFilter) -> dict[date, RollupSums]:
    return grouped(session=session, call_filter=call_filter, by=DailyRollup.day)


def value(sums: RollupSums, kpi: Kpi) -> float | None:
    """One KPI of ``sums`` (an average, a rate); None where nothing was measured."""
    return KPIS[kpi].value(sums)
