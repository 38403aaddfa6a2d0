"""Daily (and hourly) rollups: rebuilt from calls in SQL, read by the dashboards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    Integer,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import INTERVAL
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from core.domain import CallStatus, EvaluationStatus, Outcome
from db.models import Call, CallMetrics, DailyRollup, Evaluation, HourlyCallCount, Prediction

REPEAT_WINDOW = timedelta(days=7)
"""A call is a repeat call when the same customer called within this window before it."""


def _local(column: ColumnElement, dialect: str, tz: str) -> ColumnElement:
    """``column`` (UTC) as a local timestamp, in SQL."""
    if dialect == "postgresql":
        return func.timezone(tz, column)
    # SQLite has no time zones; the offset is fixed for zones without DST (Asia/Seoul).
    offset = ZoneInfo(tz).utcoffset(datetime.now(UTC))
    hours = int(offset.total_seconds() // 3600) if offset else 0
    return func.datetime(column, f"{hours:+d} hours")


def local_day(column: ColumnElement, dialect: str, tz: str) -> ColumnElement:
    return (
        cast(_local(column, dialect, tz), Date)
        if dialect == "postgresql"
        else func.date(_local(column, dialect, tz))
    )


def local_hour(column: ColumnElement, dialect: str, tz: str) -> ColumnElement:
    if dialect == "postgresql":
        return cast(func.extract("hour", _local(column, dialect, tz)), Integer)
    return cast(func.strftime("%H", _local(column, dialect, tz)), Integer)


def utc_bounds(day_from: date, day_to: date, tz: str) -> tuple[datetime, datetime]:
    """The UTC instants that enclose local days ``day_from``..``day_to`` (inclusive)."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day_from, time.min, zone).astimezone(UTC)
    end = datetime.combine(day_to + timedelta(days=1), time.min, zone).astimezone(UTC)
    return start, end


def _minus(column: ColumnElement, delta: timedelta, dialect: str) -> ColumnElement:
    seconds = int(delta.total_seconds())
    if dialect == "postgresql":
        return column - cast(literal(f"{seconds} seconds"), INTERVAL)
    return func.datetime(column, f"-{seconds} seconds")


def is_repeat_call(dialect: str) -> ColumnElement:
    """True for a call whose customer called within REPEAT_WINDOW before it (SQL)."""
    earlier = aliased(Call)
    return exists().where(
        and_(
            earlier.customer_key_hash == Call.customer_key_hash,
            earlier.started_at < Call.started_at,
            earlier.started_at >= _minus(Call.started_at, REPEAT_WINDOW, dialect),
        )
    )


