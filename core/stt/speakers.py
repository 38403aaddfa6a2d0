"""Who said what: utterances from recognised words, and the speaker of each.

Stereo recordings (the usual call-recorder format) carry one speaker per channel, so the
speaker is known; the channels' utterances are merged by time.

Mono recordings get a heuristic, recorded on the call as ``mono_greeting_heuristic``:

1. Words are grouped into utterances wherever a pause of at least ``pause_s`` falls between
   them, and every new utterance is taken to be a change of speaker.
2. An utterance holding a speaker cue takes that speaker, and the alternation carries on from
   it (so one cue re-anchors everything after it, and the utterances before the first cue are
   counted back from it). Agent cues: the company name, "고객님", "상담사", the scripted
   "무엇을 도와드릴까요"; customer cues: "상담사님", "여보세요", "…하려고요".
3. With no cue at all, the first utterance is the agent's (on inbound calls the agent answers
   with the greeting).

Its limits, honestly: a speaker who pauses mid-turn flips the labels until the next cue; two
turns with no pause between them become one utterance of one speaker; overlapping speech
cannot be separated; calls without the usual phrases rely on alternation alone. Reviewers see
the method on the call, and stereo recording avoids all of this.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.domain import Speaker
from core.stt.guards import RecognizedSegment, RecognizedWord, normalise
from core.transcript import Turn

AGENT_CUES = ("고객님", "상담사", "도와드릴까요", "도와드리겠습니다", "확인해드리겠습니다")
"""Said by agents, not customers (matched on normalised text, without spaces)."""

CUSTOMER_CUES = ("상담사님", "여보세요", "하려고요", "하려고하는데요", "궁금해서요")
"""Said by customers; checked before the agent cues ("상담사님" contains "상담사")."""

DUAL_MONO_RESIDUAL = 1e-3
"""Stereo whose channels differ by less than this share of their energy is one mix twice."""


@dataclass(frozen=True, slots=True)
class SpeechUnit:
    """Words of one speaker without a long pause: what becomes a turn."""

    text: str
    start_s: float
    end_s: float
    confidence: float  # mean word probability, 0..1


def _words(segment: RecognizedSegment) -> tuple[RecognizedWord, ...]:
    if segment.words:
        return segment.words
    # No word timings (alignment failed): the segment is one piece.
    return (
        RecognizedWord(segment.text, segment.start_s, segment.end_s, math.exp(segment.avg_logprob)),
    )


def split_at_pauses(
    segments: Sequence[RecognizedSegment], *, pause_s: float, duration_s: float
) -> list[SpeechUnit]:
    """Group the words of ``segments`` into units wherever they pause for ``pause_s`` or more.

    Times are clamped into the audio: Whisper's timestamps can run past the end.
    """
    words = sorted(
        ((i, word) for i, segment in enumerate(segments) for word in _words(segment)),
        key=lambda item: (item[1].start_s, item[0]),
    )
    units: list[SpeechUnit] = []
    group: list[tuple[int, RecognizedWord]] = []
    group_end = 0.0
    for item in words:
        if group and item[1].start_s - group_end >= pause_s:
            units.append(_unit(group, duration_s))
            group = []
        group_end = max(group_end, item[1].end_s) if group else item[1].end_s
        group.append(item)
    if group:
        units.append(_unit(group, duration_s))
    return [unit for unit in units if unit.text]


def _unit(group: list[tuple[int, RecognizedWord]], duration_s: float) -> SpeechUnit:
    parts = []
    for position, (segment_index, word) in enumerate(group):
        starts_segment = position == 0 or group[position - 1][0] != segment_index
        parts.append(" " + word.text if starts_segment else word.text)
    start = min(max(group[0][1].start_s, 0.0), duration_s)
    end = min(max(max(w.end_s for _, w in group), start), duration_s)
    confidence = sum(w.probability for _, w in group) / len(group)
    return SpeechUnit(" ".join("".join(parts).split()), start, end, confidence)


def speaker_cue(text: str, company_names: Sequence[str] = ()) -> Speaker | None:
    """The side that ``text`` gives away, or None."""
    plain = normalise(text)
    if any(cue in plain for cue in CUSTOMER_CUES):
        return Speaker.CUSTOMER
    agent_cues = (*AGENT_CUES, *(normalise(name) for name in company_names))
    if any(cue and cue in plain for cue in agent_cues):
        return Speaker.AGENT
    return None


def _other(speaker: Speaker) -> Speaker:
    return Speaker.CUSTOMER if speaker is Speaker.AGENT else Speaker.AGENT


def assign_mono_speakers(
    units: Sequence[SpeechUnit], company_names: Sequence[str] = ()
) -> list[Speaker]:
    """One speaker per unit of a mono call, by the heuristic in this module's docstring."""
    cues = [speaker_cue(unit.text, company_names) for unit in units]
    first_cue = next((i for i, cue in enumerate(cues) if cue is not None), None)
    if first_cue is None:
        anchor, speaker = 0, Speaker.AGENT
    else:
        anchor, speaker = first_cue, cues[first_cue]
    speakers: list[Speaker] = [Speaker.AGENT] * len(units)
    for i in range(anchor, len(units)):
        speaker = cues[i] or (speaker if i == anchor else _other(speaker))
        speakers[i] = speaker
    for i in range(anchor - 1, -1, -1):
        speakers[i] = _other(speakers[i + 1])
    return speakers


def is_dual_mono(left: np.ndarray, right: np.ndarray) -> bool:
    """Stereo that carries the same mix on both channels (some recorders write it so):
    splitting it by channel would give every utterance to both speakers."""
    energy = float(np.dot(left, left) + np.dot(right, right))
    if energy == 0.0:
        return True
    difference = left - right
    return float(np.dot(difference, difference)) < DUAL_MONO_RESIDUAL * energy


def to_turns(
    labelled: Sequence[tuple[Speaker, SpeechUnit]],
) -> tuple[tuple[Turn, ...], tuple[float, ...]]:
    """Turns ordered by start time (ties: earlier end first) and numbered from 0, with each
    turn's confidence at the same index."""
    ordered = sorted(labelled, key=lambda item: (item[1].start_s, item[1].end_s))
    turns = tuple(
        Turn(seq=seq, speaker=speaker, text=unit.text, start_s=unit.start_s, end_s=unit.end_s)
        for seq, (speaker, unit) in enumerate(ordered)
    )
    return turns, tuple(unit.confidence for _, unit in ordered)
