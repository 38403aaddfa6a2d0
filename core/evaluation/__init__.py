"""A call's evaluation scorecard: by an LLM when one is configured, otherwise by the rules.

``evaluate_call`` never raises for a failed LLM: the failure is the result (status failed,
with the reason), so the rest of the call's analysis still completes and is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.domain import EvaluationSource, EvaluationStatus
from core.evaluation.llm import EvaluationFailed, LlmEvaluator, LlmSettings
from core.evaluation.rules import EvaluationInputs, PolitenessMark, RuleCheck, evaluate_by_rules
from core.scorecard import Scorecard, ScorecardItemSpec, total_score

__all__ = [
    "EvaluationFailed",
    "EvaluationInputs",
    "EvaluationResult",
    "LlmEvaluator",
    "LlmSettings",
    "PolitenessMark",
    "RuleCheck",
    "evaluate_by_rules",
    "evaluate_call",
]


@dataclass(frozen=True, slots=True)
class EvaluationResult:
    """What goes into an ``evaluations`` row and its items."""

    source: EvaluationSource
    model: str  # the LLM's model name; "" for the rules
    status: EvaluationStatus
    scorecard: Scorecard | None  # None when failed
    total_score: float | None  # 0-100; None when failed
    error_text: str | None  # why it failed, attempt by attempt


def evaluate_call(
    inputs: EvaluationInputs,
    specs: Sequence[ScorecardItemSpec],
    *,
    llm: LlmEvaluator | None = None,
) -> EvaluationResult:
    """Score one call: with ``llm`` if given (its specs must be ``specs``), else by rules."""
    if llm is None:
        scorecard = evaluate_by_rules(inputs, specs)
        return EvaluationResult(
            source=EvaluationSource.RULES,
            model="",
            status=EvaluationStatus.OK,
            scorecard=scorecard,
            total_score=total_score(scorecard.items, specs),
            error_text=None,
        )
    if tuple(llm.specs) != tuple(specs):
        raise ValueError("the LLM evaluator was built for other scorecard items")
    model = llm.settings.model
    try:
        scorecard = llm.evaluate(inputs.turns, category=inputs.category)
    except EvaluationFailed as failure:
        return EvaluationResult(
            source=EvaluationSource.LLM,
            model=model,
            status=EvaluationStatus.FAILED,
            scorecard=None,
            total_score=None,
            error_text=failure.reason,
        )
    return EvaluationResult(
        source=EvaluationSource.LLM,
        model=model,
        status=EvaluationStatus.OK,
        scorecard=scorecard,
        total_score=total_score(scorecard.items, specs),
        error_text=None,
    )
