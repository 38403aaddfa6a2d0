import numpy as np
import pytest
from sqlalchemy import select

from core.domain import CallStatus
from db.models import Call
from db.session import create_db_engine, transaction
from tests.fixtures.speech import write_wav
from tests.pages.conftest import login, texts


@pytest.fixture
def no_stt_model(monkeypatch):
    # A model path that is not there: transcription fails at once, naming the setting
    # (and nothing is ever downloaded in a test).
    monkeypatch.setenv("FEPLE_STT_MODEL", "/nonexistent/whisper-model")
    from core.settings import get_settings

    get_settings.cache_clear()


def open_upload(username="supervisor"):
    at = login(username)
    at.switch_page("pages/upload.py")
    at.run()
    return at


def test_a_supervisor_uploads_a_good_and_a_bad_file_and_is_told_what_became_of_each(
    app_env, no_stt_model, tmp_path
):
    tone = 0.1 * np.sin(np.linspace(0, 300 * 2 * np.pi * 2, 16000)).astype(np.float32)
    good = write_wav(tmp_path / "통화.wav", [tone, tone], 8000).read_bytes()
    at = open_upload()
    assert not at.exception
    assert at.title[0].value == "통화 녹음 업로드"
    broken = b"not audio at all" * 50
    at.file_uploader[0].set_value(
        [("통화.wav", good, "audio/wav"), ("broken.wav", broken, "audio/wav")]
    )
    at.text_input[0].input("010-1234-5678")
    next(b for b in at.button if b.label == "업로드").click()
    at.run()
    assert not at.exception
    results = at.dataframe[0].value
    by_file = dict(zip(results["파일"], results["결과"], strict=True))
    marks = dict(zip(results["파일"], results["상태"], strict=True))
    assert marks == {"broken.wav": "거부", "통화.wav": "실패"}
    assert "오디오 파일이 아닙니다" in by_file["broken.wav"]
    assert "FEPLE_STT_MODEL" in by_file["통화.wav"]  # stored, then STT failed clearly
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        uploaded = session.scalars(select(Call).where(Call.audio_path.is_not(None))).all()
    engine.dispose()
    assert len(uploaded) == 1 and uploaded[0].status is CallStatus.FAILED


def test_the_upload_page_is_not_registered_for_a_designer(app_env):
    at = login("designer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/upload.py")
    assert "업로드" not in texts(at)


def test_segments_left_out_of_a_transcript_are_shown_with_their_reasons(app_env):
    from datetime import UTC, datetime

    from core.domain import CallSource
    from db.models import Agent, CallMetrics

    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        agent = session.scalars(select(Agent)).first()
        call = Call(
            agent_id=agent.id,
            team_id=agent.team_id,
            category="사고접수",
            direction="inbound",
            customer_key_hash="x" * 64,
            started_at=datetime(2026, 11, 20, tzinfo=UTC),
            duration_s=60,
            source=CallSource.UPLOAD,
            status=CallStatus.DONE,
        )
        session.add(call)
        session.flush()
        session.add(
            CallMetrics(
                call_id=call.id,
                dropped_segments=3,
                dropped_reasons={"repetition_loop": 2, "no_speech": 1},
            )
        )
    engine.dispose()
    at = open_upload()
    dropped = at.dataframe[0].value["인식에서 제외된 구간"].iloc[0]
    assert dropped == "반복 루프 2, 음성 없는 구간 1"
