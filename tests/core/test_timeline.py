import pytest

from core.domain import Speaker
from core.metrics import Interval, MetricThresholds, compute_metrics
from core.timeline import build_timeline
from core.transcript import Turn

A, C = Speaker.AGENT, Speaker.CUSTOMER
THRESHOLDS = MetricThresholds()  # silence from 3 s, holds from 10 s after a hold phrase


def turns(*rows):
    return [Turn(seq, speaker, text, start, end) for seq, (speaker, start, end, text) in
            enumerate(rows)]  # fmt: skip


CONVERSATION = turns(
    (A, 0.0, 4.0, "안녕하십니까, 한빛손해보험입니다."),
    (A, 3.5, 6.0, "무엇을 도와드릴까요?"),  # the agent's own overlap is one stretch
    (C, 6.5, 12.0, "사고 접수하려고요."),  # a 0.5 s pause: not silence
    (A, 10.0, 14.0, "네, 고객님."),  # 2 s of overtalk: the agent cut in
    (C, 20.0, 25.0, "여보세요?"),  # 6 s of nobody: silence
    (A, 25.0, 26.0, "잠시만 기다려 주시겠습니까?"),
    (C, 40.0, 41.0, "네."),  # 14 s after a hold phrase: a hold
)


def test_speech_is_each_speakers_talk_merged_into_stretches():
    timeline = build_timeline(CONVERSATION, duration_s=41.0, thresholds=THRESHOLDS)
    assert timeline.available
    assert timeline.speech[A] == (Interval(0.0, 6.0), Interval(10.0, 14.0), Interval(25.0, 26.0))
    assert timeline.speech[C] == (Interval(6.5, 12.0), Interval(20.0, 25.0), Interval(40.0, 41.0))


def test_gaps_are_silence_or_hold_as_the_metrics_count_them_and_pauses_are_neither():
    timeline = build_timeline(CONVERSATION, duration_s=41.0, thresholds=THRESHOLDS)
    assert timeline.silences == (Interval(14.0, 20.0),)
    assert timeline.holds == (Interval(26.0, 40.0),)
    metrics = compute_metrics(CONVERSATION, duration_s=41.0, thresholds=THRESHOLDS)
    assert sum(s.duration_s for s in timeline.silences) == metrics.silence_s
    assert sum(h.duration_s for h in timeline.holds) == metrics.hold_s


def test_overtalk_says_who_cut_in_and_when():
    (overtalk,) = build_timeline(CONVERSATION, duration_s=41.0, thresholds=THRESHOLDS).overtalks
    assert (overtalk.start_s, overtalk.end_s) == (10.0, 12.0)
    assert overtalk.interrupter is A and overtalk.interrupted is C


def test_trailing_silence_up_to_the_recordings_end_is_on_the_timeline():
    timeline = build_timeline(CONVERSATION, duration_s=50.0, thresholds=THRESHOLDS)
    assert timeline.end_s == 50.0
    assert timeline.silences[-1] == Interval(41.0, 50.0)


def test_an_untimed_transcript_has_no_timeline_rather_than_an_empty_one():
    untimed = [Turn(0, A, "안녕하십니까"), Turn(1, C, "네")]
    timeline = build_timeline(untimed, duration_s=None, thresholds=THRESHOLDS)
    assert not timeline.available
    assert timeline.speech is None and timeline.silences == () and timeline.overtalks == ()


@pytest.mark.parametrize("timed_share", [0, 1])
def test_too_few_timed_turns_is_not_available(timed_share):
    rows = [Turn(0, A, "안녕하십니까", 0.0, 2.0) if timed_share else Turn(0, A, "안녕하십니까")]
    rows += [Turn(i, C, "네") for i in range(1, 4)]
    assert not build_timeline(rows, duration_s=10.0, thresholds=THRESHOLDS).available
