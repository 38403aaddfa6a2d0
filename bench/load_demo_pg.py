"""How long seeding the demo dataset into PostgreSQL takes, and what the naive way would.

    PYTHONPATH=. python bench/load_demo_pg.py [--calls 1000000] [--naive-calls 5000]

Creates a fresh database (random name, dropped at the end), migrates it, runs ``seed_demo``
(COPY) and prints the time split; then loads a small sample the naive way (ORM
``add_all``) into a second fresh database and extrapolates it per row. Results go to
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from db import migrate
from db.demo import seed_demo
from db.demo.generate import SEOUL, ConversationPool, build_roster, plan_calls
from db.demo.reference import seed_reference
from db.demo.rows import CallWriter
from db.models import Agent, Call, Team, User, Utterance
from db.session import create_db_engine, transaction

SERVER_URL = os.environ.get("FEPLE_BENCH_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432")
"""The PostgreSQL server to benchmark against (without a database name)."""


@contextmanager
def fresh_database(label: str) -> Iterator[Engine]:
    name = f"feple_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_db_engine(f"{SERVER_URL}/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_db_engine(f"{SERVER_URL}/{name}")
    try:
        migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def bench_copy(calls: int, days: int, seed: int) -> tuple[float, int]:
    last_reported = [-1.0]

    def progress(stage: str, fraction: float) -> None:
        if fraction - last_reported[0] >= 0.1 or stage == "done":
            print(f"  {fraction:6.1%}  {stage}", flush=True)
            last_reported[0] = fraction

    with fresh_database("copy") as engine:
        # As the app's first start does: the demo supervisor's reviews carry the demo labels.
        with transaction(engine) as session:
            reviewer = User(
                username="supervisor", name="QA", password_hash="-", roles=["supervisor"]
            )
            session.add(reviewer)
        summary = seed_demo(engine, calls=calls, days=days, seed=seed, progress=progress,
                            reviewer_id=reviewer.id)  # fmt: skip
        with engine.connect() as conn:
            size = conn.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
            server = conn.scalar(text("SHOW server_version"))
    rows = summary.calls + summary.utterances
    per_call = summary.utterances / summary.calls
    print(f"\nseed_demo (COPY), PostgreSQL {server}: {summary.calls:,} calls, "
          f"{summary.utterances:,} utterances ({per_call:.1f} per call)")  # fmt: skip
    print(f"  total           {summary.seconds:8.1f} s   ({rows / summary.seconds:,.0f} rows/s)")
    print(f"  calls/s         {summary.calls / summary.seconds:10,.0f}")
    print(f"  utterances/s    {summary.utterances / summary.seconds:10,.0f}")
    for stage, seconds in summary.stage_seconds.items():
        print(f"  {stage:<15} {seconds:8.1f} s")
    print(f"  database size   {size}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"  peak memory     {peak_mb:,.0f} MB (this Python process)")
    return summary.seconds, rows


def bench_naive(calls: int, days: int, seed: int) -> float:
    """The obvious way: ORM objects with their utterances, ``add_all``, one commit."""
    now = datetime.now(UTC)
    roster = build_roster(calls=calls, days=days, seed=seed, today=now.astimezone(SEOUL).date())
    with fresh_database("naive") as engine:
        started = time.perf_counter()
        with Session(engine) as session:
            seed_reference(session=session)
            teams = [Team(name=t.name, description=t.description) for t in roster.teams]
            session.add_all(teams)
            session.flush()
            agents = [Agent(employee_no=a.employee_no, name=a.name, team_id=teams[a.team].id,
                            hired_on=a.hired_on) for a in roster.agents]  # fmt: skip
            session.add_all(agents)
            session.flush()
            plan = plan_calls(roster, calls=calls, days=days, seed=seed, now=now)
            pool = ConversationPool(roster, plan, seed=seed)
            writer = CallWriter(
                roster, plan, pool, [a.id for a in agents], [t.id for t in teams], seed, now
            )
            rows = 0
            for index in range(calls):
                conversation = writer.conversation(index)
                call = writer.call_dict(index, 0, conversation)
                del call["id"]
                utterances = writer.utterance_dicts(index, 0, conversation)
                for utterance in utterances:
                    del utterance["call_id"]
                session.add(Call(**call, utterances=[Utterance(**u) for u in utterances]))
                rows += 1 + len(utterances)
            session.commit()
        seconds = time.perf_counter() - started
    print(f"\nnaive ORM add_all: {calls:,} calls, {rows:,} rows in {seconds:.1f} s "
          f"({rows / seconds:,.0f} rows/s)")  # fmt: skip
    return rows / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--naive-calls", type=int, default=5_000)
    args = parser.parse_args()
    print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")  # fmt: skip
    seconds, rows = bench_copy(args.calls, args.days, args.seed)
    if args.naive_calls:
        naive_rows_per_s = bench_naive(args.naive_calls, args.days, args.seed)
        naive_seconds = rows / naive_rows_per_s
        print(f"  extrapolated to {rows:,} rows: {naive_seconds:,.0f} s "
              f"({naive_seconds / seconds:.0f}x the COPY load)")  # fmt: skip


if __name__ == "__main__":
    main()
