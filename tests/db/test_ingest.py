from datetime import UTC, datetime

import numpy as np
import pytest
from sqlalchemy import func, select

from core.access import Actor
from core.domain import CallCategory, CallDirection, Role
from core.errors import UserError
from core.settings import Settings
from db.calls import CallMetadata
from db.ingest import ingest_recording
from db.models import AuditEntry, Call
from db.session import transaction
from tests import factories
from tests.fixtures.speech import write_wav

SUPERVISOR = Actor(user_id=None, username="qa", roles=[Role.SUPERVISOR])
METADATA = CallMetadata("A001", CallCategory.ACCIDENT, CallDirection.INBOUND, "010-1111-2222",
                        datetime(2026, 11, 20, 1, tzinfo=UTC))  # fmt: skip


@pytest.fixture
def settings(sqlite_engine, tmp_path):
    with transaction(sqlite_engine) as session:
        factories.agent(session, factories.team(session), employee_no="A001")
    return Settings(_env_file=None, data_dir=tmp_path / "data", max_audio_duration_s=60)


def wav_bytes(tmp_path, seconds=2.0, channels=2) -> bytes:
    tone = 0.1 * np.sin(np.linspace(0, 440 * 2 * np.pi * seconds, int(8000 * seconds)))
    path = write_wav(tmp_path / "x.wav", [tone.astype(np.float32)] * channels, 8000)
    return path.read_bytes()


def ingest(engine, settings, name, data, metadata=METADATA):
    return ingest_recording(engine=engine, settings=settings, actor=SUPERVISOR, filename=name,
                            chunks=[data], metadata=metadata)  # fmt: skip


def nothing_changed(engine, settings) -> None:
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Call.id))) == 0
        assert session.scalar(select(func.count(AuditEntry.id))) == 0
    stored = [p for p in settings.audio_dir.rglob("*") if p.is_file()]
    assert stored == []


def test_a_good_recording_is_stored_and_registered(sqlite_engine, settings, tmp_path):
    ingested = ingest(sqlite_engine, settings, "통화_0001.wav", wav_bytes(tmp_path))
    again = ingest(sqlite_engine, settings, "copy-of-it.wav", wav_bytes(tmp_path))
    assert not ingested.duplicate and again.duplicate and again.call_id == ingested.call_id
    with transaction(sqlite_engine) as session:
        call = session.get(Call, ingested.call_id)
        assert call.channels == 2 and abs(call.duration_s - 2.0) < 0.05
        assert call.audio_path.startswith(str(settings.audio_dir))


@pytest.mark.parametrize(
    ("name", "make", "key"),
    [
        ("empty.wav", lambda tmp: b"", "audio.empty"),
        ("random.wav", lambda tmp: bytes(range(256)) * 40, "audio.not_audio"),
        ("cut.wav", lambda tmp: wav_bytes(tmp)[:3000], "audio.truncated"),
        ("long.wav", lambda tmp: wav_bytes(tmp, seconds=61, channels=1), "audio.too_long"),
        ("notes.txt", lambda tmp: b"hello", "upload.unsupported_extension"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_kept(
    sqlite_engine, settings, tmp_path, name, make, key
):
    with pytest.raises(UserError) as raised:
        ingest(sqlite_engine, settings, name, make(tmp_path))
    assert raised.value.key == key
    if "name" in raised.value.params:
        assert raised.value.params["name"] == name  # the user's file name, not our hash
    nothing_changed(sqlite_engine, settings)


def test_path_tricks_in_the_file_name_cannot_choose_where_it_goes(
    sqlite_engine, settings, tmp_path
):
    ingested = ingest(sqlite_engine, settings, "../../../etc/evil.wav", wav_bytes(tmp_path))
    with transaction(sqlite_engine) as session:
        path = session.get(Call, ingested.call_id).audio_path
    assert path.startswith(str(settings.audio_dir)) and "evil" not in path and ".." not in path


def test_an_unknown_agent_is_refused_and_the_audio_not_kept(sqlite_engine, settings, tmp_path):
    unknown = CallMetadata("Z999", METADATA.category, METADATA.direction, METADATA.customer_key,
                           METADATA.started_at)  # fmt: skip
    with pytest.raises(UserError) as raised:
        ingest(sqlite_engine, settings, "call.wav", wav_bytes(tmp_path), unknown)
    assert raised.value.key == "call.unknown_agent"
    nothing_changed(sqlite_engine, settings)
