"""Everything after speech-to-text, for a batch of calls: metrics, politeness, compliance,
the scorecard and the predicted outcome, combined into the records that get stored.

The stages are pure; the only I/O is the optional LLM. Politeness is computed for the whole
batch in one Kiwi pass, which is where batching pays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.call_analysis import (
    CallAnalysis,
    EvaluationItemRecord,
    EvaluationRecord,
    FindingRecord,
    PredictionRecord,
)
from core.compliance import ComplianceResult, ComplianceRuleSpec, check_compliance
from core.domain import CallCategory, FindingKind, Speaker, SpeakerMethod
from core.evaluation import (
    EvaluationInputs,
    EvaluationResult,
    LlmEvaluator,
    PolitenessMark,
    RuleCheck,
    evaluate_call,
)
from core.features import CallFeatures, features_from
from core.metrics import CallMetricsResult, MetricThresholds, compute_metrics
from core.politeness import PolitenessAnalyzer, PolitenessResult
from core.scorecard import ScorecardItemSpec
from core.transcript import Turn


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What the pipeline needs to know about a call besides what was said."""

    call_id: int
    category: CallCategory
    duration_s: float | None
    transferred: bool = False
    repeat_caller: bool = False
    dropped_segments: int = 0
    dropped_reasons: dict[str, int] = field(default_factory=dict)
    speaker_method: SpeakerMethod | None = None


@dataclass(frozen=True, slots=True)
class StageResults:
    """One call's stage outputs, before they become records (features are built from these)."""

    facts: CallFacts
    turns: tuple[Turn, ...]
    metrics: CallMetricsResult
    politeness: PolitenessResult
    compliance: ComplianceResult
    evaluation: EvaluationResult
    features: CallFeatures


Predictor = Callable[[Sequence[StageResults]], Sequence[PredictionRecord | None]]
"""Predicts the outcome of each call of a batch (None where it cannot)."""


@dataclass(frozen=True, slots=True)
class Rules:
    """The admin-editable rules, loaded once per batch (or per process)."""

    compliance: tuple[ComplianceRuleSpec, ...]
    scorecard: tuple[ScorecardItemSpec, ...]
    compliance_names: dict[str, str]  # code -> Korean name, for the rule evaluator's reasons
    thresholds: MetricThresholds


