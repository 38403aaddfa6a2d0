"""The scorecard model, its total, and the rule-based evaluator."""

from __future__ import annotations

import dataclasses

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain import (
    CallCategory,
    EvaluationSource,
    EvaluationStatus,
    Resolution,
    Sentiment,
    Speaker,
)
from core.evaluation import (
    EvaluationInputs,
    PolitenessMark,
    RuleCheck,
    evaluate_by_rules,
    evaluate_call,
)
from core.scorecard import (
    Scorecard,
    ScorecardItemResult,
    ScorecardItemsMismatch,
    ScorecardItemSpec,
    in_spec_order,
    total_score,
)
from core.transcript import Turn
from db.default_rules import DEFAULT_SCORECARD

SPECS = DEFAULT_SCORECARD

A, C = Speaker.AGENT, Speaker.CUSTOMER


def _turns(*lines: tuple[Speaker, str, float, float]) -> tuple[Turn, ...]:
    return tuple(
        Turn(seq, who, text, start, end) for seq, (who, text, start, end) in enumerate(lines)
    )


CLEAN_TURNS = _turns(
    (A, "안녕하십니까, 한빛손해보험 상담사 김민준입니다. 무엇을 도와드릴까요?", 0.5, 4.0),
    (C, "보험금 청구하려고 하는데요, 서류가 뭐가 필요한가요?", 4.6, 8.0),
    (A, "먼저 본인 확인 도와드리겠습니다. 성함과 휴대폰 번호 말씀해 주시겠어요?", 8.5, 12.0),
    (C, "박서연입니다. 번호는 [전화번호]이에요.", 12.4, 17.0),
    (A, "네, 박서연 고객님 본인 확인되었습니다.", 17.5, 19.5),
    (A, "확인해 보겠습니다. 잠시만 기다려 주시겠습니까?", 20.0, 23.0),
    (C, "네, 기다릴게요.", 23.4, 24.5),
    (A, "오래 기다리셨습니다. 확인 결과 말씀드리겠습니다.", 70.0, 73.0),
    (
        A,
        "진료비 영수증과 진료비 세부내역서가 필요하고요, 영업일 기준 3일 이내에 지급 예정입니다.",
        73.4,
        80.0,
    ),
    (A, "더 궁금하신 점은 없으신가요?", 80.6, 82.0),
    (C, "아니요, 없어요. 감사합니다.", 82.5, 84.5),
    (A, "감사합니다, 상담사 김민준이었습니다. 좋은 하루 되십시오.", 85.0, 88.5),
)

RUDE_TURNS = _turns(
    (A, "네, 말씀하세요.", 0.5, 1.5),
    (C, "지난번에도 전화했는데 왜 아직 처리가 안 됐어요?", 2.0, 5.5),
    (A, "아니 그러니까요, 저도 지금 확인하고 있잖아요.", 5.0, 8.0),
    (C, "지금 저한테 짜증 내시는 거예요?", 8.5, 10.5),
    (A, "잠깐만요.", 11.0, 11.8),
    (C, "네...", 12.0, 12.5),
    (A, "찾았어요.", 60.0, 61.0),
    (A, "진료비 영수증 내시면 돼요.", 61.5, 63.0),
    (C, "됐어요. 이번엔 꼭 처리해 주세요.", 63.5, 66.0),
    (A, "네, 끊을게요.", 66.5, 67.5),
)


def _claim_checks(met: bool) -> tuple[RuleCheck, ...]:
    """The claim call's compliance rules, all met at their utterances or all missed."""
    rules = (
        ("greeting_company", "회사명 인사", "opening", 0),
        ("self_introduction", "상담사 소개", "opening", 0),
        ("identity_verification", "본인 확인", "identity", 2),
        ("required_documents", "구비 서류 안내", "notice", 8),
        ("payout_timeline", "지급 예정일 안내", "notice", 8),
        ("closing_offer", "추가 문의 확인", "closing", 9),
    )
    return tuple(
        RuleCheck(code, name, stage, met, seq if met else None) for code, name, stage, seq in rules
    )


CLEAN = EvaluationInputs(
    category=CallCategory.CLAIM,
    turns=CLEAN_TURNS,
    silence_ratio=0.08,
    longest_silence_s=46.6,
    holds=((24.5, 70.0),),
    overtalk_count=0,
    agent_interruptions=0,
    agent_response_latency_s=0.5,
    politeness_score=92.0,
    speech_level="하십시오체",
    politeness_marks=(PolitenessMark(7, "apology", "오래 기다리셨습니다", 2.0),),
    compliance_pct=100.0,
    rule_checks=_claim_checks(met=True),
)

