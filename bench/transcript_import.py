"""Reading transcribed calls for import, before analysis: conversations per second.

    PYTHONPATH=. python bench/transcript_import.py [--calls 3000] [--turns 20] [--repeats 3]

Writes ``--calls`` synthetic conversations of ``--turns`` utterances in three formats (one call
per JSON Lines record, one call per CSV row, one utterance per CSV row), with a phone number in
one utterance of ten and an upstream mask (▲▲▲, [이름]) in another, and times
``core.transcript_import.read_transcripts`` over each file (best of ``--repeats``). The naive
way measured beside it only splits the text into speaker lines (no speaker mapping, timings,
masks, redaction or checks): what the reader adds on top of reading the file at all.
The issue's target: at least 1,000 conversations per second before analysis.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import time

from core.transcript_import import ImportedConversation, ImportFormat, read_transcripts

SAID = (
    "네 고객님 안녕하십니까 한빛손해보험 상담사입니다",
    "자동차 사고 접수하려고 전화드렸어요",
    "많이 놀라셨겠습니다 다치신 분은 없으신가요",
    "다행히 다친 사람은 없어요",
    "사고 장소와 시간을 말씀해 주시겠어요",
    "오늘 오전 열 시쯤 강남역 사거리였어요",
    "확인 감사합니다 잠시만 기다려 주십시오",
    "보험금 청구 서류는 앱으로 보내시면 됩니다",
)
WITH_PHONE = "연락처는 010-{a:04d}-{b:04d} 입니다"
WITH_MASK = ("성함이 ▲▲▲ 고객님 맞으시죠", "[이름] 고객님 본인 맞으십니까")


def conversation(rng: random.Random, turns: int) -> list[tuple[str, str, float, float]]:
    lines, at = [], 0.0
    for index in range(turns):
        speaker = "상담사" if index % 2 == 0 else "손님"
        roll = rng.random()
        if roll < 0.1:
            text = WITH_PHONE.format(a=rng.randrange(10_000), b=rng.randrange(10_000))
        elif roll < 0.2:
            text = rng.choice(WITH_MASK)
        else:
            text = rng.choice(SAID)
        length = 1.5 + rng.random() * 3
        lines.append((speaker, text, round(at, 2), round(at + length, 2)))
        at += length + 0.4
    return lines


def files(calls: int, turns: int) -> dict[ImportFormat, bytes]:
    rng = random.Random(7)
    conversations = [conversation(rng, turns) for _ in range(calls)]
    jsonl, records, utterances = io.StringIO(), io.StringIO(), io.StringIO()
    record_writer = csv.writer(records)
    record_writer.writerow(["source_id", "agent", "category", "started_at", "transcript"])
    utterance_writer = csv.writer(utterances)
    utterance_writer.writerow(["call_id", "speaker", "start", "end", "text"])
    for number, lines in enumerate(conversations):
        source_id = f"C-{number:07d}"
        block = "\n".join(f"{speaker}: {text}" for speaker, text, _, _ in lines)
        fields = {"source_id": source_id, "agent": "A1001", "category": "사고접수",
                  "started_at": "2026-11-20 10:30:00", "transcript": block}  # fmt: skip
        jsonl.write(json.dumps(fields, ensure_ascii=False) + "\n")
        record_writer.writerow(fields.values())
        for speaker, text, start, end in lines:
            utterance_writer.writerow([source_id, speaker, start, end, text])
    return {
        ImportFormat.RECORDS_JSONL: jsonl.getvalue().encode(),
        ImportFormat.RECORDS_CSV: records.getvalue().encode(),
        ImportFormat.UTTERANCES_CSV: utterances.getvalue().encode(),
    }


def read_all(data: bytes, import_format: ImportFormat) -> int:
    items = read_transcripts(io.BytesIO(data), format=import_format)
    return sum(isinstance(item, ImportedConversation) for item in items)


def naive(data: bytes, import_format: ImportFormat) -> int:
    """Only what any reader must do: decode, split records, split speaker lines."""
    text = data.decode()
    if import_format is ImportFormat.RECORDS_JSONL:
        calls = [json.loads(line)["transcript"] for line in text.splitlines()]
        return sum(bool([ln.split(":", 1) for ln in block.splitlines()]) for block in calls)
    rows = csv.reader(io.StringIO(text))
    next(rows)
    if import_format is ImportFormat.RECORDS_CSV:
        return sum(bool([ln.split(":", 1) for ln in row[-1].splitlines()]) for row in rows)
    return len({row[0] for row in rows})


def best(run, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{args.calls:,} conversations of {args.turns} utterances, best of {args.repeats}")
    print()
    print("| format | file | reader | conversations/s | naive split | reader / naive |")
    print("|---|---:|---:|---:|---:|---:|")
    for import_format, data in files(args.calls, args.turns).items():
        assert read_all(data, import_format) == args.calls
        seconds = best(lambda: read_all(data, import_format), args.repeats)  # noqa: B023
        plain = best(lambda: naive(data, import_format), args.repeats)  # noqa: B023
        rate = args.calls / seconds
        print(f"| {import_format.value} | {len(data) / 2**20:.1f} MB | {seconds:.2f} s | "
              f"**{rate:,.0f}** | {plain:.3f} s | {seconds / plain:.0f}x |")  # fmt: skip


if __name__ == "__main__":
    main()
