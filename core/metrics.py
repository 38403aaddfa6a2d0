"""Call metrics from a transcript's timings: talk, silence, holds, overtalk, pace, latency.

Everything is measured on the call's window ``[0, D]``, ``D = max(duration_s, last turn end)``
(the last end alone when the duration is unknown, so trailing silence is then not seen). Within
the window, time is speech (someone talks) or a *gap* (nobody does). Each gap is exactly one of:

- **hold**: at least ``hold_any_gap_s`` long, or at least ``hold_min_gap_s`` long when the
  agent's last utterance before it says a hold phrase ("잠시만 기다려 주시겠습니까?");
- **silence**: otherwise, at least ``silence_min_gap_s`` long (dead air, leading and trailing
  gaps included);
- **pause**: shorter than that: ordinary turn-taking, not counted;
- **unknown**: where an untimed utterance was spoken (see below), not counted.

So speech + silence + hold + pause + unknown = D, and silence never includes hold time.

Timings are optional (imported transcripts may lack them). Time needs timed utterances: when
fewer than ``min_timed_share`` of the turns are timed, every metric is None ("not measurable",
never 0) and ``timings_available`` is False. Otherwise untimed turns are left out of every time
metric, and the gap between the timed turns before and after one (in ``seq`` order) is
*unknown*, not silence: someone was talking there, we do not know when. Turns with zero length
say nothing about time and are left out too.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from core.domain import Speaker
from core.transcript import Turn

DEFAULT_HOLD_PHRASES: tuple[str, ...] = (
    "잠시만", "잠깐만", "기다려 주시겠", "기다려 주십시오", "기다려 주세요", "확인해 보겠습니다",
    "확인해 볼게요", "조회해 보겠습니다", "찾아보겠습니다", "찾아볼게요", "알아보겠습니다",
    "연결해 드리겠습니다",
)  # fmt: skip
"""What agents say before putting a customer on hold (see db/demo/phrases.py HOLD, RUDE_HOLD,
TRANSFERS). Matched as substrings, ignoring spaces: speech-to-text spaces Korean loosely."""

_TOLERANCE_S = 1e-6
"""Times come in centiseconds; a threshold missed by less than this is float noise, not a miss."""

_HANGUL_SYLLABLE = re.compile("[가-힣]")


@dataclass(frozen=True, slots=True)
class MetricThresholds:
    """Where a pause becomes silence, a silence a hold, and an overlap overtalk (seconds)."""

    silence_min_gap_s: float = 3.0
    """A gap shorter than this is a pause in turn-taking, not silence."""
    hold_min_gap_s: float = 10.0
    """A gap this long right after the agent says a hold phrase is a hold."""
    hold_any_gap_s: float = 60.0
    """A gap this long is a hold whatever was said: nobody sits through a silent minute."""
    hold_phrases: tuple[str, ...] = DEFAULT_HOLD_PHRASES
    overtalk_min_s: float = 1.0
    """Both talking for less than this is a back-channel ("네", "아") or a quick hand-over."""
    min_timed_share: float = 0.5
    """Below this share of timed turns, time metrics are not measurable (all None)."""

    def __post_init__(self) -> None:
        if not self.silence_min_gap_s > 0:
            raise ValueError(f"silence_min_gap_s must be > 0, got {self.silence_min_gap_s}")
        # A hold must be at least a silence: the classification above relies on it.
        if not self.silence_min_gap_s <= self.hold_min_gap_s <= self.hold_any_gap_s:
            raise ValueError(
                "need silence_min_gap_s <= hold_min_gap_s <= hold_any_gap_s, got "
                f"{self.silence_min_gap_s}, {self.hold_min_gap_s}, {self.hold_any_gap_s}"
            )
        if not self.overtalk_min_s >= 0:
            raise ValueError(f"overtalk_min_s must be >= 0, got {self.overtalk_min_s}")
        if not 0 < self.min_timed_share <= 1:
            raise ValueError(f"min_timed_share must be in (0, 1], got {self.min_timed_share}")
        if any(not phrase.strip() for phrase in self.hold_phrases):
            raise ValueError("hold_phrases must not contain empty phrases")


@dataclass(frozen=True, slots=True)
class Interval:
    """A stretch of the call, seconds from its start."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class Overtalk:
    """Both talking from ``start_s`` to ``end_s``: ``interrupter`` began while ``interrupted``
    was already talking. ``seqs`` are the utterances that overlap in it."""

    start_s: float
    end_s: float
    interrupter: Speaker
    interrupted: Speaker
    seqs: tuple[int, ...]

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


