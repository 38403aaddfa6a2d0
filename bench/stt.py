"""What the speech-to-text stage costs around the model: checking and decoding a recording,
and the guards and speaker attribution after Whisper.

    PYTHONPATH=. python bench/stt.py [--minutes 5] [--segments 100] [--repeat 5]

Builds a stereo 8 kHz call recording (the usual recorder format) as WAV and MP3, times
``audio.validate`` and ``audio.load_channels`` on each, then times the post-processing of a
call of ``--segments`` recognised segments (screen + split_at_pauses + speaker attribution +
to_turns). The model itself is not timed here: real weights run on the GPU hosts.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from core import audio
from core.domain import Speaker
from core.stt.guards import GuardThresholds, RecognizedSegment, RecognizedWord, screen
from core.stt.speakers import assign_mono_speakers, split_at_pauses, to_turns
from tests.fixtures.speech import encode, write_wav

LINES = (
    "안녕하십니까 한빛손해보험 상담사 김민수입니다 무엇을 도와드릴까요",
    "네 어제 접촉 사고가 나서 접수하려고요",
    "많이 놀라셨겠습니다 고객님 다치신 분은 없으신가요",
    "다행히 다친 사람은 없고 차만 조금 긁혔어요",
    "시청해주셔서 감사합니다",
    "네 네 네 네 네 네",
)


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def recording(folder: Path, minutes: float) -> tuple[Path, Path]:
    rate = 8000
    rng = np.random.default_rng(0)
    samples = int(minutes * 60 * rate)
    left = (rng.standard_normal(samples) * 0.1).astype(np.float32)
    right = (rng.standard_normal(samples) * 0.1).astype(np.float32)
    wav = write_wav(folder / "call.wav", [left, right], rate)
    mp3 = encode(folder / "call.mp3", [left, right], rate)
    return wav, mp3


def segments(count: int) -> list[RecognizedSegment]:
    result = []
    for i in range(count):
        text = LINES[i % len(LINES)]
        start = i * 3.0
        words = tuple(
            RecognizedWord(" " + word, start + j * 0.3, start + j * 0.3 + 0.25, 0.9)
            for j, word in enumerate(text.split())
        )
        result.append(RecognizedSegment(" " + text, start, words[-1].end_s, -0.3, 0.05, 1.3, words))
    return result


def postprocess(recognized: list[RecognizedSegment], duration_s: float) -> None:
    kept, _ = screen(recognized, GuardThresholds(), duration_s=duration_s)
    units = split_at_pauses(kept, pause_s=0.7, duration_s=duration_s)
    speakers = assign_mono_speakers(units, ("한빛손해보험",))
    to_turns(list(zip(speakers, units, strict=True)))
    to_turns([(Speaker.AGENT, unit) for unit in units])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--segments", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{platform.python_version()} on {platform.machine()}, {args.minutes} min stereo 8 kHz")
    with tempfile.TemporaryDirectory() as tmp:
        limit = args.minutes * 60 + 60
        for path in recording(Path(tmp), args.minutes):
            validate_s = best_of(
                args.repeat, lambda p=path: audio.validate(p, max_duration_s=limit)
            )
            load_s = best_of(args.repeat, lambda p=path: audio.load_channels(p))
            print(
                f"{path.suffix[1:]:>4}: validate {validate_s * 1000:7.1f} ms, "
                f"load_channels (16 kHz) {load_s * 1000:7.1f} ms"
            )
    recognized = segments(args.segments)
    duration_s = recognized[-1].end_s + 1
    per_call = best_of(args.repeat, lambda: postprocess(recognized, duration_s))
    print(
        f"guards + speakers for {args.segments} segments: {per_call * 1000:.2f} ms per call "
        f"({1 / per_call:,.0f} calls/s on one core)"
    )


if __name__ == "__main__":
    main()
