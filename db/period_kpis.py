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
from db.scopes import rollup_scope

SUMS: tuple[ColumnElement[Any], ...] = tuple(
    func.sum(getattr(DailyRollup, name)) for name in SUM_COLUMNS
)
"""The summed rollup columns, in RollupSums' order."""


def totals(*, session: Session, call_filter: CallFilter) -> RollupSums:
    # No rows sum to NULL: zeros instead.
    sums = (func.coalesce(column, 0) for column in SUMS)
    return RollupSums(*session.execute(select(*sums).where(*rollup_scope(call_filter))).one())


def grouped(
    *,
    session: Session,
    call_filter: CallFilter,
    by: InstrumentedAttribute[Any],
    in_order: bool = True,
) -> dict[Any, RollupSums]:
    """The filter's sums per value of ``by`` (DailyRollup.agent_id, .team_id or .day), in the
    order of ``by`` unless not ``in_order`` (the database is spared the sort); values without
    rows in the period are absent."""
    stmt = select(by, *SUMS).where(*rollup_scope(call_filter)).group_by(by)
    rows = session.execute(stmt.order_by(by) if in_order else stmt)
    return {key: RollupSums(*sums) for key, *sums in rows}


def by_day(*, session: Session, call_filter: CallFilter) -> dict[date, RollupSums]:
    return grouped(session=session, call_filter=call_filter, by=DailyRollup.day)


def value(sums: RollupSums, kpi: Kpi) -> float | None:
    """One KPI of ``sums`` (an average, a rate); None where nothing was measured."""
    return KPIS[kpi].value(sums)
