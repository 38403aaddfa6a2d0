"""Demo outcome labels: the reviews a supervisor would have written of some demo calls.

The outcome model learns from supervisor reviews, and from these until there are enough real
ones. The generator knows the truth of each call it makes (``CallTruth``: the agent's habits,
what was said and what was skipped, whether the customer came back angry, whether the call
dragged on or was handed on), so its labels are honest; they never read analysis results,
which do not exist when the demo is seeded. ``plan_reviews`` picks a seeded share of the calls
and rolls one reviewer's dice for each; ``label_call`` turns a call's truth and those dice
into a review. The same seed gives the same reviews.

The rule. Each scorecard item is scored within a band the call's truth sets (``item_bands``);
where in the band is the reviewer's call, so two reviews of like calls differ by a point:

- greeting: 4-5 for the full greeting, 1-2 for a curt "네, 말씀하세요.";
- identity_check: 4-5 when the caller was verified, 1 when not;
- needs_discovery: 4-5, 2-3 for an agent who talks over customers, a point lower for one who
  leaves long silences, and the low end a point lower for a complicated call;
- accuracy: 4-5 when the category's required notices were given, 1-2 when not;
- empathy: an angry caller: 4-5 for the agent's apology, 1 for a rude reply; otherwise 3-5,
  1-2 where the agent said anything rude;
- politeness: 4-5, 1-2 after one rude line, 1 after more;
- hold_etiquette: 4-5 (no hold, or holds asked for and thanked), 1-2 for rude holds
  ("잠깐만요."), at most 2-3 for an agent who leaves long silences;
- closing: 4-5 for the offer of further help and the agent's name, 3-4 for a polite transfer,
  1-2 for a curt or rude ending (or one ``MAX_LINES`` cut off).

``total_score`` is ``core.scorecard.total_score`` over the default scorecard's weights. The
outcome is the first that fits:

1. 해결불가: the customer had called before and this call did not settle it either: the agent
   was rude, handed them on again, or the call dragged on; or they came back angry and the
   items total under the reviewer's bar for 미흡 plus ``SETTLES_ANGRY_ABOVE_BAR`` (only a call
   handled well calms an angry customer);
2. 미흡: the agent said something rude, or the items total under ``POOR_BELOW`` (each reviewer's
   bar lies within ``POOR_JITTER`` of it);
3. 추가상담필요: the call was handed on or dragged on, or the customer was still angry;
4. 만족: otherwise.

Reviewers disagree: in ``DISAGREE_SHARE`` of reviews the reviewer picks a neighbouring outcome
(``NEIGHBOURS``), never 만족 for a call where the agent was rude. Each review's comment says it
is a demo label, why, and where the reviewer went their own way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from core.domain import Outcome
from core.scorecard import ScorecardItemResult, total_score
from db.default_rules import DEFAULT_SCORECARD
from db.demo.conversations import AgentStyle, CallFacts

REVIEW_SHARE = 0.35
"""Share of the demo calls the demo supervisor reviewed."""

DISAGREE_SHARE = 0.08
"""Share of reviews where the reviewer picks a neighbouring outcome to the rule's."""

POOR_BELOW = 60.0
"""Total score (0-100) under which a call is 미흡 even with no rude word said."""

POOR_JITTER = 6.0
"""How far one reviewer's bar for 미흡 may lie from ``POOR_BELOW``, either way."""

SETTLES_ANGRY_ABOVE_BAR = 20.0
"""How far above the bar for 미흡 a call must total for an angry repeat caller to be settled."""

REVIEW_DELAY_S = (2 * 3600, 72 * 3600)
"""How long after a call ends its review is written: from, to (seconds; never after now)."""

