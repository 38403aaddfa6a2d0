"""Speech-to-text: guards on constructed segments, the speaker rules, and the real
faster-whisper (WhisperModel and BatchedInferencePipeline) on espeak-ng calls with a tiny
random-weight model: its text is garbage, its timestamps, VAD and segments are real."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.audio import load_channels
from core.domain import Speaker, SpeakerMethod
from core.errors import UserError
from core.stt import DropReason, GuardThresholds, SttResult, SttSettings, Transcriber
from core.stt.guards import RecognizedSegment, RecognizedWord, screen
from core.stt.speakers import (
    SpeechUnit,
    assign_mono_speakers,
    is_dual_mono,
    speaker_cue,
    split_at_pauses,
    to_turns,
)
from tests.fixtures.speech import (
    SyntheticCall,
    hold_music,
    make_call,
    silence,
    telephone_band,
    write_wav,
)
from tests.fixtures.tiny_whisper import build_tiny_whisper

AGENT, CUSTOMER = Speaker.AGENT, Speaker.CUSTOMER
GUARDS = GuardThresholds()
SCRIPT = (
    (AGENT, "안녕하십니까, 한빛손해보험 상담사 김민수입니다. 무엇을 도와드릴까요?"),
    (CUSTOMER, "네, 어제 접촉 사고가 나서 접수하려고요."),
    (AGENT, "많이 놀라셨겠습니다. 고객님, 다치신 분은 없으신가요?"),
    (CUSTOMER, "다행히 다친 사람은 없어요."),
)


def segment(text: str = "네, 확인해 드리겠습니다.", start: float = 1.0, end: float = 2.0, **kw):
    values = {"avg_logprob": -0.3, "no_speech_prob": 0.05, "compression_ratio": 1.2} | kw
    return RecognizedSegment(text=text, start_s=start, end_s=end, **values)


# --- guards -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "시청해주셔서 감사합니다.",
        "끝까지 시청해 주셔서 감사합니다!",
        "MBC 뉴스 이덕영입니다.",
        "구독과 좋아요 부탁드립니다",
        "자막 제공 및 자막 편집: 배달의 민족",
        "♪ ♪",
        "(음악)",
    ],
)
def test_known_hallucination_phrase_is_dropped_with_its_reason(text: str) -> None:
    kept, dropped = screen([segment(text)], GUARDS, duration_s=60)
    assert kept == []
    assert [d.reason for d in dropped] == [DropReason.HALLUCINATION_PHRASE]


@pytest.mark.parametrize(
    "text",
    [
        "감사합니다.",
        "네, 확인 감사합니다, 고객님.",
        "뉴스에서 보니까 보험료가 오른다던데 맞나요?",
        "음악 스트리밍 구독료 결제 건인데요, 카드 변경하려고요.",
        "시청해주셔서 감사합니다 같은 말이 왜 자막에 나오는지는 모르겠고요,"
        " 제 사고 접수 건 확인 부탁드려요",
    ],
)
def test_ordinary_call_speech_is_kept(text: str) -> None:
    kept, dropped = screen([segment(text)], GUARDS, duration_s=60)
    assert (len(kept), dropped) == (1, [])


@pytest.mark.parametrize(
    "text",
    [
        "네 네 네 네 네",
        "확인해 보겠습니다 확인해 보겠습니다 확인해 보겠습니다 확인해 보겠습니다 확인해 보겠습니다",
        "감사합니다감사합니다감사합니다감사합니다감사합니다",
    ],
)
def test_phrase_repeated_back_to_back_is_a_repetition_loop(text: str) -> None:
    _, dropped = screen([segment(text)], GUARDS, duration_s=60)
    assert [d.reason for d in dropped] == [DropReason.REPETITION_LOOP]


@pytest.mark.parametrize("text", ["네 네 네", "네네네네네", "아 그게 그게 아니고요"])
def test_short_repeats_people_really_say_are_kept(text: str) -> None:
    kept, _ = screen([segment(text)], GUARDS, duration_s=60)
    assert len(kept) == 1


def test_text_that_compresses_too_well_is_a_repetition_loop() -> None:
    loop = segment(compression_ratio=GUARDS.compression_ratio + 0.1)
    _, dropped = screen([loop], GUARDS, duration_s=60)
    assert [d.reason for d in dropped] == [DropReason.REPETITION_LOOP]


def test_likely_silence_with_unlikely_text_is_dropped_as_no_speech() -> None:
    silent = segment(no_speech_prob=0.9, avg_logprob=-1.5)
    confident = segment(no_speech_prob=0.9, avg_logprob=-0.2)  # Whisper's rule keeps it
    unlikely_speech = segment(no_speech_prob=0.1, avg_logprob=-1.5)

    kept, dropped = screen([silent, confident, unlikely_speech], GUARDS, duration_s=60)

    assert kept == [confident, unlikely_speech]
    assert [d.reason for d in dropped] == [DropReason.NO_SPEECH]


def test_segment_starting_after_the_audio_ends_is_dropped() -> None:
    _, dropped = screen([segment(start=61.0, end=63.0)], GUARDS, duration_s=60)
    assert [d.reason for d in dropped] == [DropReason.PAST_END]


def test_drop_record_keeps_reason_time_length_and_speaker_but_never_the_text() -> None:
    text = "시청해주셔서 감사합니다"
    kept, dropped = screen(
        [segment(text, 3.0, 4.5), segment("   ")], GUARDS, duration_s=60, speaker=CUSTOMER
    )

    assert kept == []  # the blank segment is skipped: nothing said, nothing lost
    (record,) = dropped
    assert (record.start_s, record.end_s, record.text_length, record.speaker) == (
        3.0,
        4.5,
        len(text),
        CUSTOMER,
    )
    assert text not in repr(record)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["네", "시청해주셔서 감사합니다", "네 네 네 네 네 네", "", "사고 접수요"]
            ),
            st.floats(0, 80),
            st.floats(0, 1),
            st.floats(-3, 0),
        ),
        max_size=20,
    )
)
def test_every_segment_with_text_is_either_kept_or_counted(rows) -> None:
    segments = [
        segment(text, start, start + 1, no_speech_prob=nsp, avg_logprob=lp)
        for text, start, nsp, lp in rows
    ]
    kept, dropped = screen(segments, GUARDS, duration_s=60)
    assert len(kept) + len(dropped) == sum(1 for s in segments if s.text.strip())


# --- speakers ---------------------------------------------------------------------------


def words(*items: tuple[str, float, float]) -> tuple[RecognizedWord, ...]:
    return tuple(RecognizedWord(text, start, end, 0.8) for text, start, end in items)


def test_words_split_into_units_at_long_pauses_and_stay_inside_the_audio() -> None:
    segments = [
        segment(
            "안녕하십니까 고객님 네",
            0.0,
            3.0,
            words=words((" 안녕하십니까", 0.0, 0.8), (" 고객님", 0.9, 1.4), (" 네", 2.5, 3.0)),
        ),
        segment(" 접수요", 9.5, 11.0, words=words((" 접수요", 9.5, 11.0))),
    ]

    units = split_at_pauses(segments, pause_s=0.7, duration_s=10.0)

    assert [(u.text, u.start_s, u.end_s) for u in units] == [
        ("안녕하십니까 고객님", 0.0, 1.4),
        ("네", 2.5, 3.0),
        ("접수요", 9.5, 10.0),
    ]
    assert all(u.confidence == pytest.approx(0.8) for u in units)


def test_segment_without_word_timings_becomes_one_unit() -> None:
    (unit,) = split_at_pauses([segment("네 맞습니다", 1.0, 2.0)], pause_s=0.7, duration_s=60)
    assert (unit.text, unit.start_s, unit.end_s) == ("네 맞습니다", 1.0, 2.0)
    assert unit.confidence == pytest.approx(np.exp(-0.3))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("감사합니다, 한빛손해보험입니다.", AGENT),
        ("네 고객님, 확인해 드리겠습니다.", AGENT),
        ("상담사님, 그거 언제 처리돼요?", CUSTOMER),
        ("여보세요?", CUSTOMER),
        ("네, 알겠습니다.", None),
    ],
)
def test_speaker_cues(text: str, expected: Speaker | None) -> None:
    assert speaker_cue(text, company_names=("한빛손해보험",)) is expected


def units(*texts: str) -> list[SpeechUnit]:
    return [SpeechUnit(text, i * 2.0, i * 2.0 + 1.0, 0.9) for i, text in enumerate(texts)]


def test_greeting_with_the_company_name_marks_the_agent_and_turns_alternate() -> None:
    call = units(
        "네, 한빛손해보험입니다.", "자동차 사고 때문에요.", "네, 말씀하세요.", "어제 그랬어요."
    )
    assert assign_mono_speakers(call, ["한빛손해보험"]) == [AGENT, CUSTOMER, AGENT, CUSTOMER]


def test_utterances_before_the_first_cue_are_counted_back_from_it() -> None:
    # An outbound call: the customer picks up with "네." before the agent introduces herself.
    call = units("네.", "고객님, 한빛손해보험입니다.", "네, 무슨 일이시죠?")
    assert assign_mono_speakers(call, ["한빛손해보험"]) == [CUSTOMER, AGENT, CUSTOMER]


def test_a_later_cue_re_anchors_the_alternation() -> None:
    # "잠시만요" and "고객님, …" are one agent turn with a pause inside: alternation alone
    # would give the second half to the customer; its cue puts it right, and the
    # alternation carries on from there.
    call = units("상담사 김민수입니다.", "네.", "잠시만요.", "고객님, 확인됐습니다.", "감사해요.")
    assert assign_mono_speakers(call) == [AGENT, CUSTOMER, AGENT, AGENT, CUSTOMER]


def test_without_any_cue_the_first_speaker_is_the_agent() -> None:
    assert assign_mono_speakers(units("네.", "네.", "네.")) == [AGENT, CUSTOMER, AGENT]
    assert assign_mono_speakers([]) == []


def test_turns_are_ordered_by_start_and_numbered_from_zero() -> None:
    late, early = SpeechUnit("b", 5.0, 6.0, 0.5), SpeechUnit("a", 1.0, 2.0, 0.7)

    turns, confidences = to_turns([(CUSTOMER, late), (AGENT, early)])

    assert [(t.seq, t.speaker, t.text) for t in turns] == [(0, AGENT, "a"), (1, CUSTOMER, "b")]
    assert confidences == (0.7, 0.5)


def test_stereo_with_the_same_mix_on_both_channels_is_dual_mono() -> None:
    mix = np.random.default_rng(1).standard_normal(16000).astype(np.float32)
    other = np.random.default_rng(2).standard_normal(16000).astype(np.float32)
    assert is_dual_mono(mix, mix.copy())
    assert not is_dual_mono(mix, other)


# --- the real model on synthetic calls -----------------------------------------------------


def stt_settings(model_dir: Path, **overrides) -> SttSettings:
    """Test decoding: greedy, one temperature and a token cap (random weights otherwise
    trigger the temperature fallback, seconds per call)."""
    base = SttSettings(
        model=str(model_dir),
        device="cpu",
        compute_type="int8",
        batch_size=1,
        beam_size=1,
        temperature=(0.0,),
        max_new_tokens=16,
        company_names=("한빛손해보험",),
    )
    return replace(base, **overrides)


@pytest.fixture(scope="module")
def calls_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("calls")


@pytest.fixture(scope="module")
def stereo_call(calls_dir: Path) -> SyntheticCall:
    return make_call(calls_dir / "stereo.wav", SCRIPT, agent_channel=0, gap_s=1.2)


@pytest.fixture(scope="module")
def hold_line(calls_dir: Path) -> Path:
    return hold_music(calls_dir / "hold.wav", 8.0)


@pytest.fixture(scope="module", params=[1, 4], ids=["sequential", "batched"])
def transcriber(request: pytest.FixtureRequest, tiny_whisper_dir: Path) -> Transcriber:
    return Transcriber(stt_settings(tiny_whisper_dir, batch_size=request.param))


def assert_well_formed(result: SttResult, call: SyntheticCall) -> None:
    starts = [t.start_s for t in result.turns]
    assert starts == sorted(starts)
    assert [t.seq for t in result.turns] == list(range(len(result.turns)))
    # Resampling to 16 kHz may round the length up by a sample.
    assert result.duration_s == pytest.approx(call.duration_s, abs=1e-3)
    assert all(0.0 <= t.start_s <= t.end_s <= result.duration_s for t in result.turns)
    assert all(t.text.strip() and t.redactions == () for t in result.turns)
    assert len(result.confidences) == len(result.turns)
    assert result.language == "ko"


VAD_PAD_S = SttSettings().vad_speech_pad_ms / 1000


def test_stereo_call_gives_both_speakers_in_time_order_each_from_its_own_channel(
    transcriber: Transcriber, stereo_call: SyntheticCall
) -> None:
    result = transcriber.transcribe_call(stereo_call.path)

    assert result.speaker_method is SpeakerMethod.STEREO_CHANNELS
    assert_well_formed(result, stereo_call)
    assert {t.speaker for t in result.turns} == {AGENT, CUSTOMER}
    # The random model's timestamps are garbage, but VAD ran on each channel alone and its
    # times are mapped back onto that channel's speech: no turn can start before its speaker
    # first talks (the customer's first line begins after the agent's first one ends).
    first_line = {
        speaker: min(line.start_s for line in stereo_call.lines if line.speaker is speaker)
        for speaker in (AGENT, CUSTOMER)
    }
    assert all(t.start_s >= first_line[t.speaker] - VAD_PAD_S for t in result.turns)


def test_only_the_channel_with_speech_gives_turns_and_the_setting_names_its_speaker(
    tiny_whisper_dir: Path,
    calls_dir: Path,
) -> None:
    agent_only = make_call(calls_dir / "agent-only.wav", [SCRIPT[0], SCRIPT[2]])

    for agent_channel, speaker in ((0, AGENT), (1, CUSTOMER)):
        transcriber = Transcriber(stt_settings(tiny_whisper_dir, agent_channel=agent_channel))
        turns = transcriber.transcribe_call(agent_only.path).turns
        assert turns and {t.speaker for t in turns} == {speaker}


def test_agent_channel_setting_swaps_the_speakers(
    tiny_whisper_dir: Path,
    stereo_call: SyntheticCall,
) -> None:
    left = Transcriber(stt_settings(tiny_whisper_dir, agent_channel=0))
    right = Transcriber(stt_settings(tiny_whisper_dir, agent_channel=1))

    as_recorded = left.transcribe_call(stereo_call.path).turns
    swapped = right.transcribe_call(stereo_call.path).turns

    swap = {AGENT: CUSTOMER, CUSTOMER: AGENT}
    assert sorted((t.start_s, t.end_s, swap[t.speaker]) for t in as_recorded) == sorted(
        (t.start_s, t.end_s, t.speaker) for t in swapped
    )


def test_mono_call_is_attributed_by_the_heuristic(
    transcriber: Transcriber, calls_dir: Path
) -> None:
    call = make_call(calls_dir / "mono.wav", SCRIPT, stereo=False, gap_s=1.2)

    result = transcriber.transcribe_call(call.path)

    assert result.speaker_method is SpeakerMethod.MONO_GREETING_HEURISTIC
    assert_well_formed(result, call)
    assert result.turns and result.turns[0].speaker is AGENT  # garbage text has no cues


def test_stereo_file_carrying_one_mix_twice_is_treated_as_mono(
    transcriber: Transcriber, calls_dir: Path
) -> None:
    call = make_call(calls_dir / "mono-source.wav", SCRIPT[:2], stereo=False)
    (mix,) = load_channels(call.path)
    path = write_wav(calls_dir / "dual-mono.wav", [mix, mix], 16000)

    result = transcriber.transcribe_call(path)

    assert result.speaker_method is SpeakerMethod.MONO_GREETING_HEURISTIC


def test_telephone_band_recording_is_transcribed(transcriber: Transcriber, calls_dir: Path) -> None:
    call = make_call(calls_dir / "wideband.wav", SCRIPT, stereo=False, gap_s=1.2)
    phone = telephone_band(call.path, calls_dir / "phone.wav")

    result = transcriber.transcribe_call(phone)

    assert_well_formed(result, call)
    assert result.turns


def test_silent_line_gives_no_turns_and_nothing_to_drop(
    transcriber: Transcriber, calls_dir: Path
) -> None:
    result = transcriber.transcribe_call(silence(calls_dir / "silence.wav", 6.0, channels=2))
    assert (result.turns, result.dropped) == ((), ())


@pytest.mark.parametrize(
    ("says", "unsure", "reason"),
    [
        ("시청해주셔서 감사합니다", False, DropReason.HALLUCINATION_PHRASE),
        ("MBC 뉴스 이덕영입니다", False, DropReason.HALLUCINATION_PHRASE),
        ("네 네 네 네 네 네", False, DropReason.REPETITION_LOOP),
        ("어 음 그", True, DropReason.NO_SPEECH),
    ],
)
@pytest.mark.parametrize("batch_size", [1, 4], ids=["sequential", "batched"])
def test_what_whisper_writes_over_hold_music_is_dropped_and_counted(
    tmp_path: Path, hold_line: Path, says: str, unsure: bool, reason: DropReason, batch_size: int
) -> None:
    # A model rigged to answer every window as Whisper answers hold music.
    model_dir = build_tiny_whisper(tmp_path / "model", says=says, unsure=unsure)
    transcriber = Transcriber(stt_settings(model_dir, batch_size=batch_size, max_new_tokens=24))

    result = transcriber.transcribe_call(hold_line)

    assert result.turns == ()
    assert result.dropped, "the hold music reached Whisper (VAD fired) and was dropped"
    assert {d.reason for d in result.dropped} == {reason}
    assert all(d.text_length == len(says) and d.speaker is None for d in result.dropped)


# --- model not available ------------------------------------------------------------------


def test_missing_local_model_folder_names_the_model_and_the_setting(tmp_path: Path) -> None:
    missing = tmp_path / "models" / "whisper-large-v3"
    with pytest.raises(UserError) as caught:
        Transcriber(stt_settings(missing))
    assert caught.value.key == "stt.model_missing"
    assert caught.value.params == {"model": str(missing), "setting": "FEPLE_STT_MODEL"}


def test_folder_without_model_weights_is_a_missing_model(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(UserError, match=r"^stt\.model_missing"):
        Transcriber(stt_settings(tmp_path))


@pytest.mark.parametrize("name", ["large-v3", "Systran/faster-whisper-small"])
def test_model_name_that_cannot_be_downloaded_is_a_missing_model(tmp_path: Path, name: str) -> None:
    # local_files_only stands in for a host without internet (and keeps the test offline).
    settings = stt_settings(
        tmp_path, model=name, download_root=str(tmp_path), local_files_only=True
    )
    with pytest.raises(UserError) as caught:
        Transcriber(settings)
    assert caught.value.params == {"model": name, "setting": "FEPLE_STT_MODEL"}


def test_unknown_model_size_is_a_missing_model() -> None:
    with pytest.raises(UserError, match=r"^stt\.model_missing"):
        Transcriber(SttSettings(model="large-v9", device="cpu"))


def test_agent_channel_must_be_left_or_right() -> None:
    with pytest.raises(ValueError, match="agent_channel"):
        SttSettings(agent_channel=2)
