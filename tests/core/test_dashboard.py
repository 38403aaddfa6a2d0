from datetime import date

import pytest

from core.dashboard import (
    ATTENTION_MIN_CALLS,
    KPIS,
    OUTCOME_SHARES,
    SUM_COLUMNS,
    Better,
    Kpi,
    KpiValue,
    RollupSums,
    attention_ranking,
    days_of,
    format_delta,
    format_value,
    kpi_values,
    weekday_hour_counts,
)
from core.domain import Outcome
from db.models import DailyRollup

PERIOD = RollupSums(
    calls=10, analyzed_calls=8, failed_calls=1, handle_s_sum=3000.0, handle_n=10,
    silence_s_sum=30.0, timed_s_sum=600.0, overtalk_count_sum=6, overtalk_n=8,
    politeness_sum=170.0, politeness_n=2,
    compliance_sum=150.0, compliance_n=2, evaluation_sum=240.0, evaluation_n=3, repeat_calls=2,
    transfers=1, outcome_satisfied=5, outcome_poor=2, outcome_follow_up=1, outcome_unresolvable=0,
)  # fmt: skip


def test_sum_columns_are_daily_rollup_columns():
    assert set(SUM_COLUMNS) <= set(DailyRollup.__table__.columns.keys())


def test_kpis_are_ratios_of_the_sums():
    values = {kpi: item.value for kpi, item in kpi_values(PERIOD, RollupSums()).items()}
    assert values == {
        Kpi.CALLS: 10.0,
        Kpi.HANDLE_TIME: 300.0,
        Kpi.SILENCE: 5.0,  # 30 s of 600 timed seconds
        Kpi.OVERTALK: 0.75,  # 6 over the 8 calls where it was measured
        Kpi.POLITENESS: 85.0,
        Kpi.COMPLIANCE: 75.0,
        Kpi.EVALUATION: 80.0,
        Kpi.REPEAT_RATE: 20.0,
        Kpi.TRANSFER_RATE: 10.0,
        Kpi.SATISFIED_SHARE: 62.5,  # of the 8 predicted calls
        Kpi.POOR_SHARE: 25.0,
        Kpi.FOLLOW_UP_SHARE: 12.5,
        Kpi.UNRESOLVABLE_SHARE: 0.0,
    }


def test_a_kpi_without_measurements_is_not_measurable_rather_than_zero():
    unmeasured = RollupSums(calls=3, handle_s_sum=600.0, handle_n=3)
    values = kpi_values(unmeasured, RollupSums())
    assert values[Kpi.HANDLE_TIME].value == 200.0
    for kpi in (Kpi.SILENCE, Kpi.OVERTALK, Kpi.POLITENESS, Kpi.SATISFIED_SHARE):
        assert values[kpi].value is None
        assert format_value(kpi, values[kpi].value) == "-"


def test_calls_without_a_known_length_are_left_out_of_handle_time_and_overtalk():
    # 4 calls: 2 recorded (300 s and 500 s, 3 overtalks), 2 imported without timings.
    with_untimed = RollupSums(calls=4, analyzed_calls=4, handle_s_sum=800.0, handle_n=2,
                              overtalk_count_sum=3, overtalk_n=2)  # fmt: skip
    values = kpi_values(with_untimed, RollupSums())
    assert values[Kpi.HANDLE_TIME].value == 400.0
    assert values[Kpi.OVERTALK].value == 1.5
    only_untimed = kpi_values(RollupSums(calls=2, analyzed_calls=2), RollupSums())
    assert only_untimed[Kpi.HANDLE_TIME].value is None
    assert only_untimed[Kpi.OVERTALK].value is None


def test_an_empty_previous_period_gives_no_change():
    for item in kpi_values(PERIOD, RollupSums()).values():
        assert item.previous is None and item.delta is None and item.improved is None
        assert format_delta(item) is None


def test_change_against_the_previous_period_knows_which_way_is_better():
    previous = RollupSums(
        calls=20, analyzed_calls=20, handle_s_sum=5000.0, handle_n=20, silence_s_sum=20.0,
        timed_s_sum=800.0,
        politeness_sum=180.0, politeness_n=2, repeat_calls=2, transfers=2, outcome_satisfied=4,
        outcome_poor=4,
    )  # fmt: skip
    values = kpi_values(PERIOD, previous)
    # 300 s now, 250 s before: longer calls are worse.
    assert values[Kpi.HANDLE_TIME].delta == 50.0 and values[Kpi.HANDLE_TIME].improved is False
    # Silence 5.0% now against 2.5%: worse. Politeness 85 against 90: worse.
    assert values[Kpi.SILENCE].delta == 2.5 and values[Kpi.SILENCE].improved is False
    assert values[Kpi.POLITENESS].delta == -5.0 and values[Kpi.POLITENESS].improved is False
    # Repeat calls 20% against 10%: worse; satisfied 62.5% against 50%: better.
    assert values[Kpi.REPEAT_RATE].improved is False
    assert values[Kpi.SATISFIED_SHARE].delta == 12.5
    assert values[Kpi.SATISFIED_SHARE].improved is True
    assert values[Kpi.POOR_SHARE].delta == -25.0 and values[Kpi.POOR_SHARE].improved is True
    # Half as many calls is neither better nor worse.
    assert values[Kpi.CALLS].delta == -10.0 and values[Kpi.CALLS].improved is None
    assert format_delta(values[Kpi.CALLS]) == "-10 (-50.0%)"
    assert format_delta(values[Kpi.HANDLE_TIME]) == "+0:50"
    assert format_delta(values[Kpi.SILENCE], " pp") == "+2.5 pp"
    assert format_delta(values[Kpi.POLITENESS]) == "-5.0"