NEIGHBOURS: dict[Outcome, tuple[Outcome, Outcome]] = {
    Outcome.SATISFIED: (Outcome.NEEDS_FOLLOW_UP, Outcome.POOR),
    Outcome.POOR: (Outcome.NEEDS_FOLLOW_UP, Outcome.SATISFIED),
    Outcome.NEEDS_FOLLOW_UP: (Outcome.SATISFIED, Outcome.POOR),
    Outcome.UNRESOLVABLE: (Outcome.POOR, Outcome.NEEDS_FOLLOW_UP),
}
"""The outcomes a reviewer who disagrees with the rule picks instead, either equally likely."""

SPECS = DEFAULT_SCORECARD
"""The default scorecard, whose items every demo review scores."""

CODES = tuple(spec.code for spec in SPECS)
"""The item codes, in ``SPECS`` order: the keys of a demo review's ``item_scores``."""

COMMENT_PREFIX = "데모 라벨(생성기가 아는 통화 사실로 매김)"
"""How every demo review's comment begins: it is a demo label, not a person's judgement."""

# A review's dice (uniform 0..1): one per scorecard item, then these.
BAR, DISAGREES, NEIGHBOUR = range(len(SPECS), len(SPECS) + 3)
DRAWS = len(SPECS) + 3
"""Dice per review: where each item falls in its band, the reviewer's bar, and disagreement."""


@dataclass(frozen=True, slots=True)
class CallTruth:
    """What the generator decided about one call: all a demo label may read."""

    style: AgentStyle
    facts: CallFacts
    repeat_caller: bool
    transferred: bool


@dataclass(frozen=True, slots=True)
class DemoLabel:
    """One demo review: what ``db.models.Review`` stores of it."""

    outcome: Outcome
    item_scores: dict[str, int]
    total_score: float
    comment: str


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """Which demo calls the demo supervisor reviewed, and the reviewer's dice for each."""

    calls: np.ndarray  # int64 indexes into the CallPlan, ascending
    draws: np.ndarray  # float64 (len(calls), DRAWS), read by ``label_call``
    delay_s: np.ndarray  # float64: how long after the call ended the review was written

    def __len__(self) -> int:
        return len(self.calls)


def plan_reviews(calls: int, *, seed: int) -> ReviewPlan:
    """Review ``REVIEW_SHARE`` of ``calls`` calls, chosen and judged by dice from ``seed``."""
    # A stream of its own: the call plan's draws, and so the calls, stay as they were.
    rng = np.random.default_rng([seed, 0x6C6162656C])  # "label"
    chosen = np.sort(rng.choice(calls, size=round(REVIEW_SHARE * calls), replace=False))
    return ReviewPlan(
        calls=chosen.astype(np.int64),
        draws=rng.random((len(chosen), DRAWS)),
        delay_s=rng.uniform(*REVIEW_DELAY_S, size=len(chosen)),
    )


def label_call(truth: CallTruth, draws: Sequence[float]) -> DemoLabel:
    """The review of a call with ``truth`` by a reviewer who rolled ``draws`` (``DRAWS`` dice,
    each in [0, 1))."""
    bands, reasons = _assessment(truth)
    scores = tuple(low + int(draw * (high - low + 1))
                   for (low, high), draw in zip(bands, draws, strict=False))  # fmt: skip
    # zip stops at the last item: the dice after the items' are read by name below.
    total = _total(scores)
    ruled = rule_outcome(truth, total, bar=POOR_BELOW + POOR_JITTER * (2.0 * draws[BAR] - 1.0))
    outcome = ruled
    if draws[DISAGREES] < DISAGREE_SHARE:
        outcome = NEIGHBOURS[ruled][draws[NEIGHBOUR] >= 0.5]
        if outcome is Outcome.SATISFIED and truth.facts.rude_lines:
            outcome = ruled  # a reviewer may weigh a call differently, not overlook rudeness
    verdict = outcome.value
    if outcome is not ruled:
        verdict += f" (규칙으로는 {ruled.value}, 검토자 판단이 다름)"
    return DemoLabel(
        outcome=outcome,
        item_scores=dict(zip(CODES, scores, strict=True)),
        total_score=total,
        comment=f"{COMMENT_PREFIX}: {reasons}, 총점 {total:.0f}점 → {verdict}",
    )


