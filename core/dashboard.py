"""The dashboard's numbers: KPI values from rollup sums, their change against the previous
period, which way is better for each, and which agents most need a supervisor's attention.

Pure: the sums come from ``db.dashboard`` (SQL over the daily rollups); nothing here reads
calls. A KPI whose denominator is zero is ``None`` (not measurable), never zero.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, timedelta
from enum import StrEnum

from core.domain import Outcome


@dataclass(frozen=True, slots=True)
class RollupSums:
    """Sums of daily rollup rows (db.models.DailyRollup's columns of the same names)."""

    calls: int = 0
    analyzed_calls: int = 0
    failed_calls: int = 0
    handle_s_sum: float = 0.0
    handle_n: int = 0
    silence_s_sum: float = 0.0
    timed_s_sum: float = 0.0
    overtalk_count_sum: int = 0
    overtalk_n: int = 0
    politeness_sum: float = 0.0
    politeness_n: int = 0
    compliance_sum: float = 0.0
    compliance_n: int = 0
    evaluation_sum: float = 0.0
    evaluation_n: int = 0
    repeat_calls: int = 0
    transfers: int = 0
    outcome_satisfied: int = 0
    outcome_poor: int = 0
    outcome_follow_up: int = 0
    outcome_unresolvable: int = 0

    def __add__(self, other: RollupSums) -> RollupSums:
        return RollupSums(*(getattr(self, n) + getattr(other, n) for n in SUM_COLUMNS))

    @property
    def is_empty(self) -> bool:
        return self.calls == 0

    def outcome_count(self, outcome: Outcome) -> int:
        return getattr(self, OUTCOME_COLUMNS[outcome])

    @property
    def predicted_calls(self) -> int:
        return sum(self.outcome_count(outcome) for outcome in Outcome)


SUM_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(RollupSums))
"""The rollup columns the dashboard sums, in RollupSums' field order."""

OUTCOME_COLUMNS: dict[Outcome, str] = {
    Outcome.SATISFIED: "outcome_satisfied",
    Outcome.POOR: "outcome_poor",
    Outcome.NEEDS_FOLLOW_UP: "outcome_follow_up",
    Outcome.UNRESOLVABLE: "outcome_unresolvable",
}


class Better(StrEnum):
    """Which direction of change is an improvement."""

    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"  # e.g. call volume: more calls are neither good nor bad


class Unit(StrEnum):
    COUNT = "count"
    SECONDS = "seconds"
    PERCENT = "percent"  # 0-100; changes are in percentage points
    SCORE = "score"  # 0-100 points
    PER_CALL = "per_call"


DIGITS: dict[Unit, int] = {
    Unit.COUNT: 0,
    Unit.SECONDS: 0,
    Unit.PERCENT: 1,
    Unit.SCORE: 1,
    Unit.PER_CALL: 2,
}
"""Decimals shown for each unit."""


class Kpi(StrEnum):
    CALLS = "calls"
    HANDLE_TIME = "handle_time"
    SILENCE = "silence"
    OVERTALK = "overtalk"
    POLITENESS = "politeness"
    COMPLIANCE = "compliance"
    EVALUATION = "evaluation"
    REPEAT_RATE = "repeat_rate"
    TRANSFER_RATE = "transfer_rate"
    SATISFIED_SHARE = "satisfied_share"
    POOR_SHARE = "poor_share"
    FOLLOW_UP_SHARE = "follow_up_share"
    UNRESOLVABLE_SHARE = "unresolvable_share"


OUTCOME_SHARES: dict[Outcome, Kpi] = {
    Outcome.SATISFIED: Kpi.SATISFIED_SHARE,
    Outcome.POOR: Kpi.POOR_SHARE,
    Outcome.NEEDS_FOLLOW_UP: Kpi.FOLLOW_UP_SHARE,
    Outcome.UNRESOLVABLE: Kpi.UNRESOLVABLE_SHARE,
}
"""The predicted-outcome mix: each outcome's share of the predicted calls."""


def _ratio(numerator: float, denominator: float, scale: float = 1.0) -> float | None:
    return numerator / denominator * scale if denominator else None


def _share(outcome: Outcome) -> Callable[[RollupSums], float | None]:
    return lambda s: _ratio(s.outcome_count(outcome), s.predicted_calls, 100.0)