METRIC_COLUMNS: tuple[str, ...] = (
    "timings_available",
    "agent_talk_s",
    "customer_talk_s",
    "agent_talk_ratio",
    "silence_s",
    "silence_ratio",
    "longest_silence_s",
    "hold_count",
    "hold_s",
    "overtalk_count",
    "overtalk_s",
    "agent_interruptions",
    "customer_interruptions",
    "agent_speech_rate",
    "customer_speech_rate",
    "agent_response_latency_s",
)
"""The ``call_metrics`` columns this module fills (db/models/calls.py CallMetrics)."""


@dataclass(frozen=True, slots=True)
class CallMetricsResult:
    """A call's metrics (None: not measurable) and the events its timeline draws.

    - ``*_talk_s``: length of the union of the speaker's utterances (their own overlaps once).
    - ``agent_talk_ratio``: agent talk / (agent talk + customer talk); None if nobody talked.
    - ``silence_s``, ``longest_silence_s``: total and longest silence (0.0 when there is none);
      ``silence_ratio`` = silence_s / D (None when D is 0).
    - ``hold_count``, ``hold_s``: number and total length of holds.
    - ``overtalk_*``: stretches where both talk for at least ``overtalk_min_s``;
      ``agent_interruptions`` + ``customer_interruptions`` == ``overtalk_count``.
    - ``*_speech_rate``: Hangul syllables (가-힣, redaction markers excluded) per second of the
      speaker's talk; digits and Latin letters are not counted. None without talk.
    - ``agent_response_latency_s``: mean wait from the end of the customer's speech to the start
      of the agent's next utterance, over every agent utterance that follows speech the customer
      finished last. Starting while the customer still talks counts as 0 s; waits that are a
      hold or unknown are left out (holds are measured by ``hold_s``). None with no such reply.
    """

    timings_available: bool
    agent_talk_s: float | None = None
    customer_talk_s: float | None = None
    agent_talk_ratio: float | None = None
    silence_s: float | None = None
    silence_ratio: float | None = None
    longest_silence_s: float | None = None
    hold_count: int | None = None
    hold_s: float | None = None
    overtalk_count: int | None = None
    overtalk_s: float | None = None
    agent_interruptions: int | None = None
    customer_interruptions: int | None = None
    agent_speech_rate: float | None = None
    customer_speech_rate: float | None = None
    agent_response_latency_s: float | None = None
    silences: tuple[Interval, ...] = ()
    holds: tuple[Interval, ...] = ()
    overtalks: tuple[Overtalk, ...] = ()

    def as_row(self) -> dict[str, bool | int | float | None]:
        """The values of the ``call_metrics`` columns this module computes."""
        return {name: getattr(self, name) for name in METRIC_COLUMNS}


class _GapKind(Enum):
    PAUSE = "pause"
    SILENCE = "silence"
    HOLD = "hold"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class _Said:
    """A timed utterance with its times as plain floats."""

    start_s: float
    end_s: float
    turn: Turn


@dataclass(slots=True)
class _Stretch:
    """One speaker talking without a break: the union of their overlapping utterances."""

    start_s: float
    end_s: float
    said: list[_Said]


