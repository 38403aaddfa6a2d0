from __future__ import annotations

import io
import json

from core.domain import Speaker
from core.pii import PiiKind
from core.transcript_import import ImportFormat, ImportOptions, read_transcripts
from tests.core.transcript_import.reading import SAMPLES, read_sample


def test_transcribe_speaker_labels_make_timed_turns_with_punctuation_glued() -> None:
    (call,) = read_sample("transcribe_speakers.json", ImportFormat.AWS_TRANSCRIBE)
    assert call.source_id == "job-42"
    assert [(t.speaker, t.text, t.start_s, t.end_s) for t in call.turns] == [
        (Speaker.AGENT, "안녕하십니까 상담사 ▲▲▲입니다.", 0.04, 2.1),
        (Speaker.CUSTOMER, "네 안녕하세요.", 2.5, 3.8),
    ]
    assert [s.kind for s in call.turns[0].redactions] == [PiiKind.MASKED]
    assert call.timed and call.duration_s == 3.8


def test_transcribe_channels_merge_in_time_order() -> None:
    (call,) = read_sample("transcribe_channels.json", ImportFormat.AWS_TRANSCRIBE)
    assert [(t.speaker, t.text) for t in call.turns] == [
        (Speaker.CUSTOMER, "여보세요?"), (Speaker.AGENT, "네 고객님")
    ]  # fmt: skip


def test_transcribe_label_map_is_configurable_and_unknown_label_rejects_the_call() -> None:
    swapped = ImportOptions(aws_labels={"spk_0": Speaker.CUSTOMER, "spk_1": Speaker.AGENT})
    (call,) = read_sample("transcribe_speakers.json", ImportFormat.AWS_TRANSCRIBE,
                          options=swapped)  # fmt: skip
    assert call.turns[0].speaker is Speaker.CUSTOMER
    only_spk_1 = ImportOptions(aws_labels={"spk_1": Speaker.CUSTOMER})
    (rejected,) = read_sample("transcribe_speakers.json", ImportFormat.AWS_TRANSCRIBE,
                              options=only_spk_1)  # fmt: skip
    assert (rejected.key, rejected.params["label"]) == (
        "transcript_import.unknown_aws_label",
        "spk_0",
    )
    assert rejected.source_id == "job-42"


def test_transcribe_without_job_name_takes_the_callers_source_id() -> None:
    document = json.loads((SAMPLES / "transcribe_speakers.json").read_text())
    del document["jobName"]
    stream = io.StringIO(json.dumps(document))
    (call,) = read_transcripts(stream, format=ImportFormat.AWS_TRANSCRIBE, source_id="file-7")
    assert call.source_id == "file-7"


def test_contact_lens_turns_are_timed_from_millis_and_pii_tokens_kept() -> None:
    (call,) = read_sample("contact_lens.json", ImportFormat.CONTACT_LENS)
    assert call.source_id == "contact-7f3a"
    assert [(t.speaker, t.start_s, t.end_s) for t in call.turns] == [
        (Speaker.AGENT, 0.12, 2.3), (Speaker.CUSTOMER, 2.6, 5.1)
    ]  # fmt: skip
    first, second = call.turns
    assert [(first.text[s.start : s.end], s.kind) for s in first.redactions] == [
        ("[PII]", PiiKind.MASKED)
    ]
    assert second.text == "제 전화번호는 [전화번호] 입니다"


def test_wrong_aws_shape_is_a_rejection_not_a_crash() -> None:
    (item,) = read_transcripts(io.StringIO('{"jobName": "j", "results": {}}'),
                               format=ImportFormat.AWS_TRANSCRIBE)  # fmt: skip
    assert item.key == "transcript_import.not_transcribe"