@dataclass(frozen=True, slots=True)
class KpiSpec:
    kpi: Kpi
    unit: Unit
    better: Better
    compute: Callable[[RollupSums], float | None]

    def value(self, sums: RollupSums) -> float | None:
        return self.compute(sums)


KPIS: dict[Kpi, KpiSpec] = {
    spec.kpi: spec
    for spec in (
        KpiSpec(Kpi.CALLS, Unit.COUNT, Better.NEITHER, lambda s: float(s.calls)),
        # Handle time covers every call of the period whose length is known, analysed or
        # not (an imported transcript without timings has none).
        KpiSpec(Kpi.HANDLE_TIME, Unit.SECONDS, Better.LOWER,
                lambda s: _ratio(s.handle_s_sum, s.handle_n)),
        # Silence is measured only on calls whose utterance timings are known.
        KpiSpec(Kpi.SILENCE, Unit.PERCENT, Better.LOWER,
                lambda s: _ratio(s.silence_s_sum, s.timed_s_sum, 100.0)),
        # Overtalk needs timings: per call over the calls where it was measured.
        KpiSpec(Kpi.OVERTALK, Unit.PER_CALL, Better.LOWER,
                lambda s: _ratio(s.overtalk_count_sum, s.overtalk_n)),
        KpiSpec(Kpi.POLITENESS, Unit.SCORE, Better.HIGHER,
                lambda s: _ratio(s.politeness_sum, s.politeness_n)),
        KpiSpec(Kpi.COMPLIANCE, Unit.PERCENT, Better.HIGHER,
                lambda s: _ratio(s.compliance_sum, s.compliance_n)),
        KpiSpec(Kpi.EVALUATION, Unit.SCORE, Better.HIGHER,
                lambda s: _ratio(s.evaluation_sum, s.evaluation_n)),
        KpiSpec(Kpi.REPEAT_RATE, Unit.PERCENT, Better.LOWER,
                lambda s: _ratio(s.repeat_calls, s.calls, 100.0)),
        KpiSpec(Kpi.TRANSFER_RATE, Unit.PERCENT, Better.LOWER,
                lambda s: _ratio(s.transfers, s.calls, 100.0)),
        KpiSpec(Kpi.SATISFIED_SHARE, Unit.PERCENT, Better.HIGHER, _share(Outcome.SATISFIED)),
        KpiSpec(Kpi.POOR_SHARE, Unit.PERCENT, Better.LOWER, _share(Outcome.POOR)),
        KpiSpec(Kpi.FOLLOW_UP_SHARE, Unit.PERCENT, Better.LOWER,
                _share(Outcome.NEEDS_FOLLOW_UP)),
        KpiSpec(Kpi.UNRESOLVABLE_SHARE, Unit.PERCENT, Better.LOWER,
                _share(Outcome.UNRESOLVABLE)),
    )
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class KpiValue:
    """One KPI card: this period's value and the previous period's."""

    kpi: Kpi
    value: float | None
    previous: float | None

    @property
    def spec(self) -> KpiSpec:
        return KPIS[self.kpi]

    @property
    def delta(self) -> float | None:
        """The change, rounded as it is shown: a change too small to show is no change."""
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, DIGITS[self.spec.unit]) + 0.0  # no -0.0

    @property
    def relative_change(self) -> float | None:
        """The change as a fraction of the previous value (for counts)."""
        if self.delta is None or not self.previous:
            return None
        return self.delta / self.previous

    @property
    def improved(self) -> bool | None:
        """True when the change is for the better, False for the worse, None when there is
        no change, no comparison, or no better direction."""
        delta = self.delta
        if delta is None or delta == 0 or self.spec.better is Better.NEITHER:
            return None
        return (delta > 0) == (self.spec.better is Better.HIGHER)


def kpi_values(current: RollupSums, previous: RollupSums) -> dict[Kpi, KpiValue]:
    """Every KPI of ``current``, with the value of the previous period to compare with."""
    return {
        kpi: KpiValue(kpi, spec.value(current), None if previous.is_empty else spec.value(previous))
        for kpi, spec in KPIS.items()
    }


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(abs(seconds)), 60)
    return f"{minutes}:{rest:02d}"


def format_value(kpi: Kpi, value: float | None) -> str:
    """A KPI value as shown on its card; "-" when not measurable."""
    if value is None:
        return "-"
    unit = KPIS[kpi].unit
    if unit is Unit.SECONDS:
        return _minutes(value)
    text = f"{value:,.{DIGITS[unit]}f}"
    return f"{text}%" if unit is Unit.PERCENT else text