RUDE = EvaluationInputs(
    category=CallCategory.CLAIM,
    turns=RUDE_TURNS,
    silence_ratio=0.4,
    longest_silence_s=47.5,
    holds=((12.5, 60.0),),
    overtalk_count=1,
    agent_interruptions=1,
    interrupting_seqs=(2,),
    agent_response_latency_s=0.6,
    politeness_score=55.0,
    speech_level="해요체",
    politeness_marks=(
        PolitenessMark(2, "rude", "아니 그러니까요", -5.0),
        PolitenessMark(4, "rude", "잠깐만요", -5.0),
        PolitenessMark(9, "forbidden", "끊을게요", -10.0),
    ),
    compliance_pct=0.0,
    rule_checks=_claim_checks(met=False),
)


def _scores(scorecard: Scorecard) -> dict[str, int]:
    return {item.code: item.score for item in scorecard.items}


def _result(code: str, score: int) -> ScorecardItemResult:
    return ScorecardItemResult(code=code, score=score, evidence=[], reason="")


def _scorecard(items: list[ScorecardItemResult]) -> Scorecard:
    return Scorecard(
        items=items,
        summary="",
        intent="",
        resolution=Resolution.RESOLVED,
        sentiment_start=Sentiment.NEUTRAL,
        sentiment_end=Sentiment.NEUTRAL,
        coaching="",
    )


def test_total_score_is_the_weighted_mean_from_0_at_score_1_to_100_at_score_5():
    assert total_score([_result(s.code, 5) for s in SPECS], SPECS) == 100.0
    assert total_score([_result(s.code, 1) for s in SPECS], SPECS) == 0.0
    # greeting weighs 10, identity_check 15: (10 * 1.0 + 15 * 0.0) / 25
    assert total_score([_result("greeting", 5), _result("identity_check", 1)], SPECS) == 40.0
    # accuracy (20) at 4 counts 0.75 of its weight, empathy (10) at 2 counts 0.25
    assert total_score([_result("accuracy", 4), _result("empathy", 2)], SPECS) == pytest.approx(
        100 * (20 * 0.75 + 10 * 0.25) / 30
    )


def test_total_score_refuses_an_item_without_a_spec():
    with pytest.raises(ScorecardItemsMismatch, match="unknown items: tone"):
        total_score([_result("greeting", 5), _result("tone", 1)], SPECS)


@pytest.mark.parametrize("score", [0, 6])
def test_an_item_scored_outside_1_to_5_is_invalid(score: int):
    with pytest.raises(pydantic.ValidationError):
        _result("greeting", score)


def test_items_are_put_in_spec_order():
    shuffled = _scorecard([_result(s.code, 3) for s in reversed(SPECS)])
    assert [item.code for item in in_spec_order(shuffled, SPECS).items] == [s.code for s in SPECS]


def test_a_scorecard_missing_repeating_or_inventing_items_fails_validation():
    items = [_result(s.code, 3) for s in SPECS[1:]] + [_result("tone", 3), _result("closing", 2)]
    with pytest.raises(ScorecardItemsMismatch) as raised:
        in_spec_order(_scorecard(items), SPECS)
    assert raised.value.missing == ("greeting",)
    assert raised.value.unknown == ("tone",)
    assert raised.value.repeated == ("closing",)


def test_rules_fill_exactly_the_spec_items_and_say_they_are_rule_based():
    scorecard = evaluate_by_rules(CLEAN, SPECS)
    assert [item.code for item in scorecard.items] == [s.code for s in SPECS]
    assert scorecard.summary.startswith("[규칙 기반 평가]")
    assert scorecard.coaching.startswith("[규칙 기반 코칭]")
    assert scorecard.intent == "보험금 청구 절차 및 지급 문의"


def test_a_rude_non_compliant_call_scores_lower_than_a_clean_one():
    clean, rude = _scores(evaluate_by_rules(CLEAN, SPECS)), _scores(evaluate_by_rules(RUDE, SPECS))
    assert clean["politeness"] == 5 and clean["greeting"] == 5 and clean["closing"] == 5
    assert rude["politeness"] == 1
    assert rude["greeting"] == 1
    assert rude["identity_check"] == 1
    assert rude["hold_etiquette"] < clean["hold_etiquette"] == 5
    assert rude["empathy"] < clean["empathy"]
    assert (
        total_score(evaluate_by_rules(RUDE, SPECS).items, SPECS)
        < 25
        < 90
        < total_score(evaluate_by_rules(CLEAN, SPECS).items, SPECS)
    )


def test_rule_evidence_quotes_the_utterances_that_cost_points():
    items = {item.code: item for item in evaluate_by_rules(RUDE, SPECS).items}
    assert "아니 그러니까요, 저도 지금 확인하고 있잖아요." in items["politeness"].evidence
    assert "네, 끊을게요." in items["politeness"].evidence
    assert items["greeting"].evidence == ["네, 말씀하세요."]  # what was said instead
    assert "회사명 인사" in items["greeting"].reason
    assert items["hold_etiquette"].evidence == ["잠깐만요.", "찾았어요."]
    assert "저도 지금 확인하고" in items["needs_discovery"].evidence[0]  # spoke over the customer


