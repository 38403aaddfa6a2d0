"""Importing transcribed calls, before analysis: conversations per second, read alone and
read and stored (SQLite and PostgreSQL).

    PYTHONPATH=. python bench/transcript_import.py [--calls 3000] [--turns 20] [--repeats 3]
        [--phones 0.1] [--no-store]

Writes ``--calls`` synthetic conversations of ``--turns`` utterances in three formats (one call
per JSON Lines record, one call per CSV row, one utterance per CSV row), with a phone number in
one utterance of ten (``--phones``) and an upstream mask (▲▲▲, [이름]) in another, and times
``core.transcript_import.read_transcripts`` over each file (best of ``--repeats``). The naive
way measured beside it only splits the text into speaker lines (no speaker mapping, timings,
masks, redaction or checks): what the reader adds on top of reading the file at all.
The issue's target: at least 1,000 conversations per second before analysis.

Stored: ``db.transcript_import.run_batch`` on the same files, into a SQLite file and a new
PostgreSQL database (FEPLE_BENCH_PG_URL, dropped at the end): calls, utterances and search
terms, a chunk per transaction. The naive way beside it stores each call in a transaction of
its own through the ORM (add the call, flush, add its utterances, store its terms), as a
straightforward loop over the reader would.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete

from bench.load_demo_pg import fresh_database
from core.access import SYSTEM_ACTOR
from core.domain import CallCategory, CallSource, CallStatus
from core.pii import customer_key_hash
from core.transcript_import import ImportedConversation, ImportFormat, read_transcripts
from core.transcript_import.plan import BatchDefaults, ImportPlan
from db import migrate
from db.models import Agent, Call, Team, Utterance
from db.search_terms import store_terms
from db.session import create_db_engine, transaction
from db.transcript_import import create_batch, run_batch

SECRET = "bench-" + "x" * 40
DEFAULTS = BatchDefaults(agent="A1001", category=CallCategory.ACCIDENT,
                         started_at=datetime(2026, 11, 20, 1, 30, tzinfo=UTC))  # fmt: skip
"""For the utterance rows, which name no agent, category or start."""


def PLAN(import_format: ImportFormat) -> ImportPlan:
    return ImportPlan.build(import_format, defaults=DEFAULTS)


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


def conversation(
    rng: random.Random, turns: int, phones: float
) -> list[tuple[str, str, float, float]]:
    lines, at = [], 0.0
    for index in range(turns):
        speaker = "상담사" if index % 2 == 0 else "손님"
        roll = rng.random()
        if roll < phones:
            text = WITH_PHONE.format(a=rng.randrange(10_000), b=rng.randrange(10_000))
        elif roll < phones + 0.1:
            text = rng.choice(WITH_MASK)
        else:
            text = rng.choice(SAID)
        length = 1.5 + rng.random() * 3
        lines.append((speaker, text, round(at, 2), round(at + length, 2)))
        at += length + 0.4
    return lines


def files(calls: int, turns: int, phones: float = 0.1) -> dict[ImportFormat, bytes]:
    rng = random.Random(7)
    conversations = [conversation(rng, turns, phones) for _ in range(calls)]
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


def best(run, repeats: int, *, before: Callable[[], object] = lambda: None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        before()
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


@contextmanager
def sqlite_database() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{folder}/bench.db")
        migrate.upgrade(engine)
        yield engine
        engine.dispose()


def prepare(engine: Engine) -> None:
    with transaction(engine) as session:
        team = Team(name="사고접수1팀")
        session.add(team)
        session.flush()
        session.add(Agent(employee_no="A1001", name="김민준", team_id=team.id))


def forget_calls(engine: Engine) -> None:
    with transaction(engine) as session:
        session.execute(delete(Call).where(Call.source == CallSource.TRANSCRIPT_IMPORT))


def store_all(engine: Engine, path: Path, import_format: ImportFormat, calls: int) -> None:
    with transaction(engine) as session:
        batch_id = create_batch(session=session, actor=SYSTEM_ACTOR, filename=path.name,
                                plan=PLAN(import_format), file_path=path)  # fmt: skip
    summary = run_batch(engine, batch_id, customer_key_secret=SECRET)
    assert summary.imported == calls, summary


def store_naively(engine: Engine, data: bytes, import_format: ImportFormat, calls: int) -> None:
    """Each call in its own transaction through the ORM."""
    with transaction(engine) as session:
        agent = session.query(Agent).one()
    stored = 0
    for item in read_transcripts(io.BytesIO(data), format=import_format):
        assert isinstance(item, ImportedConversation)
        meta = item.metadata
        with transaction(engine) as session:
            call = Call(agent_id=agent.id, team_id=agent.team_id,
                        category=meta.category or DEFAULTS.category, direction="inbound",
                        started_at=meta.started_at or DEFAULTS.started_at,
                        duration_s=item.duration_s, status=CallStatus.UPLOADED,
                        source=CallSource.TRANSCRIPT_IMPORT, source_ref=item.source_id,
                        customer_key_hash=customer_key_hash("010-1", secret=SECRET))  # fmt: skip
            session.add(call)
            session.flush()
            session.add_all(
                Utterance(call_id=call.id, seq=turn.seq, speaker=turn.speaker, text=turn.text,
                          start_s=turn.start_s, end_s=turn.end_s,
                          redaction_spans=[span.as_dict() for span in turn.redactions])
                for turn in item.turns
            )  # fmt: skip
            store_terms(session=session, call_id=call.id, texts=[t.text for t in item.turns])
        stored += 1
    assert stored == calls


def bench_store(files: dict[ImportFormat, bytes], calls: int, repeats: int) -> None:
    print()
    print(
        "| database | format | import (read + store) | conversations/s | naive per-call "
        "ORM | naive conversations/s | import / naive |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    databases = {"SQLite": sqlite_database, "PostgreSQL": lambda: fresh_database("import")}
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for import_format, data in files.items():
            paths[import_format] = Path(folder) / f"calls-{import_format.value}.bin"
            paths[import_format].write_bytes(data)
        for name, database in databases.items():
            with database() as engine:
                prepare(engine)
                for import_format, data in files.items():
                    path = paths[import_format]
                    ours = best(lambda: store_all(engine, path, import_format, calls),  # noqa: B023
                                repeats, before=lambda: forget_calls(engine))  # fmt: skip
                    plain = best(lambda: store_naively(engine, data, import_format, calls),  # noqa: B023
                                 1, before=lambda: forget_calls(engine))  # fmt: skip
                    print(f"| {name} | {import_format.value} | {ours:.2f} s | "
                          f"**{calls / ours:,.0f}** | {plain:.2f} s | {calls / plain:,.0f} | "
                          f"{plain / ours:.1f}x |", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--phones", type=float, default=0.1,
                        help="share of utterances with a phone number (1 = every one)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-store", action="store_true", help="time the reader only")
    args = parser.parse_args()
    print(f"{args.calls:,} conversations of {args.turns} utterances, best of {args.repeats}")
    print()
    print("| format | file | reader | conversations/s | naive split | reader / naive |")
    print("|---|---:|---:|---:|---:|---:|")
    made = files(args.calls, args.turns, args.phones)
    for import_format, data in made.items():
        assert read_all(data, import_format) == args.calls
        seconds = best(lambda: read_all(data, import_format), args.repeats)  # noqa: B023
        plain = best(lambda: naive(data, import_format), args.repeats)  # noqa: B023
        rate = args.calls / seconds
        print(f"| {import_format.value} | {len(data) / 2**20:.1f} MB | {seconds:.2f} s | "
              f"**{rate:,.0f}** | {plain:.3f} s | {seconds / plain:.0f}x |")  # fmt: skip

    if not args.no_store:
        bench_store(made, args.calls, args.repeats)


if __name__ == "__main__":
    main()
