"""Pre-aggregated numbers the dashboards read instead of scanning calls."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, SmallInteger, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.domain import CallCategory, CallDirection
from db.models.base import Base
from db.types import UTCDateTime, str_enum, utcnow


class DailyRollup(Base):
    """Sums per agent, day (Asia/Seoul), category and direction; averages are sum / n."""

    __tablename__ = "daily_rollups"
    __table_args__ = (
        UniqueConstraint("day", "agent_id", "category", "direction", name="uq_daily_rollups_key"),
        Index("ix_daily_rollups_team_day", "team_id", "day"),
        Index("ix_daily_rollups_agent_day", "agent_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    category: Mapped[CallCategory] = mapped_column(str_enum(CallCategory))
    direction: Mapped[CallDirection] = mapped_column(str_enum(CallDirection))

    calls: Mapped[int] = mapped_column(Integer, default=0)
    analyzed_calls: Mapped[int] = mapped_column(Integer, default=0)
    failed_calls: Mapped[int] = mapped_column(Integer, default=0)
    handle_s_sum: Mapped[float] = mapped_column(Float, default=0.0)
    # Calls whose length is known (an imported transcript without timings has none).
    handle_n: Mapped[int] = mapped_column(Integer, default=0)
    # Silence % is silence_s_sum / timed_s_sum over calls whose timings are known.
    silence_s_sum: Mapped[float] = mapped_column(Float, default=0.0)
    timed_s_sum: Mapped[float] = mapped_column(Float, default=0.0)
    overtalk_count_sum: Mapped[int] = mapped_column(Integer, default=0)
    overtalk_n: Mapped[int] = mapped_column(Integer, default=0)  # calls with overtalk measured
    politeness_sum: Mapped[float] = mapped_column(Float, default=0.0)
    politeness_n: Mapped[int] = mapped_column(Integer, default=0)
    compliance_sum: Mapped[float] = mapped_column(Float, default=0.0)
    compliance_n: Mapped[int] = mapped_column(Integer, default=0)
    evaluation_sum: Mapped[float] = mapped_column(Float, default=0.0)
    evaluation_n: Mapped[int] = mapped_column(Integer, default=0)
    repeat_calls: Mapped[int] = mapped_column(Integer, default=0)  # same customer within 7 days
    transfers: Mapped[int] = mapped_column(Integer, default=0)
    outcome_satisfied: Mapped[int] = mapped_column(Integer, default=0)
    outcome_poor: Mapped[int] = mapped_column(Integer, default=0)
    outcome_follow_up: Mapped[int] = mapped_column(Integer, default=0)
    outcome_unresolvable: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class HourlyCallCount(Base):
    """Calls per day and hour (Asia/Seoul), for the hour x weekday heatmap."""

    __tablename__ = "hourly_call_counts"
    __table_args__ = (
        UniqueConstraint(
            "day", "hour", "agent_id", "category", "direction", name="uq_hourly_call_counts_key"
        ),
        # The heatmap's sums by (day, hour) come from this index alone.
        Index("ix_hourly_call_counts_day_hour", "day", "hour", "calls"),
        Index("ix_hourly_call_counts_team_day", "team_id", "day"),
        Index("ix_hourly_call_counts_agent_day", "agent_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    hour: Mapped[int] = mapped_column(SmallInteger)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    category: Mapped[CallCategory] = mapped_column(str_enum(CallCategory))
    direction: Mapped[CallDirection] = mapped_column(str_enum(CallDirection))
    calls: Mapped[int] = mapped_column(Integer, default=0)
