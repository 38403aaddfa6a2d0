import dataclasses
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from core.domain import CallCategory, Speaker
from core.metrics import (
    METRIC_COLUMNS,
    CallMetricsResult,
    Interval,
    MetricThresholds,
    compute_metrics,
)
from core.pii import REDACTION_MARKERS, PiiKind
from core.settings import Settings
from core.transcript import RedactionSpan, Turn
from db.demo.conversations import AgentStyle, fill_names, name_forms, render_conversation
from db.models.calls import CallMetrics

A, C = Speaker.AGENT, Speaker.CUSTOMER
DEFAULTS = MetricThresholds()


def script(*lines: tuple[Speaker, float | None, float | None, str]) -> list[Turn]:
    return [Turn(seq, who, text, start, end) for seq, (who, start, end, text) in enumerate(lines)]


def metrics(turns: list[Turn], duration_s: float | None, **thresholds) -> CallMetricsResult:
    return compute_metrics(
        turns, duration_s=duration_s, thresholds=dataclasses.replace(DEFAULTS, **thresholds)
    )


def test_a_speakers_own_overlapping_utterances_count_once_in_talk_time():
    result = metrics(
        script((A, 0, 5, "안녕하십니까"), (A, 4, 8, "무엇을 도와드릴까요"), (C, 9, 12, "네")), 12
    )
    assert result.agent_talk_s == 8
    assert result.customer_talk_s == 3
    assert result.agent_talk_ratio == pytest.approx(8 / 11)


def test_leading_and_trailing_dead_air_is_silence_and_short_pauses_are_not():
    turns = script((A, 4, 10, "안녕하십니까"), (C, 10.5, 15, "사고 접수하려고요"))
    result = metrics(turns, 20)
    assert result.silences == (Interval(0, 4), Interval(15, 20))
    assert result.silence_s == 9
    assert result.silence_ratio == pytest.approx(9 / 20)
    assert result.longest_silence_s == 5


def test_without_a_duration_the_call_ends_with_its_last_word():
    turns = script((A, 4, 10, "안녕하십니까"), (C, 10.5, 15, "사고 접수하려고요"))
    result = metrics(turns, None)
    assert result.silences == (Interval(0, 4),)
    assert result.silence_ratio == pytest.approx(4 / 15)


def test_customer_cutting_in_is_overtalk_by_the_customer():
    turns = script(
        (A, 0, 6, "보험금은 영업일 기준 삼 일 안에"),
        (C, 4.5, 9, "아니 그건 지난번에도 들었다니까요"),
    )
    (overtalk,) = metrics(turns, 9).overtalks
    assert (overtalk.start_s, overtalk.end_s) == (4.5, 6)
    assert (overtalk.interrupter, overtalk.interrupted) == (C, A)
    assert overtalk.seqs == (0, 1)
    result = metrics(turns, 9)
    assert (result.overtalk_count, result.overtalk_s) == (1, 1.5)
    assert (result.agent_interruptions, result.customer_interruptions) == (0, 1)


def test_agent_cutting_in_is_overtalk_by_the_agent_and_names_the_utterances_involved():
    turns = script(
        (C, 0, 3, "지난주에 접수했는데요"),
        (C, 3, 8, "아직 연락이 없어서요"),
        (A, 6, 10, "아니 그러니까요, 아까 말씀드렸잖아요"),
    )
    result = metrics(turns, 10)
    (overtalk,) = result.overtalks
    assert (overtalk.start_s, overtalk.end_s, overtalk.interrupter) == (6, 8, A)
    assert overtalk.seqs == (1, 2)  # the customer's first sentence was over before the cut-in
    assert (result.agent_interruptions, result.customer_interruptions) == (1, 0)


def test_cutting_in_across_two_back_to_back_utterances_is_one_overtalk():
    turns = script(
        (A, 0, 5, "보험료는"), (A, 5, 10, "매월 출금됩니다"), (C, 3, 8, "아니 그게 아니라요")
    )
    (overtalk,) = metrics(turns, 10).overtalks
    assert (overtalk.start_s, overtalk.end_s, overtalk.seqs) == (3, 8, (0, 1, 2))


def test_a_back_channel_under_the_threshold_is_not_overtalk():
    turns = script((A, 0, 8, "해지하시면 환급금이 적을 수 있습니다"), (C, 3, 3.5, "네"))
    result = metrics(turns, 8)
    assert result.overtalk_count == 0 and result.overtalk_s == 0
    assert result.customer_talk_s == 0.5
    assert metrics(turns, 8, overtalk_min_s=0.5).overtalk_count == 1


