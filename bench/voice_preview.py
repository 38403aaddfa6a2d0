"""Voice previews (issue 6): a preview answered from the take cache, against the same request
synthesised, and one espeak-ng take of a 10-second line through the whole job.

    PYTHONPATH=. python bench/voice_preview.py [--runs 15] [--library-takes 5000]

Everything runs the embedded default: a temporary SQLite database (migrated to head) and data
folder, no Redis, so ``queue_takes`` runs each take's job inline (``synthesize_take``: espeak-ng,
the quality gate, the two WAV files, the take's row and its job run). A request is timed the
way the voice studio page makes it: ``model_label``, ``plan_takes`` in a transaction,
``queue_takes``, then ``tts_takes.takes`` in a second transaction and ``recommended``.

The gate's speech-to-text round trip is measured two ways: not available (``FEPLE_STT_MODEL``
names a missing folder, the check reports "not run"), and with the tiny random-weight
faster-whisper model of ``tests/fixtures/tiny_whisper.py``, built in a temporary folder: real
faster-whisper decoding (Silero VAD, mel features, CTranslate2 greedy search, word alignment)
of the real take, but by a model of a few megabytes whose answer is capped at ``TOKEN_CAP``
tokens (the gate alone is also timed uncapped). A production Whisper model is far larger and
runs on the GPU host; this says what the gate costs around the model, not what large-v3 costs.

Uncached requests must miss the cache every time: each asks for a different ``temperature``,
which is part of the cache key and which espeak-ng ignores, so every run synthesises the same
audio anew. The database holds ``--library-takes`` finished takes and 200 pronunciation rules
beside the benchmark's own, so the cache lookup and the rules are not free by being empty.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select

from bench.timing import p95, timed_ms
from core.access import Actor, Role
from core.domain import TakeStatus
from core.settings import Settings, get_settings
from core.voice.engines import SynthesisRequest, SynthesizedAudio, engine
from core.voice.pronunciation import spoken_text
from core.voice.quality import GatedAudio, run_gate
from db import migrate, tts_takes
from db.models import PronunciationEntry, TtsTake
from db.session import engine_for, transaction
from tests.fixtures.tiny_whisper import build_tiny_whisper
from ui.voice_engines import model_label
from workers import synthesize
from workers.take_queue import queue_takes

LINE = (
    "고객님, 보험금 청구는 1번, 계약 조회와 변경은 2번, 대출과 연금 상담은 3번, "
    "상담원 연결은 0번을 눌러 주세요."
)
"""A main-menu line espeak-ng reads in about 10 s (the script prints the measured length)."""

DESIGNER = Actor(user_id=None, username="bench-designer", roles=[Role.DESIGNER])

TINY_STT_ENV = {
    "FEPLE_STT_DEVICE": "cpu",
    "FEPLE_STT_COMPUTE_TYPE": "int8",
    "FEPLE_STT_LOCAL_FILES_ONLY": "1",
}
TOKEN_CAP = 64
"""Random weights never stop on their own (they run on to Whisper's 448-token limit): the
answer is capped at about the line's length in tokens, the work a real model's answer takes."""


def use_settings(data_dir: Path, **env: str) -> Settings:
    """The embedded default on ``data_dir`` with ``env`` (and nothing from this shell)."""
    for name in list(os.environ):
        if name.startswith("FEPLE_") or name in ("DATABASE_URL", "REDIS_URL"):
            del os.environ[name]
    os.environ.update({"FEPLE_DEMO": "1", "FEPLE_DATA_DIR": str(data_dir), **env})
    get_settings.cache_clear()
    return get_settings()


TEMPERATURES = iter(range(5, 151))
"""Hundredths of a temperature not asked for yet in this run: one per uncached request
(``1 + 3 * runs`` of them)."""
MAX_RUNS = (151 - 5 - 1) // 3


def preview(settings: Settings, *, takes: int, temperature: float) -> tuple[bool, list]:
    """One press of "generate" on the page and the takes read back:
    (answered from the cache, the takes)."""
    db = engine_for(settings.sqlalchemy_url)
    request = tts_takes.TakeRequest(text=LINE, engine="espeak",
                                    model=model_label("espeak", settings), clones_voice=False,
                                    takes=takes, temperature=temperature)  # fmt: skip
    with transaction(db) as session:
        plan = tts_takes.plan_takes(session=session, actor=DESIGNER, request=request, voice=None)
    queue_takes(db, settings, plan.to_synthesise, engine_name=request.engine)
    with transaction(db) as session:
        views = tts_takes.takes(session=session, take_ids=plan.take_ids)
    tts_takes.recommended(views)
    return plan.cached, views


def uncached(settings: Settings, takes: int) -> tuple[float, list]:
    """A request no take answers yet: (milliseconds, the takes, all finished)."""
    temperature = next(TEMPERATURES) / 100
    began = time.perf_counter()
    cached, views = preview(settings, takes=takes, temperature=temperature)
    elapsed = (time.perf_counter() - began) * 1e3
    assert not cached and all(v.status is TakeStatus.DONE for v in views), views
    return elapsed, views


def row(name: str, times: list[float], note: str = "") -> None:
    print(
        f"| {name} | **{statistics.median(times):.1f} ms** | {p95(times):.1f} ms | "
        f"{len(times)} | {note} |"
    )


def seed_library(settings: Settings, library_takes: int, like: int) -> None:
    """Finished takes of other lines (copies of take ``like``'s row) and pronunciation rules."""
    with transaction(engine_for(settings.sqlalchemy_url)) as session:
        take = session.get(TtsTake, like)
        columns = {c.key: getattr(take, c.key) for c in TtsTake.__table__.columns if c.key != "id"}
        session.execute(insert(TtsTake), [
            columns | {"text": f"{LINE} ({i})", "cache_key": f"{i:064x}"}
            for i in range(library_takes)
        ])  # fmt: skip
        session.execute(insert(PronunciationEntry), [
            {"term": f"ZQ{i}", "reading": f"제트큐 {i}", "note": ""} for i in range(200)
        ])  # fmt: skip


@dataclass(frozen=True, slots=True)
class OneTake:
    """Per run, in turn (so they share the machine's load): a take end to end, then espeak-ng
    and the gate alone on the same line, as the job calls them; milliseconds."""

    end_to_end: list[float]
    synthesis: list[float]
    gate: list[float]
    take: tts_takes.TakeView  # the first one made
    raw_s: float

    @property
    def rest(self) -> list[float]:
        """Outside synthesis and gate: planning, the job run's rows, files, the take's row."""
        return [
            e - s - g for e, s, g in zip(self.end_to_end, self.synthesis, self.gate, strict=True)
        ]


@dataclass(frozen=True, slots=True)
class Gate:
    """The line synthesised once, and the gate on it as the job runs it."""

    synthesise: Callable[[], SynthesizedAudio]
    run: Callable[[], GatedAudio]
    raw_s: float  # espeak-ng's audio before trimming


def gate(settings: Settings, *, recognise: bool) -> Gate:
    tts = engine("espeak", settings.tts_settings())
    with transaction(engine_for(settings.sqlalchemy_url)) as session:
        rules = tts_takes.pronunciation_rules(session=session)
    request = SynthesisRequest(text=spoken_text(LINE, rules), seed=1)
    audio = tts.synthesize(request)
    stt = synthesize.recogniser(settings) if recognise else None
    assert (stt is not None) == recognise, "the tiny model did not load"
    hear = stt.recognise_text if stt is not None else None
    limits = synthesize.thresholds(settings)

    def run() -> GatedAudio:
        return run_gate(audio.samples, audio.sample_rate, request.text, recognise=hear,
                        thresholds=limits)  # fmt: skip

    run()  # warm up (filters, the model's first call)
    return Gate(lambda: tts.synthesize(request), run, audio.duration_s)


def one_take(settings: Settings, runs: int, *, recognise: bool) -> OneTake:
    alone = gate(settings, recognise=recognise)
    end_to_end, synthesis, gated, takes = [], [], [], []
    for _ in range(runs):
        elapsed, (take,) = uncached(settings, 1)
        end_to_end.append(elapsed)
        takes.append(take)
        synthesis += timed_ms(alone.synthesise, 1)
        gated += timed_ms(alone.run, 1)
    return OneTake(end_to_end, synthesis, gated, takes[0], alone.raw_s)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--library-takes", type=int, default=5000)
    args = parser.parse_args()
    if not 5 <= args.runs <= MAX_RUNS:
        parser.error(
            f"--runs must be 5 to {MAX_RUNS} (each uncached run needs its own temperature)"
        )
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at the start")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        no_stt = use_settings(folder / "data", FEPLE_STT_MODEL=str(folder / "no-model"))
        db = engine_for(no_stt.sqlalchemy_url)
        migrate.upgrade(db)
        began = time.perf_counter()
        build_tiny_whisper(folder / "tiny-whisper")
        build_s = time.perf_counter() - began
        # The process's first take pays for espeak-ng's voice check and version, once.
        first_ms, (first,) = uncached(no_stt, 1)
        seed_library(no_stt, args.library_takes, like=first.id)

        # 1. Cached against uncached: three takes of the line, no speech-to-text model.
        fresh, cached = [], []
        for _ in range(args.runs):
            elapsed, views = uncached(no_stt, 3)
            fresh.append(elapsed)
            temperature = views[0].parameters["temperature"]
            for _ in range(3):  # the same request again: a designer pressing it again
                began = time.perf_counter()
                was_cached, again = preview(no_stt, takes=3, temperature=temperature)
                cached.append((time.perf_counter() - began) * 1e3)
                assert was_cached and [v.id for v in again] == [v.id for v in views]

        # 2. One take of the 10-second line end to end, without and with the tiny model.
        plain = one_take(no_stt, args.runs, recognise=False)
        tiny_env = TINY_STT_ENV | {"FEPLE_STT_MODEL": str(folder / "tiny-whisper")}
        tiny = use_settings(folder / "data", FEPLE_STT_MAX_NEW_TOKENS=str(TOKEN_CAP), **tiny_env)
        began = time.perf_counter()
        synthesize.recogniser(tiny)  # the model's load, once per worker process
        load_ms = (time.perf_counter() - began) * 1e3
        heard = one_take(tiny, args.runs, recognise=True)
        uncapped = use_settings(folder / "data", **tiny_env)
        uncapped_gate = timed_ms(gate(uncapped, recognise=True).run, args.runs)
        with transaction(db) as session:
            total_takes = session.scalar(select(func.count()).select_from(TtsTake))

    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"line: {LINE}")
    print(f"spoken: {plain.take.text}")
    print(f"espeak-ng audio: {plain.raw_s:.2f} s raw, {plain.take.duration_s:.2f} s after "
          f"trimming; gate verdict without STT {plain.take.quality_passed} (round trip not run), "
          f"with the tiny model {heard.take.quality_passed} (CER {heard.take.report.cer:.2f}: "
          f"random weights hear garbage)")  # fmt: skip
    print(f"database: {total_takes:,} takes, 200 pronunciation rules; tiny model built in "
          f"{build_s:.1f} s, loaded in {load_ms:.0f} ms; first take of the process "
          f"{first_ms:.0f} ms")  # fmt: skip
    print()
    print("| what | median | p95 | runs | note |")
    print("|---|---:|---:|---:|---|")
    ratio = statistics.median(fresh) / statistics.median(cached)
    row("1. cached preview: the 3 takes exist", cached, "plan + read back + recommended")
    row("1. the same request uncached: 3 takes synthesised and gated", fresh,
        f"no STT; {ratio:.0f}x the cached one")  # fmt: skip
    row("2a. one take, end to end, STT not available", plain.end_to_end, "round trip not run")
    row("2b. one take, end to end, tiny faster-whisper STT", heard.end_to_end,
        f"answer capped at {TOKEN_CAP} tokens")  # fmt: skip
    row("2c. espeak-ng synthesis alone", plain.synthesis + heard.synthesis, "in 2a and 2b")
    row("2c. quality gate alone, without a recogniser", plain.gate)
    row("2c. quality gate alone, tiny faster-whisper recogniser", heard.gate,
        f"answer capped at {TOKEN_CAP} tokens")  # fmt: skip
    row("2c. quality gate alone, tiny recogniser, no token cap", uncapped_gate,
        "random weights run to the 448-token limit")  # fmt: skip
    row("2c. the rest of a take (2a minus synthesis and gate, per run)", plain.rest,
        "plan, job run rows, two WAV files, the take's row")  # fmt: skip
    row("2c. the rest of a take (2b minus synthesis and gate, per run)", heard.rest)


if __name__ == "__main__":
    main()
