"""Did the agent say what the script requires: the compliance rules of a call's category.

A rule is met when one of its phrases is found, fuzzily, in an agent utterance within the
rule's stage window (``STAGE_WINDOWS``):

- opening: the agent's first 3 utterances (the greeting, or the answer to the first request);
- identity: the agent's first 8 (verification comes before any business is done);
- notice: anywhere in the call;
- closing: the agent's last 3 (the offer of further help and the goodbye).

Matching compares ``core.korean.matching_key`` forms, i.e. with spaces and punctuation
removed, because speech-to-text spaces Korean unreliably. The similarity of a phrase to an
utterance is ``1 - d / len(phrase)``, where ``d`` is the fewest single-syllable edits
(insert, delete, substitute) that turn the phrase into some stretch of the utterance: 1.0
when the utterance contains the phrase, 11/12 for a 12-syllable phrase with one misheard
syllable (한빛손해보엄). This edit measure is stricter than rapidfuzz's indel-based
``partial_ratio``, which, with Korean's information-dense syllables, scores unrelated
sentences that share a tail too high (변경 확인되었습니다 vs 본인 확인되었습니다: 0.88);
``partial_ratio`` is never below it (for an utterance at least as long as the phrase), so it
serves as the cheap first filter.

``pct`` is the share of the applicable rules met, 0-100. A rule of the call's category
replaces a general rule (category None) with the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from core.domain import CallCategory, Speaker
from core.korean import matching_key
from core.transcript import Turn


@dataclass(frozen=True, slots=True)
class StageWindow:
    """Which agent utterances a stage's rules look at: the first ``first``, the last
    ``last`` (both: either end), or all of them when both are None."""

    first: int | None = None
    last: int | None = None

    def pick(self, count: int) -> Sequence[int]:
        """Indexes into the agent's ``count`` utterances, in order."""
        if self.first is None and self.last is None:
            return range(count)
        head = range(min(self.first or 0, count))
        tail = range(max(len(head), count - (self.last or 0)), count)
        return [*head, *tail]


STAGE_WINDOWS: dict[str, StageWindow] = {
    "opening": StageWindow(first=3),
    "identity": StageWindow(first=8),
    "notice": StageWindow(),
    "closing": StageWindow(last=3),
}
"""The stages a compliance rule may have, and where in the call each is looked for."""


@dataclass(frozen=True, slots=True)
class ComplianceRuleSpec:
    """An active row of the ``compliance_rules`` table; ``category`` None: every category."""

    code: str
    category: CallCategory | None
    stage: str
    phrases: tuple[str, ...]
    min_similarity: float = 0.8

    def __post_init__(self) -> None:
        object.__setattr__(self, "phrases", tuple(self.phrases))  # a list from JSON is fine
        if self.stage not in STAGE_WINDOWS:
            raise ValueError(f"compliance rule {self.code!r}: unknown stage {self.stage!r}")
        if not any(matching_key(phrase) for phrase in self.phrases):
            raise ValueError(f"compliance rule {self.code!r} has no phrase to match")
        if not 0.0 < self.min_similarity <= 1.0:
            raise ValueError(
                f"compliance rule {self.code!r}: min_similarity {self.min_similarity} "
                "is not in (0, 1]"
            )


@dataclass(frozen=True, slots=True)
class RuleHit:
    """Rule ``code`` was met by the agent utterance ``seq``."""

    code: str
    seq: int
    similarity: float  # 0-1


@dataclass(frozen=True, slots=True)
class ComplianceResult:
    pct: float | None  # 0-100; None when no rule applies to the category
    passed: tuple[RuleHit, ...]
    missed: tuple[str, ...]  # rule codes


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    code: str
    window: StageWindow
    phrase_keys: tuple[str, ...]
    min_similarity: float


def check_compliance(
    turns: Sequence[Turn], *, category: CallCategory, rules: Sequence[ComplianceRuleSpec]
) -> ComplianceResult:
    """Which of the ``rules`` that apply to ``category`` the agent met in ``turns``."""
    compiled = _compile(tuple(rules), category)
    if not compiled:
        return ComplianceResult(pct=None, passed=(), missed=())
    agent = [(t.seq, matching_key(t.text)) for t in turns if t.speaker is Speaker.AGENT]
    passed, missed = [], []
    for rule in compiled:
        hit = _first_hit(rule, agent)
        if hit is None:
            missed.append(rule.code)
        else:
            passed.append(hit)
    return ComplianceResult(
        pct=100.0 * len(passed) / len(compiled), passed=tuple(passed), missed=tuple(missed)
    )


def phrase_similarity(phrase_key: str, utterance_key: str, *, cutoff: float = 0.0) -> float:
    """How well ``utterance_key`` contains ``phrase_key`` (both ``matching_key`` forms),
    0-1; 0.0 for anything below ``cutoff``."""
    if not phrase_key:
        return 0.0
    # Where the utterance is the longer, partial_ratio is never below the edit similarity:
    # a safe first filter, in C. (Where it is shorter, partial_ratio can be below it.)
    if (
        cutoff
        and len(utterance_key) >= len(phrase_key)
        and not fuzz.partial_ratio(phrase_key, utterance_key, score_cutoff=cutoff * 100)
    ):
        return 0.0
    similarity = 1.0 - _fitting_distance(phrase_key, utterance_key) / len(phrase_key)
    return similarity if similarity >= cutoff else 0.0


def _first_hit(rule: _CompiledRule, agent: list[tuple[int, str]]) -> RuleHit | None:
    for index in rule.window.pick(len(agent)):
        seq, utterance_key = agent[index]
        best = max(
            phrase_similarity(key, utterance_key, cutoff=rule.min_similarity)
            for key in rule.phrase_keys
        )
        if best:
            return RuleHit(rule.code, seq, round(best, 3))
    return None


@lru_cache(maxsize=64)
def _compile(
    rules: tuple[ComplianceRuleSpec, ...], category: CallCategory
) -> tuple[_CompiledRule, ...]:
    """The rules that apply to ``category``, phrases normalised once per rule set."""
    own_codes = {rule.code for rule in rules if rule.category == category}
    return tuple(
        _CompiledRule(
            code=rule.code,
            window=STAGE_WINDOWS[rule.stage],
            phrase_keys=tuple(key for phrase in rule.phrases if (key := matching_key(phrase))),
            min_similarity=rule.min_similarity,
        )
        for rule in rules
        if rule.category == category or (rule.category is None and rule.code not in own_codes)
    )


def _fitting_distance(phrase: str, text: str) -> int:
    """The fewest edits that turn ``phrase`` into some substring of ``text`` (Sellers'
    semi-global edit distance: skipping text before and after the match is free)."""
    previous = [0] * (len(text) + 1)
    for i, char in enumerate(phrase, 1):
        current = [i]
        for j, other in enumerate(text, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        previous = current
    return min(previous)