def test_starting_together_is_blamed_on_whoever_the_transcript_puts_second():
    turns = script((C, 2, 5, "저기요"), (A, 2, 6, "네 고객님"))
    (overtalk,) = metrics(turns, 6).overtalks
    assert overtalk.interrupter is A


HOLD_CALL = script(
    (A, 0, 3, "확인해 보겠습니다. 잠시만 기다려 주시겠습니까?"),
    (C, 3.5, 4, "네."),
    (A, 34, 36, "기다려 주셔서 감사합니다."),
    (C, 37, 39, "네, 어떻게 됐어요?"),
    (A, 40, 42, "처리되었습니다."),
)


def test_a_gap_after_a_hold_phrase_is_a_hold_not_silence():
    result = metrics(HOLD_CALL, 43)
    assert result.holds == (Interval(4, 34),)
    assert (result.hold_count, result.hold_s) == (1, 30)
    assert result.silences == () and result.silence_s == 0 and result.longest_silence_s == 0


def test_the_wait_on_hold_is_not_a_response_latency():
    # Only the reply at 40 s (1 s after the customer) is a response the customer waited for.
    assert metrics(HOLD_CALL, 43).agent_response_latency_s == pytest.approx(1.0)


def test_the_same_gap_without_a_hold_phrase_is_silence():
    turns = script((A, 0, 3, "네, 알겠습니다."), (C, 3.5, 4, "네."), (A, 34, 36, "말씀하신 건은요"))
    result = metrics(turns, 36)
    assert result.hold_count == 0
    assert result.silences == (Interval(4, 34),) and result.longest_silence_s == 30


def test_a_silent_minute_is_a_hold_even_unannounced():
    turns = script((A, 0, 3, "네, 알겠습니다."), (A, 75, 77, "말씀하신 건은요"))
    assert metrics(turns, 77).holds == (Interval(3, 75),)


def test_hold_phrases_match_however_speech_to_text_spaced_them():
    turns = script((A, 0, 3, "잠 시만기다려주시겠습니까"), (A, 20, 22, "네 고객님"))
    assert metrics(turns, 22, hold_phrases=("잠시만 기다려",)).hold_count == 1
    assert metrics(turns, 22, hold_phrases=()).hold_count == 0


def test_response_latency_averages_waits_and_counts_cutting_in_as_no_wait():
    turns = script(
        (C, 0, 2, "문의 좀 하려고요"),
        (A, 3, 5, "네 말씀하세요"),  # waited 1 s
        (C, 5.5, 8, "보험료가 두 번 나갔어요"),
        (A, 7.5, 10, "확인해 드릴게요"),  # started before the customer finished: 0 s
        (C, 10.2, 12, "네"),
        (A, 14, 15, "중복 출금 맞습니다"),  # waited 2 s
        (C, 15.5, 15.8, "네"),
        (A, 16, 17, "환불해 드리겠습니다"),  # waited 0.2 s
    )
    assert metrics(turns, 17).agent_response_latency_s == pytest.approx(3.2 / 4)


def test_a_back_channel_inside_the_agents_speech_is_not_something_the_agent_answers():
    turns = script(
        (A, 0, 8, "해지하시면 환급금이 적을 수 있습니다"), (C, 3, 3.5, "네"), (A, 9, 10, "네")
    )
    assert metrics(turns, 10).agent_response_latency_s is None


def test_speech_rate_counts_hangul_syllables_but_not_redaction_markers():
    marker = REDACTION_MARKERS[PiiKind.PHONE]
    text = f"번호는 {marker}입니다 OK 010"
    at = text.index(marker)
    redacted = Turn(0, A, text, 0, 2, (RedactionSpan(at, at + len(marker), PiiKind.PHONE),))
    result = metrics([redacted, Turn(1, C, "네 맞아요", 2, 3)], 3)
    assert result.agent_speech_rate == pytest.approx(6 / 2)  # 번호는 + 입니다
    assert result.customer_speech_rate == pytest.approx(4 / 1)


def test_untimed_transcript_has_no_time_metrics_never_zero():
    turns = script((A, None, None, "안녕하십니까"), (C, None, None, "사고 접수요"))
    result = metrics(turns, 120)
    assert result.timings_available is False
    assert all(
        value is None for name, value in result.as_row().items() if name != "timings_available"
    )
    assert result.silences == result.holds == result.overtalks == ()


def test_mostly_untimed_transcript_is_not_measurable():
    turns = script((A, 0, 2, "안녕하십니까"), (C, None, None, "네"), (A, None, None, "네"))
    assert metrics(turns, 10).timings_available is False
    assert metrics(turns, 10, min_timed_share=0.3).timings_available is True


