"""Queue overhead per call: enqueue -> done through RQ and a real worker, for calls whose
transcript already exists, against analysing the same calls in-process.

    PYTHONPATH=. python bench/queue_overhead.py [--calls 60]

Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (a fresh database and a
private Redis logical database are used and removed).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime

from redis import Redis
from sqlalchemy import select, text

from core.domain import CallSource, QueueName
from core.settings import PROJECT_ROOT
from db import migrate
from db.demo.load import seed_demo
from db.models import Call, JobRun
from db.session import create_db_engine, transaction
from tests import services
from workers.analyze import run_analysis
from workers.queue import enqueue

REDIS_DB = 13


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=60)
    args = parser.parse_args()
    name = f"feple_bench_queue_{uuid.uuid4().hex[:8]}"
    admin = create_db_engine(services.pg_url("postgres"))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url, redis_url = services.pg_url(name), f"redis://127.0.0.1:6379/{REDIS_DB}"
    Redis.from_url(redis_url).flushdb()
    engine = create_db_engine(url)
    try:
        migrate.upgrade(engine)
        settings = services.production_settings(url, redis_url, "bench-")
        seed_demo(engine, calls=args.calls, days=3, seed=3, now=datetime(2026, 11, 20, tzinfo=UTC))
        with transaction(engine) as session:
            ids = list(session.scalars(select(Call.id).where(Call.source == CallSource.DEMO)))
        run_analysis(engine, settings, ids[:1])  # builds the pipeline, as a warm worker has
        began = time.perf_counter()
        for call_id in ids:
            run_analysis(engine, settings, [call_id])
        inline = (time.perf_counter() - began) / len(ids)

        began = time.perf_counter()
        for call_id in ids:
            enqueue("workers.analyze.analyze_call", call_id, engine=engine, settings=settings,
                    queue=QueueName.CPU, target_type="call", target_id=call_id)  # fmt: skip
        enqueue_s = (time.perf_counter() - began) / len(ids)
        worker_began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "workers.main", "cpu", "--burst", "--no-scheduler"],
                       cwd=PROJECT_ROOT, env=services.production_env(url, redis_url, "bench-"),
                       check=True, capture_output=True)  # fmt: skip
        worker_s = time.perf_counter() - worker_began
        with transaction(engine) as session:
            runs = session.scalars(select(JobRun).order_by(JobRun.id)).all()
            spans = [(r.ended_at - r.started_at).total_seconds() for r in runs]
            first_start = min(r.started_at for r in runs)
            last_end = max(r.ended_at for r in runs)
        busy = (last_end - first_start).total_seconds()
    finally:
        engine.dispose()
        Redis.from_url(redis_url).flushdb()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    per_call = busy / len(spans)
    print(f"{len(spans)} calls (transcripts stored), PostgreSQL + Redis on this machine")
    print(f"  in-process analysis:            {inline * 1000:7.1f} ms/call")
    print(f"  enqueue (JobRun row + RQ):      {enqueue_s * 1000:7.1f} ms/call")
    print(f"  through the worker, first start to last end: {per_call * 1000:7.1f} ms/call "
          f"(job itself median {statistics.median(spans) * 1000:.1f} ms)")  # fmt: skip
    print(f"  queue overhead per call:        {(per_call - inline + enqueue_s) * 1000:7.1f} ms")
    print(f"  worker process start to exit:   {worker_s:7.1f} s (imports, Kiwi, then the jobs)")


if __name__ == "__main__":
    main()
