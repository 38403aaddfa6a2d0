"""How fast the call list answers on PostgreSQL with a million calls, and the other ways.

    PYTHONPATH=. python bench/call_search.py [--calls 1000000] [--repeat 5]
    PYTHONPATH=. python bench/call_search.py --database NAME      # reuse (or keep) a database
    PYTHONPATH=. python bench/call_search.py --database-url URL  # measure a database kept elsewhere

Loads the demo calls with ``seed_demo`` (COPY, indexes rebuilt, the search terms of migration
0005 included; the load time is printed), gives 99% of the calls the analysis results the list
shows (metrics, an automatic evaluation, a prediction: synthetic, written in SQL) and times
the first page of the list (``db.call_list.search``: 50 rows and the capped total) with and
without transcript search. ``--database-url`` migrates the database to head first (which
backfills the search terms) and writes the analysis results only where there are none.

In the same run, the same searches two other ways, both with the ILIKE condition of
migration 0003 instead of the search terms: with 0003's trigram index (built for the run,
timed, dropped at the end) and with no index at all; then the list built in pandas.
Results go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import Engine, exists, text
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from bench.load_demo_pg import SERVER_URL, fresh_database
from core.errors import UserError
from core.filters import CallFilter
from db import call_list, migrate
from db.call_list import LIKE_ESCAPE, CallSort, count, like_pattern, rows_of, search
from db.demo import seed_demo
from db.demo.generate import SEOUL
from db.models import Call, Utterance
from db.rollups import utc_bounds
from db.session import create_db_engine

TZ = "Asia/Seoul"
SEARCHES = (
    # (words, what they are): shares of all calls, measured on the demo data
    ("해지", "2 chars, common (12% of calls)"),
    ("벌금", "2 chars, less common (5%)"),
    ("민원", "2 chars, in no call"),
    ("보험료", "3 chars, common (34%)"),
    ("해지환급", "4 chars, common (7%)"),
    ("라니까요", "4 chars, rare (0.2%)"),
    ("금융감독", "4 chars, in no call"),
    ("해지 환급", "two words, rare (0.4%)"),
    ("감사합니다 보험료", "two common words, never together"),
)

TRIGRAM_INDEX = "ix_utterances_text_trgm"
TRIGRAM_DDL = f"CREATE INDEX {TRIGRAM_INDEX} ON utterances USING gin (text gin_trgm_ops)"
"""Migration 0003's index, which 0005 replaced with the search terms."""
MAINTENANCE_WORK_MEM = "256MB"  # as the demo load builds its indexes

FILL_ANALYSIS = [
    """INSERT INTO model_versions (version, trained_at, metrics, params, feature_names, labels,
       train_rows, label_source, artifact_path, active, created_at)
       VALUES ('bench', now(), '{}', '{}', '[]', '[]', 0, 'demo', '-', true, now())""",
    # 99% of the calls analysed; values spread by a hash of the id (repeatable).
    """INSERT INTO call_metrics (call_id, timings_available, dropped_segments, dropped_reasons,
       politeness_score, compliance_pct, computed_at)
       SELECT id, true, 0, '{}', 40 + (abs(hashint4(id::int)) % 600) / 10.0,
              (abs(hashint4(id::int + 1)) % 1001) / 10.0, now()
       FROM calls WHERE id % 100 <> 0""",
    """INSERT INTO evaluations (call_id, source, model, status, total_score, summary, intent,
       coaching, created_at)
       SELECT id, 'rules', '', 'ok', 30 + (abs(hashint4(id::int + 2)) % 701) / 10.0, '', '', '',
              now()
       FROM calls WHERE id % 100 <> 0""",
    """INSERT INTO predictions (call_id, model_version_id, label, probabilities, contributions,
       created_at)
       SELECT id, (SELECT max(id) FROM model_versions),
              (ARRAY['만족','만족','만족','미흡','추가상담필요','해결불가'])
                [1 + abs(hashint4(id::int + 3)) % 6], '{}', '{}', now()
       FROM calls WHERE id % 100 <> 0""",
    "UPDATE calls SET status = 'done' WHERE id % 100 <> 0",
    "ANALYZE calls, call_metrics, evaluations, predictions",
]


