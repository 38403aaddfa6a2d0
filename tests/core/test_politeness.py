"""Politeness analysis on real Korean sentences and demo calls, with the seeded rules."""

from __future__ import annotations

import random
import unicodedata

import pytest
from kiwipiepy import Kiwi

from core.domain import CallCategory, Speaker
from core.korean import matching_key, normalize_jamo
from core.politeness import (
    DEFAULT_LEVEL_DELTAS,
    MAX_SCORE,
    PolitenessAnalyzer,
    PolitenessResult,
    PolitenessRule,
    SpeechLevel,
)
from core.transcript import Turn
from db.default_rules import POLITENESS_RULES
from db.demo.conversations import AgentStyle, fill_names, name_forms, render_conversation
from db.demo.phrases import RUDE_ANSWERS_TO_ANGRY, RUDE_HOLD, RUDE_REMARKS, RUDE_REPLY_TO_ANGRY

SEEDED_RULES = tuple(
    PolitenessRule(kind, expression, delta)
    for kind, delta, expressions in POLITENESS_RULES
    for expression in expressions
)

_RUDE_AGENT_LINES = {
    *RUDE_REMARKS,
    *RUDE_ANSWERS_TO_ANGRY,
    *RUDE_REPLY_TO_ANGRY[0][0][1:],  # the agent's turn of the exchange, without its "A"
    *RUDE_HOLD[0][0][1:],
}
RUDE_LINES_THE_SEED_CATCHES = _RUDE_AGENT_LINES - {
    "그건 제 담당 아니라니까요.",
    "잠깐만, 찾아볼게요.",
}
"""The demo's rude agent lines that the seeded rules mark down (the two others use words no
seeded expression has)."""


@pytest.fixture(scope="module")
def analyzer() -> PolitenessAnalyzer:
    """As a worker builds it: its own single-thread Kiwi (~2 s, once per module)."""
    return PolitenessAnalyzer(SEEDED_RULES)


@pytest.fixture(scope="module")
def kiwi(analyzer: PolitenessAnalyzer) -> Kiwi:
    return analyzer.kiwi


def agent_says(analyzer: PolitenessAnalyzer, *texts: str) -> PolitenessResult:
    return analyzer.analyze([Turn(seq, Speaker.AGENT, text) for seq, text in enumerate(texts)])


def demo_calls(style: AgentStyle, count: int, seed: int) -> list[list[Turn]]:
    rng = random.Random(seed)
    names = name_forms("김민준"), "이서연"
    calls = []
    for i in range(count):
        conversation = render_conversation(
            style=style, category=list(CallCategory)[i % 6], repeat_caller=i % 3 == 0, rng=rng
        )
        calls.append(
            [
                Turn(seq, line.speaker, fill_names(line.text, *names))
                for seq, line in enumerate(conversation.lines)
            ]
        )
    return calls


def test_kiwi_final_consonant_jamo_is_normalised_to_the_compatibility_letter(kiwi: Kiwi) -> None:
    forms = [token.form for token in kiwi.tokenize("감사합니다")]
    assert "\u11b8니다" in forms  # Kiwi's conjoining ᆸ, not ㅂ (U+3142)
    assert normalize_jamo("\u11b8니다") == "ㅂ니다" == "\u3142니다"
    assert normalize_jamo("\u11af게요") == "ㄹ게요"
    decomposed = unicodedata.normalize("NFD", "합니다")
    assert len(decomposed) > 3 and normalize_jamo(decomposed) == "합니다"
    assert normalize_jamo(normalize_jamo("\u11ab가요")) == "ㄴ가요"


def test_matching_key_ignores_spacing_punctuation_and_case() -> None:
    assert matching_key("한빛 손해 보험, 상담사!") == matching_key("한빛손해보험상담사")
    assert matching_key("CCTV 영상은요?") == "cctv영상은요"


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        ("안녕하십니까, 한빛손해보험입니다.", SpeechLevel.FORMAL),
        ("잠시만 기다려 주십시오.", SpeechLevel.FORMAL),
        ("감사합니다, 상담사 김민준이었습니다.", SpeechLevel.FORMAL),
        ("네, 확인해 드릴게요.", SpeechLevel.POLITE),
        ("혹시 다치신 분은 없으시죠?", SpeechLevel.POLITE),
        ("사고 나신 곳이 정확히 어디신가요?", SpeechLevel.POLITE),
        ("네, 한빛이요.", SpeechLevel.POLITE),
        ("야 그거 빨리 해", SpeechLevel.BANMAL),
        ("아니 그러니까 아까 말했잖아", SpeechLevel.BANMAL),
        ("뭐 하냐?", SpeechLevel.BANMAL),
        ("밥 먹었니?", SpeechLevel.BANMAL),
        ("알았어요, 알았어. 해 줄게요.", SpeechLevel.BANMAL),  # one lapse makes the utterance
        ("네.", None),
    ],
)
def test_speech_level_of_an_utterance_comes_from_its_final_endings(
    analyzer: PolitenessAnalyzer, sentence: str, level: SpeechLevel | None
) -> None:
    result = agent_says(analyzer, sentence)
    assert result.utterances[0].level is level
    assert result.speech_level is level
    assert sum(result.level_counts.values()) == (level is not None)


