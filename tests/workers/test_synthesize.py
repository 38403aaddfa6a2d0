"""TTS takes through the real job: espeak-ng synthesis, the quality gate (with the tiny Whisper
model or without speech-to-text), files on disk, inline and through a real worker on Redis."""

import uuid

import pytest
import soundfile as sf
from sqlalchemy import select

from core.domain import TakeStatus
from core.errors import UserError
from core.settings import get_settings
from db import tts_takes
from db.bootstrap import prepare_database
from db.models import JobRun, TtsTake
from db.session import transaction
from tests import services
from tests.voice_rows import DESIGNER, prompt
from tests.workers.test_call_end_to_end import stt_env
from ui.voice_engines import model_label
from workers.take_queue import queue_takes

LINE = "사고 접수는 1번, 상담원 연결은 0번을 눌러 주세요."


@pytest.fixture
def inline_app(monkeypatch, tmp_path):
    """The embedded default (jobs inline) on a test database and data folder."""

    def point(engine, **env: str):
        monkeypatch.setenv("FEPLE_DATABASE_URL", engine.url.render_as_string(hide_password=False))
        monkeypatch.setenv("FEPLE_DEMO", "1")
        monkeypatch.setenv("FEPLE_DATA_DIR", str(tmp_path / "data"))
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        return get_settings()

    yield point
    get_settings.cache_clear()


def espeak_request(settings, prompt_id=None, takes=2, text=LINE):
    return tts_takes.TakeRequest(text=text, engine="espeak", model=model_label("espeak", settings),
                                 clones_voice=False, prompt_id=prompt_id, takes=takes)  # fmt: skip


def generate(engine, settings, request):
    with transaction(engine) as session:
        plan = tts_takes.plan_takes(session=session, actor=DESIGNER, request=request, voice=None)
    queue_takes(engine, settings, plan.to_synthesise, engine_name=request.engine)
    with transaction(engine) as session:
        return plan, tts_takes.takes(session=session, take_ids=plan.take_ids)


def test_without_speech_to_text_the_round_trip_is_not_run_and_never_passed(
    sqlite_engine, inline_app, tmp_path
):
    settings = inline_app(sqlite_engine, FEPLE_STT_MODEL=str(tmp_path / "no-model"))
    with transaction(sqlite_engine) as session:
        prompt_id = prompt(session)
    plan, views = generate(sqlite_engine, settings, espeak_request(settings, prompt_id))
    assert len(views) == 2 and all(v.status is TakeStatus.DONE for v in views)
    for view in views:
        assert view.quality_passed is None  # not run is not passed
        assert view.report.check("asr_round_trip").passed is None
        assert view.report.check("duration").passed is True
        audio = sf.info(str(settings.data_dir / view.audio_path))
        phone = sf.info(str(settings.data_dir / view.telephone_audio_path))
        assert audio.duration == pytest.approx(view.duration_s, abs=0.05)
        assert phone.samplerate == 8000 and phone.subtype == "ULAW"
    # Seeds give different takes; the recommended one is one of them.
    first, second = (sf.read(str(settings.data_dir / v.audio_path))[0] for v in views)
    assert len(first) != len(second) or (first != second).any()
    assert tts_takes.recommended(views) in plan.take_ids
    # Approvable after listening: the prompt now has approved audio for the scenario studio.
    with transaction(sqlite_engine) as session:
        tts_takes.approve_take(session=session, actor=DESIGNER, take_id=views[0].id)
    with transaction(sqlite_engine) as session:
        from db.scenarios import prompt_catalog

        catalog = prompt_catalog(session=session, prompt_ids=[prompt_id])
        assert catalog[prompt_id].audio_path == views[0].audio_path


def test_a_repeated_request_is_answered_from_the_cache_without_new_takes(
    sqlite_engine, inline_app, tmp_path
):
    settings = inline_app(sqlite_engine, FEPLE_STT_MODEL=str(tmp_path / "no-model"))
    first, _ = generate(sqlite_engine, settings, espeak_request(settings))
    again, _ = generate(sqlite_engine, settings, espeak_request(settings))
    assert again.take_ids == first.take_ids and again.cached
    faster, _ = generate(sqlite_engine, settings,
                         dataclass_replace(espeak_request(settings), speed=1.3))  # fmt: skip
    assert not set(faster.take_ids) & set(first.take_ids)
    with transaction(sqlite_engine) as session:
        runs = session.scalars(select(JobRun.function)).all()
    assert runs.count("workers.synthesize.synthesize_take") == 4


def dataclass_replace(request, **changes):
    import dataclasses

    return dataclasses.replace(request, **changes)


def test_takes_read_back_badly_fail_the_gate_and_cannot_be_approved(
    sqlite_engine, inline_app, tiny_whisper_dir
):
    env = {k: v for k, v in stt_env(tiny_whisper_dir).items()}
    settings = inline_app(sqlite_engine, **env)
    with transaction(sqlite_engine) as session:
        prompt_id = prompt(session)
    _, views = generate(sqlite_engine, settings, espeak_request(settings, prompt_id, takes=1))
    (view,) = views
    # The tiny random model hears garbage: the round trip ran, and failed.
    assert view.status is TakeStatus.DONE
    assert view.report.check("asr_round_trip").passed is False
    assert view.quality_passed is False
    assert tts_takes.recommended(views) is None
    with pytest.raises(UserError) as refused, transaction(sqlite_engine) as session:
        tts_takes.approve_take(session=session, actor=DESIGNER, take_id=view.id)
    assert refused.value.key == "voice.take.failed_gate"


def test_a_failed_synthesis_is_a_failed_take_with_its_error_and_no_audio(
    sqlite_engine, inline_app, tmp_path
):
    settings = inline_app(sqlite_engine, FEPLE_TTS_ESPEAK_VOICE="no-such-voice",
                          FEPLE_STT_MODEL=str(tmp_path / "no-model"))  # fmt: skip
    request = espeak_request(settings, takes=1)
    request = dataclass_replace(request, model="espeak-ng broken")
    _, (view,) = generate(sqlite_engine, settings, request)
    assert view.status is TakeStatus.FAILED
    assert view.error_text and view.audio_path is None and view.report is None
    # Asking again retries it instead of answering with the failure.
    plan, _ = generate(sqlite_engine, settings, request)
    assert plan.to_synthesise and plan.take_ids != (view.id,)


def test_takes_are_made_by_a_real_worker_on_redis(pg_engine, pg_database_url, redis_url, tmp_path):
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    settings.data_dir = tmp_path / "shared"
    prepare_database(pg_engine, settings)
    plan, views = generate(pg_engine, settings, espeak_request(settings, takes=3))
    assert [v.status for v in views] == [TakeStatus.QUEUED] * 3
    env = services.production_env(pg_database_url, redis_url, prefix) | {
        "FEPLE_DATA_DIR": str(settings.data_dir),
        "FEPLE_STT_MODEL": str(tmp_path / "no-model"),
    }
    worker = services.run_burst_worker(env, "cpu")
    assert worker.returncode == 0, worker.stderr[-3000:]
    with transaction(pg_engine) as session:
        takes = session.scalars(select(TtsTake).where(TtsTake.id.in_(plan.take_ids))).all()
        assert {t.status for t in takes} == {TakeStatus.DONE}, [t.error_text for t in takes]
        assert all((settings.data_dir / t.audio_path).is_file() for t in takes)