@contextmanager
def million_calls(calls: int, database: str | None, url: str | None) -> Iterator[Engine]:
    """The demo calls with analysis results: the database at ``url``, or ``database`` if it
    is already there (kept), else loaded into a new one (kept when named, dropped at the end
    otherwise)."""
    if url is not None:
        engine = create_db_engine(url)
        _prepare(engine)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    if database is None:
        with fresh_database("search") as engine:
            _load(engine, calls)
            yield engine
        return
    admin = create_db_engine(f"{SERVER_URL}/postgres")
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists_ = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": database})
        if not exists_:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    engine = create_db_engine(f"{SERVER_URL}/{database}")
    if not exists_:
        migrate.upgrade(engine)
        _load(engine, calls)
    try:
        yield engine
    finally:
        engine.dispose()


def _load(engine: Engine, calls: int) -> None:
    summary = seed_demo(engine, calls=calls, days=90, seed=20261122)
    print(f"loaded {summary.calls:,} calls, {summary.utterances:,} utterances in "
          f"{summary.seconds:.1f} s {summary.stage_seconds}")  # fmt: skip
    _fill_analysis(engine)


def _prepare(engine: Engine) -> None:
    """A database kept elsewhere: migrated to head (0005 backfills the search terms), with
    analysis results unless it has some."""
    before = migrate.current_revision(engine)
    started = time.perf_counter()
    migrate.upgrade(engine)
    if before != migrate.head_revision():
        print(f"migrated {before} -> head in {time.perf_counter() - started:.1f} s")
    with engine.connect() as conn:
        analysed = conn.scalar(text("SELECT EXISTS (SELECT 1 FROM call_metrics)"))
    if not analysed:
        _fill_analysis(engine)


def _fill_analysis(engine: Engine) -> None:
    started = time.perf_counter()
    with engine.begin() as conn:
        for statement in FILL_ANALYSIS:
            conn.execute(text(statement))
    print(f"analysis results written in {time.perf_counter() - started:.1f} s")


def timed(
    action: Callable[[], object], repeat: int, *, warm_up: bool = True
) -> tuple[float, object]:
    """The median wall time of ``repeat`` runs (after one warm-up run) and the last result."""
    result = action() if warm_up else None
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def first_page(engine: Engine, call_filter: CallFilter, sort: CallSort = CallSort.STARTED):
    """What the call list page runs: ``search`` (50 rows and the capped total), budgets on."""
    with Session(engine) as session, session.begin():
        return search(session=session, call_filter=call_filter, tz=TZ, sort=sort)


def page_only(engine: Engine, call_filter: CallFilter) -> int:
    with Session(engine) as session, session.begin():
        return len(rows_of(session=session, call_filter=call_filter, tz=TZ, limit=51))


def count_only(engine: Engine, call_filter: CallFilter) -> int:
    with Session(engine) as session, session.begin():
        return count(session=session, call_filter=call_filter, tz=TZ)


@contextmanager
def without_budgets() -> Iterator[None]:
    """The naive runs get all the time they need (else they would stop at the budgets)."""
    saved = call_list.PAGE_BUDGET_MS, call_list.COUNT_BUDGET_MS
    call_list.PAGE_BUDGET_MS = call_list.COUNT_BUDGET_MS = 600_000
    try:
        yield
    finally:
        call_list.PAGE_BUDGET_MS, call_list.COUNT_BUDGET_MS = saved


def _in_any_utterance(words: str, dialect: str) -> ColumnElement:
    """The transcript condition before migration 0005: ILIKE on the utterances, which
    PostgreSQL may serve from 0003's trigram index where there is one."""
    return exists().where(
        Utterance.call_id == Call.id,
        Utterance.text.ilike(like_pattern(words), escape=LIKE_ESCAPE),
    )


