"""Rule-based scorecard speed: evaluate_by_rules over demo calls of ~100 utterances each.

    PYTHONPATH=. python bench/evaluation.py [--calls 2000]

The pipeline's budget is 20 calls/s on one core for everything after speech-to-text (the LLM
excluded); the rules are the evaluator whenever no LLM is configured. The inputs the other
stages would compute (holds, politeness findings, rule checks) are stood in for here by
simple stand-ins of the same size, so only this stage is timed.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import time

from core.domain import CallCategory, Speaker
from core.evaluation import EvaluationInputs, PolitenessMark, RuleCheck, evaluate_by_rules
from core.scorecard import total_score
from core.transcript import Turn
from db.default_rules import COMPLIANCE_RULES, DEFAULT_SCORECARD
from db.demo.conversations import AgentStyle, render_conversation

SPECS = DEFAULT_SCORECARD
STYLES = (AgentStyle(), AgentStyle(rude=True, talks_over=True), AgentStyle(long_silences=True))
HOLD_GAP_S = 15.0


def call_inputs(rng: random.Random, utterances: int) -> EvaluationInputs:
    """Demo conversations back to back until the call has ``utterances`` turns."""
    category = rng.choice(list(CallCategory))
    turns: list[Turn] = []
    offset = 0.0
    while len(turns) < utterances:
        conversation = render_conversation(
            style=rng.choice(STYLES), category=category, repeat_caller=rng.random() < 0.2, rng=rng
        )
        for line in conversation.lines[: utterances - len(turns)]:
            turns.append(
                Turn(
                    len(turns), line.speaker, line.text, offset + line.start_s, offset + line.end_s
                )
            )
        offset += conversation.duration_s
    holds = tuple(
        (before.end_s, after.start_s)
        for before, after in itertools.pairwise(turns)
        if after.start_s - before.end_s >= HOLD_GAP_S  # type: ignore[operator]
    )
    agent = [t.seq for t in turns if t.speaker is Speaker.AGENT]
    kinds = (("apology", 2.0), ("empathy", 3.0), ("rude", -5.0), ("cushion", 2.0))
    marks = tuple(
        PolitenessMark(seq, kind, "표현", delta)
        for seq, (kind, delta) in zip(rng.sample(agent, len(kinds)), kinds, strict=True)
    )
    checks = []
    for category_of_rule, code, name_ko, _en, stage, _phrases in COMPLIANCE_RULES:
        if category_of_rule in (None, category):
            passed = rng.random() < 0.8
            checks.append(
                RuleCheck(code, name_ko, stage, passed, rng.choice(agent) if passed else None)
            )
    return EvaluationInputs(
        category=category,
        turns=tuple(turns),
        holds=holds,
        agent_interruptions=2,
        interrupting_seqs=tuple(agent[:2]),
        agent_response_latency_s=1.2,
        politeness_score=92.0,
        politeness_marks=marks,
        compliance_pct=80.0,
        rule_checks=tuple(checks),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--utterances", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(20261122)
    calls = [call_inputs(rng, args.utterances) for _ in range(args.calls)]
    rounds = []
    for _ in range(5):
        began = time.perf_counter()
        for inputs in calls:
            total_score(evaluate_by_rules(inputs, SPECS).items, SPECS)
        rounds.append(time.perf_counter() - began)
    best, median = min(rounds), statistics.median(rounds)
    print(
        f"{args.calls} calls x {args.utterances} utterances, one core: "
        f"best {args.calls / best:,.0f} calls/s ({best / args.calls * 1e6:,.0f} us/call), "
        f"median {args.calls / median:,.0f} calls/s"
    )


if __name__ == "__main__":
    main()