def compute_metrics(
    turns: Sequence[Turn], *, duration_s: float | None, thresholds: MetricThresholds
) -> CallMetricsResult:
    """The metrics of one call (see the module docstring and ``CallMetricsResult``).

    ``duration_s`` is the recording's length; None when unknown. Raises ValueError for times
    no transcript can have (negative, end before start, not finite): a bug upstream.
    """
    if duration_s is not None and not (math.isfinite(duration_s) and duration_s >= 0):
        raise ValueError(f"duration_s must be a finite number >= 0, got {duration_s}")
    timed = [_timed(turn) for turn in turns if turn.timed]
    if not timed or len(timed) < thresholds.min_timed_share * len(turns):
        return CallMetricsResult(timings_available=False)

    window_s = max(duration_s or 0.0, max(said.end_s for said in timed))
    spoken = sorted(
        (said for said in timed if said.end_s > said.start_s),
        key=lambda said: (said.start_s, said.end_s, said.turn.seq),
    )
    agent = _stretches(spoken, Speaker.AGENT)
    customer = _stretches(spoken, Speaker.CUSTOMER)
    agent_talk_s = sum(s.end_s - s.start_s for s in agent)
    customer_talk_s = sum(s.end_s - s.start_s for s in customer)
    untimed = _untimed_spans(turns, window_s) if len(timed) < len(turns) else []

    gaps = _classify_gaps(spoken, untimed, window_s, thresholds)
    silences = tuple(gap for gap, kind in gaps if kind is _GapKind.SILENCE)
    holds = tuple(gap for gap, kind in gaps if kind is _GapKind.HOLD)
    overtalks = _overtalks(agent, customer, thresholds.overtalk_min_s)
    not_waits = {gap.start_s for gap, kind in gaps if kind in (_GapKind.HOLD, _GapKind.UNKNOWN)}
    latencies = _response_latencies(spoken, not_waits)
    talk_s = agent_talk_s + customer_talk_s
    silence_s = sum(gap.duration_s for gap in silences)
    agent_interruptions = sum(o.interrupter is Speaker.AGENT for o in overtalks)
    return CallMetricsResult(
        timings_available=True,
        agent_talk_s=agent_talk_s,
        customer_talk_s=customer_talk_s,
        agent_talk_ratio=agent_talk_s / talk_s if talk_s > 0 else None,
        silence_s=silence_s,
        silence_ratio=silence_s / window_s if window_s > 0 else None,
        longest_silence_s=max((gap.duration_s for gap in silences), default=0.0),
        hold_count=len(holds),
        hold_s=sum(gap.duration_s for gap in holds),
        overtalk_count=len(overtalks),
        overtalk_s=sum(o.duration_s for o in overtalks),
        agent_interruptions=agent_interruptions,
        customer_interruptions=len(overtalks) - agent_interruptions,
        agent_speech_rate=_speech_rate(agent, agent_talk_s),
        customer_speech_rate=_speech_rate(customer, customer_talk_s),
        agent_response_latency_s=sum(latencies) / len(latencies) if latencies else None,
        silences=silences,
        holds=holds,
        overtalks=overtalks,
    )


def _timed(turn: Turn) -> _Said:
    start, end = float(turn.start_s), float(turn.end_s)  # type: ignore[arg-type]
    if not (math.isfinite(start) and math.isfinite(end) and 0 <= start <= end):
        raise ValueError(f"utterance {turn.seq} has impossible times {start}..{end}")
    return _Said(start, end, turn)


def _stretches(spoken: list[_Said], speaker: Speaker) -> list[_Stretch]:
    """The speaker's talk as sorted, disjoint, non-touching stretches."""
    stretches: list[_Stretch] = []
    for said in spoken:
        if said.turn.speaker is not speaker:
            continue
        if stretches and said.start_s <= stretches[-1].end_s:
            last = stretches[-1]
            last.end_s = max(last.end_s, said.end_s)
            last.said.append(said)
        else:
            stretches.append(_Stretch(said.start_s, said.end_s, [said]))
    return stretches


def _untimed_spans(turns: Sequence[Turn], window_s: float) -> list[Interval]:
    """Where untimed turns were spoken, as far as we know: between the ends of the timed turns
    before them and the start of the timed turn after them, in ``seq`` order. Sorted, merged."""
    ordered = sorted(turns, key=lambda turn: turn.seq)
    next_start = [window_s] * (len(ordered) + 1)
    for i in range(len(ordered) - 1, -1, -1):
        turn = ordered[i]
        next_start[i] = turn.start_s if turn.timed else next_start[i + 1]  # type: ignore[assignment]
    spans: list[Interval] = []
    ended = 0.0
    for i, turn in enumerate(ordered):
        if turn.timed:
            ended = max(ended, turn.end_s)  # type: ignore[type-var]
        elif next_start[i + 1] > ended:
            spans.append(Interval(ended, next_start[i + 1]))
    merged: list[Interval] = []
    for span in sorted(spans, key=lambda span: span.start_s):
        if merged and span.start_s <= merged[-1].end_s:
            merged[-1] = Interval(merged[-1].start_s, max(merged[-1].end_s, span.end_s))
        else:
            merged.append(span)
    return merged


