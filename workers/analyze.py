"""Job (queue ``cpu``): analyse calls whose transcript is stored, and store the results."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, case, func, select

from core.call_analysis import PredictionRecord
from core.domain import CallStatus
from core.evaluation import LlmEvaluator, LlmSettings
from core.pipeline import CallPipeline, Predictor, StageResults
from core.politeness import PolitenessAnalyzer
from core.settings import Settings
from db import calls as call_queries
from db import rules as rule_queries
from db.analysis import save_analysis
from db.models import ComplianceRule, PolitenessRule, ScorecardItem
from db.rollups import refresh_agent_days
from db.session import transaction
from db.transcripts import calls_to_analyze
from workers import context
from workers.outcomes import active_model, predictions_for
from workers.queue import report_progress

log = logging.getLogger(__name__)

BATCH_SIZE = 50
"""Calls analysed together: Kiwi and the database round trips are shared within a batch."""


@dataclass
class _Cached:
    fingerprint: tuple
    pipeline: CallPipeline


_cache: dict[str, _Cached] = {}


def _predictor(engine: Engine) -> Predictor:
    """Predicts with whichever model is active when a batch runs (None until one is)."""

    def predict(staged: Sequence[StageResults]) -> list[PredictionRecord | None]:
        active = active_model(engine)
        if active is None:
            return [None] * len(staged)
        return list(predictions_for(*active, [result.features for result in staged]))

    return predict


def _rules_fingerprint(engine: Engine) -> tuple:
    """Changes whenever an admin adds, edits or (de)activates a rule: the pipeline is then
    rebuilt. Cheap: three aggregate queries per batch."""
    with transaction(engine) as session:
        compliance = session.execute(
            select(func.count(ComplianceRule.id), func.max(ComplianceRule.updated_at),
                   func.sum(case((ComplianceRule.active, 1), else_=0)))
        ).one()  # fmt: skip
        politeness = session.execute(
            select(func.count(PolitenessRule.id),
                   func.sum(case((PolitenessRule.active, PolitenessRule.score_delta), else_=0)),
                   func.sum(case((PolitenessRule.active, PolitenessRule.id), else_=0)))
        ).one()  # fmt: skip
        scorecard = session.execute(
            select(func.count(ScorecardItem.id),
                   func.sum(case((ScorecardItem.active, ScorecardItem.weight), else_=0)))
        ).one()  # fmt: skip
    return (*compliance, *politeness, *scorecard)


def pipeline_for(engine: Engine, settings: Settings) -> CallPipeline:
    """One pipeline (and one Kiwi) per process, rebuilt when the rules change."""
    fingerprint = _rules_fingerprint(engine)
    cached = _cache.get(str(engine.url))
    if cached is not None and cached.fingerprint == fingerprint:
        return cached.pipeline
    with transaction(engine) as session:
        rules = rule_queries.load_rules(session=session, thresholds=settings.metric_thresholds())
        politeness_rules = rule_queries.politeness_rules(session=session)
    kiwi = cached.pipeline.politeness.kiwi if cached else None  # Kiwi takes ~2 s to build
    llm = None
    if settings.llm_configured:
        llm = LlmEvaluator(
            LlmSettings(
                base_url=settings.llm_base_url,
                api_key=settings.llm_api_key,
                model=settings.llm_model,
                timeout_s=settings.llm_timeout_s,
                max_attempts=settings.llm_max_attempts,
            ),
            rules.scorecard,
        )
    pipeline = CallPipeline(
        rules=rules,
        politeness=PolitenessAnalyzer(politeness_rules, kiwi=kiwi),
        llm=llm,
        predictor=_predictor(engine),
    )
    _cache[str(engine.url)] = _Cached(fingerprint, pipeline)
    return pipeline


def analyze_calls(call_ids: Sequence[int]) -> int:
    """Job: analyse ``call_ids`` (idempotent: a re-run replaces the results)."""
    return run_analysis(context.engine(), context.settings(), call_ids, progress=report_progress)


def run_analysis(
    engine: Engine,
    settings: Settings,
    call_ids: Sequence[int],
    *,
    bulk: bool = False,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Analyse and store ``call_ids`` batch by batch; returns the calls done. ``bulk``: the
    caller rebuilds the rollups once afterwards instead of per call."""
    pipeline = pipeline_for(engine, settings)
    done = 0
    for start in range(0, len(call_ids), BATCH_SIZE):
        batch = list(call_ids[start : start + BATCH_SIZE])
        with transaction(engine) as session:
            for call_id in batch:
                call_queries.start_attempt(session=session, call_id=call_id,
                                           status=CallStatus.ANALYZING)  # fmt: skip
            loaded = calls_to_analyze(session=session, call_ids=batch)
        try:
            analyses = pipeline.analyze(loaded)
        except Exception as error:
            log.error("analysis of %d call(s) failed: %s", len(batch), type(error).__name__)
            with transaction(engine) as session:
                for call_id in batch:
                    call_queries.fail(session=session, call_id=call_id, error=error)
            raise
        with transaction(engine) as session:
            stored = []
            for analysis in analyses:
                # One savepoint per call: a call that cannot be stored fails alone.
                try:
                    with session.begin_nested():
                        save_analysis(session=session, analysis=analysis, tz=settings.timezone,
                                      keep_transcript=True, refresh_rollups=False)  # fmt: skip
                except Exception as error:
                    log.error("storing call %d failed: %s", analysis.call_id, type(error).__name__)
                    call_queries.fail(session=session, call_id=analysis.call_id, error=error)
                    continue
                stored.append(analysis.call_id)
            if not bulk:
                refresh_agent_days(session=session, call_ids=batch, tz=settings.timezone)
            done += len(stored)
        if progress:
            progress(done / len(call_ids))
    return done


def analyze_call(call_id: int) -> int:
    return analyze_calls([call_id])