@contextmanager
def searching_utterances() -> Iterator[None]:
    """``search`` with the ILIKE condition instead of the search terms."""
    saved = call_list._contains_text
    call_list._contains_text = _in_any_utterance  # type: ignore[assignment]
    try:
        yield
    finally:
        call_list._contains_text = saved  # type: ignore[assignment]


@contextmanager
def trigram_index(engine: Engine) -> Iterator[str]:
    """Migration 0003's trigram index, built (yields how long it took and its size) and
    dropped at the end."""
    with engine.begin() as conn:
        conn.execute(text(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"))  # left by a broken run
        conn.execute(text(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'"))
        started = time.perf_counter()
        conn.execute(text(TRIGRAM_DDL))
        seconds = time.perf_counter() - started
    with engine.begin() as conn:
        conn.execute(text("ANALYZE utterances"))
        size = conn.scalar(text(f"SELECT pg_size_pretty(pg_relation_size('{TRIGRAM_INDEX}'))"))
    try:
        yield f"built in {seconds:.1f} s, {size}"
    finally:
        with engine.begin() as conn:
            conn.execute(text(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"))


def index_costs(engine: Engine) -> None:
    """The search terms: their size, and how long their GIN index takes to build (dropped
    and built again in a transaction that is rolled back)."""
    with engine.connect() as conn:
        sizes = conn.execute(text("""
            SELECT pg_size_pretty(pg_total_relation_size('call_search_terms')),
                   pg_size_pretty(pg_relation_size('ix_call_search_terms_terms')),
                   pg_size_pretty(pg_total_relation_size('utterances')),
                   (SELECT avg(cardinality(terms))::int FROM call_search_terms
                    WHERE call_id % 100 = 0)""")).one()  # fmt: skip
        definition = conn.scalar(
            text("SELECT pg_get_indexdef('ix_call_search_terms_terms'::regclass)")
        )
    with engine.connect() as conn:
        rebuilt = conn.begin()
        conn.execute(text(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'"))
        conn.execute(text("DROP INDEX ix_call_search_terms_terms"))
        started = time.perf_counter()
        conn.execute(text(definition))
        built = time.perf_counter() - started
        rebuilt.rollback()
    print(f"search terms: {sizes[0]} with their GIN index of {sizes[1]} ({sizes[3]} terms a "
          f"call); the index built in {built:.1f} s. Utterances: {sizes[2]}")  # fmt: skip


def pandas_page(engine: Engine, call_filter: CallFilter) -> tuple[int, int]:
    """The naive list: the period's calls (and, with a search, their utterances) read into
    pandas, filtered, sorted newest first, the first 50 taken."""
    start, end = utc_bounds(call_filter.day_from, call_filter.day_to, TZ)
    params = {"start": start, "end": end}
    with engine.connect() as conn:
        calls = pd.read_sql(
            text("""SELECT c.id, c.started_at, a.name AS agent, t.name AS team, c.category,
                    c.direction, c.duration_s, c.status, m.politeness_score, m.compliance_pct,
                    p.label FROM calls c JOIN agents a ON a.id = c.agent_id
                    JOIN teams t ON t.id = c.team_id
                    LEFT JOIN call_metrics m ON m.call_id = c.id
                    LEFT JOIN predictions p ON p.call_id = c.id
                    WHERE c.started_at >= :start AND c.started_at < :end"""),
            conn,
            params=params,
        )
        if call_filter.text:
            utterances = pd.read_sql(
                text("""SELECT u.call_id, u.text FROM utterances u JOIN calls c
                        ON c.id = u.call_id WHERE c.started_at >= :start
                        AND c.started_at < :end"""),
                conn,
                params=params,
            )
            hits = utterances.loc[
                utterances["text"].str.contains(call_filter.text, regex=False), "call_id"
            ]
            calls = calls[calls["id"].isin(hits)]
    page = calls.sort_values(["started_at", "id"], ascending=False).head(50)
    return len(page), len(calls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--database", help="a database to reuse, or to create and keep")
    parser.add_argument("--database-url", help="measure this database (migrated to head first)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pandas", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")  # fmt: skip
    with million_calls(args.calls, args.database, args.database_url) as engine:
        with engine.connect() as conn:
            total, last = conn.execute(text("SELECT count(*), max(started_at) FROM calls")).one()
            server = conn.scalar(text("SHOW server_version"))
        today = last.astimezone(SEOUL).date()
        period = CallFilter(day_from=today - timedelta(days=29), day_to=today)
        print(f"PostgreSQL {server}, {total:,} calls; period {period.day_from}..{period.day_to}")
        index_costs(engine)
        print("\nno search, first page of 50 and the capped total:")
        for sort in (CallSort.STARTED, CallSort.SCORE, CallSort.POLITENESS, CallSort.AGENT):
            seconds, page = timed(lambda s=sort: first_page(engine, period, s), args.repeat)
            print(f"  by {sort.value:<12} {_total(page):>8} {seconds * 1000:>7.0f} ms")
        search_terms_runs(engine, period, args.repeat)
        if args.pandas:
            for words in ("", "해지환급"):
                searched = replace(period, text=words)
                seconds, (_, matched) = timed(
                    lambda f=searched: pandas_page(engine, f), 1, warm_up=False
                )
                print(f"pandas {words or '(none)':<12} {matched:>8} matches, "
                      f"{seconds:>6.1f} s")  # fmt: skip


def search_terms_runs(engine: Engine, period: CallFilter, repeat: int) -> None:
    """Each search three ways: the search terms (page, count and both as the page runs them,
    with its budgets), then ILIKE on the utterances with no index (once, no budgets), then
    ILIKE with the trigram index (as the page would run it, budgets on)."""
    print(
        "\nsearch (30 days), search terms: page = 51 rows, count = capped total, "
        "list = both as the page runs them"
    )
    found = {}
    for words, what in SEARCHES:
        searched = replace(period, text=words)
        page_s, _ = timed(lambda f=searched: page_only(engine, f), repeat)
        with without_budgets():
            count_s, _ = timed(lambda f=searched: count_only(engine, f), repeat)
        list_s, page = timed(lambda f=searched: first_page(engine, f), repeat)
        found[words] = [row.call_id for row in page.rows], list_s
        note = "  (total not counted)" if page.total is None else ""
        print(f"  {words:<12} {what:<34} {_total(page):>8} page {page_s * 1000:>6.0f} ms "
              f"count {count_s * 1000:>6.0f} ms list {list_s * 1000:>6.0f} ms{note}",
              flush=True)  # fmt: skip
    print("\nILIKE on the utterances, no index (once each, no budgets):")
    with searching_utterances(), without_budgets():
        for words, _ in SEARCHES:
            searched = replace(period, text=words)
            seconds, page = timed(lambda f=searched: first_page(engine, f), 1, warm_up=False)
            assert [row.call_id for row in page.rows] == found[words][0], words
            print(f"  {words:<12} {_total(page):>8} {seconds * 1000:>8.0f} ms "
                  f"{seconds / found[words][1]:>7.0f}x the search terms", flush=True)  # fmt: skip
    with trigram_index(engine) as built, searching_utterances():
        print(
            f"\nILIKE with migration 0003's trigram index ({built}), "
            "as the page ran it (budgets on):"
        )
        for words, _ in SEARCHES:
            searched = replace(period, text=words)
            try:
                seconds, page = timed(lambda f=searched: first_page(engine, f), repeat)
            except UserError as error:  # the page's budget ran out
                print(f"  {words:<12} {error.key}")
                continue
            assert [row.call_id for row in page.rows] == found[words][0], words
            note = "  (total not counted)" if page.total is None else ""
            print(f"  {words:<12} {_total(page):>8} {seconds * 1000:>8.0f} ms "
                  f"{seconds / found[words][1]:>7.1f}x the search terms{note}",
                  flush=True)  # fmt: skip


def _total(page) -> str:  # type: ignore[no-untyped-def]
    if page.total is None:
        return "?"
    return f"{page.total - 1:,}+" if page.total_capped else f"{page.total:,}"


if __name__ == "__main__":
    main()
