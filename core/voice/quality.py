"""The quality gate every take goes through, and the choice of the best take of a line.

A take is trimmed, measured for clipping (on the raw synthesis), loudness-normalised, rendered
for the telephone line, checked for a plausible duration, and, when a recogniser is given,
transcribed back and compared with the line's text (the ASR round trip: XTTS v2 Korean can be
unintelligible and can add speech of its own). A check that could not run is ``passed=None``
and never counts as passed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jiwer
import numpy as np

from core.voice.signal import (
    clipping_ratio,
    loudness_lufs,
    normalise_loudness,
    resample,
    telephone_render,
    trim_silence,
)

ASR_SAMPLE_RATE = 16000
"""What recognisers (Whisper) take."""

CHECK_NAMES = ("speech_present", "clipping", "loudness", "duration", "asr_round_trip")
"""The checks of a take, in the order they are reported; names are stable keys (catalog:
``voice.check.<name>``)."""


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """What a take must meet. Defaults suit 8 kHz IVR prompts in Korean."""

    max_cer: float = 0.35
    """Character error rate of the ASR round trip above which the take is refused."""
    min_duration_ratio: float = 0.5
    """Trimmed duration over the expected duration: below this, words were probably dropped."""
    max_duration_ratio: float = 2.0
    """...above this, the engine probably added speech, stalled or babbled."""
    syllables_per_s: float = 5.0
    """Pace of a calm IVR voice, used to expect a duration from the text."""
    max_clipping_ratio: float = 0.001
    """Share of raw samples in clipped flat tops (see ``signal.clipping_ratio``) allowed."""
    loudness_target_lufs: float = -19.0
    """Every take is normalised to this loudness so prompts of a flow sound equally loud."""
    loudness_tolerance_lu: float = 1.0
    """After normalisation the take must be this close to the target; further off means the
    peak limiter had to take too much (very peaky audio)."""
    peak_ceiling_dbfs: float = -1.0
    """Peaks stay under this after normalisation: μ-law and line codecs must not clip."""
    silence_threshold_db: float = -45.0
    """Frames quieter than this (RMS, dBFS) at the ends count as silence and are trimmed."""
    keep_silence_s: float = 0.05
    """Padding kept on each side when trimming, so onsets and decays are not cut."""
    min_speech_s: float = 0.2
    """Less sound than this after trimming means the synthesis produced nothing usable."""


@dataclass(frozen=True, slots=True)
class Check:
    """One measured property of a take or a sample."""

    name: str  # stable key, e.g. "asr_round_trip"
    value: float | None  # the measurement; None when it could not be measured
    limit: str  # what passes, for people: "≤ 0.35", "2.1–8.4 s"
    passed: bool | None  # None: not run (shown as such, never as passed)
    detail: str = ""  # e.g. the recognised text, or why the check did not run

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "limit": self.limit,
            "passed": self.passed,
            "detail": self.detail,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Check:
        return cls(
            name=data["name"],
            value=data["value"],
            limit=data["limit"],
            passed=data["passed"],
            detail=data.get("detail", ""),
        )


def verdict(checks: tuple[Check, ...]) -> bool | None:
    """False if any check failed; True only if every check ran and passed; None otherwise."""
    if any(check.passed is False for check in checks):
        return False
    if any(check.passed is None for check in checks):
        return None
    return True


@dataclass(frozen=True, slots=True)
class QualityReport:
    """The gate's findings on one take; stored as JSON with the take."""

    checks: tuple[Check, ...]
    asr_text: str | None = None  # what the recogniser heard; None when the round trip did not run
    cer: float | None = None
    score: float = 0.0  # higher is better; compares takes of one line

    @property
    def passed(self) -> bool | None:
        return verdict(self.checks)

    def check(self, name: str) -> Check:
        return next(check for check in self.checks if check.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "checks": [check.to_json() for check in self.checks],
            "asr_text": self.asr_text,
            "cer": self.cer,
            "score": self.score,
            "passed": self.passed,  # derived; stored so SQL can filter on it
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> QualityReport:
        return cls(
            checks=tuple(Check.from_json(check) for check in data["checks"]),
            asr_text=data.get("asr_text"),
            cer=data.get("cer"),
            score=float(data.get("score", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class GatedAudio:
    """A take after the gate: what is stored, played and deployed."""

    samples: np.ndarray = field(repr=False)  # trimmed and loudness-normalised, mono float32
    sample_rate: int
    duration_s: float
    leading_trimmed_s: float
    trailing_trimmed_s: float
    telephone_wav: bytes = field(repr=False)  # 8 kHz μ-law, as a caller hears it
    report: QualityReport


_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_DIGIT = re.compile(r"[0-9]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LATIN_VOWEL_GROUP = re.compile(r"[aeiouy]+", re.IGNORECASE)
_PHRASE_PAUSE = re.compile(r"[,;:·、，]")
_SENTENCE_PAUSE = re.compile(r"[.?!…。？！]+(?=.*\w)", re.DOTALL)

LETTER_NAME_SYLLABLES = 1.5
"""An acronym is read letter by letter in Korean: 에이(2) 비(1) 씨(1) 에스(2)..."""

PHRASE_PAUSE_S = 0.2
"""A comma's pause."""

SENTENCE_PAUSE_S = 0.4
"""The pause between sentences (none after the last one: trimming removes it)."""


def _syllables(text: str) -> float:
    text = unicodedata.normalize("NFC", text)  # decomposed Hangul is three jamo per syllable
    count = float(len(_HANGUL_SYLLABLE.findall(text)))
    # A digit is one syllable read either way: 일, 이, 삼 / 십, 백, 천 for each place.
    count += len(_DIGIT.findall(text))
    for word in _LATIN_WORD.findall(text):
        if word.isupper():  # ARS, KB: spelled out
            count += LETTER_NAME_SYLLABLES * len(word)
        else:  # app, email: roughly one syllable per vowel group
            count += max(1, len(_LATIN_VOWEL_GROUP.findall(word)))
    return count


def expected_duration_s(text: str, syllables_per_s: float) -> float:
    """How long a calm voice takes to say ``text``: syllables at ``syllables_per_s`` plus the
    pauses its punctuation asks for."""
    pauses = (
        len(_PHRASE_PAUSE.findall(text)) * PHRASE_PAUSE_S
        + len(_SENTENCE_PAUSE.findall(text)) * SENTENCE_PAUSE_S
    )
    return _syllables(text) / syllables_per_s + pauses


def _normalise_for_cer(text: str) -> str:
    """NFC, lower case, without whitespace or punctuation: only what is spoken is compared."""
    text = unicodedata.normalize("NFC", text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZC")


def character_error_rate(reference: str, hypothesis: str) -> float:
    """CER of what was heard against the line's text (0 = identical; can exceed 1 when the
    recogniser heard extra speech). An empty hypothesis is 1.0."""
    reference, hypothesis = _normalise_for_cer(reference), _normalise_for_cer(hypothesis)
    if not hypothesis:
        return 0.0 if not reference else 1.0
    if not reference:
        return 1.0  # something was said where nothing should be
    return float(jiwer.cer(reference, hypothesis))


def _score(
    cer: float | None, duration_ratio: float | None, report_checks: tuple[Check, ...]
) -> float:
    """Ranks takes of one line: intelligibility first (1 - CER), then a duration close to the
    expected one; each failed check costs a full point so failed takes rank last."""
    score = 1.0 - min(cer, 1.0) if cer is not None else 0.0
    if duration_ratio:
        score -= 0.25 * abs(math.log2(duration_ratio))
    score -= sum(1.0 for check in report_checks if check.passed is False)
    return round(score, 6)


def run_gate(
    samples: np.ndarray,
    sample_rate: int,
    text: str,
    *,
    recognise: Callable[[np.ndarray], str] | None,
    thresholds: QualityThresholds,
) -> GatedAudio:
    """Put one synthesised take of ``text`` through the gate.

    ``recognise`` gets the normalised take as 16 kHz mono float32 and returns what it heard;
    without one, the ASR round trip is reported as not run (and the take cannot pass outright).
    Empty or silent synthesis gives a failed report, not an exception. Errors raised by
    ``recognise`` propagate: a broken recogniser is not a bad take.
    """
    t = thresholds
    raw = np.asarray(samples, dtype=np.float32)
    finite = bool(np.isfinite(raw).all())
    if not finite:
        raw = np.zeros(0, dtype=np.float32)  # NaN/inf output is a failed synthesis, not audio

    clipping = clipping_ratio(raw)
    trimmed = trim_silence(
        raw, sample_rate, threshold_db=t.silence_threshold_db, keep_s=t.keep_silence_s
    )
    duration_s = len(trimmed.samples) / sample_rate
    speech_present = Check(
        "speech_present",
        duration_s,
        f"≥ {t.min_speech_s:g} s",
        duration_s >= t.min_speech_s,
        "" if finite else "non-finite samples",
    )
    clipping_check = Check(
        "clipping", clipping, f"≤ {t.max_clipping_ratio:g}", clipping <= t.max_clipping_ratio
    )

    normalised = normalise_loudness(
        trimmed.samples, sample_rate, t.loudness_target_lufs, peak_ceiling_dbfs=t.peak_ceiling_dbfs
    )
    loudness = loudness_lufs(normalised, sample_rate)
    loudness_check = Check(
        "loudness",
        None if loudness is None else round(loudness, 2),
        f"{t.loudness_target_lufs:g} ± {t.loudness_tolerance_lu:g} LUFS",
        loudness is not None and abs(loudness - t.loudness_target_lufs) <= t.loudness_tolerance_lu,
        "" if loudness is not None else "too short or silent to measure",
    )

    expected_s = expected_duration_s(text, t.syllables_per_s)
    low_s, high_s = expected_s * t.min_duration_ratio, expected_s * t.max_duration_ratio
    duration_ratio = duration_s / expected_s if expected_s > 0 else None
    duration_check = Check(
        "duration",
        round(duration_s, 3),
        f"{low_s:.1f}–{high_s:.1f} s",
        low_s <= duration_s <= high_s,
        f"expected {expected_s:.1f} s",
    )

    asr_text: str | None = None
    cer: float | None = None
    if recognise is None:
        asr_check = Check("asr_round_trip", None, f"CER ≤ {t.max_cer:g}", None, "not run")
    elif not speech_present.passed:
        asr_check = Check("asr_round_trip", None, f"CER ≤ {t.max_cer:g}", None, "no speech")
    else:
        asr_text = recognise(resample(normalised, sample_rate, ASR_SAMPLE_RATE))
        cer = character_error_rate(text, asr_text)
        asr_check = Check(
            "asr_round_trip", round(cer, 4), f"CER ≤ {t.max_cer:g}", cer <= t.max_cer, asr_text
        )

    checks = (speech_present, clipping_check, loudness_check, duration_check, asr_check)
    report = QualityReport(
        checks=checks,
        asr_text=asr_text,
        cer=cer,
        score=_score(cer, duration_ratio, checks),
    )
    return GatedAudio(
        samples=normalised,
        sample_rate=sample_rate,
        duration_s=duration_s,
        leading_trimmed_s=trimmed.leading_s,
        trailing_trimmed_s=trimmed.trailing_s,
        telephone_wav=telephone_render(normalised, sample_rate),
        report=report,
    )


def best_take(reports: Mapping[int, QualityReport]) -> int | None:
    """The id of the best take that did not fail: a passed take before one with checks not
    run, then the higher score (the lower id on a tie, for a stable choice). None when every
    take failed."""
    candidates = [(take_id, r) for take_id, r in reports.items() if r.passed is not False]
    if not candidates:
        return None
    take_id, _ = max(candidates, key=lambda item: (item[1].passed is True, item[1].score, -item[0]))
    return take_id