@pytest.mark.parametrize("inputs", [CLEAN, RUDE], ids=["clean", "rude"])
def test_every_rule_evidence_quote_is_part_of_an_utterance(inputs: EvaluationInputs):
    for item in evaluate_by_rules(inputs, SPECS).items:
        for quote in item.evidence:
            assert any(quote in turn.text for turn in inputs.turns), (item.code, quote)


def test_an_upset_customer_at_the_end_makes_the_call_unresolved_and_negative():
    scorecard = evaluate_by_rules(RUDE, SPECS)
    assert scorecard.sentiment_start is Sentiment.NEGATIVE
    assert scorecard.sentiment_end is Sentiment.NEGATIVE
    assert scorecard.resolution is Resolution.UNRESOLVED
    clean = evaluate_by_rules(CLEAN, SPECS)
    assert (clean.sentiment_end, clean.resolution) == (Sentiment.POSITIVE, Resolution.RESOLVED)


def test_a_transferred_call_needs_follow_up():
    scorecard = evaluate_by_rules(dataclasses.replace(CLEAN, transferred=True), SPECS)
    assert scorecard.resolution is Resolution.NEEDS_FOLLOW_UP


def test_without_timings_the_timing_items_get_the_middle_score_and_say_why():
    untimed = dataclasses.replace(
        CLEAN,
        turns=tuple(dataclasses.replace(t, start_s=None, end_s=None) for t in CLEAN_TURNS),
        holds=None,
        agent_interruptions=None,
        agent_response_latency_s=None,
    )
    items = {item.code: item for item in evaluate_by_rules(untimed, SPECS).items}
    for code in ("needs_discovery", "hold_etiquette"):
        assert items[code].score == 3
        assert "판단할 수 없어" in items[code].reason
    assert "검토자가 직접 확인" in evaluate_by_rules(untimed, SPECS).coaching


def test_an_item_the_rules_do_not_know_gets_the_middle_score_and_a_review_note():
    specs = (*SPECS, ScorecardItemSpec("upsell", "추가 상품 안내", "Upsell", "상품 안내", 5.0))
    scorecard = evaluate_by_rules(CLEAN, specs)
    upsell = scorecard.items[-1]
    assert (upsell.code, upsell.score, upsell.evidence) == ("upsell", 3, [])
    assert "추가 상품 안내" in scorecard.coaching


def test_coaching_addresses_the_weakest_items():
    coaching = evaluate_by_rules(RUDE, SPECS).coaching
    # seven items scored 1; the three that weigh most are named, in order of weight
    assert coaching.index("안내 정확성(1점)") < coaching.index("본인 확인(1점)")
    assert "언어 예절(1점)" in coaching
    assert "첫인사" not in coaching and "대기 예절" not in coaching
    clean = evaluate_by_rules(CLEAN, SPECS).coaching
    assert "공감 표현(4점)" in clean  # an apology but no empathy: the one item short of 5
    assert "첫인사" not in clean


def test_evaluate_call_without_an_llm_records_a_rule_based_evaluation():
    result = evaluate_call(CLEAN, SPECS)
    assert (result.source, result.status, result.model) == (
        EvaluationSource.RULES,
        EvaluationStatus.OK,
        "",
    )
    assert result.scorecard == evaluate_by_rules(CLEAN, SPECS)  # deterministic
    assert result.total_score == total_score(result.scorecard.items, SPECS)


_texts = st.text(alphabet="가나다네요죄송합니다감사 ,.?", min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.tuples(st.sampled_from([A, C]), _texts, st.floats(0, 5)), min_size=1, max_size=15
    ),
    marks=st.lists(
        st.tuples(st.integers(0, 20), st.sampled_from(["rude", "empathy", "cushion"])), max_size=5
    ),
    holds=st.none()
    | st.lists(
        st.tuples(st.floats(0, 60), st.floats(0, 30)).map(lambda h: (h[0], sum(h))), max_size=3
    ),
    interrupting=st.lists(st.integers(0, 20), max_size=3),
    politeness=st.none() | st.floats(0, 100),
)
def test_rules_always_give_valid_scores_and_quote_only_the_transcript(
    lines, marks, holds, interrupting, politeness
):
    turns, at = [], 0.0
    for seq, (who, text, gap) in enumerate(lines):
        turns.append(Turn(seq, who, text, at + gap, at + gap + 1.0))
        at += gap + 1.0
    inputs = EvaluationInputs(
        category=CallCategory.GENERAL,
        turns=tuple(turns),
        holds=None if holds is None else tuple(holds),
        interrupting_seqs=tuple(interrupting),
        politeness_score=politeness,
        politeness_marks=tuple(
            PolitenessMark(seq, code, "표현", -5.0 if code == "rude" else 2.0)
            for seq, code in marks
        ),
    )
    scorecard = evaluate_by_rules(inputs, SPECS)
    assert 0.0 <= total_score(scorecard.items, SPECS) <= 100.0
    for item in scorecard.items:
        assert 1 <= item.score <= 5
        assert all(any(q in t.text for t in turns) for q in item.evidence)
