"""Guards against Whisper's known failure modes on call audio.

Whisper was trained largely on subtitled video, so on silence, line noise or hold music it
writes what video subtitles say at such moments ("시청해주셔서 감사합니다", "MBC 뉴스 …"), it
can get stuck repeating a phrase, and it sometimes emits text for windows it itself rates as
probably not speech. Each guard is a pure function over recognised segments; a dropped
segment keeps its reason and timing (never its text, which may hold personal data) so the
call shows how much was dropped and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.domain import Speaker


class DropReason(StrEnum):
    HALLUCINATION_PHRASE = "hallucination_phrase"
    REPETITION_LOOP = "repetition_loop"
    NO_SPEECH = "no_speech"
    PAST_END = "past_end"  # timestamps beyond the end of the audio


HALLUCINATION_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern)
    for pattern in (
        r"(끝까지)?시청(해|하여)?주셔서감사(합니다|드립니다)",
        r"시청감사(합니다|드립니다)",
        r"구독(과|와|및)?좋아요(부탁드립니다|눌러주세요)?",
        r"좋아요(와|및)?구독(부탁드립니다)?",
        r"(mbc|kbs|sbs|ytn|jtbc|mbn|연합)뉴스(\w{2,4}(입니다|기자))?",
        r"(한글)?자막(제공|편집|제작|by)\w*",
        r"다음영상에서(만나요|뵙겠습니다)",
        r"thankyouforwatching",
        r"^(음악|박수|웃음|music|applause)$",
        r"^[♪♩♫♬]+$",
    )
)
"""What Whisper writes on non-speech, matched against ``normalise``d text. None of it is said
on an insurer's service line; "감사합니다" alone is, so it is not here."""

HALLUCINATION_MIN_SHARE = 0.5
"""A segment is a hallucination when known phrases make up at least this share of its text;
below that, real speech dominates and the segment is kept."""


@dataclass(frozen=True, slots=True)
class RecognizedWord:
    text: str
    start_s: float
    end_s: float
    probability: float


@dataclass(frozen=True, slots=True)
class RecognizedSegment:
    """One segment as Whisper returned it; times are seconds from the start of the audio."""

    text: str
    start_s: float
    end_s: float
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    words: tuple[RecognizedWord, ...] = ()


@dataclass(frozen=True, slots=True)
class GuardThresholds:
    """Defaults follow Whisper's own fallback thresholds (``transcribe.py`` of openai/whisper)."""

    no_speech_prob: float = 0.6  # drop when Whisper rates the window as silence above this...
    no_speech_logprob: float = -1.0  # ...and its text is less likely than this (avg log-prob)
    compression_ratio: float = 2.4  # gzip ratio above this: the text repeats itself
    loop_min_repeats: int = 5  # the same word n-gram back to back this many times is a loop
    loop_max_ngram: int = 8  # longest repeated unit looked for, in words (in characters: 2x)


@dataclass(frozen=True, slots=True)
class DroppedSegment:
    """A segment left out of the transcript. The text length says how much was lost; the text
    itself is not kept (it may contain personal data)."""

    reason: DropReason
    start_s: float
    end_s: float
    text_length: int
    speaker: Speaker | None = None  # None on mono calls, where it is not known


def normalise(text: str) -> str:
    """Text without spaces or punctuation, case-folded: how the patterns see it."""
    return "".join(
        ch
        for ch in text.casefold()
        if not ch.isspace() and not unicodedata.category(ch).startswith("P")
    )


def is_hallucination_phrase(text: str) -> bool:
    plain = normalise(text)
    if not plain:
        return False
    covered = sum(len(m.group()) for p in HALLUCINATION_PATTERNS for m in p.finditer(plain))
    return covered >= HALLUCINATION_MIN_SHARE * len(plain)


def _repeats_back_to_back(
    units: Sequence[str], max_n: int, min_repeats: int, min_n: int = 1
) -> bool:
    """Whether some run of 1..max_n units occurs ``min_repeats`` times in a row."""
    for n in range(min_n, max_n + 1):
        if n * min_repeats > len(units):
            break
        for start in range(len(units) - n * min_repeats + 1):
            unit = units[start : start + n]
            repeats = 1
            while units[start + repeats * n : start + (repeats + 1) * n] == unit:
                repeats += 1
                if repeats >= min_repeats:
                    return True
    return False


def is_repetition_loop(text: str, compression_ratio: float, thresholds: GuardThresholds) -> bool:
    """A decoding loop: text that compresses too well, or a phrase repeated back to back.

    Characters are checked too because Korean loops often come without spaces
    ("감사합니다감사합니다…"); there the unit must be at least two characters so that a
    drawn-out "네네네네네" stays.
    """
    if compression_ratio > thresholds.compression_ratio:
        return True
    words = [normalise(word) for word in text.split()]
    words = [word for word in words if word]
    if _repeats_back_to_back(words, thresholds.loop_max_ngram, thresholds.loop_min_repeats):
        return True
    return _repeats_back_to_back(
        normalise(text), 2 * thresholds.loop_max_ngram, thresholds.loop_min_repeats, min_n=2
    )


def is_no_speech(segment: RecognizedSegment, thresholds: GuardThresholds) -> bool:
    """Whisper's own no-speech rule: likely silence and an unlikely transcription."""
    return (
        segment.no_speech_prob > thresholds.no_speech_prob
        and segment.avg_logprob < thresholds.no_speech_logprob
    )


def drop_reason(
    segment: RecognizedSegment, thresholds: GuardThresholds, duration_s: float
) -> DropReason | None:
    """Why ``segment`` should be left out, or None to keep it (first matching reason)."""
    if segment.start_s >= duration_s:
        return DropReason.PAST_END
    if is_hallucination_phrase(segment.text):
        return DropReason.HALLUCINATION_PHRASE
    if is_repetition_loop(segment.text, segment.compression_ratio, thresholds):
        return DropReason.REPETITION_LOOP
    if is_no_speech(segment, thresholds):
        return DropReason.NO_SPEECH
    return None


def screen(
    segments: Iterable[RecognizedSegment],
    thresholds: GuardThresholds,
    *,
    duration_s: float,
    speaker: Speaker | None = None,
) -> tuple[list[RecognizedSegment], list[DroppedSegment]]:
    """Split segments into those kept and those dropped (with their reasons).

    Segments with no text are skipped without a record: nothing was said in them to lose.
    """
    kept: list[RecognizedSegment] = []
    dropped: list[DroppedSegment] = []
    for segment in segments:
        if not segment.text.strip():
            continue
        reason = drop_reason(segment, thresholds, duration_s)
        if reason is None:
            kept.append(segment)
        else:
            dropped.append(
                DroppedSegment(
                    reason, segment.start_s, segment.end_s, len(segment.text.strip()), speaker
                )
            )
    return kept, dropped
