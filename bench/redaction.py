"""Redaction speed on demo calls with their personal data said back in, on one core.

    PYTHONPATH=. python bench/redaction.py [--calls 300] [--repeats 5]

Builds calls of 100 utterances from the demo conversations and puts a raw value (digits,
spoken digits, mixed, e-mail) where each demo line holds a marker, so the input is what
speech-to-text hands the pipeline. Checks that redaction gives back the demo transcript,
then times ``redact`` per utterance and ``redact_many`` per call (best of ``--repeats``),
overall and on the utterances that carry personal data. The pipeline's budget is about
2,000 utterances/s for all stages after speech-to-text together.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable

from core.domain import CallCategory
from core.pii import PiiKind
from core.redaction import redact, redact_many
from db.demo.conversations import AgentStyle, fill_names, name_forms, render_conversation

SAID_ALOUD: dict[PiiKind, tuple[str, ...]] = {
    PiiKind.RRN: ("900101-1234567", "850315 2345678", "구공공일일이 다시 일이삼사오육칠"),
    PiiKind.PHONE: (
        "010-1234-5678",
        "010 9876 5432",
        "공일공 일이삼사 오륙칠팔",
        "010에 1234에 5678",
        "010 일이삼사 5678",
    ),
    PiiKind.CARD: (
        "4111 1111 1111 1111",
        "5500-0000-0000-0004",
        "사일일일 일일일일 일일일일 일일일일",
    ),
    PiiKind.ACCOUNT: (
        "110-123-456789",
        "1002-123-456789",
        "123456-78-901234",
        "일일공 일이삼 사오육칠팔구",
    ),
    PiiKind.EMAIL: (
        "hong@naver.com",
        "hong 골뱅이 naver 닷컴",
        "에이치 오 엔 지 골뱅이 네이버 닷컴",
    ),
}
"""How customers say each kind of personal data, one of which replaces each marker."""

UTTERANCES_PER_CALL = 100


def build_calls(count: int, seed: int) -> list[list[tuple[str, str]]]:
    """Calls as lists of (what was said, the demo transcript line it should redact to)."""
    rng = random.Random(seed)
    names = name_forms("김민준"), "이서연"
    calls: list[list[tuple[str, str]]] = []
    for _ in range(count):
        lines: list[tuple[str, str]] = []
        while len(lines) < UTTERANCES_PER_CALL:
            conversation = render_conversation(
                style=AgentStyle(),
                category=rng.choice(list(CallCategory)),
                repeat_caller=rng.random() < 0.2,
                rng=rng,
            )
            for line in conversation.lines:
                transcript = fill_names(line.text, *names)
                said, at = [], 0
                for span in line.redaction_spans:
                    said += [transcript[at : span.start], rng.choice(SAID_ALOUD[span.kind])]
                    at = span.end
                said.append(transcript[at:])
                lines.append(("".join(said), transcript))
        calls.append(lines[:UTTERANCES_PER_CALL])
    return calls


def best_rate(work: Callable[[], None], items: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return items / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261122)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    calls = build_calls(args.calls, args.seed)
    utterances = [said for call in calls for said, _ in call]
    with_pii = [said for call in calls for said, transcript in call if said != transcript]
    wrong = sum(redact(said).text != transcript for call in calls for said, transcript in call)
    if wrong:
        raise SystemExit(f"{wrong} utterances did not redact to the demo transcript")
    texts_per_call = [[said for said, _ in call] for call in calls]

    def each_utterance() -> None:
        for said in utterances:
            redact(said)

    def pii_utterances() -> None:
        for said in with_pii:
            redact(said)

    def each_call() -> None:
        for call in texts_per_call:
            redact_many(call)

    mean_chars = sum(map(len, utterances)) / len(utterances)
    print(f"{len(calls)} calls, {len(utterances):,} utterances (mean {mean_chars:.1f} chars),")
    print(f"{len(with_pii):,} of them with personal data; all redact to the demo transcript")
    overall = best_rate(each_utterance, len(utterances), args.repeats)
    pii = best_rate(pii_utterances, len(with_pii), args.repeats)
    per_call = best_rate(each_call, len(calls), args.repeats)
    print(f"redact, all utterances:          {overall:>10,.0f} utterances/s")
    print(f"redact, personal data only:      {pii:>10,.0f} utterances/s")
    print(f"redact_many, calls of {UTTERANCES_PER_CALL}:       {per_call:>10,.0f} calls/s")


if __name__ == "__main__":
    main()
