import pytest

from core.domain import CallCategory, FindingKind, Outcome, Role, Speaker
from core.errors import UserError
from core.pii import PiiKind
from db.call_detail import load_call_detail
from db.models import ComplianceRule, Review
from db.session import transaction
from tests.db.call_rows import AUTOMATIC, analysed_call, user


def test_the_call_comes_with_its_agent_team_and_transcript_in_order(engine):
    with transaction(engine) as session:
        made = analysed_call(session)
        detail = load_call_detail(session=session, call_id=made.call_id)
    assert detail.call.id == made.call_id and detail.agent.id == made.agent_id
    assert detail.team.name == "사고접수1팀"
    assert [u.id for u in detail.utterances] == made.utterance_ids
    turns = detail.turns()
    assert [t.speaker for t in turns] == [Speaker.AGENT, Speaker.CUSTOMER, Speaker.AGENT]
    (span,) = turns[1].redactions
    assert (span.start, span.end, span.kind) == (6, 12, PiiKind.PHONE)
    assert turns[1].text[span.start : span.end] == "[전화번호]"


def test_findings_sit_on_their_utterance_and_a_missed_rule_on_the_call(engine):
    with transaction(engine) as session:
        made = analysed_call(session)
        detail = load_call_detail(session=session, call_id=made.call_id)
    first, second, third = made.utterance_ids
    (greeting,) = detail.findings_by_utterance[first]
    assert greeting.kind is FindingKind.COMPLIANCE and greeting.passed is True
    assert (greeting.name_ko, greeting.name_en) == ("회사명 인사", "Greets with the company name")
    assert second not in detail.findings_by_utterance
    (cushion,) = detail.findings_by_utterance[third]
    assert (cushion.code, cushion.expression, cushion.score_delta) == ("cushion", "실례지만", 2.0)
    assert cushion.name_ko is None  # politeness findings are named by the page from the code
    (missed,) = detail.call_findings
    assert (missed.code, missed.passed, missed.name_ko) == ("injury_check", False, "부상자 확인")


def test_a_compliance_finding_is_named_after_the_calls_own_category_rule(engine):
    with transaction(engine) as session:
        made = analysed_call(session)
        # The default rule for every category is there too (회사명 인사).
        session.add_all(
            [
                ComplianceRule(category=CallCategory.CLAIM, code="greeting_company",
                               name_ko="보험금 인사", name_en="Claim", stage="opening"),
                ComplianceRule(category=CallCategory.ACCIDENT, code="greeting_company",
                               name_ko="사고 인사", name_en="Accident", stage="opening"),
            ]
        )  # fmt: skip
        session.flush()
        detail = load_call_detail(session=session, call_id=made.call_id)
    (greeting,) = detail.findings_by_utterance[made.utterance_ids[0]]
    assert greeting.name_ko == "사고 인사"


def test_metrics_scorecard_in_item_order_and_prediction_by_weight(engine):
    with transaction(engine) as session:
        made = analysed_call(session)
        detail = load_call_detail(session=session, call_id=made.call_id)
    assert detail.metrics.politeness_score == 92.0 and detail.metrics.agent_talk_ratio is None
    card = detail.scorecard
    assert card.evaluation.total_score == 61.25 and card.evaluation.coaching
    assert [item.code for item in card.items] == list(AUTOMATIC)  # the scorecard's order
    greeting = card.items[0]
    assert (greeting.name_ko, greeting.name_en, greeting.weight) == ("첫인사", "Greeting", 10)
    assert (greeting.score, greeting.reason, greeting.evidence) == (5, "greeting 이유",
                                                                    ("안녕하십니까",))  # fmt: skip
    predicted = detail.prediction
    assert predicted.label is Outcome.POOR and predicted.model_version == "v-test"
    assert list(predicted.contributions) == ["politeness_score", "rude_count", "duration_s"]
    assert predicted.probabilities["미흡"] == 0.7
    assert [job.function for job in detail.jobs] == ["workers.analyze.analyze_call"]
    assert [item.code for item in detail.active_items] == list(AUTOMATIC)


def test_reviews_come_oldest_first_with_their_reviewers_names(engine):
    with transaction(engine) as session:
        made = analysed_call(session)
        kim = user(session, "kim", Role.SUPERVISOR, name="김검토")
        lee = user(session, "lee", Role.ADMIN, name="이검토")
        for reviewer in (kim, lee):
            session.add(Review(call_id=made.call_id, reviewer_id=reviewer.user_id,
                               item_scores={"greeting": 4}, outcome=Outcome.SATISFIED))  # fmt: skip
            session.flush()
        detail = load_call_detail(session=session, call_id=made.call_id)
    assert [(r.reviewer_username, r.reviewer_name) for r in detail.reviews] == [
        ("kim", "김검토"),
        ("lee", "이검토"),
    ]
    assert detail.review_by(lee.user_id).item_scores == {"greeting": 4}
    assert detail.review_by(None) is None


def test_a_call_with_nothing_analysed_yet_loads_with_nones(engine):
    from tests import factories
    from tests.db.call_rows import STARTED

    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        call = factories.call(session, agent, STARTED)
        detail = load_call_detail(session=session, call_id=call.id)
    assert detail.utterances == [] and detail.metrics is None and detail.scorecard is None
    assert detail.prediction is None and detail.reviews == [] and detail.jobs == []
    assert detail.findings_by_utterance == {} and detail.call_findings == []


def test_an_unknown_call_is_a_user_error(engine):
    with transaction(engine) as session, pytest.raises(UserError) as raised:
        load_call_detail(session=session, call_id=987654)
    assert raised.value.key == "call.not_found" and raised.value.params == {"call": 987654}