def _classify_gaps(
    spoken: list[_Said], untimed: list[Interval], window_s: float, thresholds: MetricThresholds
) -> list[tuple[Interval, _GapKind]]:
    """Every stretch of ``[0, window_s]`` where nobody talks, with what it is."""
    hold_phrase = _hold_phrase_pattern(thresholds.hold_phrases)
    untimed_starts = [span.start_s for span in untimed]
    gaps: list[tuple[Interval, _GapKind]] = []
    talked_until = 0.0
    last_agent_text: str | None = None

    def add_gap(start_s: float, end_s: float) -> None:
        length = end_s - start_s
        before = bisect.bisect_left(untimed_starts, end_s)  # spans starting before the gap ends
        if before and untimed[before - 1].end_s > start_s:
            kind = _GapKind.UNKNOWN
        elif length >= thresholds.hold_any_gap_s - _TOLERANCE_S or (
            length >= thresholds.hold_min_gap_s - _TOLERANCE_S
            and last_agent_text is not None
            and hold_phrase.search(last_agent_text)
        ):
            kind = _GapKind.HOLD
        elif length >= thresholds.silence_min_gap_s - _TOLERANCE_S:
            kind = _GapKind.SILENCE
        else:
            kind = _GapKind.PAUSE
        gaps.append((Interval(start_s, end_s), kind))

    for said in spoken:
        if said.start_s > talked_until:
            add_gap(talked_until, said.start_s)
        talked_until = max(talked_until, said.end_s)
        if said.turn.speaker is Speaker.AGENT:
            last_agent_text = said.turn.text
    if window_s > talked_until:
        add_gap(talked_until, window_s)
    return gaps


@lru_cache(maxsize=8)
def _hold_phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for all phrases, each allowing any spacing between its characters."""
    alternatives = (
        r"\s*".join(re.escape(ch) for ch in phrase if not ch.isspace()) for phrase in phrases
    )
    return re.compile("|".join(alternatives) or "(?!)")  # no phrases: never a phrase hold


def _overtalks(
    agent: list[_Stretch], customer: list[_Stretch], min_s: float
) -> tuple[Overtalk, ...]:
    """Intersections of the two speakers' stretches (a sorted merge), long enough to count."""
    found: list[Overtalk] = []
    i = j = 0
    while i < len(agent) and j < len(customer):
        a, c = agent[i], customer[j]
        start_s, end_s = max(a.start_s, c.start_s), min(a.end_s, c.end_s)
        if end_s > start_s and end_s - start_s >= min_s - _TOLERANCE_S:
            # The later starter cut in; on a tie, the transcript's order decides.
            agent_cut_in = (a.start_s, a.said[0].turn.seq) > (c.start_s, c.said[0].turn.seq)
            seqs = sorted(
                said.turn.seq
                for said in (*a.said, *c.said)
                if said.start_s < end_s and said.end_s > start_s
            )
            found.append(
                Overtalk(
                    start_s,
                    end_s,
                    interrupter=Speaker.AGENT if agent_cut_in else Speaker.CUSTOMER,
                    interrupted=Speaker.CUSTOMER if agent_cut_in else Speaker.AGENT,
                    seqs=tuple(seqs),
                )
            )
        if a.end_s < c.end_s:
            i += 1
        else:
            j += 1
    return tuple(found)


def _response_latencies(spoken: list[_Said], not_waits: set[float]) -> list[float]:
    """For each agent turn that follows speech the customer finished last: how long the
    customer waited (0 when the agent started before they finished)."""
    latencies: list[float] = []
    talked_until = 0.0
    last_to_finish: Speaker | None = None
    for said in spoken:
        if said.turn.speaker is Speaker.AGENT and last_to_finish is Speaker.CUSTOMER:
            if said.start_s <= talked_until:
                latencies.append(0.0)
            elif talked_until not in not_waits:  # the gap before this turn starts there
                latencies.append(said.start_s - talked_until)
        if said.end_s > talked_until:
            talked_until, last_to_finish = said.end_s, said.turn.speaker
    return latencies


def _speech_rate(stretches: list[_Stretch], talk_s: float) -> float | None:
    if talk_s <= 0:
        return None
    return sum(_hangul_syllables(said.turn) for s in stretches for said in s.said) / talk_s


def _hangul_syllables(turn: Turn) -> int:
    """Hangul syllables said: a redaction marker ("[전화번호]") is not what was said."""
    count = len(_HANGUL_SYLLABLE.findall(turn.text))
    for span in turn.redactions:
        count -= len(_HANGUL_SYLLABLE.findall(turn.text, span.start, span.end))
    return count