def _count_if(condition: ColumnElement) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def rebuild_rollups(
    *, session: Session, day_from: date, day_to: date, tz: str, agent_id: int | None = None
) -> int:
    """Replace the rollups of local days ``day_from``..``day_to`` (of one agent, if given);
    returns the daily rows written."""
    dialect = session.get_bind().dialect.name
    start, end = utc_bounds(day_from, day_to, tz)
    daily_scope = [DailyRollup.day >= day_from, DailyRollup.day <= day_to]
    hourly_scope = [HourlyCallCount.day >= day_from, HourlyCallCount.day <= day_to]
    call_scope = [Call.started_at >= start, Call.started_at < end]
    if agent_id is not None:
        daily_scope.append(DailyRollup.agent_id == agent_id)
        hourly_scope.append(HourlyCallCount.agent_id == agent_id)
        call_scope.append(Call.agent_id == agent_id)
    session.execute(delete(DailyRollup).where(*daily_scope))
    session.execute(delete(HourlyCallCount).where(*hourly_scope))
    latest_evaluation = (
        select(func.max(Evaluation.id))
        .where(Evaluation.call_id == Call.id, Evaluation.status == EvaluationStatus.OK)
        .correlate(Call)
        .scalar_subquery()
    )
    day = local_day(Call.started_at, dialect, tz).label("day")
    timed = and_(CallMetrics.timings_available.is_(True), CallMetrics.silence_s.is_not(None))
    daily = (
        select(
            day,
            Call.agent_id,
            Call.team_id,
            Call.category,
            Call.direction,
            func.count(Call.id),
            _count_if(Call.status == CallStatus.DONE),
            _count_if(Call.status == CallStatus.FAILED),
            func.coalesce(func.sum(Call.duration_s), 0.0),
            func.count(Call.duration_s),
            func.coalesce(func.sum(case((timed, CallMetrics.silence_s), else_=0.0)), 0.0),
            func.coalesce(func.sum(case((timed, Call.duration_s), else_=0.0)), 0.0),
            func.coalesce(func.sum(CallMetrics.overtalk_count), 0),
            func.count(CallMetrics.overtalk_count),
            func.coalesce(func.sum(CallMetrics.politeness_score), 0.0),
            func.count(CallMetrics.politeness_score),
            func.coalesce(func.sum(CallMetrics.compliance_pct), 0.0),
            func.count(CallMetrics.compliance_pct),
            func.coalesce(func.sum(Evaluation.total_score), 0.0),
            func.count(Evaluation.total_score),
            _count_if(is_repeat_call(dialect)),
            _count_if(Call.transferred_to.is_not(None)),
            _count_if(Prediction.label == Outcome.SATISFIED),
            _count_if(Prediction.label == Outcome.POOR),
            _count_if(Prediction.label == Outcome.NEEDS_FOLLOW_UP),
            _count_if(Prediction.label == Outcome.UNRESOLVABLE),
        )
        .select_from(Call)
        .outerjoin(CallMetrics, CallMetrics.call_id == Call.id)
        .outerjoin(Prediction, Prediction.call_id == Call.id)
        .outerjoin(Evaluation, Evaluation.id == latest_evaluation)
        .where(*call_scope)
        .group_by(day, Call.agent_id, Call.team_id, Call.category, Call.direction)
    )
    columns = [
        "day", "agent_id", "team_id", "category", "direction", "calls", "analyzed_calls",
        "failed_calls", "handle_s_sum", "handle_n", "silence_s_sum", "timed_s_sum",
        "overtalk_count_sum", "overtalk_n", "politeness_sum", "politeness_n", "compliance_sum",
        "compliance_n", "evaluation_sum", "evaluation_n", "repeat_calls", "transfers",
        "outcome_satisfied", "outcome_poor", "outcome_follow_up", "outcome_unresolvable",
    ]  # fmt: skip
    written = session.execute(insert(DailyRollup).from_select(columns, daily)).rowcount
    hour = local_hour(Call.started_at, dialect, tz).label("hour")
    hourly = (
        select(
            day,
            hour,
            Call.agent_id,
            Call.team_id,
            Call.category,
            Call.direction,
            func.count(Call.id),
        )
        .where(*call_scope)
        .group_by(day, hour, Call.agent_id, Call.team_id, Call.category, Call.direction)
    )
    session.execute(
        insert(HourlyCallCount).from_select(
            ["day", "hour", "agent_id", "team_id", "category", "direction", "calls"], hourly
        )
    )
    return written


def refresh_agent_days(*, session: Session, call_ids: Sequence[int], tz: str) -> int:
    """Rebuild the rollups of each (agent, local day) that ``call_ids`` fall on, once each;
    returns how many were rebuilt. A new call can also make a later call of the same customer
    a repeat call; the periodic full refresh (workers.rollups) catches that."""
    zone = ZoneInfo(tz)
    rows = session.execute(select(Call.agent_id, Call.started_at).where(Call.id.in_(call_ids)))
    agent_days = {(agent_id, started_at.astimezone(zone).date()) for agent_id, started_at in rows}
    for agent_id, day in sorted(agent_days):
        rebuild_rollups(session=session, day_from=day, day_to=day, tz=tz, agent_id=agent_id)
    return len(agent_days)


def call_day_range(*, session: Session, tz: str) -> tuple[date, date] | None:
    """The first and last local day that has calls."""
    first, last = session.execute(
        select(func.min(Call.started_at), func.max(Call.started_at))
    ).one()
    if first is None:
        return None
    zone = ZoneInfo(tz)
    return first.astimezone(zone).date(), last.astimezone(zone).date()