def format_delta(item: KpiValue, points: str = "%p") -> str | None:
    """The change against the previous period as a signed text (None: nothing to compare).
    ``points`` is the unit of a change between two percentages (e.g. "%p" or " pp")."""
    delta = item.delta
    if delta is None:
        return None
    unit = item.spec.unit
    if unit is Unit.SECONDS:
        return f"{'-' if delta < 0 else '+'}{_minutes(delta)}"
    text = f"{delta:+,.{DIGITS[unit]}f}"
    if unit is Unit.PERCENT:
        return f"{text}{points}"
    if unit is Unit.COUNT and item.relative_change is not None:
        return f"{text} ({item.relative_change:+.1%})"
    return text


def days_of(day_from: date, day_to: date) -> list[date]:
    return [day_from + timedelta(days=i) for i in range((day_to - day_from).days + 1)]


def weekday_hour_counts(day_hour_calls: list[tuple[date, int, int]]) -> list[list[int]]:
    """Calls by (day, hour, calls) rows folded into a 7 x 24 grid: [weekday][hour], Monday
    first."""
    grid = [[0] * 24 for _ in range(7)]
    for day, hour, calls in day_hour_calls:
        grid[day.weekday()][hour] += calls
    return grid


ATTENTION_KPIS: tuple[Kpi, ...] = (
    Kpi.POLITENESS,
    Kpi.COMPLIANCE,
    Kpi.EVALUATION,
    Kpi.POOR_SHARE,
    Kpi.SILENCE,
    Kpi.REPEAT_RATE,
)
"""What the attention ranking weighs. Handle time and transfers are left out: they depend
mostly on the kind of calls a team takes, not on how an agent handles them."""

ATTENTION_MIN_CALLS = 20
"""Agents with fewer calls in the period are not ranked: a handful of calls is noise."""

ATTENTION_FLAG_Z = 1.0
"""A KPI is named as a reason when the agent is this many standard deviations worse than
the agents' mean."""


@dataclass(frozen=True, slots=True)
class AgentAttention:
    agent_id: int
    score: float  # sum of how many standard deviations worse than the mean, over ATTENTION_KPIS
    reasons: tuple[Kpi, ...]  # the KPIs at least ATTENTION_FLAG_Z worse, worst first
    values: dict[Kpi, float | None]
    calls: int


def attention_ranking(agent_sums: dict[int, RollupSums], limit: int = 10) -> list[AgentAttention]:
    """The agents who most need attention, most first.

    Rule: among agents with at least ATTENTION_MIN_CALLS calls, each ATTENTION_KPI is turned
    into a z-score against the other ranked agents (sign chosen so that positive is worse);
    an agent's score is the sum of the positive ones. Only agents with a positive score are
    listed; ties go to the agent with more calls, then the lower id.
    """
    ranked = {
        agent_id: {kpi: KPIS[kpi].value(sums) for kpi in ATTENTION_KPIS}
        for agent_id, sums in agent_sums.items()
        if sums.calls >= ATTENTION_MIN_CALLS
    }
    worse_by: dict[int, dict[Kpi, float]] = {agent_id: {} for agent_id in ranked}
    for kpi in ATTENTION_KPIS:
        present = {a: v[kpi] for a, v in ranked.items() if v[kpi] is not None}
        if len(present) < 2:
            continue
        mean = statistics.fmean(present.values())
        spread = statistics.pstdev(present.values())
        if spread == 0:
            continue
        sign = 1.0 if KPIS[kpi].better is Better.LOWER else -1.0
        for agent_id, value in present.items():
            worse_by[agent_id][kpi] = sign * (value - mean) / spread  # type: ignore[operator]
    result = []
    for agent_id, z_scores in worse_by.items():
        score = sum(z for z in z_scores.values() if z > 0)
        if score <= 0:
            continue
        reasons = tuple(
            kpi
            for kpi, z in sorted(z_scores.items(), key=lambda item: -item[1])
            if z >= ATTENTION_FLAG_Z
        )
        calls = agent_sums[agent_id].calls
        result.append(AgentAttention(agent_id, score, reasons, ranked[agent_id], calls))
    result.sort(key=lambda a: (-a.score, -a.calls, a.agent_id))
    return result[:limit]
