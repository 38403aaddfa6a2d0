"""Imported transcripts through real RQ workers: the import job, analysis queued chunk by
chunk, the sweep for calls left behind while Redis was down, and the CLI."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

from redis import Redis
from rq import Queue
from sqlalchemy import func, select, update

from core.access import SYSTEM_ACTOR, Actor
from core.domain import (
    CallCategory,
    CallSource,
    CallStatus,
    ImportStatus,
    JobStatus,
    QueueName,
    Role,
)
from core.settings import PROJECT_ROOT, Settings
from core.transcript_import import ImportFormat
from core.transcript_import.plan import BatchDefaults, ImportPlan
from db import transcript_import
from db.default_rules import install_default_rules
from db.models import Agent, Call, CallMetrics, DailyRollup, Evaluation, ImportBatch, JobRun
from db.session import transaction
from db.transcript_import import create_batch, run_batch
from db.types import utcnow
from tests import factories, services
from tests.workers.test_intake import UNREACHABLE_REDIS
from workers import control
from workers.intake import queue_analysis, sweep_uploaded
from workers.queue import queue_name
from workers.transcript_import import queue_import

SUPERVISOR = Actor(user_id=None, username="kim", roles=[Role.SUPERVISOR])
SECRET = services.TEST_SECRET

UTTERANCES = (
    "call_id,speaker,start,end,text,agent,category,started_at\n"
    "W-1,상담사,0,3.2,안녕하십니까 한빛손해보험 상담사입니다,A001,사고접수,2026-11-20 10:00\n"
    "W-1,손님,3.8,7.5,네 제 번호는 010-2222-3333 이에요 차 사고가 났어요,,,\n"
    "W-1,상담사,8.0,12.0,많이 놀라셨겠습니다 다치신 분은 없으신가요,,,\n"
    "W-2,상담사,,,네 고객님 무엇을 도와드릴까요,A001,보험금청구,2026-11-20 11:00\n"
    "W-2,손님,,,보험금 청구하려고요,,,\n"
    "W-3,보호자,1,2,대신 전화드렸어요,A001,사고접수,2026-11-20 12:00\n"
)


def seed(engine) -> None:
    with transaction(engine) as session:
        install_default_rules(session=session, company_name="한빛손해보험")
        factories.agent(session, factories.team(session), employee_no="A001")


def start_batch(engine, tmp_path) -> int:
    path = tmp_path / "calls.csv"
    path.write_text(UTTERANCES, encoding="utf-8")
    plan = ImportPlan.build(ImportFormat.UTTERANCES_CSV, defaults=BatchDefaults())
    with transaction(engine) as session:
        return create_batch(session=session, actor=SYSTEM_ACTOR, filename="calls.csv",
                            plan=plan, file_path=path, source_name="녹취 서버")  # fmt: skip


def test_a_real_worker_imports_the_file_and_analyses_its_calls(
    pg_engine, pg_database_url, redis_url, tmp_path
):
    seed(pg_engine)
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    batch_id = start_batch(pg_engine, tmp_path)
    assert queue_import(pg_engine, settings, batch_id) is True
    env = services.production_env(pg_database_url, redis_url, prefix)
    worker = services.run_burst_worker(env, "cpu", timeout_s=240)
    assert worker.returncode == 0, worker.stderr[-2000:]
    with transaction(pg_engine) as session:
        batch = session.get(ImportBatch, batch_id)
        assert (batch.status, batch.imported, batch.rejected) == (ImportStatus.DONE, 2, 1)
        assert batch.rejections[0]["key"] == "transcript_import.unknown_speaker"
        calls = {c.source_ref: c for c in session.scalars(select(Call))}
        assert {c.status for c in calls.values()} == {CallStatus.DONE}
        timed, untimed = calls["W-1"], calls["W-2"]
        assert timed.duration_s == 12.0 and untimed.duration_s is None
        timed_metrics = session.get(CallMetrics, timed.id)
        assert timed_metrics.timings_available and timed_metrics.silence_s is not None
        assert timed_metrics.agent_talk_ratio is not None
        untimed_metrics = session.get(CallMetrics, untimed.id)
        # Without timings: not available (None), never 0; the words are still analysed.
        assert untimed_metrics.timings_available is False
        assert untimed_metrics.silence_s is None and untimed_metrics.overtalk_count is None
        assert untimed_metrics.politeness_score is not None
        assert untimed_metrics.compliance_pct is not None
        evaluated = session.scalar(select(func.count()).select_from(Evaluation))
        assert evaluated == 2
        jobs = session.scalars(select(JobRun).order_by(JobRun.id)).all()
        assert [(j.function, j.target_type, j.target_id, j.status) for j in jobs] == [
            ("workers.transcript_import.import_transcripts", "import", batch_id,
             JobStatus.FINISHED),
            ("workers.analyze.analyze_calls", "import", batch_id, JobStatus.FINISHED),
        ]  # fmt: skip
        rollup = session.execute(
            select(func.sum(DailyRollup.calls), func.sum(DailyRollup.handle_n))
        ).one()
        assert tuple(rollup) == (2, 1)  # both calls count; only the timed one has a length


def test_imported_calls_left_behind_while_redis_was_down_are_swept_into_analysis(
    pg_engine, pg_database_url, redis_url, tmp_path
):
    seed(pg_engine)
    with transaction(pg_engine) as session:
        agent = session.scalars(select(Agent)).one()
        call_ids = [factories.call(session, agent, datetime(2026, 11, 20, hour, tzinfo=UTC),
                                   status=CallStatus.UPLOADED, duration_s=None,
                                   source=CallSource.TRANSCRIPT_IMPORT).id
                    for hour in (1, 2)]  # fmt: skip
    down = services.production_settings(pg_database_url, UNREACHABLE_REDIS, "d-")
    assert queue_analysis(pg_engine, down, call_ids, target=("import", 0)) == 0
    with transaction(pg_engine) as session:
        statuses = set(session.scalars(select(Call.status)))
        assert statuses == {CallStatus.UPLOADED}  # nothing lost
        session.execute(update(Call).values(updated_at=utcnow() - timedelta(minutes=5)))
    back = services.production_settings(pg_database_url, redis_url, "s-")
    assert sweep_uploaded(pg_engine, back) == 2
    assert sweep_uploaded(pg_engine, back) == 0
    redis = Redis.from_url(redis_url)
    # Analysis on the cpu queue as one job -- never speech-to-text, there is no audio.
    assert Queue(queue_name(back, QueueName.STT), connection=redis).count == 0
    (job,) = Queue(queue_name(back, QueueName.CPU), connection=redis).jobs
    assert job.func_name == "workers.analyze.analyze_calls" and job.args == (call_ids,)


def test_with_redis_down_the_import_does_not_start_and_says_why(
    pg_engine, pg_database_url, tmp_path
):
    seed(pg_engine)
    batch_id = start_batch(pg_engine, tmp_path)
    down = services.production_settings(pg_database_url, UNREACHABLE_REDIS, "d-")
    assert queue_import(pg_engine, down, batch_id) is False
    with transaction(pg_engine) as session:
        batch = session.get(ImportBatch, batch_id)
        assert batch.status is ImportStatus.FAILED and "Redis" in batch.error_text
        assert session.scalar(select(func.count()).select_from(Call)) == 0


def run_cli(pg_database_url, *args: str) -> subprocess.CompletedProcess:
    env = services.production_env(pg_database_url)  # no Redis: analysis runs inline
    return subprocess.run([sys.executable, "-m", "db.cli", "import-transcripts", *args],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip


def test_the_cli_imports_lists_each_rejection_and_imports_nothing_twice(
    pg_engine, pg_database_url, tmp_path
):
    seed(pg_engine)
    path = tmp_path / "export.jsonl"
    path.write_text(
        '{"통화번호": "X-1", "transcript": "상담원: 네 한빛손해보험입니다\\n고객: 사고 접수요"}\n'
        '{"통화번호": "X-2", "transcript": "상담원: 네\\n대리인: 접니다"}\n'
        '{"통화번호": "X-3", "transcript": "상담원: 네", oops}\n',
        encoding="utf-8",
    )
    args = (str(path), "--map", "source_id=통화번호", "--agent", "A001", "--category", "사고접수",
            "--started-at", "2026-11-20 09:00")  # fmt: skip
    first = run_cli(pg_database_url, *args)
    assert first.returncode == 1, first.stderr
    assert "imported 1, duplicates 0, rejected 2" in first.stdout
    assert "2행(통화 X-2): 대화 2번째 줄: 화자 '대리인'" in first.stdout
    assert "Line 3: Malformed JSON" in first.stdout
    assert "100.0%" in first.stderr and "calls/s" in first.stderr
    second = run_cli(pg_database_url, *args)
    assert "imported 0, duplicates 1, rejected 2" in second.stdout
    with transaction(pg_engine) as session:
        (call,) = session.scalars(select(Call)).all()
        assert (call.source_ref, call.category, call.status) == (
            "X-1", CallCategory.ACCIDENT, CallStatus.DONE)  # fmt: skip
    wrong = run_cli(pg_database_url, *args[:-2], "--started-at", "어제")
    assert wrong.returncode == 2
    assert "통화 시작 시각 형식이 잘못되었습니다: 어제" in wrong.stderr
    assert "Bad start time" in wrong.stderr
    missing = run_cli(pg_database_url, str(tmp_path / "nothing.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_a_supervisor_cancels_a_queued_import_and_starts_it_again_from_the_job_monitor(
    pg_engine, pg_database_url, redis_url, tmp_path
):
    seed(pg_engine)
    prefix = f"c{uuid.uuid4().hex[:8]}-"
    settings = services.production_settings(pg_database_url, redis_url, prefix)
    batch_id = start_batch(pg_engine, tmp_path)
    assert queue_import(pg_engine, settings, batch_id)
    with transaction(pg_engine) as session:
        (job,) = session.scalars(select(JobRun)).all()
    control.cancel_job(pg_engine, settings, actor=SUPERVISOR, job_run_id=job.id)
    with transaction(pg_engine) as session:
        batch = session.get(ImportBatch, batch_id)
        assert batch.status is ImportStatus.FAILED and "kim" in batch.error_text
    assert (
        Queue(queue_name(settings, QueueName.CPU), connection=Redis.from_url(redis_url)).count == 0
    )

    control.retry_job(pg_engine, settings, actor=SUPERVISOR, job_run_id=job.id)
    worker = services.run_burst_worker(
        services.production_env(pg_database_url, redis_url, prefix), "cpu", timeout_s=240
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    with transaction(pg_engine) as session:
        batch = session.get(ImportBatch, batch_id)
        assert (batch.status, batch.imported) == (ImportStatus.DONE, 2)


def test_retrying_an_import_s_analysis_analyses_the_calls_not_done_yet(
    sqlite_engine, tmp_path, use_database
):
    use_database(sqlite_engine)  # the job, run inline, finds its database as a worker would
    seed(sqlite_engine)
    settings = Settings(_env_file=None, data_dir=tmp_path)  # no Redis: jobs run inline
    batch_id = start_batch(sqlite_engine, tmp_path)
    with transaction(sqlite_engine) as session:
        session.execute(update(ImportBatch).values(status=ImportStatus.RUNNING))
    # As if the analysis job had died: the import stored its calls, none analysed.
    summary = run_batch(sqlite_engine, batch_id, customer_key_secret=SECRET)
    assert summary.imported == 2
    with transaction(sqlite_engine) as session:
        job = JobRun(rq_job_id="dead", queue=QueueName.CPU, target_type="import",
                     target_id=batch_id, function="workers.analyze.analyze_calls",
                     status=JobStatus.FAILED)  # fmt: skip
        session.add(job)
    control.retry_job(sqlite_engine, settings, actor=SUPERVISOR, job_run_id=job.id)
    with transaction(sqlite_engine) as session:
        statuses = set(session.scalars(select(Call.status)))
    assert statuses == {CallStatus.DONE}


def test_a_canceled_import_stops_at_its_next_progress_report_keeping_what_it_stored(
    sqlite_engine, tmp_path, monkeypatch
):
    seed(sqlite_engine)
    monkeypatch.setattr(transcript_import, "CHUNK_CALLS", 1)
    batch_id = start_batch(sqlite_engine, tmp_path)

    def cancel_after_the_first_chunk(summary):
        raise control.JobCanceled

    summary = run_batch(sqlite_engine, batch_id, customer_key_secret=SECRET,
                        progress=cancel_after_the_first_chunk)  # fmt: skip
    assert summary.status is ImportStatus.FAILED and "취소" in summary.error_text
    with transaction(sqlite_engine) as session:
        assert [c.source_ref for c in session.scalars(select(Call))] == ["W-1"]
        assert session.get(ImportBatch, batch_id).status is ImportStatus.FAILED
