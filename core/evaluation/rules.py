"""The scorecard without an LLM: each item scored from metrics, politeness and compliance.

Deterministic and cheap (one pass over the utterances per item). What each item looks at:

- greeting, identity_check, accuracy, closing: the share of the compliance rules of the
  item's stage (opening / identity / notice / closing) the agent met, scored by
  ``SHARE_BANDS``; accuracy falls back to the overall compliance % when the category has no
  notice rules. Quotes: the utterance that met a rule, or what the agent said instead.
- politeness: ``politeness_score`` by ``POLITENESS_BANDS``, capped a point lower for each
  ``POINTS_PER_STEP`` that expressions took off it, and at 2 for 반말. Quotes: those utterances.
- empathy: empathy/apology expressions the politeness analysis found, weighed against
  whether the customer sounded upset (``NEGATIVE_CUSTOMER_CUES``).
- needs_discovery: 5, less a point for talking over the customer, two for doing it
  ``FREQUENT_INTERRUPTIONS`` times, and one for a mean response latency over
  ``SLOW_RESPONSE_S``. Quotes: the utterances that cut in.
- hold_etiquette: the agent should ask before each hold and thank the customer after it
  (``HOLD_ASK_PHRASES``, ``HOLD_THANKS_PHRASES``); the share of the two done per hold.
  Quotes: what the agent said either side of the hold.

Phrases and cues match as substrings with spaces ignored (speech-to-text spaces Korean loosely).

An item these rules cannot judge (no data, or an item an admin added) gets the middle score
3 and a reason that says so, so a reviewer knows to look. The call's story: sentiment from
the customer's first and last ``SENTIMENT_WINDOW`` utterances; a transferred call needs
follow-up, a call the customer ends upset is unresolved, any other is resolved.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.domain import CallCategory, Resolution, Sentiment, Speaker
from core.scorecard import MAX_SCORE, MIN_SCORE, Scorecard, ScorecardItemResult, ScorecardItemSpec
from core.transcript import Turn

SHARE_BANDS = ((1.0, 5), (0.75, 4), (0.5, 3), (0.25, 2))
"""(least share of a stage's rules met, score); below the last band scores 1."""

POLITENESS_BANDS = ((90.0, 5), (75.0, 4), (60.0, 3), (40.0, 2))
"""(least politeness score of 0-100, score); below the last band scores 1."""

POINTS_PER_STEP = 5.0
"""Politeness points lost to rude or forbidden expressions that cap the item a point lower
(a rude expression costs 5, a forbidden one 10, as the politeness rules rate them)."""

BANMAL_MAX_SCORE = 2
"""The best politeness score of an agent who spoke 반말 to a customer."""

FREQUENT_INTERRUPTIONS = 3
"""Times an agent talks over the customer that cost two points of needs discovery."""

SLOW_RESPONSE_S = 3.0
"""Mean seconds before the agent answers beyond which needs discovery loses a point."""

UNJUDGED_SCORE = 3
"""The middle score given where the rules have nothing to go on."""

MAX_EVIDENCE = 3
"""Quotes kept per item."""

EVIDENCE_MAX_CHARS = 200
"""A quote is the utterance's first this-many characters (still a substring of it)."""

COACHING_ITEMS = 3
"""The weakest items short of full marks the coaching text addresses, heaviest first."""

SENTIMENT_WINDOW = 2
"""Customer utterances read for the sentiment at each end of the call."""

NEGATIVE_CUSTOMER_CUES = (
    "왜 아직", "도대체", "벌써", "세 번째", "책임자", "짜증", "매번", "똑같은 말", "또 돌리",
    "말씀을 왜", "연락이 없", "지난번에도", "이번엔 꼭", "화가", "답답", "어이가 없",
)  # fmt: skip
"""Words of an upset customer."""

POSITIVE_CUSTOMER_CUES = ("감사합니다", "고맙습니다", "감사해요", "수고하세요", "다행", "좋네요")
"""Words of a satisfied customer."""

HOLD_ASK_PHRASES = ("기다려 주시겠습니까", "기다려 주세요", "기다려 주십시오", "양해 부탁")
"""How an agent asks a customer to hold (announcing it, "잠깐만요", is not asking)."""

HOLD_THANKS_PHRASES = ("기다려 주셔서 감사", "오래 기다리셨습니다", "기다리게 해 드려")
"""What an agent says when back from a hold."""

CATEGORY_INTENTS = {
    CallCategory.ACCIDENT: "사고 접수 및 처리 문의",
    CallCategory.CLAIM: "보험금 청구 절차 및 지급 문의",
    CallCategory.CONTRACT_CHANGE: "계약 내용 변경 요청",
    CallCategory.CANCELLATION: "보험 계약 해지 문의",
    CallCategory.GENERAL: "상품 및 서비스 일반 문의",
    CallCategory.PAYMENT: "보험료 납입 문의",
}
"""The customer's intent as the call's category states it."""

COACHING_TIPS = {
    "greeting": "첫인사에서 회사명과 상담사 이름을 함께 밝혀 주세요.",
    "identity_check": "업무를 처리하기 전에 반드시 계약자 본인 확인 절차를 진행해 주세요.",
    "needs_discovery": "고객의 말을 끊지 말고 끝까지 들은 뒤 문의 내용을 재확인해 주세요.",
    "accuracy": "상담 유형별 필수 안내 사항(서류, 일정, 고지)을 빠짐없이 전달해 주세요.",
    "empathy": "불편을 겪은 고객에게는 '많이 답답하셨겠습니다'처럼 공감 표현을 먼저 건네 주세요.",
    "politeness": "무례하거나 단정적인 표현 대신 존댓말과 쿠션어를 사용해 주세요.",
    "hold_etiquette": "대기 전에 양해를 구하고, 돌아와서는 기다려 주셔서 감사하다고 말씀해 주세요.",
    "closing": "마무리 전에 추가 문의가 있는지 확인하고 상담사 이름으로 끝인사를 해 주세요.",
}
"""What to tell an agent who scored low on an item."""


@dataclass(frozen=True, slots=True)
class PolitenessMark:
    """An expression the politeness analysis scored in one of the agent's utterances."""

    seq: int
    code: str  # the rule kind (cushion, apology, empathy, rude, forbidden) or e.g. banmal
    expression: str
    score_delta: float


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """One compliance rule for the call, and whether the agent met it."""

    code: str
    name_ko: str
    stage: str  # opening / identity / notice / closing
    passed: bool
    seq: int | None = None  # the utterance that met it


@dataclass(frozen=True, slots=True)
class EvaluationInputs:
    """Everything the rules need, in plain values; None where a metric is unknown
    (no timings). The analysis pipeline maps its stages' results into this."""

    category: CallCategory
    turns: tuple[Turn, ...]
    silence_ratio: float | None = None
    longest_silence_s: float | None = None
    holds: tuple[tuple[float, float], ...] | None = None  # (start_s, end_s) of each hold
    overtalk_count: int | None = None
    agent_interruptions: int | None = None
    interrupting_seqs: tuple[int, ...] = ()  # agent utterances that cut in on the customer
    agent_response_latency_s: float | None = None
    politeness_score: float | None = None  # 0-100
    speech_level: str | None = None  # 하십시오체 / 해요체 / 반말
    politeness_marks: tuple[PolitenessMark, ...] = ()
    compliance_pct: float | None = None  # 0-100
    rule_checks: tuple[RuleCheck, ...] = ()
    transferred: bool = False


Judgement = tuple[int | None, list[str], str]  # score (None: cannot judge), quotes, reason


def evaluate_by_rules(inputs: EvaluationInputs, specs: Sequence[ScorecardItemSpec]) -> Scorecard:
    """Fill the scorecard of ``specs`` from ``inputs`` alone; the text says it is rule-based."""
    call = _Call(inputs)
    items, unjudged = [], set()
    for spec in specs:
        judge = _JUDGES.get(spec.code)
        score, quotes, reason = judge(call) if judge else _unjudged("규칙 평가 기준이 없는 항목")
        if score is None:
            score = UNJUDGED_SCORE
            unjudged.add(spec.code)
        evidence = [quote[:EVIDENCE_MAX_CHARS] for quote in dict.fromkeys(quotes)]
        items.append(
            ScorecardItemResult(
                code=spec.code, score=score, evidence=evidence[:MAX_EVIDENCE], reason=reason
            )
        )
    start = _sentiment(call.customer_texts[:SENTIMENT_WINDOW])
    end = _sentiment(call.customer_texts[-SENTIMENT_WINDOW:])
    if inputs.transferred:
        resolution = Resolution.NEEDS_FOLLOW_UP
    elif end is Sentiment.NEGATIVE:
        resolution = Resolution.UNRESOLVED
    else:
        resolution = Resolution.RESOLVED
    return Scorecard(
        items=items,
        summary=_summary(inputs, call),
        intent=CATEGORY_INTENTS[inputs.category],
        resolution=resolution,
        sentiment_start=start,
        sentiment_end=end,
        coaching=_coaching(items, specs, unjudged),
    )


class _Call:
    """The inputs indexed for the judges: utterances by seq, and by speaker."""

    def __init__(self, inputs: EvaluationInputs) -> None:
        self.inputs = inputs
        self.text_of = {turn.seq: turn.text for turn in inputs.turns}
        self.agent_turns = [t for t in inputs.turns if t.speaker is Speaker.AGENT]
        self.customer_texts = [t.text for t in inputs.turns if t.speaker is Speaker.CUSTOMER]

    def checks(self, stage: str) -> list[RuleCheck]:
        return [check for check in self.inputs.rule_checks if check.stage == stage]


def _band(value: float, bands: tuple[tuple[float, int], ...]) -> int:
    return next((score for least, score in bands if value >= least), MIN_SCORE)


def _unjudged(why: str) -> Judgement:
    return None, [], f"{why}: 규칙으로 판단할 수 없어 중간 점수를 주었습니다."


def _stage(call: _Call, stage: str, fallback_quote: str | None) -> Judgement:
    """Score by the share of a stage's compliance rules met."""
    checks = call.checks(stage)
    if not checks:
        return _unjudged("적용되는 스크립트 규칙 없음")
    met = [c for c in checks if c.passed]
    missed = [c for c in checks if not c.passed]
    quotes = [call.text_of[c.seq] for c in met if c.seq in call.text_of]
    if missed and fallback_quote:
        quotes.append(fallback_quote)
    reason = f"스크립트 {len(checks)}개 중 {len(met)}개 준수"
    if missed:
        reason += f", 누락: {', '.join(c.name_ko for c in missed)}"
    return _band(len(met) / len(checks), SHARE_BANDS), quotes, reason


def _greeting(call: _Call) -> Judgement:
    first = call.agent_turns[0].text if call.agent_turns else None
    return _stage(call, "opening", first)


def _identity(call: _Call) -> Judgement:
    return _stage(call, "identity", None)


def _closing(call: _Call) -> Judgement:
    last = call.agent_turns[-1].text if call.agent_turns else None
    return _stage(call, "closing", last)


def _accuracy(call: _Call) -> Judgement:
    if call.checks("notice") or call.inputs.compliance_pct is None:
        return _stage(call, "notice", None)
    pct = call.inputs.compliance_pct
    return (
        _band(pct / 100, SHARE_BANDS),
        [],
        f"필수 안내 규칙 없음, 전체 스크립트 준수율 {pct:.0f}%",
    )


def _politeness(call: _Call) -> Judgement:
    inputs = call.inputs
    lowering = [m for m in inputs.politeness_marks if m.score_delta < 0]
    if inputs.politeness_score is None and not lowering:
        return _unjudged("정중성 분석 결과 없음")
    score, reasons = MAX_SCORE, []
    if inputs.politeness_score is not None:
        score = _band(inputs.politeness_score, POLITENESS_BANDS)
        reasons.append(f"정중성 점수 {inputs.politeness_score:.0f}점")
    steps = math.ceil(-sum(m.score_delta for m in lowering) / POINTS_PER_STEP)
    score = max(MIN_SCORE, min(score, MAX_SCORE - steps))
    if lowering:
        reasons.append(
            f"부적절한 표현 {len(lowering)}건: {', '.join(m.expression for m in lowering)}"
        )
    if inputs.speech_level == "반말":
        score = min(score, BANMAL_MAX_SCORE)
        reasons.append("반말 사용")
    quotes = [call.text_of[m.seq] for m in lowering if m.seq in call.text_of]
    return score, quotes, ", ".join(reasons)


def _empathy(call: _Call) -> Judgement:
    marks = [m for m in call.inputs.politeness_marks if m.score_delta > 0]
    empathy = [m for m in marks if m.code == "empathy"]
    apology = [m for m in marks if m.code == "apology"]
    upset = any(_count(text, _NEGATIVE_KEYS) for text in call.customer_texts)
    quotes = [call.text_of[m.seq] for m in empathy + apology if m.seq in call.text_of]
    if empathy:
        return 5, quotes, f"공감 표현 {len(empathy)}건"
    if apology:
        return 4, quotes, f"사과 표현 {len(apology)}건, 공감 표현은 없음"
    if upset:
        rude = any(m.score_delta < 0 for m in call.inputs.politeness_marks)
        why = "고객이 불만을 표했으나 공감 없이 " + ("무례하게 응대" if rude else "응대")
        return (1 if rude else 2), [], why
    if any(m.code == "cushion" for m in marks):
        return 4, [call.text_of[m.seq] for m in marks if m.seq in call.text_of], "쿠션어 사용"
    return 3, [], "고객 불만은 없었고 특별한 공감 표현도 없음"


def _needs_discovery(call: _Call) -> Judgement:
    inputs = call.inputs
    interruptions, latency = inputs.agent_interruptions, inputs.agent_response_latency_s
    if interruptions is None and latency is None:
        return _unjudged("발화 시간 정보 없음")
    score, reasons = 5, []
    if interruptions:
        score -= 2 if interruptions >= FREQUENT_INTERRUPTIONS else 1
        reasons.append(f"고객 발화 중 끼어들기 {interruptions}회")
    if latency is not None and latency > SLOW_RESPONSE_S:
        score -= 1
        reasons.append(f"평균 응답 지연 {latency:.1f}초")
    quotes = [call.text_of[seq] for seq in inputs.interrupting_seqs if seq in call.text_of]
    return score, quotes, ", ".join(reasons) or "경청하며 응대함"


def _hold_etiquette(call: _Call) -> Judgement:
    holds = call.inputs.holds
    if holds is None:
        return _unjudged("보류 정보 없음")
    if not holds:
        return 5, [], "보류 없음"
    timed = [t for t in call.agent_turns if t.timed]
    if not timed:
        return _unjudged("발화 시간 정보가 없어 보류 전후 발화를 알 수 없음")
    met, quotes = 0, []
    for start_s, end_s in holds:
        ask = next((t for t in reversed(timed) if t.start_s < start_s), None)  # type: ignore[operator]
        back = next((t for t in timed if t.start_s >= end_s), None)  # type: ignore[operator]
        for turn, phrases in ((ask, _HOLD_ASK_KEYS), (back, _HOLD_THANKS_KEYS)):
            if turn is not None:
                quotes.append(turn.text)
                met += _count(turn.text, phrases) > 0
    reason = f"보류 {len(holds)}회, 양해·감사 표현 {met}/{2 * len(holds)}"
    return _band(met / (2 * len(holds)), SHARE_BANDS), quotes, reason


def _key(text: str) -> str:
    return text.replace(" ", "")


def _count(text: str, keys: Sequence[str]) -> int:
    """How many of ``keys`` (phrases without spaces) the text says."""
    text = _key(text)
    return sum(key in text for key in keys)


_NEGATIVE_KEYS = tuple(map(_key, NEGATIVE_CUSTOMER_CUES))
_POSITIVE_KEYS = tuple(map(_key, POSITIVE_CUSTOMER_CUES))
_HOLD_ASK_KEYS = tuple(map(_key, HOLD_ASK_PHRASES))
_HOLD_THANKS_KEYS = tuple(map(_key, HOLD_THANKS_PHRASES))


def _sentiment(texts: Sequence[str]) -> Sentiment:
    balance = sum(_count(t, _POSITIVE_KEYS) - _count(t, _NEGATIVE_KEYS) for t in texts)
    if balance > 0:
        return Sentiment.POSITIVE
    return Sentiment.NEGATIVE if balance < 0 else Sentiment.NEUTRAL


def _summary(inputs: EvaluationInputs, call: _Call) -> str:
    missed = [c.name_ko for c in inputs.rule_checks if not c.passed]
    facts = [f"{inputs.category.value} 통화, 발화 {len(inputs.turns)}건"]
    if inputs.compliance_pct is not None:
        facts.append(f"스크립트 준수율 {inputs.compliance_pct:.0f}%")
    if inputs.politeness_score is not None:
        facts.append(f"정중성 점수 {inputs.politeness_score:.0f}점")
    if inputs.holds is not None:
        facts.append(f"보류 {len(inputs.holds)}회")
    if inputs.transferred:
        facts.append("타 부서 이관")
    return (
        "[규칙 기반 평가] LLM 없이 통화 지표, 정중성, 스크립트 준수 결과로 채점했습니다. "
        + ", ".join(facts)
        + f". 누락된 스크립트: {', '.join(missed) if missed else '없음'}."
    )


def _coaching(
    items: Sequence[ScorecardItemResult], specs: Sequence[ScorecardItemSpec], unjudged: set[str]
) -> str:
    spec_of = {spec.code: spec for spec in specs}
    weak = sorted(
        (i for i in items if i.score < MAX_SCORE and i.code not in unjudged),
        key=lambda item: (item.score, -spec_of[item.code].weight),
    )
    tips = [
        f"{spec_of[item.code].name_ko}({item.score}점): "
        + COACHING_TIPS.get(item.code, f"{spec_of[item.code].description} 점검이 필요합니다.")
        for item in weak[:COACHING_ITEMS]
    ]
    if not tips:
        tips.append("규칙으로 확인한 항목은 모두 만점입니다. 지금처럼 응대해 주세요.")
    if unjudged:
        names = ", ".join(spec.name_ko for spec in specs if spec.code in unjudged)
        tips.append(f"규칙으로 판단하지 못한 항목({names})은 검토자가 직접 확인해 주세요.")
    return "[규칙 기반 코칭] " + " ".join(tips)


_JUDGES: dict[str, Callable[[_Call], Judgement]] = {
    "greeting": _greeting,
    "identity_check": _identity,
    "needs_discovery": _needs_discovery,
    "accuracy": _accuracy,
    "empathy": _empathy,
    "politeness": _politeness,
    "hold_etiquette": _hold_etiquette,
    "closing": _closing,
}
"""The rules for each seeded scorecard item, by item code."""