def test_the_gap_where_an_untimed_utterance_was_said_is_neither_silence_nor_hold():
    turns = script(
        (A, 0, 3, "잠시만 기다려 주시겠습니까?"),
        (C, None, None, "아니요, 그냥 지금 말씀해 주세요. 제가 바빠서요."),
        (A, 20, 23, "네, 말씀드리겠습니다."),
        (C, 23.5, 24, "네."),
    )
    result = metrics(turns, 30)
    assert result.timings_available is True
    assert result.holds == () and result.silences == (Interval(24, 30),)
    assert result.agent_response_latency_s is None  # the only reply follows the unknown gap
    assert result.customer_talk_s == 0.5


def test_as_row_gives_the_call_metrics_columns():
    row = metrics(HOLD_CALL, 43).as_row()
    assert tuple(row) == METRIC_COLUMNS
    assert set(row) <= set(CallMetrics.__table__.columns.keys())


def test_impossible_times_are_refused():
    with pytest.raises(ValueError, match="utterance 0"):
        metrics(script((A, 5, 4, "네")), 10)
    with pytest.raises(ValueError, match="duration_s"):
        metrics(script((A, 0, 1, "네")), -1)


def test_thresholds_refuse_a_hold_shorter_than_a_silence():
    with pytest.raises(ValueError, match="hold_min_gap_s"):
        MetricThresholds(silence_min_gap_s=5, hold_min_gap_s=4)


def test_settings_carry_the_documented_thresholds_and_read_the_environment(monkeypatch):
    assert Settings(_env_file=None).metric_thresholds() == MetricThresholds()
    monkeypatch.setenv("FEPLE_METRIC_SILENCE_MIN_GAP_S", "5")
    monkeypatch.setenv("FEPLE_METRIC_HOLD_PHRASES", '["잠시만", "기다려 주세요"]')
    thresholds = Settings(_env_file=None).metric_thresholds()
    assert thresholds.silence_min_gap_s == 5
    assert thresholds.hold_phrases == ("잠시만", "기다려 주세요")
    monkeypatch.setenv("FEPLE_METRIC_HOLD_MIN_GAP_S", "4")
    with pytest.raises(ValidationError, match="hold_min_gap_s"):
        Settings(_env_file=None)


# Property tests: times on a 0.1 s grid, so a cell-by-cell timeline is an exact oracle.

TEXTS = (
    "네",
    "잠시만 기다려 주시겠습니까?",
    "확인해 보겠습니다",
    "말씀하세요",
    "그건 제 담당 아니에요",
)