class CallPipeline:
    def __init__(
        self,
        *,
        rules: Rules,
        politeness: PolitenessAnalyzer,
        llm: LlmEvaluator | None = None,
        predictor: Predictor | None = None,
    ) -> None:
        self.rules = rules
        self.politeness = politeness
        self.llm = llm
        self.predictor = predictor

    def stages(self, calls: Sequence[tuple[CallFacts, Sequence[Turn]]]) -> list[StageResults]:
        politeness = self.politeness.analyze_many([turns for _, turns in calls])
        results = []
        for (facts, turns), polite in zip(calls, politeness, strict=True):
            turns = tuple(turns)
            metrics = compute_metrics(
                turns, duration_s=facts.duration_s, thresholds=self.rules.thresholds
            )
            compliance = check_compliance(
                turns, category=facts.category, rules=self._rules_for(facts)
            )
            inputs = self._evaluation_inputs(facts, turns, metrics, polite, compliance)
            evaluation = evaluate_call(inputs, self.rules.scorecard, llm=self.llm)
            features = features_from(
                duration_s=facts.duration_s,
                metrics=metrics,
                politeness=polite,
                compliance=compliance,
                evaluation=evaluation,
                category=facts.category,
                repeat_caller=facts.repeat_caller,
                transferred=facts.transferred,
            )
            results.append(
                StageResults(facts, turns, metrics, polite, compliance, evaluation, features)
            )
        return results

    def analyze(self, calls: Sequence[tuple[CallFacts, Sequence[Turn]]]) -> list[CallAnalysis]:
        staged = self.stages(calls)
        predictions: Sequence[PredictionRecord | None] = (
            self.predictor(staged) if self.predictor else [None] * len(staged)
        )
        return [_records(s, p) for s, p in zip(staged, predictions, strict=True)]

    def _rules_for(self, facts: CallFacts) -> tuple[ComplianceRuleSpec, ...]:
        """A transferred call ends with the transfer, not with this agent's closing."""
        if not facts.transferred:
            return self.rules.compliance
        return tuple(rule for rule in self.rules.compliance if rule.stage != "closing")

    def _evaluation_inputs(
        self,
        facts: CallFacts,
        turns: tuple[Turn, ...],
        metrics: CallMetricsResult,
        politeness: PolitenessResult,
        compliance: ComplianceResult,
    ) -> EvaluationInputs:
        hit_seq = {hit.code: hit.seq for hit in compliance.passed}
        speaker_of = {turn.seq: turn.speaker for turn in turns}
        applicable = [
            rule
            for rule in self._rules_for(facts)
            if rule.category is None or rule.category is facts.category
        ]
        return EvaluationInputs(
            category=facts.category,
            turns=turns,
            silence_ratio=metrics.silence_ratio,
            longest_silence_s=metrics.longest_silence_s,
            holds=None
            if metrics.hold_count is None
            else tuple((h.start_s, h.end_s) for h in metrics.holds),
            overtalk_count=metrics.overtalk_count,
            agent_interruptions=metrics.agent_interruptions,
            interrupting_seqs=tuple(
                seq
                for overtalk in metrics.overtalks
                if overtalk.interrupter is Speaker.AGENT
                for seq in overtalk.seqs
                if speaker_of.get(seq) is Speaker.AGENT
            ),
            agent_response_latency_s=metrics.agent_response_latency_s,
            politeness_score=politeness.score,
            speech_level=politeness.speech_level.value if politeness.speech_level else None,
            politeness_marks=tuple(
                PolitenessMark(f.seq, f.code, f.expression, f.score_delta)
                for f in politeness.findings
            ),
            compliance_pct=compliance.pct,
            rule_checks=tuple(
                RuleCheck(
                    code=rule.code,
                    name_ko=self.rules.compliance_names.get(rule.code, rule.code),
                    stage=rule.stage,
                    passed=rule.code in hit_seq,
                    seq=hit_seq.get(rule.code),
                )
                for rule in applicable
            ),
            transferred=facts.transferred,
        )


def _records(staged: StageResults, prediction: PredictionRecord | None) -> CallAnalysis:
    metrics_row = staged.metrics.as_row() | {
        "dropped_segments": staged.facts.dropped_segments,
        "dropped_reasons": staged.facts.dropped_reasons,
        "features": staged.features.as_dict(),
        "politeness_score": staged.politeness.score,
        "speech_level": (
            staged.politeness.speech_level.value if staged.politeness.speech_level else None
        ),
        "compliance_pct": staged.compliance.pct,
    }
    findings = [
        FindingRecord(FindingKind.POLITENESS, f.code, f.seq, f.expression, f.score_delta)
        for f in staged.politeness.findings
    ]
    findings += [
        FindingRecord(FindingKind.COMPLIANCE, hit.code, hit.seq, passed=True)
        for hit in staged.compliance.passed
    ]
    findings += [
        FindingRecord(FindingKind.COMPLIANCE, code, None, passed=False)
        for code in staged.compliance.missed
    ]
    return CallAnalysis(
        call_id=staged.facts.call_id,
        turns=staged.turns,
        metrics=metrics_row,
        findings=tuple(findings),
        evaluations=(_evaluation_record(staged.evaluation),),
        prediction=prediction,
        speaker_method=staged.facts.speaker_method,
    )


def _evaluation_record(result: EvaluationResult) -> EvaluationRecord:
    card = result.scorecard
    if card is None:
        return EvaluationRecord(source=result.source, status=result.status, model=result.model,
                                error_text=result.error_text)  # fmt: skip
    return EvaluationRecord(
        source=result.source,
        status=result.status,
        model=result.model,
        total_score=result.total_score,
        items=tuple(
            EvaluationItemRecord(item.code, item.score, tuple(item.evidence), item.reason)
            for item in card.items
        ),
        summary=card.summary,
        intent=card.intent,
        resolution=card.resolution,
        sentiment_start=card.sentiment_start,
        sentiment_end=card.sentiment_end,
        coaching=card.coaching,
    )
