"""The PostgreSQL path of the demo load: COPY, with the tables' indexes set aside.

Everything runs inside the caller's transaction, which first detaches the tables'
indexes and constraints and puts them back (verbatim, as the database itself describes
them) after the rows are in: building an index once is far cheaper than updating it 19
million times, and one foreign-key check of the whole table far cheaper than one per row.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from psycopg import Cursor, sql
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Connection

from db.demo.rows import (
    CALL_COPY,
    CHUNK_CALLS,
    REVIEW_COPY,
    SEARCH_TERMS_COPY,
    UTTERANCE_COPY,
    CallWriter,
    ReviewWriter,
)

MAINTENANCE_WORK_MEM = "256MB"
"""Sort memory for rebuilding the indexes after a PostgreSQL load (this session only)."""

PhaseDone = Callable[[float], None]
"""Called with the fraction 0..1 of one phase of the load (calls, utterances, ...) done."""


def copy_postgres(
    connection: Connection,
    writer: CallWriter,
    reviews: ReviewWriter | None,
    timings: dict[str, float],
    *,
    calls_done: PhaseDone,
    utterances_done: PhaseDone,
    search_terms_done: PhaseDone,
    reviews_done: PhaseDone,
    indexes_done: PhaseDone,
) -> int:
    """COPY calls, utterances, their search terms and reviews (if any), with the tables'
    indexes and constraints set aside; returns the number of utterances."""
    tables = ["calls", "utterances", "call_search_terms"]
    tables += ["reviews"] if reviews is not None else []
    with connection.connection.driver_connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        first_call_id = _next_id(cursor, "calls")
        first_utterance_id = _next_id(cursor, "utterances")
        first_review_id = _next_id(cursor, "reviews")
        restore = _detach_indexes_and_constraints(cursor, tables)

        def call_chunk(start: int, stop: int) -> str:
            return writer.call_copy_text(start, stop, first_call_id)

        utterances = 0

        def utterance_chunk(start: int, stop: int) -> str:
            nonlocal utterances
            chunk = writer.utterance_copy_text(
                start, stop, first_call_id, first_utterance_id + utterances
            )
            utterances += chunk.count("\n")
            return chunk

        timings["copy"] = 0.0
        _stream(cursor, CALL_COPY, call_chunk, writer.calls, timings, calls_done)
        _stream(cursor, UTTERANCE_COPY, utterance_chunk, writer.calls, timings, utterances_done)

        def search_terms_chunk(start: int, stop: int) -> str:
            return writer.search_terms_copy_text(start, stop, first_call_id)

        _stream(cursor, SEARCH_TERMS_COPY, search_terms_chunk, writer.calls, timings,
                search_terms_done)  # fmt: skip
        if reviews is not None:

            def review_chunk(start: int, stop: int) -> str:
                return reviews.review_copy_text(start, stop, first_call_id, first_review_id)

            _stream(cursor, REVIEW_COPY, review_chunk, writer.calls, timings, reviews_done)
        t0 = time.perf_counter()
        for done, statement in enumerate(restore):
            indexes_done(done / len(restore))
            cursor.execute(statement)
        for table in tables:
            if table == "call_search_terms":  # keyed by call, no sequence of its own
                continue
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        cursor.execute(f"ANALYZE {', '.join(tables)}")
        timings["indexes"] = time.perf_counter() - t0
    return utterances


def _stream(
    cursor: Cursor,
    statement: str,
    chunk: Callable[[int, int], str],
    calls: int,
    timings: dict[str, float],
    done: PhaseDone,
) -> None:
    """One COPY, written ``CHUNK_CALLS`` calls at a time, timing Python and the server apart."""
    # The queued writer sends from a thread, so the next chunk is formatted meanwhile.
    with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
        for start in range(0, calls, CHUNK_CALLS):
            t0 = time.perf_counter()
            text_rows = chunk(start, min(start + CHUNK_CALLS, calls))
            t1 = time.perf_counter()
            copy.write(text_rows)  # waits only while the send queue is full
            timings["generate"] += t1 - t0
            timings["copy"] += time.perf_counter() - t1
            done(min(1.0, (start + CHUNK_CALLS) / calls))
        t0 = time.perf_counter()
    timings["copy"] += time.perf_counter() - t0  # the server taking in the last rows


def _next_id(cursor: Cursor, table: str) -> int:
    row = cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def _detach_indexes_and_constraints(cursor: Cursor, tables: list[str]) -> list[sql.Composable]:
    """Drop the tables' keys, indexes and foreign keys (theirs and those pointing at them).

    Returns the statements that recreate them, in an order that works: keys, indexes, then
    foreign keys, each as ``pg_get_constraintdef``/``pg_get_indexdef`` describe it.
    """
    constraints = cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
        FROM pg_constraint
        WHERE contype IN ('p', 'u', 'f')
          AND (conrelid = ANY(%(t)s::text[]::regclass[])
               OR confrelid = ANY(%(t)s::text[]::regclass[]))
        ORDER BY contype = 'f' DESC, conname
        """,
        {"t": tables},
    ).fetchall()
    indexes = cursor.execute(
        """
        SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
        FROM pg_index i
        WHERE indrelid = ANY(%(t)s::text[]::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                          AND c.conrelid = i.indrelid)
        ORDER BY 1
        """,
        {"t": tables},
    ).fetchall()
    drops: list[sql.Composable] = []
    keys: list[sql.Composable] = []
    foreign_keys: list[sql.Composable] = []
    for table, name, definition, kind in constraints:
        alter = sql.SQL("ALTER TABLE {} ").format(sql.SQL(table))
        drops.append(alter + sql.SQL("DROP CONSTRAINT {}").format(sql.Identifier(name)))
        add = alter + sql.SQL("ADD CONSTRAINT {} {}").format(
            sql.Identifier(name), sql.SQL(definition)
        )
        (foreign_keys if kind == "f" else keys).append(add)
    for name, definition in indexes:
        drops.append(sql.SQL("DROP INDEX {}").format(sql.SQL(name)))
        keys.append(sql.SQL(definition))
    for statement in drops:
        cursor.execute(statement)
    return keys + foreign_keys