@st.composite
def calls(draw):
    turns = []
    for seq in range(draw(st.integers(0, 20))):
        start, length = draw(st.integers(0, 900)), draw(st.integers(0, 120))
        timed = draw(st.integers(0, 9)) > 0
        turns.append(
            Turn(
                seq,
                draw(st.sampled_from(Speaker)),
                draw(st.sampled_from(TEXTS)),
                start / 10 if timed else None,
                (start + length) / 10 if timed else None,
            )
        )
    duration_ds = draw(st.none() | st.integers(0, 1200))
    silence = draw(st.integers(1, 50))
    hold_min = draw(st.integers(silence, 300))
    thresholds = MetricThresholds(
        silence_min_gap_s=silence / 10,
        hold_min_gap_s=hold_min / 10,
        hold_any_gap_s=draw(st.integers(hold_min, 900)) / 10,
        overtalk_min_s=draw(st.integers(0, 30)) / 10,
        min_timed_share=0.5,
    )
    return turns, duration_ds, thresholds


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(first, past-last) cells of each run of True."""
    found, start = [], None
    for k, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = k
        elif not flag and start is not None:
            found.append((start, k))
            start = None
    return found


def cells(interval) -> tuple[int, int]:
    return round(interval.start_s * 10), round(interval.end_s * 10)


@settings(max_examples=200, deadline=None)
@given(calls())
def test_metrics_agree_with_a_cell_by_cell_timeline(call):
    turns, duration_ds, thresholds = call
    result = compute_metrics(
        turns, duration_s=None if duration_ds is None else duration_ds / 10, thresholds=thresholds
    )
    timed = [t for t in turns if t.timed]
    if not timed or len(timed) < len(turns) / 2:
        assert not result.timings_available
        return
    window = max(duration_ds or 0, *(round(t.end_s * 10) for t in timed))
    talking = {A: [False] * window, C: [False] * window}
    for t in timed:
        for k in range(round(t.start_s * 10), round(t.end_s * 10)):
            talking[t.speaker][k] = True
    agent, customer = talking[A], talking[C]
    assert result.agent_talk_s == pytest.approx(sum(agent) / 10)
    assert result.customer_talk_s == pytest.approx(sum(customer) / 10)

    gaps = runs([not (a or c) for a, c in zip(agent, customer, strict=True)])
    long_gaps = {g for g in gaps if g[1] - g[0] >= thresholds.silence_min_gap_s * 10 - 1e-6}
    silences, holds = {cells(s) for s in result.silences}, {cells(h) for h in result.holds}
    assert silences.isdisjoint(holds)
    assert all(h[1] - h[0] >= thresholds.hold_min_gap_s * 10 - 1e-6 for h in holds)
    if len(timed) == len(turns):
        assert silences | holds == long_gaps
        assert {g for g in long_gaps if g[1] - g[0] >= thresholds.hold_any_gap_s * 10} <= holds
    else:  # gaps where untimed turns were said are left out
        assert silences | holds <= long_gaps
    speech_ds = sum(a or c for a, c in zip(agent, customer, strict=True))
    pauses_ds = sum(g[1] - g[0] for g in gaps if g not in long_gaps)
    assert result.silence_s + result.hold_s + (speech_ds + pauses_ds) / 10 <= window / 10 + 1e-6
    if len(timed) == len(turns):
        covered = result.silence_s + result.hold_s + (speech_ds + pauses_ds) / 10
        assert covered == pytest.approx(window / 10)

    both = [a and c for a, c in zip(agent, customer, strict=True)]
    min_ds = thresholds.overtalk_min_s * 10 - 1e-6
    assert {cells(o) for o in result.overtalks} == {r for r in runs(both) if r[1] - r[0] >= min_ds}
    for overtalk in result.overtalks:
        first = cells(overtalk)[0]
        speakers = {turns[seq].speaker for seq in overtalk.seqs}
        assert speakers == {A, C} and overtalk.interrupter is not overtalk.interrupted
        if first > 0 and agent[first - 1] != customer[first - 1]:
            assert overtalk.interrupted is (A if agent[first - 1] else C)
    assert result.agent_interruptions + result.customer_interruptions == result.overtalk_count
    assert result.overtalk_s <= min(result.agent_talk_s, result.customer_talk_s) + 1e-9

    for ratio in (result.agent_talk_ratio, result.silence_ratio):
        assert ratio is None or 0 <= ratio <= 1
    assert result.agent_response_latency_s is None or result.agent_response_latency_s >= 0


# Sanity over the demo generator's conversations, which plant holds, overtalk and dead air.


def demo_calls(style: AgentStyle, count: int, seed: int) -> list[CallMetricsResult]:
    rng = random.Random(seed)
    forms = name_forms("김민준")
    results = []
    for i in range(count):
        conversation = render_conversation(
            style=style,
            category=list(CallCategory)[i % len(CallCategory)],
            repeat_caller=i % 4 == 0,
            rng=rng,
        )
        turns = [
            Turn(
                seq, line.speaker, fill_names(line.text, forms, "이서연"), line.start_s, line.end_s
            )
            for seq, line in enumerate(conversation.lines)
        ]
        results.append(
            compute_metrics(turns, duration_s=conversation.duration_s, thresholds=DEFAULTS)
        )
    return results


def test_demo_calls_show_holds_and_no_dead_air_from_agents_who_keep_pace():
    results = demo_calls(AgentStyle(), 200, seed=7)
    assert sum(r.hold_count > 0 for r in results) >= 40
    # Every long gap the generator leaves is an announced hold: none may pass for silence.
    assert all(r.longest_silence_s < DEFAULTS.hold_min_gap_s for r in results)
    assert all(r.agent_talk_ratio is not None and 0.3 < r.agent_talk_ratio < 0.9 for r in results)
    assert all(3.5 < r.agent_speech_rate < 6.5 for r in results)  # generated at 5 syllables/s


def test_demo_agents_who_talk_over_customers_interrupt_more_than_they_are_interrupted():
    results = demo_calls(AgentStyle(rude=True, talks_over=True), 200, seed=8)
    assert sum(r.overtalk_count > 0 for r in results) >= 100
    assert sum(r.agent_interruptions for r in results) > 3 * sum(
        r.customer_interruptions for r in results
    )


def test_demo_agents_with_long_silences_have_dead_air():
    quiet = demo_calls(AgentStyle(long_silences=True), 200, seed=9)
    assert sum(r.silence_s > 0 for r in quiet) >= 100
    assert max(r.longest_silence_s for r in quiet) >= 20
