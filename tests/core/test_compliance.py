"""Script compliance on real Korean sentences, speech-to-text errors and demo calls."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.compliance import (
    STAGE_WINDOWS,
    ComplianceResult,
    ComplianceRuleSpec,
    check_compliance,
    phrase_similarity,
)
from core.domain import CallCategory, Speaker
from core.korean import matching_key
from core.transcript import Turn
from db.default_rules import COMPLIANCE_RULES
from db.demo.conversations import (
    AgentStyle,
    Conversation,
    fill_names,
    name_forms,
    render_conversation,
)
from db.demo.phrases import ANGRY_CLOSING, CLOSING, GREETINGS_INBOUND, GREETINGS_OUTBOUND, IDENTITY

SEEDED_RULES = tuple(
    ComplianceRuleSpec(code, category, stage, phrases)
    for category, code, _ko, _en, stage, phrases in COMPLIANCE_RULES
)
GENERAL_CODES = ["greeting_company", "self_introduction", "identity_verification", "closing_offer"]

GREETING = "안녕하십니까, 한빛손해보험 상담사 김민준입니다. 무엇을 도와드릴까요?"
IDENTITY_ASK = "본인 확인을 위해 계약자분 성함과 주민등록번호 말씀 부탁드립니다."
CLOSING_OFFER = "더 궁금하신 점은 없으신가요?"
GOODBYE = "감사합니다, 상담사 김민준이었습니다. 좋은 하루 되십시오."


def call(*agent_lines: str, customer: str = "네.") -> list[Turn]:
    """The agent's lines, each answered by the customer."""
    turns = []
    for line in agent_lines:
        turns.append(Turn(len(turns), Speaker.AGENT, line))
        turns.append(Turn(len(turns), Speaker.CUSTOMER, customer))
    return turns


def general(turns: list[Turn]) -> ComplianceResult:
    return check_compliance(turns, category=CallCategory.GENERAL, rules=SEEDED_RULES)


def test_a_call_that_follows_the_script_meets_every_rule_of_its_category() -> None:
    result = general(
        call(GREETING, IDENTITY_ASK, "주소 변경 처리해 드렸습니다.", CLOSING_OFFER, GOODBYE)
    )
    assert result.pct == 100.0 and result.missed == ()
    assert {hit.code: hit.seq for hit in result.passed} == {
        "greeting_company": 0,
        "self_introduction": 0,
        "identity_verification": 2,
        "closing_offer": 6,
    }
    assert all(hit.similarity == 1.0 for hit in result.passed)


@pytest.mark.parametrize(
    "greeting",
    [
        "안녕하십니까 한빛 손해 보험 상담사 김민준입니다",  # spaces where ASR put them
        "안녕하십니까한빛손해보험상담사김민준입니다",  # and none at all
        "안녕하십니까, 한빛손해보엄 상담사 김민준입니다.",  # a misheard syllable
        "감사합니다 한빛 손해보험 상담사 김민준입니다",
    ],
)
def test_greeting_survives_speech_to_text_errors(greeting: str) -> None:
    result = general(call(greeting))
    assert {"greeting_company", "self_introduction"} <= {hit.code for hit in result.passed}


def test_a_misheard_syllable_lowers_the_similarity_but_still_passes() -> None:
    exact = general(call("안녕하십니까, 한빛손해보험입니다."))
    misheard = general(call("안녕하십니까, 한빛손해보엄입니다."))
    similarity = {h.code: h.similarity for h in misheard.passed}["greeting_company"]
    assert similarity == pytest.approx(11 / 12, abs=1e-3)
    assert {h.code: h.similarity for h in exact.passed}["greeting_company"] == 1.0