def test_connective_endings_before_a_comma_or_at_a_cut_are_not_banmal(
    analyzer: PolitenessAnalyzer,
) -> None:
    result = agent_says(
        analyzer,
        "서류 접수 후 영업일 기준 3일 이내에 지급 예정이며, 심사 결과는 문자로 안내드립니다.",
        "변경 처리 후 이메일로 바로 발송되고, 우편은 일주일 정도 걸립니다.",
        "그래서 제가 확인해 보고",  # speech-to-text cut the sentence here
    )
    assert [u.level for u in result.utterances] == [SpeechLevel.FORMAL, SpeechLevel.FORMAL, None]
    assert result.findings == ()


def test_banmal_is_a_finding_that_quotes_the_word_and_lowers_the_score(
    analyzer: PolitenessAnalyzer,
) -> None:
    result = agent_says(analyzer, "안녕하십니까, 한빛손해보험입니다.", "야 그거 빨리 해")
    assert [(f.seq, f.code, f.expression) for f in result.lowering] == [(1, "banmal", "해")]
    assert result.score == MAX_SCORE + DEFAULT_LEVEL_DELTAS["banmal"]
    assert result.level_counts == {
        SpeechLevel.FORMAL: 1,
        SpeechLevel.POLITE: 0,
        SpeechLevel.BANMAL: 1,
    }


def test_honorific_si_is_counted_and_its_absence_in_a_question_to_the_customer_is_a_finding(
    analyzer: PolitenessAnalyzer,
) -> None:
    result = agent_says(
        analyzer,
        "고객님 성함이 어떻게 되세요?",
        "지금 통화 괜찮으신가요?",
        "이름이 뭐예요?",
        "무엇을 도와드릴까요?",  # the agent helps: no 시 due
        "확인해 볼까요?",  # an offer, likewise
    )
    assert [u.honorific for u in result.utterances] == [True, True, False, False, False]
    assert result.honorific_count == 2
    assert [(f.seq, f.code, f.expression) for f in result.findings] == [
        (2, "no_honorific", "뭐예요")
    ]


@pytest.mark.parametrize(
    ("sentence", "code", "words"),
    [
        ("실례지만 성함이 어떻게 되세요?", "cushion", "실례지만"),
        ("죄송하지만 다시 한번 말씀해 주시겠어요?", "cushion", "죄송하지만"),
        ("불편을 드려 정말 죄송합니다, 고객님.", "apology", "불편을 드려"),
        ("많이 놀라셨겠습니다. 먼저 다치신 분은 없으신가요?", "empathy", "많이 놀라셨겠습니다"),
        ("그건 제 담당 아니에요. 사고접수 쪽으로 돌려 드릴게요.", "rude", "제 담당 아니"),
        ("그건 제 담당 아니라니까요.", "rude", "제 담당 아니"),
        ("몰라요, 그건 홈페이지보세요.", "rude", "홈페이지보세요"),  # spaced as ASR spaces
        ("몰라요, 그건 홈페이지 보세요.", "forbidden", "몰라요"),
    ],
)
def test_rule_expressions_are_found_in_the_agents_own_words(
    analyzer: PolitenessAnalyzer, sentence: str, code: str, words: str
) -> None:
    findings = agent_says(analyzer, sentence).findings
    assert (code, words) in [(f.code, f.expression) for f in findings]
    for finding in findings:
        assert finding.expression in sentence


def test_an_expression_must_end_on_a_morpheme_boundary(analyzer: PolitenessAnalyzer) -> None:
    # "알았어" is forbidden, "알았어요" is polite: the ending 어요 is one morpheme.
    assert agent_says(analyzer, "네, 알았어요.").findings == ()
    forbidden = [
        f.expression for f in agent_says(analyzer, "네, 알았어.").findings if f.code == "forbidden"
    ]
    assert forbidden == ["알았어"]


