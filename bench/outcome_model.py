"""Outcome model speed: training, and predict + contributions per call, on one core.

    PYTHONPATH=. python bench/outcome_model.py [--calls 2000] [--batch 100]

Also answers whether one ``pred_contrib`` call for a batch is cheaper per call than one per
call. The pipeline's budget is 20 calls/s on one core for everything after speech-to-text.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import numpy as np

from core.domain import CallCategory, Outcome
from core.features import FEATURE_NAMES, CallFeatures
from core.outcome_model import OutcomeModel, train_outcome_model


def random_call(rng: np.random.Generator) -> CallFeatures:
    """Every numeric feature filled (a tenth unknown), the category random."""
    values = {
        name: None if rng.random() < 0.1 else float(rng.uniform(0, 100))
        for name in FEATURE_NAMES
        if name != "category"
    }
    return CallFeatures(**values, category=rng.choice(list(CallCategory)))


def label_of(call: CallFeatures, rng: np.random.Generator) -> Outcome:
    """A rule of a few features plus 15% noise, so the model grows realistic trees."""
    if rng.random() < 0.15:
        return rng.choice(list(Outcome))
    if (call.politeness_score or 50) < 35:
        return Outcome.POOR
    if (call.compliance_pct or 50) < 30:
        return Outcome.NEEDS_FOLLOW_UP
    if (call.evaluation_total_score or 50) < 25:
        return Outcome.UNRESOLVABLE
    return Outcome.SATISFIED


def per_call_ms(run: Callable[[], object], calls: int, rounds: int = 5) -> float:
    """The median over ``rounds`` of ``run``'s time, per call, in milliseconds."""
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times) / calls * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    rng = np.random.default_rng(20261122)
    calls = [random_call(rng) for _ in range(args.calls)]
    labels = [label_of(call, rng) for call in calls]

    began = time.perf_counter()
    trained = train_outcome_model(calls, labels, seed=1)
    train_s = time.perf_counter() - began
    model = OutcomeModel(trained)
    trees = trained.metrics["best_iteration"] * len(trained.labels)
    print(
        f"train {args.calls} calls x {len(FEATURE_NAMES)} features: {train_s:.2f} s, "
        f"{trees} trees; validation accuracy {trained.metrics['accuracy']:.2f} "
        f"(majority {trained.metrics['baseline_accuracy']:.2f})"
    )

    batch = calls[: args.batch]
    x = np.array([[call.value(name) for name in FEATURE_NAMES] for call in batch])
    booster = model._booster  # the raw booster calls, to split the cost
    one = per_call_ms(lambda: [model.predict(call) for call in batch], len(batch))
    many = per_call_ms(lambda: model.predict_many(batch), len(batch))
    raw_predict = per_call_ms(
        lambda: [booster.predict(x[i : i + 1], num_threads=1) for i in range(len(x))], len(x)
    )
    raw_contrib = per_call_ms(
        lambda: [
            booster.predict(x[i : i + 1], pred_contrib=True, num_threads=1) for i in range(len(x))
        ],
        len(x),
    )
    batched_contrib = per_call_ms(
        lambda: booster.predict(x, pred_contrib=True, num_threads=1), len(x)
    )
    print(f"predict + contributions, one call at a time: {one:.3f} ms/call")
    print(f"predict_many, batches of {len(batch)}:        {many:.3f} ms/call")
    print(f"  booster.predict, one row:          {raw_predict:.3f} ms/row")
    print(f"  pred_contrib, one row per call:    {raw_contrib:.3f} ms/row")
    print(f"  pred_contrib, {len(x)} rows in one call: {batched_contrib:.3f} ms/row")


if __name__ == "__main__":
    main()