UNRELATED = [
    (CallCategory.GENERAL, "greeting_company", "한빛손해보험 앱에 로그인하시면 됩니다."),
    (CallCategory.GENERAL, "greeting_company", "안녕하세요 고객님, 무엇을 도와드릴까요?"),
    (CallCategory.GENERAL, "identity_verification", "네, 주소 변경 확인되었습니다."),
    (CallCategory.GENERAL, "identity_verification", "바로 확인해 드리겠습니다."),
    (CallCategory.GENERAL, "closing_offer", "궁금하신 점 있으시면 홈페이지 보세요."),
    (CallCategory.ACCIDENT, "injury_check", "다른 분 계신가요?"),
    (CallCategory.ACCIDENT, "accident_number_notice", "계좌번호는 문자로 보내 드리겠습니다."),
    (CallCategory.PAYMENT, "payment_date_notice", "다음 달부터 변경된 계좌에서 출금됩니다."),
    (CallCategory.CLAIM, "payout_timeline", "보통 영업일 기준 3일에서 5일 소요됩니다."),
]
"""Sentences an agent says that share words with a rule's phrases but do not meet it."""


@pytest.mark.parametrize(("category", "code", "unrelated"), UNRELATED)
def test_unrelated_sentences_do_not_pass_a_rule(
    category: CallCategory, code: str, unrelated: str
) -> None:
    result = check_compliance(call(unrelated), category=category, rules=SEEDED_RULES)
    assert code in result.missed


def test_rules_are_looked_for_only_in_their_stage_window() -> None:
    body = [f"{n}번째 안내 말씀드리겠습니다." for n in range(1, 9)]
    late_greeting = general(call(*body[:3], GREETING, *body))
    assert {"greeting_company", "self_introduction"} <= set(late_greeting.missed)
    early_closing = general(call(GREETING, CLOSING_OFFER, *body))
    assert "closing_offer" in early_closing.missed
    late_identity = general(call(*body, IDENTITY_ASK, CLOSING_OFFER))
    assert "identity_verification" in late_identity.missed
    assert STAGE_WINDOWS["identity"].first == len(body)
    notice_anywhere = check_compliance(
        call(*body, "참고로 보험료는 매월 15일에 출금됩니다.", *body),
        category=CallCategory.PAYMENT,
        rules=SEEDED_RULES,
    )
    assert "payment_date_notice" not in notice_anywhere.missed


def test_only_the_agent_can_meet_a_rule() -> None:
    customer = "안녕하십니까, 한빛손해보험 상담사님 맞죠? 더 궁금하신 점은 없으신가요?"
    turns = [Turn(0, Speaker.CUSTOMER, customer), Turn(1, Speaker.AGENT, "네.")]
    assert general(turns).passed == ()
    assert general([]).missed == tuple(GENERAL_CODES)
    assert general([]).pct == 0.0


def test_category_rules_apply_to_their_category_and_general_rules_to_all() -> None:
    for category in CallCategory:
        result = check_compliance([], category=category, rules=SEEDED_RULES)
        own = [code for cat, code, *_ in COMPLIANCE_RULES if cat == category]
        assert list(result.missed) == GENERAL_CODES + own
    nothing = check_compliance(
        call(GREETING), category=CallCategory.GENERAL, rules=SEEDED_RULES[4:]
    )
    assert (nothing.pct, nothing.passed, nothing.missed) == (None, (), ())


def test_a_category_rule_replaces_the_general_rule_with_its_code() -> None:
    own_greeting = ComplianceRuleSpec(
        "greeting_company", CallCategory.ACCIDENT, "opening", ("한빛손해보험 사고접수센터",)
    )
    rules = [*SEEDED_RULES, own_greeting]
    accident = check_compliance(call(GREETING), category=CallCategory.ACCIDENT, rules=rules)
    claim = check_compliance(call(GREETING), category=CallCategory.CLAIM, rules=rules)
    assert list(accident.missed).count("greeting_company") == 1
    assert "greeting_company" in {hit.code for hit in claim.passed}


def test_pct_is_the_share_of_applicable_rules_met() -> None:
    result = check_compliance(
        call(GREETING, "다치신 분은 없으신가요?", "네, 알겠습니다."),
        category=CallCategory.ACCIDENT,
        rules=SEEDED_RULES,
    )
    assert [h.code for h in result.passed] == [
        "greeting_company",
        "self_introduction",
        "injury_check",
    ]
    assert set(result.missed) == {
        "identity_verification",
        "closing_offer",
        "accident_number_notice",
    }
    assert result.pct == 50.0


