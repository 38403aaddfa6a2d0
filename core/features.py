"""What the outcome model reads about a call: a fixed, ordered set of named numbers.

``CallFeatures`` is decoupled from the analysis stages on purpose: the model artifact names
its features, so a model keeps working while the stages' result types change, and the
training job can rebuild a call's features from stored rows as well as from fresh results.
Every feature may be None (not measured, e.g. a transcript without timings or a failed
evaluation); the model reads None as NaN, a missing value, and LightGBM learns which side of
each split missing values go to, but only for features that were missing in some training
calls: a feature never missing in training reads a missing value as 0 at prediction (so an
unknown politeness score would look like a very rude call). Train on calls as they come,
gaps included.

The features, in ``FEATURE_NAMES`` order:

- call metrics (``core.metrics.CallMetricsResult``): ``duration_s`` (the recording),
  ``agent_talk_ratio``, ``silence_ratio``, ``longest_silence_s``, ``hold_count``, ``hold_s``,
  ``overtalk_count``, ``agent_interruptions``, ``agent_speech_rate`` (syllables/s),
  ``agent_response_latency_s``;
- politeness (``core.politeness.PolitenessResult``): ``politeness_score`` (0-100),
  ``banmal_share`` (agent utterances in 반말 / all agent utterances; equally, the number of
  ``banmal`` findings over the agent's utterance count, as the tables store it),
  ``no_honorific_count``, ``rude_count``, ``forbidden_count`` (findings of those codes), and
  ``polite_expression_count`` (findings that raised the score: cushion, apology, empathy...);
- compliance (``core.compliance.ComplianceResult``): ``compliance_pct`` (0-100) and
  ``missed_rule_count`` (both None where no rule applies to the call's category);
- evaluation (``core.evaluation.EvaluationResult``): ``evaluation_total_score`` (0-100), one
  ``item_<code>`` score (1-5) per item of ``SCORECARD_ITEM_CODES``, and ``resolution``,
  ``sentiment_start``, ``sentiment_end`` as ordinal codes (``RESOLUTION_CODES``,
  ``SENTIMENT_CODES``: worse is lower);
- the call: ``repeat_caller`` and ``transferred`` (1/0), and ``category``, a categorical
  feature coded by ``CATEGORY_CODES``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.domain import CallCategory, Resolution, Sentiment
from core.politeness import NO_HONORIFIC, PolitenessResult, SpeechLevel

if TYPE_CHECKING:  # only read, never built here: no need to import the stages' libraries
    from core.compliance import ComplianceResult
    from core.evaluation import EvaluationResult
    from core.metrics import CallMetricsResult

SCORECARD_ITEM_CODES: tuple[str, ...] = (
    "greeting",
    "identity_check",
    "needs_discovery",
    "accuracy",
    "empathy",
    "politeness",
    "hold_etiquette",
    "closing",
)
"""The scorecard items that are features (the seeded items, db/demo/reference.py). The
feature set must stay fixed for a trained model, so an item an admin adds later is not one
until the features are extended and a model is retrained."""

RESOLUTION_CODES: Mapping[Resolution, int] = {
    Resolution.UNRESOLVED: 0,
    Resolution.NEEDS_FOLLOW_UP: 1,
    Resolution.RESOLVED: 2,
}
SENTIMENT_CODES: Mapping[Sentiment, int] = {
    Sentiment.NEGATIVE: 0,
    Sentiment.NEUTRAL: 1,
    Sentiment.POSITIVE: 2,
}

CATEGORY_CODES: Mapping[CallCategory, int] = {
    CallCategory.ACCIDENT: 0,
    CallCategory.CLAIM: 1,
    CallCategory.CONTRACT_CHANGE: 2,
    CallCategory.CANCELLATION: 3,
    CallCategory.GENERAL: 4,
    CallCategory.PAYMENT: 5,
}
"""Codes of the categorical ``category`` feature. Written out, not taken from the enum's
order, because trained models hold these numbers: never renumber, only add."""

RUDE, FORBIDDEN = "rude", "forbidden"
"""Politeness finding codes counted as features (kinds of db/demo/reference.py's rules)."""


@dataclass(frozen=True, slots=True)
class CallFeatures:
    """One call as the outcome model sees it (see the module docstring); None: unknown."""

    duration_s: float | None = None
    agent_talk_ratio: float | None = None
    silence_ratio: float | None = None
    longest_silence_s: float | None = None
    hold_count: float | None = None
    hold_s: float | None = None
    overtalk_count: float | None = None
    agent_interruptions: float | None = None
    agent_speech_rate: float | None = None
    agent_response_latency_s: float | None = None
    politeness_score: float | None = None
    banmal_share: float | None = None
    no_honorific_count: float | None = None
    rude_count: float | None = None
    forbidden_count: float | None = None
    polite_expression_count: float | None = None
    compliance_pct: float | None = None
    missed_rule_count: float | None = None
    evaluation_total_score: float | None = None
    item_greeting: float | None = None
    item_identity_check: float | None = None
    item_needs_discovery: float | None = None
    item_accuracy: float | None = None
    item_empathy: float | None = None
    item_politeness: float | None = None
    item_hold_etiquette: float | None = None
    item_closing: float | None = None
    resolution: float | None = None
    sentiment_start: float | None = None
    sentiment_end: float | None = None
    repeat_caller: float | None = None
    transferred: float | None = None
    category: CallCategory | None = None

    def value(self, name: str) -> float:
        """The feature as the model reads it: a float, NaN when unknown."""
        raw = getattr(self, name)
        if name == "category":
            return float(CATEGORY_CODES[raw]) if raw is not None else math.nan
        return math.nan if raw is None else float(raw)

    def as_dict(self) -> dict[str, float | str | None]:
        """JSON-ready: numbers, the category's value, None where unknown."""
        return {name: getattr(self, name) for name in FEATURE_NAMES}

    @classmethod
    def from_dict(cls, values: Mapping[str, float | str | None]) -> CallFeatures:
        """The inverse of ``as_dict``; unknown names are an error, absent ones None."""
        unknown = set(values) - set(FEATURE_NAMES)
        if unknown:
            raise ValueError(f"not call features: {sorted(unknown)}")
        fields = dict(values)
        if fields.get("category") is not None:
            fields["category"] = CallCategory(fields["category"])
        return cls(**fields)  # type: ignore[arg-type]


FEATURE_NAMES: tuple[str, ...] = tuple(field.name for field in dataclasses.fields(CallFeatures))
"""The features in the order the model's columns have them."""

CATEGORICAL_FEATURES: tuple[str, ...] = ("category",)
"""Features whose numbers are codes, not quantities (LightGBM splits them by sets)."""


def features_from(
    *,
    duration_s: float | None = None,
    metrics: CallMetricsResult | None = None,
    politeness: PolitenessResult | None = None,
    compliance: ComplianceResult | None = None,
    evaluation: EvaluationResult | None = None,
    category: CallCategory | None = None,
    repeat_caller: bool | None = None,
    transferred: bool | None = None,
) -> CallFeatures:
    """A call's features from the results of its analysis stages; a stage left out (or one
    that could not measure) leaves its features None."""
    return CallFeatures(
        duration_s=duration_s,
        category=category,
        repeat_caller=None if repeat_caller is None else float(repeat_caller),
        transferred=None if transferred is None else float(transferred),
        **_metrics_features(metrics),
        **_politeness_features(politeness),
        **_compliance_features(compliance),
        **_evaluation_features(evaluation),
    )


_METRICS = (
    "agent_talk_ratio", "silence_ratio", "longest_silence_s", "hold_count", "hold_s",
    "overtalk_count", "agent_interruptions", "agent_speech_rate", "agent_response_latency_s",
)  # fmt: skip
_POLITENESS = (
    "politeness_score", "banmal_share", "no_honorific_count", "rude_count", "forbidden_count",
    "polite_expression_count",
)  # fmt: skip
_COMPLIANCE = ("compliance_pct", "missed_rule_count")
_EVALUATION = (
    "evaluation_total_score",
    *(f"item_{code}" for code in SCORECARD_ITEM_CODES),
    "resolution",
    "sentiment_start",
    "sentiment_end",
)


def _metrics_features(metrics: CallMetricsResult | None) -> dict[str, float | None]:
    return {name: None if metrics is None else getattr(metrics, name) for name in _METRICS}


def _politeness_features(politeness: PolitenessResult | None) -> dict[str, float | None]:
    if politeness is None:
        return dict.fromkeys(_POLITENESS)
    codes = [finding.code for finding in politeness.findings]
    agent_utterances = len(politeness.utterances)
    banmal = politeness.level_counts.get(SpeechLevel.BANMAL, 0)
    return {
        "politeness_score": politeness.score,
        "banmal_share": banmal / agent_utterances if agent_utterances else None,
        "no_honorific_count": codes.count(NO_HONORIFIC),
        "rude_count": codes.count(RUDE),
        "forbidden_count": codes.count(FORBIDDEN),
        "polite_expression_count": sum(f.score_delta > 0 for f in politeness.findings),
    }


def _compliance_features(compliance: ComplianceResult | None) -> dict[str, float | None]:
    if compliance is None or compliance.pct is None:  # pct None: no rule for the category
        return dict.fromkeys(_COMPLIANCE)
    return {"compliance_pct": compliance.pct, "missed_rule_count": len(compliance.missed)}


def _evaluation_features(evaluation: EvaluationResult | None) -> dict[str, float | None]:
    if evaluation is None or evaluation.scorecard is None:  # None: the evaluation failed
        return dict.fromkeys(_EVALUATION)
    scorecard = evaluation.scorecard
    scores = {item.code: item.score for item in scorecard.items}
    return {
        "evaluation_total_score": evaluation.total_score,
        **{f"item_{code}": scores.get(code) for code in SCORECARD_ITEM_CODES},
        "resolution": RESOLUTION_CODES[scorecard.resolution],
        "sentiment_start": SENTIMENT_CODES[scorecard.sentiment_start],
        "sentiment_end": SENTIMENT_CODES[scorecard.sentiment_end],
    }
