"""The rows a ``CallFilter`` selects by its period, teams, agents, categories and directions, as
WHERE conditions: over the rollups (by local day) or over the calls (by start time).

The rest of a filter (status, outcome, score ranges, text) needs the calls: db.call_list.
"""

from __future__ import annotations

from sqlalchemy.sql import ColumnElement

from core.filters import CallFilter
from db.models import Call, DailyRollup, HourlyCallCount
from db.rollups import utc_bounds


def _who_and_what(
    model: type[DailyRollup | HourlyCallCount | Call], call_filter: CallFilter
) -> list[ColumnElement[bool]]:
    conditions = []
    if call_filter.team_ids:
        conditions.append(model.team_id.in_(call_filter.team_ids))
    if call_filter.agent_ids:
        conditions.append(model.agent_id.in_(call_filter.agent_ids))
    if call_filter.categories:
        conditions.append(model.category.in_(call_filter.categories))
    if call_filter.directions:
        conditions.append(model.direction.in_(call_filter.directions))
    return conditions


def rollup_scope(
    call_filter: CallFilter, model: type[DailyRollup | HourlyCallCount] = DailyRollup
) -> list[ColumnElement[bool]]:
    """The daily (or hourly) rollup rows of the filter's period, teams, agents, categories and
    directions."""
    return [
        model.day >= call_filter.day_from,
        model.day <= call_filter.day_to,
        *_who_and_what(model, call_filter),
    ]


def call_scope(call_filter: CallFilter, tz: str) -> list[ColumnElement[bool]]:
    """The calls of the filter's period (local days in ``tz``), teams, agents, categories and
    directions."""
    start, end = utc_bounds(call_filter.day_from, call_filter.day_to, tz)
    return [Call.started_at >= start, Call.started_at < end, *_who_and_what(Call, call_filter)]
