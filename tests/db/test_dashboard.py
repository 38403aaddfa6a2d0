from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from core.dashboard import Kpi, RollupSums, kpi_values, weekday_hour_counts
from core.domain import (
    CallCategory,
    CallDirection,
    CallStatus,
    EvaluationSource,
    Outcome,
    TransferQueue,
)
from core.filters import CallFilter, ScoreRange
from db.dashboard import dashboard_data, dashboard_filter, filter_choices
from db.models import CallMetrics, Evaluation, ModelVersion, Prediction
from db.rollups import rebuild_rollups
from db.session import transaction
from tests import factories

TZ = "Asia/Seoul"
WEEK = CallFilter(day_from=date(2026, 11, 16), day_to=date(2026, 11, 22))
"""The period looked at; the previous period is 2026-11-09..15."""


@dataclass
class Centre:
    team_a: int
    team_b: int
    kim: int  # team A
    lee: int  # team A
    park: int  # team B


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def seed(engine) -> Centre:
    with transaction(engine) as session:
        team_a = factories.team(session, "사고접수1팀")
        team_b = factories.team(session, "보험금청구1팀")
        kim = factories.agent(session, team_a, "A001", "김민준")
        lee = factories.agent(session, team_a, "A002", "이서연")
        park = factories.agent(session, team_b, "B001", "박지훈")
        model = ModelVersion(version="v1", artifact_path="/models/v1.txt")
        session.add(model)
        session.flush()

        def analysed(call, *, silence, overtalk, polite, compliance, outcome, score=None):
            session.add(
                CallMetrics(
                    call_id=call.id,
                    silence_s=silence,
                    overtalk_count=overtalk,
                    politeness_score=polite,
                    compliance_pct=compliance,
                )
            )
            session.add(Prediction(call_id=call.id, model_version_id=model.id, label=outcome))
            if score is not None:
                session.add(Evaluation(call_id=call.id, source=EvaluationSource.RULES,
                                       total_score=score))  # fmt: skip

        # This week. 2026-11-22 is a Sunday.
        first = factories.call(session, kim, utc(22, 1), duration_s=300.0)  # 10:00 KST
        analysed(
            first,
            silence=30.0,
            overtalk=2,
            polite=90.0,
            compliance=80.0,
            outcome=Outcome.SATISFIED,
            score=85.0,
        )
        second = factories.call(
            session,
            kim,
            utc(20, 5),
            duration_s=200.0,
            customer="010-1111-2222",
            transferred_to=TransferQueue.ACCIDENT,
        )
        analysed(
            second,
            silence=10.0,
            overtalk=0,
            polite=70.0,
            compliance=100.0,
            outcome=Outcome.POOR,
            score=65.0,
        )
        # The same customer again the next day: a repeat call, never analysed.
        factories.call(
            session,
            kim,
            utc(21, 2),
            duration_s=100.0,
            customer="010-1111-2222",
            status=CallStatus.FAILED,
        )
        factories.call(
            session,
            lee,
            utc(18, 3),
            duration_s=400.0,
            customer="010-9999-0000",
            category=CallCategory.CLAIM,
            direction=CallDirection.OUTBOUND,
            status=CallStatus.FAILED,
        )
        # 15:30 UTC on the 21st is 00:30 on the 22nd in Seoul.
        late = factories.call(
            session,
            park,
            utc(21, 15, 30),
            duration_s=100.0,
            customer="010-3333-4444",
            category=CallCategory.CLAIM,
        )
        analysed(
            late,
            silence=5.0,
            overtalk=1,
            polite=100.0,
            compliance=60.0,
            outcome=Outcome.NEEDS_FOLLOW_UP,
        )
        # The week before.
        before = factories.call(
            session, kim, utc(12, 2), duration_s=600.0, customer="010-5555-6666"
        )
        analysed(
            before,
            silence=60.0,
            overtalk=4,
            polite=100.0,
            compliance=100.0,
            outcome=Outcome.SATISFIED,
        )
        # Earlier than both periods: never counted.
        factories.call(session, park, utc(1, 2), duration_s=999.0, customer="010-7777-8888")
        rebuild_rollups(session=session, day_from=date(2026, 10, 1), day_to=date(2026, 11, 30),
                        tz=TZ)  # fmt: skip
        return Centre(team_a.id, team_b.id, kim.id, lee.id, park.id)  # fmt: skip


def load(engine, call_filter: CallFilter = WEEK):
    with transaction(engine) as session:
        return dashboard_data(session=session, call_filter=call_filter)


def test_kpis_of_the_period_and_the_one_before_come_from_the_rollups(engine):
    seed(engine)
    data = load(engine)
    assert data.current == RollupSums(
        calls=5, analyzed_calls=3, failed_calls=2, handle_s_sum=1100.0, handle_n=5,
        silence_s_sum=45.0, timed_s_sum=600.0, overtalk_count_sum=3, overtalk_n=3,
        politeness_sum=260.0, politeness_n=3,
        compliance_sum=240.0, compliance_n=3, evaluation_sum=150.0, evaluation_n=2,
        repeat_calls=1, transfers=1, outcome_satisfied=1, outcome_poor=1, outcome_follow_up=1,
        outcome_unresolvable=0,
    )  # fmt: skip
    assert (data.previous.calls, data.previous.handle_s_sum) == (1, 600.0)
    values = kpi_values(data.current, data.previous)
    assert values[Kpi.HANDLE_TIME].value == 220.0 and values[Kpi.HANDLE_TIME].delta == -380.0
    assert values[Kpi.SILENCE].value == 7.5  # 45 s of 600 timed seconds
    assert values[Kpi.SILENCE].delta == -2.5  # 10% the week before
    assert values[Kpi.OVERTALK].value == 1.0
    assert values[Kpi.REPEAT_RATE].value == 20.0 and values[Kpi.TRANSFER_RATE].value == 20.0
    assert values[Kpi.POOR_SHARE].value == pytest.approx(100 / 3)
    assert values[Kpi.POLITENESS].delta == pytest.approx(260 / 3 - 100, abs=0.05)
    assert values[Kpi.POLITENESS].improved is False


