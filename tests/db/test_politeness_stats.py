from dataclasses import replace
from datetime import UTC, date, datetime

from core.domain import CallCategory, FindingKind, Speaker
from core.filters import CallFilter
from db import politeness_stats
from db.models import CallFinding, CallMetrics, Utterance
from db.rollups import rebuild_rollups
from db.session import transaction
from tests import factories

TZ = "Asia/Seoul"
PERIOD = CallFilter(date(2026, 11, 16), date(2026, 11, 22))


def polite_call(session, agent, started_at, score, *, said=(), category=CallCategory.ACCIDENT):
    """A call with a politeness score whose agent said ``said``: (code, expression, delta,
    utterance text) each."""
    call = factories.call(session, agent, started_at, category=category,
                          customer=f"010-{started_at:%d%H%M}")  # fmt: skip
    session.add(CallMetrics(call_id=call.id, politeness_score=score))
    for seq, (code, expression, delta, text) in enumerate(said):
        utterance = Utterance(call_id=call.id, seq=seq, speaker=Speaker.AGENT, text=text,
                              start_s=10.0 * seq)  # fmt: skip
        session.add(utterance)
        session.flush()
        session.add(CallFinding(call_id=call.id, utterance_id=utterance.id,
                                kind=FindingKind.POLITENESS, code=code, expression=expression,
                                score_delta=delta))  # fmt: skip
    return call


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


RUDE = ("rude", "잠깐만", -5.0, "잠깐만, 찾아볼게요.")
FORBIDDEN = ("forbidden", "몰라요", -10.0, "그건 저도 몰라요.")
CUSHION = ("cushion", "실례지만", 2.0, "실례지만 성함이 어떻게 되세요?")


def seed(engine) -> dict[str, int]:
    with transaction(engine) as session:
        accident = factories.team(session, "사고접수1팀")
        claims = factories.team(session, "보상상담1팀")
        kim = factories.agent(session, accident, "A001", "김민준")
        lee = factories.agent(session, claims, "A002", "이서연")
        new = factories.agent(session, claims, "A003", "박신입")
        # Kim: 5 calls averaging 90, rude twice and forbidden once.
        for i, score in enumerate((100.0, 95.0, 90.0, 85.0, 80.0)):
            said = [RUDE] if i < 2 else [FORBIDDEN] if i == 2 else [CUSHION]
            polite_call(session, kim, at(16 + i, 1), score, said=said)
        # Lee: 5 calls of 98 (in 계약변경), one with the rude expression.
        for i in range(5):
            polite_call(session, lee, at(17 + i, 2), 98.0, said=[RUDE] if i == 0 else [],
                        category=CallCategory.CONTRACT_CHANGE)  # fmt: skip
        # The new agent: only two scored calls, and one unscored.
        polite_call(session, new, at(20, 3), 40.0, said=[FORBIDDEN])
        polite_call(session, new, at(21, 3), 60.0)
        factories.call(session, new, at(21, 4), customer="010-0000-4444")
        # Outside the period: not counted anywhere.
        polite_call(session, kim, at(2, 1), 10.0, said=[RUDE, RUDE])
        extra = polite_call(session, lee, at(18, 5), 98.0, category=CallCategory.CONTRACT_CHANGE)
        session.add(CallFinding(call_id=extra.id,
                                kind=FindingKind.COMPLIANCE, code="greeting_company",
                                expression="", score_delta=-1.0, passed=False))  # fmt: skip
        rebuild_rollups(session=session, day_from=date(2026, 11, 1), day_to=date(2026, 11, 30),
                        tz=TZ)  # fmt: skip
        return {"accident": accident.id, "claims": claims.id, "kim": kim.id, "lee": lee.id,
                "new": new.id}  # fmt: skip