def rule_outcome(truth: CallTruth, total: float, *, bar: float = POOR_BELOW) -> Outcome:
    """The outcome the rule gives a call whose items total ``total`` (see the module doc)."""
    facts = truth.facts
    if truth.repeat_caller and (truth.transferred or facts.complicated or facts.rude_lines):
        return Outcome.UNRESOLVABLE
    if facts.angry and total < bar + SETTLES_ANGRY_ABOVE_BAR:
        return Outcome.UNRESOLVABLE
    if facts.rude_lines or total < bar:
        return Outcome.POOR
    if truth.transferred or facts.complicated or facts.angry:
        return Outcome.NEEDS_FOLLOW_UP
    return Outcome.SATISFIED


def item_bands(truth: CallTruth) -> tuple[tuple[int, int], ...]:
    """(lowest, highest) score of each default scorecard item, in ``SPECS`` order."""
    style, facts = truth.style, truth.facts
    rude = facts.rude_lines > 0
    discovery = (2, 3) if style.talks_over else (4, 5)
    if style.long_silences:
        discovery = (discovery[0] - 1, discovery[1] - 1)
    if facts.complicated:
        discovery = (max(1, discovery[0] - 1), discovery[1])
    empathy = ((1, 1) if rude else (4, 5)) if facts.angry else (1, 2) if rude else (3, 5)
    politeness = (4, 5) if not rude else (1, 2) if facts.rude_lines == 1 else (1, 1)
    hold = (1, 2) if facts.rude_holds else (4, 5)
    if style.long_silences:
        hold = (min(hold[0], 2), min(hold[1], 3))
    if facts.closed_properly:
        closing = (4, 5)
    elif truth.transferred and not style.rude:
        closing = (3, 4)
    else:
        closing = (1, 2)
    bands = {
        "greeting": (4, 5) if facts.greeted else (1, 2),
        "identity_check": (4, 5) if facts.identity_checked else (1, 1),
        "needs_discovery": discovery,
        "accuracy": (4, 5) if facts.notices_given else (1, 2),
        "empathy": empathy,
        "politeness": politeness,
        "hold_etiquette": hold,
        "closing": closing,
    }
    return tuple(bands[spec.code] for spec in SPECS)


@lru_cache(maxsize=8192)
def _assessment(truth: CallTruth) -> tuple[tuple[tuple[int, int], ...], str]:
    """The item bands and the reasons a comment gives: the same for every call alike."""
    return item_bands(truth), _reasons(truth)


@cache  # at most 5**8 score lists; a demo of 200,000 calls holds ~8,000
def _total(scores: tuple[int, ...]) -> float:
    items = [ScorecardItemResult(code=code, score=score, evidence=[], reason="")
             for code, score in zip(CODES, scores, strict=True)]  # fmt: skip
    return total_score(items, SPECS)


def _reasons(truth: CallTruth) -> str:
    style, facts = truth.style, truth.facts
    reasons = [
        "화난 재문의 고객" if facts.angry else "재문의 고객" if truth.repeat_caller else "",
        f"무례한 표현 {facts.rude_lines}회" if facts.rude_lines else "",
        "타 부서 이관" if truth.transferred else "",
        "복잡한 문의" if facts.complicated else "",
        "" if facts.greeted else "첫인사 생략",
        "" if facts.identity_checked else "본인 확인 누락",
        "" if facts.notices_given else "필수 안내 누락",
        "" if facts.closed_properly or truth.transferred else "끝인사 생략",
        "고객 말 끊음" if style.talks_over else "",
        "응대 중 긴 침묵" if style.long_silences else "",
    ]
    return ", ".join(reason for reason in reasons if reason) or "특이사항 없음"
