"""Worker entry point: ``python -m workers.main cpu|stt|tts [--burst]``.

The cpu queue uses RQ's forking Worker (a crashed job cannot take the worker down). The GPU
queues (stt, tts) use SimpleWorker: CUDA does not survive fork, and models stay loaded in the
one process between jobs.
"""

from __future__ import annotations

import argparse
import logging
import threading

from redis import Redis
from rq import SimpleWorker, Worker

from core.domain import QueueName, Speaker
from core.settings import get_settings
from core.transcript import Turn
from db.session import engine_for
from workers.intake import sweep_uploaded
from workers.liveness import keep_alive
from workers.queue import GPU_QUEUES, queue_name
from workers.recovery import sweep_until

WARM_UP_TURN = Turn(0, Speaker.AGENT, "안녕하십니까, 무엇을 도와드릴까요?", 0.0, 2.0)
"""One agent sentence analysed before forking, so every work horse starts warm."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("queues", nargs="+", choices=[q.value for q in QueueName])
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--no-scheduler", action="store_true", help="no retry/backoff scheduler")
    args = parser.parse_args(argv)

    settings = get_settings()
    if not settings.redis_url:
        parser.error("REDIS_URL (or FEPLE_REDIS_URL) must be set to run a worker")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    queues = [QueueName(name) for name in args.queues]
    if QueueName.CPU in queues:
        # Build the analysis pipeline (Kiwi takes ~2 s) before RQ forks a work horse per job:
        # every horse inherits it instead of building its own. The engine's connections are
        # closed first, so no horse shares one with its parent.
        from workers.analyze import pipeline_for

        engine = engine_for(settings.sqlalchemy_url)
        # Kiwi loads its model on the first sentence, not when it is made.
        pipeline_for(engine, settings).politeness.analyze([WARM_UP_TURN])
        engine.dispose()
    worker_class = SimpleWorker if GPU_QUEUES.intersection(queues) else Worker
    connection = Redis.from_url(settings.redis_url)
    worker = worker_class([queue_name(settings, q) for q in queues], connection=connection)
    stop = threading.Event()
    keep_alive(connection, worker.name, stop)
    sweep_until(
        connection,
        [queue_name(settings, q) for q in QueueName],
        stop,
        also=[lambda: sweep_uploaded(engine_for(settings.sqlalchemy_url), settings)],
    )
    try:
        worker.work(burst=args.burst, with_scheduler=not args.no_scheduler)
    finally:
        stop.set()


if __name__ == "__main__":
    main()
