"""A call's timeline as the drill-down draws it: who spoke when, where nobody did, and where
both did at once.

The gaps and overlaps are the ones ``core.metrics`` counts (same thresholds, same rules), so
the picture always agrees with the numbers beside it. Without enough timed utterances there is
no timeline (``available`` False): "not available", never an empty bar that reads as silence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.domain import Speaker
from core.metrics import Interval, MetricThresholds, Overtalk, compute_metrics
from core.transcript import Turn


@dataclass(frozen=True, slots=True)
class Timeline:
    """``speech``: each speaker's talk as sorted, disjoint intervals (their own overlapping
    utterances merged). ``silences`` and ``holds``: gaps as ``core.metrics`` classifies them
    (pauses in turn-taking are neither). ``overtalks``: both talking long enough to count.
    ``end_s``: where the call's window ends (the recording's length, or the last utterance)."""

    available: bool
    end_s: float = 0.0
    speech: dict[Speaker, tuple[Interval, ...]] | None = None
    silences: tuple[Interval, ...] = ()
    holds: tuple[Interval, ...] = ()
    overtalks: tuple[Overtalk, ...] = ()


NOT_AVAILABLE = Timeline(available=False)


def build_timeline(
    turns: Sequence[Turn], *, duration_s: float | None, thresholds: MetricThresholds
) -> Timeline:
    """The timeline of one call's ``turns`` (see the module docstring)."""
    metrics = compute_metrics(turns, duration_s=duration_s, thresholds=thresholds)
    if not metrics.timings_available:
        return NOT_AVAILABLE
    timed = [turn for turn in turns if turn.timed]
    end_s = max(duration_s or 0.0, max(turn.end_s for turn in timed))  # type: ignore[type-var]
    return Timeline(
        available=True,
        end_s=float(end_s),
        speech={speaker: _merged(timed, speaker) for speaker in Speaker},
        silences=metrics.silences,
        holds=metrics.holds,
        overtalks=metrics.overtalks,
    )


def _merged(turns: Sequence[Turn], speaker: Speaker) -> tuple[Interval, ...]:
    """The speaker's utterances with length, as a union of intervals (touching ones joined)."""
    spans = sorted(
        (float(turn.start_s), float(turn.end_s))  # type: ignore[arg-type]
        for turn in turns
        if turn.speaker == speaker and turn.end_s > turn.start_s  # type: ignore[operator]
    )
    merged: list[Interval] = []
    for start_s, end_s in spans:
        if merged and start_s <= merged[-1].end_s:
            merged[-1] = Interval(merged[-1].start_s, max(merged[-1].end_s, end_s))
        else:
            merged.append(Interval(start_s, end_s))
    return tuple(merged)