def test_days_teams_and_agents_split_the_period(engine):
    centre = seed(engine)
    data = load(engine)
    assert {day: sums.calls for day, sums in data.by_day.items()} == {
        date(2026, 11, 18): 1, date(2026, 11, 20): 1, date(2026, 11, 21): 1,
        date(2026, 11, 22): 2,  # the 00:30 Seoul call belongs to the 22nd
    }  # fmt: skip
    assert {team: sums.calls for team, sums in data.by_team.items()} == {
        centre.team_a: 4, centre.team_b: 1
    }  # fmt: skip
    assert {agent: sums.calls for agent, sums in data.by_agent.items()} == {
        centre.kim: 3, centre.lee: 1, centre.park: 1
    }  # fmt: skip
    assert data.by_agent[centre.kim].politeness_sum == 160.0
    assert sum(data.by_day.values(), RollupSums()) == data.current


def test_calls_by_hour_fold_into_weekdays(engine):
    seed(engine)
    data = load(engine)
    assert sorted(data.day_hour_calls) == [
        (date(2026, 11, 18), 12, 1), (date(2026, 11, 20), 14, 1), (date(2026, 11, 21), 11, 1),
        (date(2026, 11, 22), 0, 1), (date(2026, 11, 22), 10, 1),
    ]  # fmt: skip
    grid = weekday_hour_counts(data.day_hour_calls)
    assert grid[6][0] == 1 and grid[6][10] == 1 and grid[2][12] == 1  # Sunday, Wednesday


def test_team_agent_category_and_direction_narrow_every_number(engine):
    centre = seed(engine)
    team_b = load(engine, CallFilter(WEEK.day_from, WEEK.day_to, team_ids=(centre.team_b,)))
    assert team_b.current.calls == 1 and team_b.previous.is_empty
    assert set(team_b.by_agent) == {centre.park} and set(team_b.by_team) == {centre.team_b}
    assert team_b.day_hour_calls == [(date(2026, 11, 22), 0, 1)]

    kim = load(engine, CallFilter(WEEK.day_from, WEEK.day_to, agent_ids=(centre.kim,)))
    assert (kim.current.calls, kim.previous.calls) == (3, 1)
    assert kim.current.repeat_calls == 1 and kim.current.transfers == 1

    claims = load(engine, CallFilter(WEEK.day_from, WEEK.day_to,
                                     categories=(CallCategory.CLAIM,)))  # fmt: skip
    assert claims.current.calls == 2 and set(claims.by_agent) == {centre.lee, centre.park}

    outbound = load(engine, CallFilter(WEEK.day_from, WEEK.day_to,
                                       directions=(CallDirection.OUTBOUND,)))  # fmt: skip
    assert outbound.current.calls == 1 and set(outbound.by_agent) == {centre.lee}

    # Team and agent together must both hold: Lee is not in team B.
    nobody = CallFilter(WEEK.day_from, WEEK.day_to, team_ids=(centre.team_b,),
                        agent_ids=(centre.lee,))  # fmt: skip
    assert load(engine, nobody).current.is_empty


def test_a_period_without_calls_is_empty_not_an_error(engine):
    seed(engine)
    data = load(engine, CallFilter(date(2027, 1, 1), date(2027, 1, 30)))
    assert data.current.is_empty and data.previous.is_empty
    assert data.by_day == {} and data.by_team == {} and data.by_agent == {}
    assert data.day_hour_calls == []
    assert all(item.delta is None for item in kpi_values(data.current, data.previous).values())


def test_a_one_day_view_compares_with_the_day_before(engine):
    seed(engine)
    data = load(engine, CallFilter(date(2026, 11, 22), date(2026, 11, 22)))
    assert (data.current.calls, data.previous.calls) == (2, 1)


def test_filter_choices_list_every_team_and_agent(engine):
    centre = seed(engine)
    with transaction(engine) as session:
        teams, agents = filter_choices(session=session)
    assert [t.name for t in teams] == ["보험금청구1팀", "사고접수1팀"]
    assert [(a.id, a.label) for a in agents] == [
        (centre.kim, "김민준 (A001)"), (centre.park, "박지훈 (B001)"), (centre.lee, "이서연 (A002)")
    ]  # fmt: skip


def test_the_dashboard_keeps_only_what_the_rollups_can_answer():
    full = CallFilter(WEEK.day_from, WEEK.day_to, team_ids=(1,), agent_ids=(2,),
                      categories=(CallCategory.CLAIM,), directions=(CallDirection.INBOUND,),
                      statuses=(CallStatus.DONE,), outcomes=(Outcome.POOR,),
                      score=ScoreRange(10, 20), text="환불", repeat_only=True)  # fmt: skip
    kept = dashboard_filter(full)
    assert kept == CallFilter(WEEK.day_from, WEEK.day_to, team_ids=(1,), agent_ids=(2,),
                              categories=(CallCategory.CLAIM,),
                              directions=(CallDirection.INBOUND,))  # fmt: skip
