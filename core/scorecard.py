"""The QA scorecard of a call: items scored 1-5 with evidence, and what the call came to.

``Scorecard`` is both what an evaluator returns and the JSON schema an LLM is asked to fill,
so it holds only what the model can say; which evaluator made it is recorded beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from core.domain import Resolution, Sentiment

MIN_SCORE, MAX_SCORE = 1, 5
"""An item's score runs from 1 (not done or badly done) to 5 (done well)."""


class ScorecardItemResult(BaseModel):
    """The score of one scorecard item, with the utterances that justify it."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="채점 항목 코드 (예: greeting)")
    score: int = Field(ge=MIN_SCORE, le=MAX_SCORE, description="1(미흡)~5(우수) 점수")
    evidence: list[str] = Field(description="근거가 된 발화를 대화록에서 그대로 인용")
    reason: str = Field(description="점수를 준 이유 (한국어)")


class Scorecard(BaseModel):
    """A whole call's evaluation: one result per scorecard item, plus the call's story."""

    model_config = ConfigDict(frozen=True)

    items: list[ScorecardItemResult]
    summary: str = Field(description="통화 요약 (한국어, 2~3문장)")
    intent: str = Field(description="고객의 문의 의도 (한국어, 한 구절)")
    resolution: Resolution
    sentiment_start: Sentiment = Field(description="통화 시작 시 고객 감정")
    sentiment_end: Sentiment = Field(description="통화 종료 시 고객 감정")
    coaching: str = Field(description="상담사에게 주는 코칭 피드백 (한국어)")


@dataclass(frozen=True, slots=True)
class ScorecardItemSpec:
    """One line of the scorecard as an admin configured it (``db.models.ScorecardItem``)."""

    code: str
    name_ko: str
    name_en: str
    description: str
    weight: float


class ScorecardItemsMismatch(ValueError):
    """A scorecard whose items are not exactly the configured items, once each."""

    def __init__(self, *, missing: Iterable[str], unknown: Iterable[str], repeated: Iterable[str]):
        self.missing = tuple(sorted(missing))
        self.unknown = tuple(sorted(unknown))
        self.repeated = tuple(sorted(repeated))
        parts = [
            f"{label}: {', '.join(codes)}"
            for label, codes in (
                ("missing items", self.missing),
                ("unknown items", self.unknown),
                ("repeated items", self.repeated),
            )
            if codes
        ]
        super().__init__("; ".join(parts))


def in_spec_order(scorecard: Scorecard, specs: Sequence[ScorecardItemSpec]) -> Scorecard:
    """The scorecard with its items in the order of ``specs``.

    Raises ``ScorecardItemsMismatch`` unless every spec is scored exactly once and nothing
    else is: an LLM that skips an item or invents one has not filled this scorecard.
    """
    counts = Counter(item.code for item in scorecard.items)
    expected = {spec.code for spec in specs}
    missing = expected - counts.keys()
    unknown = counts.keys() - expected
    repeated = {code for code, n in counts.items() if n > 1}
    if missing or unknown or repeated:
        raise ScorecardItemsMismatch(missing=missing, unknown=unknown, repeated=repeated)
    by_code = {item.code: item for item in scorecard.items}
    return scorecard.model_copy(update={"items": [by_code[spec.code] for spec in specs]})


def total_score(items: Sequence[ScorecardItemResult], specs: Sequence[ScorecardItemSpec]) -> float:
    """0-100: the weighted mean of each item's score, with 1 counting 0 and 5 counting 100.

    Items are weighted by their spec; an item with no spec is an error, not a zero weight.
    """
    weights = {spec.code: spec.weight for spec in specs}
    unknown = [item.code for item in items if item.code not in weights]
    if unknown:
        raise ScorecardItemsMismatch(missing=(), unknown=unknown, repeated=())
    total_weight = sum(weights[item.code] for item in items)
    if total_weight <= 0:
        raise ValueError("the scored items have no weight; cannot compute a total score")
    span = MAX_SCORE - MIN_SCORE
    weighted = sum(weights[item.code] * (item.score - MIN_SCORE) / span for item in items)
    return 100.0 * weighted / total_weight
