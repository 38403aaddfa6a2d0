from datetime import UTC, date, datetime

from sqlalchemy import select

from core.domain import CallSource, CallStatus, Outcome, TransferQueue
from db.models import CallMetrics, DailyRollup, HourlyCallCount, ModelVersion, Prediction
from db.rollups import call_day_range, rebuild_rollups
from db.session import transaction
from tests import factories

TZ = "Asia/Seoul"


def seed(engine) -> int:
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        # 2026-11-21 15:30 UTC is 2026-11-22 00:30 in Seoul: it belongs to the 22nd.
        first = factories.call(session, agent, datetime(2026, 11, 21, 15, 30, tzinfo=UTC),
                               duration_s=200.0)  # fmt: skip
        factories.call(session, agent, datetime(2026, 11, 22, 1, 0, tzinfo=UTC),
                       duration_s=400.0, transferred_to=TransferQueue.ACCIDENT)  # fmt: skip
        factories.call(session, agent, datetime(2026, 11, 22, 2, 0, tzinfo=UTC),
                       customer="010-9999-9999", status=CallStatus.FAILED)  # fmt: skip
        # The same customer 10 days earlier is outside the 7-day repeat window.
        factories.call(session, agent, datetime(2026, 11, 11, 2, 0, tzinfo=UTC),
                       customer="010-5555-5555")  # fmt: skip
        factories.call(session, agent, datetime(2026, 11, 21, 2, 0, tzinfo=UTC),
                       customer="010-5555-5555")  # fmt: skip
        session.add(CallMetrics(call_id=first.id, silence_s=20.0, overtalk_count=3,
                                politeness_score=80.0, compliance_pct=75.0))  # fmt: skip
        model = ModelVersion(version="v1", artifact_path="/models/v1.txt")
        session.add(model)
        session.flush()
        session.add(Prediction(call_id=first.id, model_version_id=model.id, label=Outcome.POOR))
        return agent.id


def test_daily_rollup_sums_calls_on_their_local_day(engine):
    agent_id = seed(engine)
    with transaction(engine) as session:
        assert call_day_range(session=session, tz=TZ) == (date(2026, 11, 11), date(2026, 11, 22))
        rebuild_rollups(session=session, day_from=date(2026, 11, 1), day_to=date(2026, 11, 30),
                        tz=TZ)  # fmt: skip
        day = session.scalars(
            select(DailyRollup).where(DailyRollup.day == date(2026, 11, 22))
        ).one()
    assert day.agent_id == agent_id
    assert (day.calls, day.analyzed_calls, day.failed_calls) == (3, 2, 1)
    assert day.handle_s_sum == 900.0
    assert (day.silence_s_sum, day.timed_s_sum) == (20.0, 200.0)
    assert (day.politeness_sum, day.politeness_n) == (80.0, 1)
    assert (day.compliance_sum, day.compliance_n) == (75.0, 1)
    assert day.overtalk_count_sum == 3
    assert day.transfers == 1
    assert day.outcome_poor == 1 and day.outcome_satisfied == 0
    # Calls 2 and 1 of the default customer are within 7 days of each other.
    assert day.repeat_calls == 1


def test_imported_calls_without_length_or_customer_count_as_calls_but_not_in_averages(engine):
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        timed = factories.call(session, agent, datetime(2026, 11, 22, 1, 0, tzinfo=UTC),
                               duration_s=300.0)  # fmt: skip
        session.add(CallMetrics(call_id=timed.id, silence_s=30.0, overtalk_count=2))
        for hour in (2, 3):  # two untimed imports, no customer named: never repeat calls
            untimed = factories.call(session, agent, datetime(2026, 11, 22, hour, 0, tzinfo=UTC),
                                     duration_s=None, customer=None,
                                     source=CallSource.TRANSCRIPT_IMPORT)  # fmt: skip
            session.add(CallMetrics(call_id=untimed.id, timings_available=False,
                                    politeness_score=90.0))  # fmt: skip
        rebuild_rollups(session=session, day_from=date(2026, 11, 22), day_to=date(2026, 11, 22),
                        tz=TZ)  # fmt: skip
        day = session.scalars(select(DailyRollup)).one()
    assert (day.calls, day.analyzed_calls) == (3, 3)
    assert (day.handle_s_sum, day.handle_n) == (300.0, 1)
    assert (day.silence_s_sum, day.timed_s_sum) == (30.0, 300.0)
    assert (day.overtalk_count_sum, day.overtalk_n) == (2, 1)
    assert (day.politeness_sum, day.politeness_n) == (180.0, 2)
    assert day.repeat_calls == 0


def test_repeat_calls_need_the_same_customer_within_seven_days(engine):
    seed(engine)
    with transaction(engine) as session:
        rebuild_rollups(session=session, day_from=date(2026, 11, 1), day_to=date(2026, 11, 30),
                        tz=TZ)  # fmt: skip
        earlier = session.scalars(
            select(DailyRollup).where(DailyRollup.day == date(2026, 11, 21))
        ).one()
    assert earlier.repeat_calls == 0


def test_rebuilding_replaces_rows_instead_of_adding(engine):
    seed(engine)
    for _ in range(2):
        with transaction(engine) as session:
            rebuild_rollups(session=session, day_from=date(2026, 11, 1), day_to=date(2026, 11, 30),
                            tz=TZ)  # fmt: skip
    with transaction(engine) as session:
        rows = session.scalars(select(DailyRollup)).all()
        hours = session.scalars(select(HourlyCallCount).order_by(HourlyCallCount.day)).all()
    assert sum(r.calls for r in rows) == 5
    assert sum(h.calls for h in hours) == 5
    # 15:30 UTC is 00:30 in Seoul.
    assert any(h.day == date(2026, 11, 22) and h.hour == 0 for h in hours)
