"""Politeness + compliance speed over demo calls stitched to ~100 utterances each, on one core.

    PYTHONPATH=. python bench/politeness.py [--calls 200] [--batch 20]

Pins the process to one CPU, so Kiwi's worker threads share it as they would in a worker
process on a busy machine. Compares the ways of feeding Kiwi: one utterance at a time on a
single-thread Kiwi (the default), the same Kiwi with one call per ``analyze``, and one
``tokenize(list)`` batch of ``--batch`` calls on a two-thread Kiwi. The pipeline's budget
is 20 calls/s on one core for everything after speech-to-text.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable

from kiwipiepy import Kiwi

from core.compliance import ComplianceRuleSpec, check_compliance
from core.domain import CallCategory
from core.politeness import PolitenessAnalyzer, PolitenessRule
from core.transcript import Turn
from db.default_rules import COMPLIANCE_RULES, POLITENESS_RULES
from db.demo.conversations import AgentStyle, fill_names, name_forms, render_conversation

STYLES = (AgentStyle(), AgentStyle(rude=True), AgentStyle(skips_greeting=True, skips_closing=True))
POLITENESS = [
    PolitenessRule(kind, e, delta) for kind, delta, exprs in POLITENESS_RULES for e in exprs
]
COMPLIANCE = [
    ComplianceRuleSpec(code, category, stage, tuple(phrases))
    for category, code, _, _, stage, phrases in COMPLIANCE_RULES
]


def long_call(rng: random.Random, utterances: int) -> tuple[list[Turn], CallCategory]:
    """Demo conversations of one category back to back until the call has ``utterances``."""
    category = rng.choice(list(CallCategory))
    names = name_forms("김민준"), "이서연"
    turns: list[Turn] = []
    while len(turns) < utterances:
        conversation = render_conversation(
            style=rng.choice(STYLES), category=category, repeat_caller=rng.random() < 0.2, rng=rng
        )
        for line in conversation.lines[: utterances - len(turns)]:
            turns.append(Turn(len(turns), line.speaker, fill_names(line.text, *names)))
    return turns, category


def best_rate(calls: int, run: Callable[[], object], rounds: int = 3) -> tuple[float, float]:
    """(best, median) calls/s over ``rounds`` runs."""
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return calls / min(times), calls / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--utterances", type=int, default=100)
    parser.add_argument("--batch", type=int, default=20, help="calls per analyze_many")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rng = random.Random(20261122)
    calls = [long_call(rng, args.utterances) for _ in range(args.calls)]
    turns_only = [turns for turns, _ in calls]
    batches = [turns_only[i : i + args.batch] for i in range(0, len(turns_only), args.batch)]
    single = PolitenessAnalyzer(POLITENESS, kiwi=Kiwi(num_workers=1))
    threaded = PolitenessAnalyzer(POLITENESS, kiwi=Kiwi(num_workers=2))
    single.analyze(turns_only[0])  # warm up both
    threaded.analyze(turns_only[0])

    def compliance() -> None:
        for turns, category in calls:
            check_compliance(turns, category=category, rules=COMPLIANCE)

    def together() -> None:
        for batch, first in zip(batches, range(0, len(calls), args.batch), strict=True):
            single.analyze_many(batch)
            for turns, category in calls[first : first + len(batch)]:
                check_compliance(turns, category=category, rules=COMPLIANCE)

    runs: dict[str, Callable[[], object]] = {
        "politeness, 1-thread Kiwi, analyze_many (one by one)": lambda: [
            single.analyze_many(b) for b in batches
        ],
        "politeness, 1-thread Kiwi, analyze per call": lambda: [
            single.analyze(t) for t in turns_only
        ],
        f"politeness, 2-thread Kiwi, analyze_many (batches of {args.batch})": lambda: [
            threaded.analyze_many(b) for b in batches
        ],
        "compliance": compliance,
        "politeness + compliance (default Kiwi)": together,
    }
    agent = sum(t.speaker == "agent" for turns in turns_only for t in turns) / len(calls)
    print(f"{args.calls} calls x {args.utterances} utterances ({agent:.0f} by the agent), 1 CPU")
    for name, run in runs.items():
        best, median = best_rate(args.calls, run)
        print(
            f"  {name}: best {best:,.1f} calls/s ({1e3 / best:.1f} ms/call), median {median:,.1f}"
        )


if __name__ == "__main__":
    main()