def test_teams_are_ranked_by_average_politeness_with_their_call_counts(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        ranking = politeness_stats.team_ranking(session=session, call_filter=PERIOD)
    assert [(t.name, t.calls, t.scored_calls) for t in ranking] == [
        ("사고접수1팀", 5, 5),
        ("보상상담1팀", 9, 8),  # Lee's 6 calls and the new agent's 3 (one unscored)
    ]
    assert ranking[0].average == 90.0
    assert ranking[1].average == (6 * 98.0 + 40.0 + 60.0) / 8
    assert ranking[1].team_id == ids["claims"]


def test_agents_need_enough_scored_calls_before_they_are_ranked(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        ranking = politeness_stats.agent_ranking(session=session, call_filter=PERIOD)
        everyone = politeness_stats.agent_ranking(session=session, call_filter=PERIOD,
                                                  min_calls=1)  # fmt: skip
    assert ranking.min_calls == politeness_stats.MIN_CALLS_TO_RANK == 5
    assert [(a.agent_id, a.scored_calls, a.average) for a in ranking.ranked] == [
        (ids["lee"], 6, 98.0),
        (ids["kim"], 5, 90.0),
    ]
    assert ranking.unranked == 1
    assert ranking.ranked[0].team == "보상상담1팀" and ranking.ranked[0].employee_no == "A002"
    assert [a.agent_id for a in everyone.ranked][-1] == ids["new"]
    assert everyone.ranked[-1].average == 50.0 and everyone.unranked == 0


def test_the_rankings_follow_the_filters_team_and_category(engine):
    ids = seed(engine)
    accident_calls = replace(PERIOD, categories=(CallCategory.ACCIDENT,))
    with transaction(engine) as session:
        teams = politeness_stats.team_ranking(session=session, call_filter=accident_calls)
        claims = politeness_stats.agent_ranking(
            session=session, call_filter=replace(PERIOD, team_ids=(ids["claims"],)), min_calls=1
        )
    # Lee's calls are all 계약변경; the new agent's are 사고접수 (the factory's default).
    assert [(t.name, t.scored_calls) for t in teams] == [("사고접수1팀", 5), ("보상상담1팀", 2)]
    assert {a.agent_id for a in claims.ranked} == {ids["lee"], ids["new"]}


def test_the_daily_trend_averages_each_day_and_each_team(engine):
    seed(engine)
    with transaction(engine) as session:
        overall = politeness_stats.daily_trend(session=session, call_filter=PERIOD)
        by_team = politeness_stats.daily_trend(session=session, call_filter=PERIOD, by_team=True)
    days = {p.day: p for p in overall}
    assert sorted(days) == [date(2026, 11, d) for d in range(16, 22)]
    # The 20th: Kim 80, Lee 98, the new agent 40.
    assert days[date(2026, 11, 20)].scored_calls == 3
    assert days[date(2026, 11, 20)].average == (80.0 + 98.0 + 40.0) / 3
    assert all(p.team is None for p in overall)
    twentieth = {p.team: p.average for p in by_team if p.day == date(2026, 11, 20)}
    assert twentieth == {"사고접수1팀": 80.0, "보상상담1팀": 69.0}


def test_frequent_impolite_expressions_come_with_their_latest_utterances(engine):
    seed(engine)
    with transaction(engine) as session:
        found = politeness_stats.impolite_expressions(session=session, call_filter=PERIOD, tz=TZ)
        top_one = politeness_stats.impolite_expressions(
            session=session, call_filter=PERIOD, tz=TZ, limit=1, examples=2
        )
    # Three rude findings in the period (two of Kim's, one of Lee's), two forbidden ones; the
    # cushion phrase raised the score and the compliance finding is not about politeness.
    assert [(e.code, e.expression, e.count, e.calls) for e in found] == [
        ("rude", "잠깐만", 3, 3),
        ("forbidden", "몰라요", 2, 2),
    ]
    rude = found[0]
    assert len(rude.examples) == 3
    assert [e.started_at for e in rude.examples] == sorted(
        (e.started_at for e in rude.examples), reverse=True
    )
    assert rude.examples[0].started_at == at(17, 2)  # Lee's, the latest
    assert {e.text for e in rude.examples} == {"잠깐만, 찾아볼게요."}
    assert rude.examples[0].start_s == 0.0
    assert [(e.code, len(e.examples)) for e in top_one] == [("rude", 2)]


def test_impolite_expressions_respect_the_team_and_the_local_day(engine):
    ids = seed(engine)
    # 2026-11-16 01:00 UTC is 10:00 in Seoul; starting the period on the 17th leaves it out.
    later = replace(PERIOD, day_from=date(2026, 11, 17), team_ids=(ids["accident"],))
    with transaction(engine) as session:
        found = politeness_stats.impolite_expressions(session=session, call_filter=later, tz=TZ)
        empty = politeness_stats.impolite_expressions(
            session=session, call_filter=CallFilter(date(2026, 1, 1), date(2026, 1, 31)), tz=TZ
        )
    assert [(e.code, e.count) for e in found] == [("forbidden", 1), ("rude", 1)]
    assert empty == []
