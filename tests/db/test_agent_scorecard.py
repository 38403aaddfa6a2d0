from dataclasses import replace
from datetime import UTC, date, datetime

from core.domain import (
    CallStatus,
    EvaluationSource,
    EvaluationStatus,
    FindingKind,
    Outcome,
)
from core.filters import CallFilter
from core.report import render_html
from db import agent_scorecard, people_reports
from db.agent_scorecard import ItemScore, strengths_and_weaknesses
from db.models import (
    CallFinding,
    CallMetrics,
    Evaluation,
    EvaluationItem,
    ModelVersion,
    Prediction,
    Review,
    ScorecardItem,
    User,
)
from db.rollups import rebuild_rollups
from db.session import transaction
from tests import factories

TZ = "Asia/Seoul"
PERIOD = CallFilter(date(2026, 11, 16), date(2026, 11, 22))
ITEMS = ("greeting", "accuracy", "empathy", "closing")


def at(day: int, hour: int = 1) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=UTC)


def evaluate(session, call, scores, *, total, coaching="", status=EvaluationStatus.OK):
    evaluation = Evaluation(call_id=call.id, source=EvaluationSource.RULES, status=status,
                            total_score=total, coaching=coaching)  # fmt: skip
    evaluation.items = [EvaluationItem(item_code=code, score=score)
                        for code, score in zip(ITEMS, scores, strict=True)]  # fmt: skip
    session.add(evaluation)
    session.flush()
    return evaluation


def seed(engine) -> dict[str, int]:
    with transaction(engine) as session:
        for order, code in enumerate(ITEMS):
            session.add(ScorecardItem(code=code, name_ko=f"{code}-ko", name_en=code.title(),
                                      sort_order=order))  # fmt: skip
        reviewer = User(username="sv", name="<b>검토자</b>", password_hash="x")
        model = ModelVersion(version="v1", artifact_path="/models/v1.txt")
        session.add_all([reviewer, model])
        team = factories.team(session, "사고접수1팀")
        other_team = factories.team(session, "보상상담1팀")
        kim = factories.agent(session, team, "A001", "김민준")
        lee = factories.agent(session, team, "A002", "이서연")
        park = factories.agent(session, other_team, "A003", "박도윤")
        calls = {}
        # Kim: great greetings and accuracy, weak empathy and closing.
        for day in (16, 17, 18):
            call = factories.call(session, kim, at(day), customer=f"010-1-{day}")
            evaluate(session, call, (5, 5, 2, 3), total=80.0, coaching=f"{day}일: 공감 표현을 먼저")
            session.add(CallMetrics(call_id=call.id, politeness_score=95.0))
            calls[f"kim{day}"] = call.id
        # An older failed evaluation and a newer good one: only the latest OK one counts.
        low = factories.call(session, kim, at(19), customer="010-1-19")
        evaluate(session, low, (1, 1, 1, 1), total=30.0, status=EvaluationStatus.FAILED)
        evaluate(session, low, (4, 4, 3, 3), total=55.0, coaching="[규칙] <script>x</script>")
        session.add(CallMetrics(call_id=low.id, politeness_score=90.0))
        calls["kim19"] = low.id
        poor = factories.call(session, kim, at(20), customer="010-1-20")
        evaluate(session, poor, (4, 4, 3, 3), total=85.0)
        session.add(Prediction(call_id=poor.id, model_version_id=model.id, label=Outcome.POOR))
        calls["kim20"] = poor.id
        rude = factories.call(session, kim, at(21), customer="010-1-21")
        evaluate(session, rude, (4, 4, 3, 3), total=90.0)
        session.add(CallFinding(call_id=rude.id, kind=FindingKind.POLITENESS, code="rude",
                                expression="잠깐만", score_delta=-5.0))  # fmt: skip
        calls["kim21"] = rude.id
        # Reviewed already: not worth reviewing again, though its score is low.
        reviewed = factories.call(session, kim, at(21, 5), customer="010-1-22")
        evaluate(session, reviewed, (3, 3, 3, 3), total=40.0)
        calls["reviewed"] = reviewed.id
        # Still transcribing: nothing to review yet.
        factories.call(session, kim, at(22), customer="010-1-23", status=CallStatus.TRANSCRIBING)
        session.flush()
        for call_id, comment, hour in ((calls["kim16"], "", 1),
                                       (calls["kim17"], "인사는 좋았습니다 **굵게**", 2),
                                       (calls["reviewed"], "끝인사를 잊지 마세요", 3)):  # fmt: skip
            session.add(Review(call_id=call_id, reviewer_id=reviewer.id, comment=comment,
                               total_score=70.0,
                               updated_at=datetime(2026, 11, 22, hour, tzinfo=UTC)))  # fmt: skip
        # Lee (same team) and Park (other team): the comparison groups.
        for agent, scores, prefix in ((lee, (3, 3, 4, 5), "2"), (park, (2, 2, 5, 5), "3")):
            for day in (16, 17):
                call = factories.call(session, agent, at(day, 3), customer=f"010-{prefix}-{day}")
                evaluate(session, call, scores, total=75.0)
                session.add(CallMetrics(call_id=call.id, politeness_score=100.0))
        # Kim last week: the previous period.
        factories.call(session, kim, at(10), customer="010-1-10")
        rebuild_rollups(session=session, day_from=date(2026, 11, 1), day_to=date(2026, 11, 30),
                        tz=TZ)  # fmt: skip
        return {"kim": kim.id, "lee": lee.id, "team": team.id, **calls}


