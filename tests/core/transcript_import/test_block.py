from __future__ import annotations

import pytest

from core.domain import Speaker
from core.errors import UserError
from core.pii import PiiKind
from core.transcript_import.block import turns_from_block
from core.transcript_import.speakers import SpeakerNames

NAMES = SpeakerNames()


def test_prefix_styles_and_timestamps_become_timed_starts_with_unknown_ends() -> None:
    block = (
        "[00:00:01] 상담사: 안녕하십니까\n"
        "00:12 손님: 네 안녕하세요\n"
        "[상담사] 무엇을 도와드릴까요\n"
        "손님： 사고 접수요\n"
        "(1:02:03.5) agent: 확인했습니다"
    )
    turns = turns_from_block(block, NAMES)
    assert [(t.seq, t.speaker, t.text, t.start_s, t.end_s) for t in turns] == [
        (0, Speaker.AGENT, "안녕하십니까", 1.0, None),
        (1, Speaker.CUSTOMER, "네 안녕하세요", 12.0, None),
        (2, Speaker.AGENT, "무엇을 도와드릴까요", None, None),
        (3, Speaker.CUSTOMER, "사고 접수요", None, None),
        (4, Speaker.AGENT, "확인했습니다", 3723.5, None),
    ]


def test_lines_without_prefix_continue_the_utterance_even_with_a_colon_in_a_sentence() -> None:
    block = "손님: 사고가 났는데요\n참고로 말씀드리면: 10:30에 났어요\n\n[이름]님 차예요"
    (turn,) = turns_from_block(block, NAMES)
    assert turn.text == "사고가 났는데요 참고로 말씀드리면: 10:30에 났어요 [이름]님 차예요"
    at = turn.text.index("[이름]")
    assert [(s.start, s.end, s.kind) for s in turn.redactions] == [(at, at + 4, PiiKind.MASKED)]


def test_unknown_speaker_rejects_with_its_name_and_the_transcript_line() -> None:
    with pytest.raises(UserError) as caught:
        turns_from_block("상담사: 네\n손님: 네\n보호자: 제가 대신", NAMES)
    assert caught.value.key == "transcript_import.unknown_speaker_in_text"
    assert caught.value.params["row"] == "3"
    assert caught.value.params["name"] == "보호자"


def test_first_line_without_speaker_is_rejected() -> None:
    with pytest.raises(UserError) as caught:
        turns_from_block("안녕하세요\n상담사: 네", NAMES)
    assert caught.value.key == "transcript_import.no_speaker_in_text"


def test_speaker_lines_without_text_are_left_out_and_seq_stays_dense() -> None:
    turns = turns_from_block("상담사:\n손님: 네\n상담사:   \n상담사: 감사합니다", NAMES)
    assert [(t.seq, t.text) for t in turns] == [(0, "네"), (1, "감사합니다")]


def test_configured_speaker_names_with_spaces_count_as_prefixes() -> None:
    names = SpeakerNames(agent=("상담사 1",), customer=("고객 A",))
    turns = turns_from_block("상담사 1: 네\n고객 A: 네네", names)
    assert [t.speaker for t in turns] == [Speaker.AGENT, Speaker.CUSTOMER]