def test_score_is_100_plus_the_deltas_clamped_to_0_100(analyzer: PolitenessAnalyzer) -> None:
    rude = agent_says(analyzer, *RUDE_REMARKS, *RUDE_REMARKS)
    assert sum(f.score_delta for f in rude.findings) < -MAX_SCORE
    assert rude.score == 0.0
    polite = agent_says(analyzer, "불편을 드려 죄송합니다. 많이 답답하셨겠습니다.")
    assert all(f.score_delta > 0 for f in polite.findings) and len(polite.findings) == 3
    assert polite.score == MAX_SCORE
    mixed = agent_says(analyzer, "잠깐만요.", "오래 기다리셨습니다. 확인 결과 말씀드리겠습니다.")
    assert mixed.score == MAX_SCORE - 5.0 + 2.0
    assert [f.code for f in mixed.lowering] == ["rude"]


def test_the_customers_words_are_never_findings(analyzer: PolitenessAnalyzer) -> None:
    turns = [
        Turn(0, Speaker.AGENT, "안녕하십니까, 한빛손해보험 상담사 김민준입니다."),
        Turn(1, Speaker.CUSTOMER, "야 빨리 해. 몰라요, 아니 그러니까요, 알았어."),
        Turn(2, Speaker.AGENT, "불편을 드려 죄송합니다. 바로 확인해 드리겠습니다."),
        Turn(3, Speaker.CUSTOMER, "지난번에도 말했잖아. 책임자 바꿔."),
    ]
    result = analyzer.analyze(turns)
    assert result.score == MAX_SCORE
    assert {f.seq for f in result.findings} == {2}
    assert [u.seq for u in result.utterances] == [0, 2]
    assert result.speech_level is SpeechLevel.FORMAL


def test_rude_demo_agents_score_lower_than_polite_ones(analyzer: PolitenessAnalyzer) -> None:
    polite = analyzer.analyze_many(demo_calls(AgentStyle(), 60, seed=11))
    rude_calls = demo_calls(AgentStyle(rude=True), 60, seed=11)
    rude = analyzer.analyze_many(rude_calls)
    assert all(r.score == MAX_SCORE and not r.lowering for r in polite)
    assert sum(r.score for r in rude) / len(rude) < sum(r.score for r in polite) / len(polite) - 5
    for turns, result in zip(rude_calls, rude, strict=True):
        said_rude = {t.seq for t in turns if t.text in RUDE_LINES_THE_SEED_CATCHES}
        assert said_rude <= {f.seq for f in result.lowering}
        agent_seqs = {t.seq for t in turns if t.speaker is Speaker.AGENT}
        assert {f.seq for f in result.findings} <= agent_seqs


def test_batched_and_one_by_one_tokenising_agree(analyzer: PolitenessAnalyzer) -> None:
    calls = [*demo_calls(AgentStyle(rude=True), 10, seed=3), []]
    batched = PolitenessAnalyzer(SEEDED_RULES, kiwi=Kiwi(num_workers=2))
    assert analyzer.kiwi.num_workers == 1
    one_by_one = [analyzer.analyze(turns) for turns in calls]
    assert batched.analyze_many(calls) == one_by_one == analyzer.analyze_many(calls)
    assert analyzer.analyze([]).speech_level is None
    assert analyzer.analyze([]).score == MAX_SCORE


def test_a_rule_row_of_a_speech_level_kind_sets_that_checks_delta(kiwi: Kiwi) -> None:
    rules = [rule for rule in SEEDED_RULES if rule.kind != "banmal"]
    strict = PolitenessAnalyzer([*rules, PolitenessRule("banmal", "반말", -20.0)], kiwi=kiwi)
    result = agent_says(strict, "야 그거 빨리 해")
    assert [(f.code, f.score_delta) for f in result.findings] == [("banmal", -20.0)]
    assert result.score == 80.0


def test_rules_an_analyzer_cannot_use_are_refused() -> None:
    with pytest.raises(ValueError, match="banmal"):
        PolitenessAnalyzer([PolitenessRule("banmal", "a", -5), PolitenessRule("banmal", "b", -6)])
    with pytest.raises(ValueError, match="without words"):
        PolitenessAnalyzer([PolitenessRule("rude", " ?! ", -5)])
