"""Call metrics speed: compute_metrics over demo calls stitched to ~100 utterances each.

    PYTHONPATH=. python bench/metrics.py [--calls 2000]

The pipeline's budget is 20 calls/s on one core for everything after speech-to-text; this
stage should take a small part of it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from core.domain import CallCategory
from core.metrics import MetricThresholds, compute_metrics
from core.transcript import Turn
from db.demo.conversations import AgentStyle, render_conversation

STYLES = (AgentStyle(), AgentStyle(rude=True, talks_over=True), AgentStyle(long_silences=True))


def long_call(rng: random.Random, utterances: int) -> tuple[list[Turn], float]:
    """Demo conversations back to back until the call has ``utterances`` turns."""
    turns: list[Turn] = []
    offset = 0.0
    while len(turns) < utterances:
        conversation = render_conversation(
            style=rng.choice(STYLES),
            category=rng.choice(list(CallCategory)),
            repeat_caller=rng.random() < 0.2,
            rng=rng,
        )
        for line in conversation.lines[: utterances - len(turns)]:
            start, end = offset + line.start_s, offset + line.end_s
            turns.append(Turn(len(turns), line.speaker, line.text, start, end))
        offset += conversation.duration_s
    return turns, offset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--utterances", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(20261122)
    calls = [long_call(rng, args.utterances) for _ in range(args.calls)]
    thresholds = MetricThresholds()
    rounds = []
    for _ in range(5):
        began = time.perf_counter()
        for turns, duration_s in calls:
            compute_metrics(turns, duration_s=duration_s, thresholds=thresholds)
        rounds.append(time.perf_counter() - began)
    best, median = min(rounds), statistics.median(rounds)
    print(
        f"{args.calls} calls x {args.utterances} utterances, one core: "
        f"best {args.calls / best:,.0f} calls/s ({best / args.calls * 1e6:,.0f} us/call), "
        f"median {args.calls / median:,.0f} calls/s"
    )


if __name__ == "__main__":
    main()
