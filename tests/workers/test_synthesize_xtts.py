"""Voice-clone takes with the tiny XTTS model through a real ``tts`` worker on Redis: a voice
actor's reference sample is checked and stored, the worker clones it, the takes are gated."""

import io
import uuid

import numpy as np
import soundfile as sf
from sqlalchemy import select

from core.domain import SampleStatus, TakeStatus
from core.voice.reference_sample import SampleThresholds
from db import tts_takes, voice_actors
from db.bootstrap import prepare_database
from db.models import TtsTake, VoiceSample
from db.session import transaction
from tests import services
from tests.fixtures.speech import speak
from tests.fixtures.tiny_xtts import need_coqui_tts
from tests.voice_rows import DESIGNER, voice_actor
from ui.voice_engines import model_label
from workers.take_queue import queue_takes

REFERENCE = "안녕하십니까, 한빛손해보험 고객센터입니다. 무엇을 도와드릴까요? 천천히 말씀해 주세요."


def reference_wav() -> bytes:
    samples, rate = speak(REFERENCE)
    samples = np.concatenate([samples, samples])  # about 8 s of speech
    buffer = io.BytesIO()
    sf.write(buffer, samples, rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def test_a_voice_actor_is_cloned_by_a_real_tts_worker(
    pg_engine, pg_database_url, redis_url, tiny_xtts_dir, tmp_path
):
    need_coqui_tts()
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    settings.data_dir = tmp_path / "shared"
    settings.tts_xtts_model_dir = str(tiny_xtts_dir)
    prepare_database(pg_engine, settings)
    with transaction(pg_engine) as session:
        actor_id = voice_actor(session, settings.data_dir)
        voice_actors.add_sample(session=session, actor=DESIGNER, data_dir=settings.data_dir,
                                actor_id=actor_id, data=reference_wav(), filename="ref.wav",
                                thresholds=SampleThresholds())  # fmt: skip
    with transaction(pg_engine) as session:
        sample = session.scalars(select(VoiceSample)).one()
        assert sample.status is SampleStatus.ACCEPTED, sample.rejection_reason
        voice = voice_actors.voice_reference(session=session, actor_id=actor_id,
                                             data_dir=settings.data_dir)  # fmt: skip
        request = tts_takes.TakeRequest(text="상담원 연결은 0번을 눌러 주세요.", engine="xtts",
                                        model=model_label("xtts", settings), clones_voice=True,
                                        actor_id=actor_id, takes=2)  # fmt: skip
        plan = tts_takes.plan_takes(session=session, actor=DESIGNER, request=request, voice=voice)
    queue_takes(pg_engine, settings, plan.to_synthesise, engine_name="xtts")

    env = services.production_env(pg_database_url, redis_url, prefix) | {
        "FEPLE_DATA_DIR": str(settings.data_dir),
        "FEPLE_TTS_XTTS_MODEL_DIR": str(tiny_xtts_dir),
        "FEPLE_TTS_XTTS_DEVICE": "cpu",
        "FEPLE_STT_MODEL": str(tmp_path / "no-model"),
    }
    worker = services.run_burst_worker(env, "tts", timeout_s=600)
    assert worker.returncode == 0, worker.stderr[-3000:]
    with transaction(pg_engine) as session:
        takes = session.scalars(select(TtsTake).where(TtsTake.id.in_(plan.take_ids))).all()
        assert [t.status for t in takes] == [TakeStatus.DONE] * 2, [t.error_text for t in takes]
        assert all(t.actor_id == actor_id and t.engine == "xtts" for t in takes)
        first, second = (sf.read(str(settings.data_dir / t.audio_path))[0] for t in takes)
        assert not np.array_equal(first[: len(second)], second[: len(first)])  # two seeds
        assert all(t.quality["checks"] for t in takes)
        # No speech-to-text model on this host: never passed, only not run or failed.
        assert all(t.quality_passed is not True for t in takes)