def rendered(
    style: AgentStyle, count: int, seed: int
) -> Iterator[tuple[CallCategory, Conversation, list[Turn]]]:
    """Demo calls: category, the conversation (its lines keep the name slots), the turns."""
    rng = random.Random(seed)
    names = name_forms("김민준"), "이서연"
    for i in range(count):
        category = list(CallCategory)[i % 6]
        conversation = render_conversation(
            style=style, category=category, repeat_caller=i % 4 == 0, rng=rng
        )
        turns = [
            Turn(seq, line.speaker, fill_names(line.text, *names))
            for seq, line in enumerate(conversation.lines)
        ]
        yield category, conversation, turns


def test_compliant_demo_agents_meet_every_rule_unless_they_transfer_the_call() -> None:
    for category, conversation, turns in rendered(AgentStyle(), 120, seed=5):
        result = check_compliance(turns, category=category, rules=SEEDED_RULES)
        if conversation.transferred_to is None:
            assert result.pct == 100.0, (category, result.missed)
        else:  # a transfer hands the customer on instead of closing
            assert result.missed == ("closing_offer",)


def test_demo_agents_that_skip_a_step_miss_exactly_that_rule() -> None:
    greetings = {*GREETINGS_INBOUND, *GREETINGS_OUTBOUND}
    identity_lines = {
        line for exchange in IDENTITY for who, *lines in exchange if who == "A" for line in lines
    }
    closing_lines = {*CLOSING[0][0][1:], *ANGRY_CLOSING[0][0][1:]}
    style = AgentStyle(skips_greeting=True, skips_identity=True, skips_closing=True)
    skipped = 0
    for category, conversation, turns in rendered(style, 120, seed=9):
        result = check_compliance(turns, category=category, rules=SEEDED_RULES)
        said = {line.text for line in conversation.lines if line.speaker is Speaker.AGENT}
        expected_missed = {
            "greeting_company": not said & greetings,
            "self_introduction": not said & greetings,
            "identity_verification": not said & identity_lines,
            "closing_offer": not said & closing_lines,
        }
        for code, missed in expected_missed.items():
            assert (code in result.missed) == missed, (code, sorted(said))
        skipped += sum(expected_missed.values())
    assert skipped > 120  # the style skips most of the time: the check saw both outcomes


def test_rule_specs_refuse_what_cannot_be_checked() -> None:
    with pytest.raises(ValueError, match="unknown stage"):
        ComplianceRuleSpec("x", None, "middle", ("안녕하십니까",))
    with pytest.raises(ValueError, match="no phrase"):
        ComplianceRuleSpec("x", None, "opening", (" , ",))
    with pytest.raises(ValueError, match="min_similarity"):
        ComplianceRuleSpec("x", None, "opening", ("안녕하십니까",), min_similarity=80)
    from_json = ComplianceRuleSpec("x", None, "opening", ["안녕하십니까"])  # type: ignore[arg-type]
    assert from_json.phrases == ("안녕하십니까",) and hash(from_json)


_HANGUL = st.text(alphabet="가나다라마바사아자차카타파하한빛보험손해", min_size=1, max_size=14)


@settings(max_examples=300, deadline=None)
@given(
    phrase=_HANGUL,
    before=_HANGUL | st.just(""),
    after=_HANGUL | st.just(""),
    cutoff=st.sampled_from([0.5, 0.7, 0.8, 0.9]),
)
def test_phrase_similarity_is_1_for_containment_and_its_fast_filter_never_drops_a_match(
    phrase: str, before: str, after: str, cutoff: float
) -> None:
    assert phrase_similarity(phrase, before + phrase + after) == 1.0
    for text in (before + after, before[:3] + phrase[1:] + after, after):
        exact = phrase_similarity(phrase, text)
        assert 0.0 <= exact <= 1.0
        filtered = phrase_similarity(phrase, text, cutoff=cutoff)
        assert filtered == (exact if exact >= cutoff else 0.0)


def test_phrases_are_compared_without_spaces_or_punctuation() -> None:
    assert matching_key("본인 확인을 위해,") == "본인확인을위해"
    phrase = matching_key("더 궁금하신 점은 없으신가요")
    similarity = phrase_similarity(phrase, matching_key("더 궁금하신 점 없으신가요?"))
    assert similarity == pytest.approx(11 / 12)  # one of 12 syllables left out
