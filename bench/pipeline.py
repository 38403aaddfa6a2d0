"""Everything after speech-to-text, LLM excluded: calls/s on one core and each stage's share.

    PYTHONPATH=. python bench/pipeline.py [--calls 300]

Calls are demo conversations stitched to 100 utterances (a ~5-minute call). The stages are
timed one by one over the same calls, then the whole pipeline end to end; storing the
results (SQLite, one transaction per call) is timed separately.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from kiwipiepy import Kiwi

from bench.metrics import long_call
from core.compliance import check_compliance
from core.domain import CallCategory, CallStatus, Outcome
from core.evaluation import evaluate_call
from core.features import features_from
from core.metrics import compute_metrics
from core.outcome_model import OutcomeModel, train_outcome_model
from core.pipeline import CallFacts, CallPipeline
from core.politeness import PolitenessAnalyzer
from core.redaction import redact_many
from core.settings import Settings
from db import migrate
from db import rules as rule_queries
from db.analysis import save_analysis
from db.default_rules import install_default_rules
from db.session import create_db_engine, transaction
from tests import factories


def setup(workdir: Path):  # type: ignore[no-untyped-def]
    engine = create_db_engine(f"sqlite:///{workdir / 'bench.db'}")
    migrate.upgrade(engine)
    with transaction(engine) as session:
        install_default_rules(session=session, company_name="한빛손해보험")
    with transaction(engine) as session:
        rules = rule_queries.load_rules(
            session=session, thresholds=Settings(_env_file=None).metric_thresholds()
        )
        politeness = PolitenessAnalyzer(rule_queries.politeness_rules(session=session),
                                        kiwi=Kiwi(num_workers=1))  # fmt: skip
    return engine, rules, politeness


def timed(label: str, shares: dict[str, float], run):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = run()
    shares[label] = time.perf_counter() - began
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    os.sched_setaffinity(0, {0})  # one core, as the target says
    rng = random.Random(20261122)
    raw = [long_call(rng, 100) for _ in range(args.calls)]
    calls = [(CallFacts(i, rng.choice(list(CallCategory)), duration), turns)
             for i, (turns, duration) in enumerate(raw, start=1)]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        engine, rules, politeness = setup(Path(tmp))
        politeness.analyze(calls[0][1])  # Kiwi's first call loads its model

        shares: dict[str, float] = {}
        timed(
            "redaction", shares, lambda: [redact_many(t.text for t in turns) for _, turns in calls]
        )
        polite = timed("politeness (Kiwi)", shares,
                       lambda: politeness.analyze_many([turns for _, turns in calls]))  # fmt: skip
        metrics = timed("metrics", shares, lambda: [
            compute_metrics(turns, duration_s=f.duration_s, thresholds=rules.thresholds)
            for f, turns in calls])  # fmt: skip
        compliance = timed("compliance", shares, lambda: [
            check_compliance(turns, category=f.category, rules=rules.compliance)
            for f, turns in calls])  # fmt: skip
        pipeline = CallPipeline(rules=rules, politeness=politeness)
        staged = pipeline.stages(calls[:1])
        inputs = [
            pipeline._evaluation_inputs(f, tuple(t), m, p, c)
            for (f, t), m, p, c in zip(calls, metrics, polite, compliance, strict=True)
        ]
        evaluations = timed(
            "evaluation (rules)",
            shares,
            lambda: [evaluate_call(i, rules.scorecard) for i in inputs],
        )
        features = timed("features", shares, lambda: [
            features_from(duration_s=f.duration_s, metrics=m, politeness=p, compliance=c,
                          evaluation=e, category=f.category)
            for (f, _), m, p, c, e in zip(calls, metrics, polite, compliance, evaluations,
                                          strict=True)])  # fmt: skip
        labels = [Outcome.POOR if p.score < 95 else Outcome.SATISFIED for p in polite]
        model = OutcomeModel(train_outcome_model(features, labels, seed=1))
        timed("prediction + contributions", shares, lambda: model.predict_many(features))
        stage_total = sum(shares.values())

        pipeline = CallPipeline(rules=rules, politeness=politeness,
                                predictor=lambda s: [None] * len(s))  # fmt: skip
        began = time.perf_counter()
        for start in range(0, len(calls), 50):
            batch = calls[start : start + 50]
            [redact_many(t.text for t in turns) for _, turns in batch]
            staged = pipeline.stages(batch)
            model.predict_many([s.features for s in staged])
        end_to_end = time.perf_counter() - began

        analyses = pipeline.analyze(calls[:50])
        with transaction(engine) as session:
            agent = factories.agent(session, factories.team(session))
            ids = [factories.call(session, agent, datetime(2026, 11, 20, tzinfo=UTC),
                                  status=CallStatus.ANALYZING).id for _ in analyses]  # fmt: skip
        began = time.perf_counter()
        for call_id, analysis in zip(ids, analyses, strict=True):
            with transaction(engine) as session:
                save_analysis(session=session, tz="Asia/Seoul",
                              analysis=dataclasses.replace(analysis, call_id=call_id))  # fmt: skip
        store = (time.perf_counter() - began) / len(analyses)

    print(f"{args.calls} calls x 100 utterances, one core")
    for label, seconds in shares.items():
        print(f"  {label:<28} {seconds / args.calls * 1000:7.2f} ms/call  "
              f"{seconds / stage_total:6.1%}")  # fmt: skip
    print(f"  {'stages together':<28} {stage_total / args.calls * 1000:7.2f} ms/call "
          f"-> {args.calls / stage_total:.1f} calls/s")  # fmt: skip
    print(f"  end to end (batches of 50)   {end_to_end / args.calls * 1000:7.2f} ms/call "
          f"-> {args.calls / end_to_end:.1f} calls/s")  # fmt: skip
    print(f"  storing one call (SQLite)    {store * 1000:7.2f} ms/call "
          f"(transcript, metrics, findings, scorecard, rollup day)")  # fmt: skip


if __name__ == "__main__":
    main()
