"""A stereo call made with espeak-ng goes through real workers (stt, then cpu) on the real
Redis and PostgreSQL, to status done with rows in every result table."""

import random
import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select

from core.access import SYSTEM_ACTOR, Actor
from core.audio import validate
from core.domain import (
    CallCategory,
    CallDirection,
    CallStatus,
    Outcome,
    QueueName,
    Role,
    Speaker,
)
from core.features import CallFeatures
from core.outcome_model import train_outcome_model
from core.storage import read_chunks, store_by_content
from db import calls, model_registry
from db.bootstrap import prepare_database
from db.models import (
    Call,
    CallFinding,
    CallMetrics,
    DailyRollup,
    Evaluation,
    EvaluationItem,
    JobRun,
    Prediction,
    Utterance,
)
from db.session import transaction
from tests import factories, services
from tests.fixtures.speech import make_call
from workers.queue import enqueue

SCRIPT = [
    (Speaker.AGENT, "안녕하십니까, 한빛손해보험 상담사 김민준입니다. 무엇을 도와드릴까요?"),
    (Speaker.CUSTOMER, "교통사고 접수하려고요. 연락처는 공일공 일이삼사 오육칠팔이에요."),
    (Speaker.AGENT, "많이 놀라셨겠습니다. 다치신 분은 없으신가요?"),
    (Speaker.CUSTOMER, "다행히 없어요."),
    (Speaker.AGENT, "더 궁금하신 점은 없으신가요? 감사합니다, 상담사 김민준이었습니다."),
]  # fmt: skip
SUPERVISOR = Actor(user_id=None, username="qa", roles=[Role.SUPERVISOR])


def stt_env(model_dir) -> dict[str, str]:
    """Decode the tiny test model greedily with a token cap (the notes say why)."""
    return {
        "FEPLE_STT_MODEL": str(model_dir),
        "FEPLE_STT_DEVICE": "cpu",
        "FEPLE_STT_COMPUTE_TYPE": "int8",
        "FEPLE_STT_BATCH_SIZE": "1",
        "FEPLE_STT_BEAM_SIZE": "1",
        "FEPLE_STT_TEMPERATURES": "[0.0]",
        "FEPLE_STT_MAX_NEW_TOKENS": "16",
        "FEPLE_STT_LOCAL_FILES_ONLY": "1",
    }


def register_a_model(engine, tmp_path) -> None:
    """An active outcome model (trained on synthetic features), so the call gets a prediction."""
    rng = random.Random(3)
    features, labels = [], []
    for _ in range(80):
        politeness = rng.uniform(40, 100)
        features.append(
            CallFeatures(politeness_score=politeness, compliance_pct=rng.uniform(50, 100))
        )
        labels.append(Outcome.POOR if politeness < 75 else Outcome.SATISFIED)
    trained = train_outcome_model(features, labels, seed=1)
    with transaction(engine) as session:
        model_registry.register(
            session=session,
            actor=SYSTEM_ACTOR,
            trained=trained,
            artifact_dir=tmp_path / "models",
            label_source="reviews",
        )


def test_a_recorded_call_is_transcribed_and_analysed_by_real_workers(
    pg_engine, pg_database_url, redis_url, tiny_whisper_dir, tmp_path
):
    recording = make_call(tmp_path / "call.wav", SCRIPT, stereo=True)
    info = validate(recording.path, max_duration_s=3600)
    audio = store_by_content(read_chunks(recording.path), root=tmp_path / "audio", suffix=".wav")
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    prepare_database(pg_engine, settings)  # what the app and `db.cli migrate` do
    register_a_model(pg_engine, tmp_path)
    with transaction(pg_engine) as session:
        factories.agent(session, factories.team(session), employee_no="A001")
    with transaction(pg_engine) as session:
        call_id = calls.register_recording(
            session=session, actor=SUPERVISOR, audio=audio, duration_s=info.duration_s,
            channels=info.channels, customer_key_secret=services.TEST_SECRET,
            metadata=calls.CallMetadata("A001", CallCategory.ACCIDENT, CallDirection.INBOUND,
                                        "010-1234-5678", datetime(2026, 11, 20, 1, tzinfo=UTC)),
        ).call_id  # fmt: skip

    enqueue("workers.transcribe.transcribe_call", call_id, engine=pg_engine, settings=settings,
            queue=QueueName.STT, target_type="call", target_id=call_id)  # fmt: skip
    env = services.production_env(pg_database_url, redis_url, prefix) | stt_env(tiny_whisper_dir)
    worker = services.run_burst_worker(env, "stt", "cpu")
    assert worker.returncode == 0, worker.stderr[-3000:]

    with transaction(pg_engine) as session:
        call = session.get(Call, call_id)
        assert call.status is CallStatus.DONE, call.error_text
        assert call.attempt_count == 2  # one transcription, one analysis
        utterances = session.scalars(select(Utterance).where(Utterance.call_id == call_id)).all()
        assert utterances and {u.speaker for u in utterances} <= {Speaker.AGENT, Speaker.CUSTOMER}
        assert [u.seq for u in utterances] == list(range(len(utterances)))
        assert all(0 <= u.start_s <= u.end_s <= call.duration_s + 0.5 for u in utterances)
        for model in (CallMetrics, Evaluation, EvaluationItem, DailyRollup, Prediction):
            assert session.scalar(select(func.count()).select_from(model)) >= 1, model
        assert session.scalar(select(func.count()).select_from(CallFinding)) >= 1
        runs = session.scalars(select(JobRun).order_by(JobRun.id)).all()
        assert [(r.function, r.status.value) for r in runs] == [
            ("workers.transcribe.transcribe_call", "finished"),
            ("workers.analyze.analyze_call", "finished"),
        ]