@pytest.mark.parametrize(
    ("kpi", "better"),
    [
        (Kpi.HANDLE_TIME, Better.LOWER), (Kpi.SILENCE, Better.LOWER),
        (Kpi.OVERTALK, Better.LOWER), (Kpi.POLITENESS, Better.HIGHER),
        (Kpi.COMPLIANCE, Better.HIGHER), (Kpi.EVALUATION, Better.HIGHER),
        (Kpi.REPEAT_RATE, Better.LOWER), (Kpi.TRANSFER_RATE, Better.LOWER),
        (Kpi.SATISFIED_SHARE, Better.HIGHER), (Kpi.POOR_SHARE, Better.LOWER),
        (Kpi.FOLLOW_UP_SHARE, Better.LOWER), (Kpi.UNRESOLVABLE_SHARE, Better.LOWER),
        (Kpi.CALLS, Better.NEITHER),
    ],
)  # fmt: skip
def test_each_kpi_has_its_better_direction(kpi, better):
    assert KPIS[kpi].better is better


def test_a_change_too_small_to_show_is_no_change():
    item = KpiValue(Kpi.POLITENESS, 90.04, 90.0)
    assert item.delta == 0.0 and item.improved is None
    assert format_delta(item) == "+0.0"
    shorter = KpiValue(Kpi.HANDLE_TIME, 299.8, 300.1)
    assert format_delta(shorter) == "+0:00" and shorter.improved is None


def test_values_are_formatted_by_unit():
    assert format_value(Kpi.CALLS, 12345.0) == "12,345"
    assert format_value(Kpi.HANDLE_TIME, 754.4) == "12:34"
    assert format_value(Kpi.SILENCE, 4.26) == "4.3%"
    assert format_value(Kpi.OVERTALK, 0.256) == "0.26"
    assert format_value(Kpi.POLITENESS, 97.25) == "97.2"
    assert format_delta(KpiValue(Kpi.HANDLE_TIME, 200.0, 290.0)) == "-1:30"


def test_the_outcome_mix_covers_every_outcome():
    assert set(OUTCOME_SHARES) == set(Outcome)
    assert sum(kpi_values(PERIOD, RollupSums())[k].value for k in OUTCOME_SHARES.values()) == 100


def test_sums_add_up_column_by_column():
    total = PERIOD + PERIOD
    assert total.calls == 20 and total.politeness_sum == 340.0 and total.outcome_poor == 4
    assert RollupSums().is_empty and not PERIOD.is_empty


def test_calls_fold_into_weekday_by_hour_monday_first():
    # 2026-11-23 is a Monday; 2026-11-30 the Monday after; 2026-11-29 a Sunday.
    grid = weekday_hour_counts(
        [(date(2026, 11, 23), 9, 5), (date(2026, 11, 30), 9, 2), (date(2026, 11, 29), 23, 1)]
    )
    assert len(grid) == 7 and all(len(row) == 24 for row in grid)
    assert grid[0][9] == 7 and grid[6][23] == 1
    assert sum(map(sum, grid)) == 8


def test_days_of_a_period_include_both_ends():
    assert days_of(date(2026, 2, 27), date(2026, 3, 1)) == [
        date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1)
    ]  # fmt: skip


def agent(calls=40, politeness=95.0, poor=2, repeat=4, compliance=90.0) -> RollupSums:
    return RollupSums(
        calls=calls, analyzed_calls=calls, politeness_sum=politeness * calls, politeness_n=calls,
        compliance_sum=compliance * calls, compliance_n=calls, repeat_calls=repeat,
        outcome_satisfied=calls - poor, outcome_poor=poor,
    )  # fmt: skip


def test_the_agent_worse_than_the_others_comes_first_with_the_reasons():
    agents = {
        1: agent(),
        2: agent(politeness=70.0, poor=12),  # rude, and many poor outcomes
        3: agent(compliance=60.0),  # skips script steps
        4: agent(),
        5: agent(),
        6: agent(calls=ATTENTION_MIN_CALLS - 1, politeness=10.0),  # too few calls to rank
    }
    ranking = attention_ranking(agents)
    assert [a.agent_id for a in ranking][:2] == [2, 3]
    assert set(ranking[0].reasons) == {Kpi.POLITENESS, Kpi.POOR_SHARE}
    assert ranking[1].reasons == (Kpi.COMPLIANCE,)
    assert ranking[0].score > ranking[1].score > 0
    assert 6 not in {a.agent_id for a in ranking}
    assert ranking[0].values[Kpi.POLITENESS] == 70.0 and ranking[0].calls == 40


def test_agents_who_are_all_alike_need_no_attention():
    assert attention_ranking({1: agent(), 2: agent(), 3: agent()}) == []
    assert attention_ranking({1: agent(politeness=20.0)}) == []  # nobody to compare with


def test_attention_ranking_is_limited_and_breaks_ties_by_calls():
    agents = {i: agent(calls=40 + i % 2, politeness=90.0 if i < 10 else 99.0, poor=0, repeat=0)
              for i in range(40)}  # fmt: skip
    ranking = attention_ranking(agents, limit=3)
    assert len(ranking) == 3
    # Agents 0-9 are equally impolite; the ones with 41 calls come first, lower id first.
    assert [a.agent_id for a in ranking] == [1, 3, 5]
