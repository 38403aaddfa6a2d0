from __future__ import annotations

import io

from core.domain import CallCategory, Speaker
from core.pii import PiiKind
from core.transcript_import import ImportFormat, ImportOptions, UtteranceColumns, read_transcripts
from tests.core.transcript_import.reading import by_id, read_sample, rejections


def test_rows_group_into_calls_and_every_bad_call_is_rejected_whole_with_its_line() -> None:
    items = read_sample("utterances.csv", ImportFormat.UTTERANCES_CSV)
    assert list(by_id(items)) == ["U-1", "U-2", "U-6"]
    assert [(r.line, r.source_id, r.key) for r in rejections(items)] == [
        (9, "U-3", "transcript_import.unknown_speaker"),
        (12, "U-4", "transcript_import.out_of_order"),
        (13, "U-1", "transcript_import.call_not_contiguous"),
        (15, "U-5", "transcript_import.end_before_start"),
    ]
    out_of_order = rejections(items)[1]
    assert out_of_order.params == {"start": "4", "before": "10", "before_line": "11"}
    assert rejections(items)[2].params == {"first": "2"}


def test_timings_in_clock_form_are_read_and_missing_ones_stay_unknown() -> None:
    calls = by_id(read_sample("utterances.csv", ImportFormat.UTTERANCES_CSV))
    u1 = calls["U-1"]
    assert [(t.seq, t.start_s, t.end_s) for t in u1.turns] == [
        (0, 0.0, 3.5), (1, 4.0, 9.0), (2, 10.0, None)
    ]  # fmt: skip
    assert u1.duration_s is None  # the last turn's end is unknown
    assert u1.turns[1].text == "연락처는 [전화번호] 입니다"
    assert u1.turns[1].redactions[0].kind is PiiKind.PHONE
    u2 = calls["U-2"]
    # the empty-text row is left out; the untimed first turn keeps None, not 0
    assert [(t.speaker, t.start_s, t.end_s) for t in u2.turns] == [
        (Speaker.AGENT, None, None), (Speaker.CUSTOMER, 5.0, 7.5)
    ]  # fmt: skip
    assert u2.duration_s == 7.5
    assert calls["U-6"].turns[0].start_s == 3723.0


def test_broken_line_inside_a_call_rejects_it_and_the_call_and_later_calls_import() -> None:
    items = read_sample("utterances.jsonl", ImportFormat.UTTERANCES_JSONL)
    assert list(by_id(items)) == ["L-1", "L-3"]
    assert [(r.line, r.source_id, r.key) for r in rejections(items)] == [
        (4, None, "transcript_import.bad_json_line"),
        (4, "L-2", "transcript_import.broken_line_in_call"),
    ]
    l1 = by_id(items)["L-1"]
    assert l1.metadata.category is CallCategory.GENERAL
    assert l1.metadata.agent == "A7"
    assert l1.timed and l1.duration_s == 4.0


def test_broken_line_between_two_calls_rejects_only_itself() -> None:
    data = (
        '{"call_id": "a", "speaker": "상담사", "text": "네"}\n'
        "{not json\n"
        '{"call_id": "b", "speaker": "손님", "text": "네"}\n'
    )
    items = list(read_transcripts(io.StringIO(data), format=ImportFormat.UTTERANCES_JSONL))
    assert list(by_id(items)) == ["a", "b"]
    assert [r.line for r in rejections(items)] == [2]


def test_configured_column_names_are_used() -> None:
    columns = UtteranceColumns(call_id=("콜ID",), speaker=("화자",), start=("시작",),
                               end=("종료",), text=("내용",))  # fmt: skip
    data = "콜ID,화자,시작,종료,내용\nk1,상담사,0,1.5,안녕하십니까\nk1,손님,2,3,네\n"
    (call,) = read_transcripts(io.StringIO(data), format=ImportFormat.UTTERANCES_CSV,
                               options=ImportOptions(columns=columns))  # fmt: skip
    assert [(t.text, t.start_s, t.end_s) for t in call.turns] == [
        ("안녕하십니까", 0.0, 1.5), ("네", 2.0, 3.0)
    ]  # fmt: skip


def test_call_with_only_empty_rows_is_rejected_as_empty() -> None:
    data = "call_id,speaker,start,end,text\nz,상담사,,,\nz,손님,,,  \n"
    (item,) = read_transcripts(io.StringIO(data), format=ImportFormat.UTTERANCES_CSV)
    assert (item.source_id, item.key) == ("z", "transcript_import.empty_call")