def profile(session, agent_id):
    return agent_scorecard.agent_profile(session=session, agent_id=agent_id)


def test_an_unknown_agent_has_no_profile(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        assert profile(session, 987654) is None
        kim = profile(session, ids["kim"])
    assert (kim.name, kim.team, kim.active) == ("김민준", "사고접수1팀", True)


def test_the_agents_numbers_are_compared_with_team_centre_and_last_period(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        kim = profile(session, ids["kim"])
        numbers = agent_scorecard.comparison(session=session, agent=kim, call_filter=PERIOD)
    assert numbers.agent.calls == 8  # all of Kim's calls from the 16th to the 22nd
    assert numbers.team.calls == 10 and numbers.centre.calls == 12
    assert numbers.previous.calls == 1
    assert numbers.agent.politeness_sum / numbers.agent.politeness_n == (3 * 95.0 + 90.0) / 4
    assert sorted(numbers.by_day) == [date(2026, 11, d) for d in range(16, 23)]


def test_item_scores_compare_the_agent_with_the_centre_or_the_team(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        kim = profile(session, ids["kim"])
        centre = agent_scorecard.item_scores(session=session, agent=kim, call_filter=PERIOD, tz=TZ)
        team = agent_scorecard.item_scores(session=session, agent=kim, call_filter=PERIOD, tz=TZ,
                                           team_only=True)  # fmt: skip
    assert [item.code for item in centre] == list(ITEMS)  # in scorecard order
    greeting = centre[0]
    # Kim's 7 evaluated calls: 5,5,5 then 4,4,4 (latest OK evaluations only) and 3.
    assert greeting.agent_calls == 7
    assert greeting.agent == (5 * 3 + 4 * 3 + 3) / 7
    assert greeting.others == (5 * 3 + 4 * 3 + 3 + 3 * 2 + 2 * 2) / 11
    assert team[0].others == (5 * 3 + 4 * 3 + 3 + 3 * 2) / 9
    assert greeting.name("en") == "Greeting" and greeting.name("ko") == "greeting-ko"
    strengths, weaknesses = strengths_and_weaknesses(centre)
    assert [i.code for i in strengths] == ["greeting", "accuracy"]
    assert [i.code for i in weaknesses] == ["closing", "empathy"]  # worst first


def item(code, agent, others, calls=5):
    return ItemScore(code, code, code, agent, calls, others)


def test_strengths_and_weaknesses_never_overlap_and_need_enough_calls():
    three = [item("a", 4.0, 3.0), item("b", 3.0, 3.5), item("c", 2.0, 1.0)]
    strengths, weaknesses = strengths_and_weaknesses(three)
    assert [i.code for i in strengths] == ["a", "c"]
    assert [i.code for i in weaknesses] == ["b"]
    # Level with the average is neither a strength nor a weakness.
    assert strengths_and_weaknesses([item("a", 3.0, 3.0)]) == ([], [])
    assert strengths_and_weaknesses([item("a", 5.0, 1.0, calls=2)]) == ([], [])
    assert strengths_and_weaknesses([item("a", None, 3.0)]) == ([], [])


def test_recent_feedback_lists_review_comments_and_coaching_newest_first(engine):
    ids = seed(engine)
    scope = {"agent_id": ids["kim"], "call_filter": PERIOD, "tz": TZ}
    with transaction(engine) as session:
        reviews = agent_scorecard.recent_reviews(session=session, **scope)
        coaching = agent_scorecard.recent_coaching(session=session, **scope)
        two = agent_scorecard.recent_coaching(session=session, limit=2, **scope)
        before = agent_scorecard.recent_reviews(
            session=session, **(scope | {"call_filter": replace(PERIOD, day_to=date(2026, 11, 16))})
        )
    assert [(r.call_id, r.comment, r.reviewer) for r in reviews] == [
        (ids["reviewed"], "끝인사를 잊지 마세요", "<b>검토자</b>"),
        (ids["kim17"], "인사는 좋았습니다 **굵게**", "<b>검토자</b>"),
    ]  # the review without a comment is left out
    assert [c.call_id for c in coaching] == [ids["kim19"], ids["kim18"], ids["kim17"],
                                             ids["kim16"]]  # fmt: skip
    assert coaching[0].text == "[규칙] <script>x</script>"  # the latest OK evaluation's
    assert len(two) == 2
    assert before == []  # the reviewed calls are after the 16th


def test_calls_worth_reviewing_are_unreviewed_and_low_poor_or_impolite(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        found = agent_scorecard.calls_to_review(session=session, agent_id=ids["kim"],
                                                call_filter=PERIOD, tz=TZ)  # fmt: skip
    assert [(c.call_id, c.reasons) for c in found] == [
        (ids["kim21"], ("agent.reason.impolite",)),
        (ids["kim20"], ("agent.reason.outcome",)),
        (ids["kim19"], ("agent.reason.low_score",)),
    ]
    assert found[2].score == 55.0 and found[2].politeness == 90.0
    assert found[1].outcome is Outcome.POOR and found[0].impolite == 1


def test_the_agent_report_gathers_every_section_and_escapes_what_people_wrote(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        report = people_reports.agent_report(session=session, agent_id=ids["kim"],
                                             call_filter=PERIOD, tz=TZ, lang="ko")  # fmt: skip
        missing = people_reports.agent_report(session=session, agent_id=4242,
                                              call_filter=PERIOD, tz=TZ, lang="ko")  # fmt: skip
        team = people_reports.team_report(session=session, team_id=ids["team"],
                                          call_filter=PERIOD, tz=TZ, lang="en")  # fmt: skip
    assert missing is None
    assert report.title == "상담사 리포트: 김민준 (A001)"
    headings = [section.heading for section in report.sections]
    assert headings == ["주요 지표", "일별 추이", "스코어카드 항목별 강점과 약점",
                        "최근 검토 의견", "최근 자동 코칭", "검토할 만한 통화"]  # fmt: skip
    kpis = {row[0]: row[1:] for row in report.sections[0].table.rows}
    assert kpis["통화"] == ("8", "10", "12", "1")  # agent, team, centre, previous period
    page = render_html(report)
    assert "&lt;b&gt;검토자&lt;/b&gt;" in page and "<b>검토자" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    assert team.title == "Team report: 사고접수1팀"
    agents_table = next(s for s in team.sections if s.heading == "The team's agents").table
    assert [row[0] for row in agents_table.rows] == ["A001", "A002"]
