"""Voice actors with consent and their reference samples, on SQLite and PostgreSQL, with real
espeak-ng Korean recordings and the files they leave under the data directory."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import soundfile as sf
from sqlalchemy import func, select

from core.access import PermissionDenied
from core.domain import SampleStatus
from core.errors import UserError
from core.voice.reference_sample import SampleThresholds
from db import voice_actors
from db.models import AuditEntry, VoiceActor, VoiceSample
from db.session import transaction
from tests.db.scenario_rows import run
from tests.db.voice_recordings import OTHER_READING, READING, SHORT, recording
from tests.voice_rows import CONSENT_PDF, DESIGNER, VIEWER, voice_actor

THRESHOLDS = SampleThresholds()
OTHER_PDF = b"%PDF-1.4\n% another signed consent form\n%%EOF\n"


def files_under(folder: Path) -> list[Path]:
    """Stored files, leaving out the staging folder that store_by_content writes through."""
    if not folder.exists():
        return []
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and "tmp" not in p.relative_to(folder).parts
    )


def audit_actions(engine) -> list[str]:
    with transaction(engine) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def count(engine, model) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def add_sample(engine, data_dir, actor_id, data, filename="reading.wav", actor=DESIGNER) -> int:
    return run(engine, voice_actors.add_sample, actor=actor, data_dir=data_dir,
               actor_id=actor_id, data=data, filename=filename,
               thresholds=THRESHOLDS)  # fmt: skip


def new_actor(engine, data_dir, name="김하늘") -> int:
    with transaction(engine) as session:
        return voice_actor(session, data_dir, name)


# -- actors and consent ------------------------------------------------------------------------


def test_an_actor_is_created_with_the_consent_document_stored_by_content_and_audited(
    engine, tmp_path
):
    data_dir = tmp_path / "data"
    actor_id = new_actor(engine, data_dir)
    sha = hashlib.sha256(CONSENT_PDF).hexdigest()
    with transaction(engine) as session:
        row = session.get(VoiceActor, actor_id)
        assert (row.name, row.consent_given_by, row.consent_scope, row.active) == (
            "김하늘", "김하늘", "ARS 안내 멘트 음성 합성", True)  # fmt: skip
        assert row.consent_at == datetime(2026, 3, 2, tzinfo=UTC)
        assert row.consent_document_sha256 == sha
        path = Path(row.consent_document_path)
        audit = session.scalars(select(AuditEntry)).one()
    assert not path.is_absolute() and path.parts[:2] == ("voice", "consent")
    assert path.name == f"{sha}.pdf"
    assert files_under(data_dir) == [data_dir / path]
    assert (data_dir / path).read_bytes() == CONSENT_PDF
    assert (audit.action, audit.target_id) == ("voice.actor.create", str(actor_id))
    assert audit.details["document_sha256"] == sha
    [summary] = run(engine, voice_actors.list_actors)
    assert (summary.id, summary.document_path is not None, summary.accepted_samples,
            summary.refused_samples) == (actor_id, True, 0, 0)  # fmt: skip


INCOMPLETE_CONSENT = [
    ({"name": "   "}, "voice.actor.name_required"),
    ({"name": "가" * 81}, "voice.actor.too_long"),
    ({"name": " 김하늘 "}, "voice.actor.name_taken"),
    ({"consent_given_by": " "}, "voice.consent.given_by_required"),
    ({"consent_scope": "\n"}, "voice.consent.scope_required"),
    ({"document": b""}, "voice.consent.document_required"),
    ({"document_filename": "동의서.exe"}, "voice.consent.bad_document"),
    ({"document_filename": "동의서"}, "voice.consent.bad_document"),
    ({"document": b"%PDF" + b"0" * voice_actors.MAX_CONSENT_BYTES},
     "voice.consent.document_too_big"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "key"),
    INCOMPLETE_CONSENT,
    ids=[f"{k}-{i}" for i, (_, k) in enumerate(INCOMPLETE_CONSENT)],
)
def test_an_actor_without_complete_consent_is_refused_and_nothing_is_stored(
    engine, tmp_path, change, key
):
    data_dir = tmp_path / "data"
    new_actor(engine, data_dir, "김하늘")
    files_before = files_under(data_dir)
    fields = {"name": "이바다", "consent_given_by": "이바다",
              "consent_at": datetime(2026, 4, 1, tzinfo=UTC),
              "consent_scope": "ARS 안내 멘트", "document": OTHER_PDF,
              "document_filename": "consent.pdf"}  # fmt: skip
    with pytest.raises(UserError) as refused:
        run(engine, voice_actors.create_actor, actor=DESIGNER, data_dir=data_dir,
            **(fields | change))  # fmt: skip
    assert refused.value.key == key
    assert count(engine, VoiceActor) == 1
    assert files_under(data_dir) == files_before
    assert audit_actions(engine) == ["voice.actor.create"]


def test_a_viewer_can_neither_record_actors_nor_touch_their_samples(engine, tmp_path):
    data_dir = tmp_path / "data"
    actor_id = new_actor(engine, data_dir)
    sample_id = add_sample(engine, data_dir, actor_id, recording(*READING))
    files_before = files_under(data_dir)
    with pytest.raises(PermissionDenied):
        run(engine, voice_actors.create_actor, actor=VIEWER, data_dir=data_dir, name="이바다",
            consent_given_by="이바다", consent_at=datetime(2026, 4, 1, tzinfo=UTC),
            consent_scope="ARS", document=OTHER_PDF, document_filename="c.pdf")  # fmt: skip
    with pytest.raises(PermissionDenied):
        add_sample(engine, data_dir, actor_id, recording(*OTHER_READING), actor=VIEWER)
    with pytest.raises(PermissionDenied):
        run(engine, voice_actors.set_active, actor=VIEWER, actor_id=actor_id, active=False)
    with pytest.raises(PermissionDenied):
        run(engine, voice_actors.remove_sample, actor=VIEWER, sample_id=sample_id)
    assert (count(engine, VoiceActor), count(engine, VoiceSample)) == (1, 1)
    assert files_under(data_dir) == files_before
    assert audit_actions(engine) == ["voice.actor.create", "voice.sample.add"]


def test_an_inactive_actor_refuses_new_samples_and_leaves_the_active_list(engine, tmp_path):
    data_dir = tmp_path / "data"
    actor_id = new_actor(engine, data_dir)
    other_id = new_actor(engine, data_dir, "이바다")
    run(engine, voice_actors.set_active, actor=DESIGNER, actor_id=actor_id, active=False)
    with pytest.raises(UserError) as refused:
        add_sample(engine, data_dir, actor_id, recording(*READING))
    assert refused.value.key == "voice.actor.inactive"
    assert refused.value.params == {"name": "김하늘"}
    assert count(engine, VoiceSample) == 0
    assert files_under(data_dir / "voice" / "samples") == []
    assert [a.id for a in run(engine, voice_actors.list_actors, include_inactive=False)] == [
        other_id
    ]
    assert audit_actions(engine)[-1] == "voice.actor.active"
    with pytest.raises(UserError) as missing:
        add_sample(engine, data_dir, 424242, recording(*READING))
    assert missing.value.key == "voice.actor.not_found"


# -- reference samples -------------------------------------------------------------------------


def test_a_korean_reading_is_accepted_and_stored_normalised_under_the_data_dir(engine, tmp_path):
    data_dir = tmp_path / "data"
    actor_id = new_actor(engine, data_dir)
    upload = recording(*READING)
    sample_id = add_sample(engine, data_dir, actor_id, upload, filename="C:\\녹음\\reading.wav")
    [sample] = run(engine, voice_actors.samples_of, actor_id=actor_id)
    assert (sample.id, sample.status, sample.rejection_reason) == (
        sample_id, SampleStatus.ACCEPTED, None)  # fmt: skip
    assert sample.original_filename == "reading.wav"
    path = Path(sample.audio_path)
    assert not path.is_absolute() and path.parts[:2] == ("voice", "samples")
    assert files_under(data_dir / "voice" / "samples") == [data_dir / path]
    stored = sf.info(str(data_dir / path))
    assert (stored.samplerate, stored.channels) == (sample.sample_rate, 1) == (22050, 1)
    assert stored.duration == pytest.approx(sample.duration_s, abs=0.01)
    assert 4.0 < sample.duration_s < 9.0
    assert (data_dir / path).read_bytes() != upload  # trimmed and loudness-normalised
    assert sample.checks["accepted"] is True
    assert [c["name"] for c in sample.checks["checks"]] == [
        "sample_rate", "clipping", "loudness", "speech_ratio", "duration"]  # fmt: skip
    with transaction(engine) as session:
        assert session.get(VoiceSample, sample_id).sha256 == hashlib.sha256(upload).hexdigest()
    [summary] = run(engine, voice_actors.list_actors)
    assert (summary.accepted_samples, summary.refused_samples) == (1, 0)


def test_a_one_second_reading_is_refused_as_too_short_with_its_reason_kept_and_no_file(
    engine, tmp_path
):
    data_dir = tmp_path / "data"
    actor_id = new_actor(engine, data_dir)
    sample_id = add_sample(engine, data_dir, actor_id, recording(*SHORT), filename="short.wav")
    [sample] = run(engine, voice_actors.samples_of, actor_id=actor_id)
    assert (sample.id, sample.status, sample.audio_path) == (
        sample_id, SampleStatus.REJECTED, None)  # fmt: skip
    assert sample.rejection_reason == "voice.sample.too_short"
    params = sample.checks["reason_params"]
    assert 0.5 < params["duration_s"] < 2.0
    assert (params["min_s"], params["max_s"]) == (3.0, 30.0)
    assert sample.checks["accepted"] is False
    assert files_under(data_dir / "voice" / "samples") == []
    [summary] = run(engine, voice_actors.list_actors)
    assert (summary.accepted_samples, summary.refused_samples) == (0, 1)
    assert audit_actions(engine)[-1] == "voice.sample.add"


def test_bytes_that_are_not_audio_are_refused_as_unreadable(engine, tmp_path):
    data_dir = tmp_path / "data"
    actor_id = new_actor(engine, data_dir)
    add_sample(engine, data_dir, actor_id, b"%PDF-1.4 not a recording" * 40, filename="x.wav")
    [sample] = run(engine, voice_actors.samples_of, actor_id=actor_id)
    assert (sample.status, sample.rejection_reason) == (
        SampleStatus.REJECTED, "voice.sample.unreadable")  # fmt: skip
    assert (sample.audio_path, sample.duration_s, sample.sample_rate) == (None, None, None)
    assert files_under(data_dir / "voice" / "samples") == []


def test_an_oversized_upload_is_refused_before_it_is_read(sqlite_engine, tmp_path):
    data_dir = tmp_path / "data"
    actor_id = new_actor(sqlite_engine, data_dir)
    with pytest.raises(UserError) as refused:
        add_sample(sqlite_engine, data_dir, actor_id, b"\0" * (voice_actors.MAX_SAMPLE_BYTES + 1))
    assert refused.value.key == "voice.sample.too_big"
    assert count(sqlite_engine, VoiceSample) == 0


def test_the_voice_reference_holds_only_accepted_samples_and_its_fingerprint_follows_them(
    engine, tmp_path
):
    data_dir = tmp_path / "data"
    actor_id = new_actor(engine, data_dir)
    other_id = new_actor(engine, data_dir, "이바다")

    def reference(of=actor_id):
        return run(engine, voice_actors.voice_reference, actor_id=of, data_dir=data_dir)

    assert reference() is None
    add_sample(engine, data_dir, actor_id, recording(*SHORT))  # refused
    assert reference() is None
    first = add_sample(engine, data_dir, actor_id, recording(*READING))
    add_sample(engine, data_dir, other_id, recording(*OTHER_READING, pitch=70))
    one = reference()
    [first_path] = one.sample_paths
    assert one.actor_id == actor_id and first_path.is_absolute() and first_path.is_file()
    assert reference(other_id).fingerprint != one.fingerprint

    second = add_sample(engine, data_dir, actor_id, recording(*OTHER_READING))
    two = reference()
    assert len(two.sample_paths) == 2 and two.sample_paths[0] == first_path
    assert two.fingerprint != one.fingerprint

    run(engine, voice_actors.remove_sample, actor=DESIGNER, sample_id=first)
    left = reference()
    assert left.sample_paths == two.sample_paths[1:]
    assert left.fingerprint not in (one.fingerprint, two.fingerprint)
    assert first_path.is_file()  # takes made from it keep their audio
    run(engine, voice_actors.remove_sample, actor=DESIGNER, sample_id=second)
    assert reference() is None
    [summary, _] = run(engine, voice_actors.list_actors)
    assert (summary.name, summary.accepted_samples, summary.refused_samples) == ("김하늘", 0, 1)
    assert audit_actions(engine).count("voice.sample.remove") == 2
    with pytest.raises(UserError) as missing:
        run(engine, voice_actors.remove_sample, actor=DESIGNER, sample_id=first)
    assert missing.value.key == "voice.sample.not_found"
