"""Seeding the demo dataset: reference data, teams, agents, calls and their utterances.

SQLite gets batched Core inserts. PostgreSQL gets COPY, inside one transaction that first
detaches the two tables' indexes and constraints and puts them back (verbatim, as the
database itself describes them) after the rows are in: building an index once is far
cheaper than updating it 19 million times, and one foreign-key check of the whole table far
cheaper than one per row.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple

import numpy as np
from psycopg import Cursor, sql
from psycopg.copy import QueuedLibpqWriter
from sqlalchemy import Connection, Engine, exists, insert, select, text
from sqlalchemy.orm import Session

from core.domain import CallSource, CallStatus, SpeakerMethod
from db.demo.conversations import Conversation, fill_names, name_forms
from db.demo.generate import (
    CATEGORIES,
    SEOUL,
    CallPlan,
    ConversationPool,
    DemoRoster,
    build_roster,
    customer_key_hash,
    customer_name,
    plan_calls,
)
from db.demo.reference import seed_reference
from db.models import Agent, Call, Team, Utterance
from db.types import utcnow

Progress = Callable[[str, float], None]
"""Called with (stage, overall fraction 0..1) as the load goes on."""

CHUNK_CALLS = 2_000
"""Calls per insert batch or COPY write (about 38,000 utterances, 4 MB of text)."""

MAINTENANCE_WORK_MEM = "256MB"
"""Sort memory for rebuilding the indexes after a PostgreSQL load (this session only)."""

DEMO_LOCK_KEY = 0x6665706C65  # "feple": two first starts must not both seed


class DemoStage(StrEnum):
    REFERENCE = "reference"  # scorecard, rules, prompts, scenarios, voices, teams, agents
    CALLS = "calls"
    UTTERANCES = "utterances"
    INDEXES = "indexes"  # PostgreSQL only: rebuilding what the COPY went without
    DONE = "done"


@dataclass(slots=True)
class DemoSummary:
    """What one ``seed_demo`` run inserted: all zero when demo calls already existed."""

    teams: int
    agents: int
    calls: int
    utterances: int
    seconds: float
    # Where the time went: "generate" (Python), "copy"/"insert" (the database), "indexes".
    stage_seconds: dict[str, float] = field(default_factory=dict)


def seed_demo(
    engine: Engine,
    *,
    calls: int,
    days: int,
    seed: int,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> DemoSummary:
    """Fill an empty install with a demo contact centre; does nothing when one is there."""
    started = time.perf_counter()
    report = progress or (lambda stage, fraction: None)
    now = now or utcnow()
    timings: dict[str, float] = {}
    with _without_cyclic_gc(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": DEMO_LOCK_KEY})
        if connection.scalar(select(exists().where(Call.source == CallSource.DEMO))):
            return DemoSummary(0, 0, 0, 0, time.perf_counter() - started)
        report(DemoStage.REFERENCE, 0.0)
        roster = build_roster(calls=calls, days=days, seed=seed, today=now.astimezone(SEOUL).date())
        with Session(bind=connection) as session:
            seed_reference(session=session)
            people = _seed_people(session, roster)
        t0 = time.perf_counter()
        plan = plan_calls(roster, calls=calls, days=days, seed=seed, now=now)
        pool = ConversationPool(roster, plan, seed=seed)
        timings["generate"] = time.perf_counter() - t0
        writer = CallWriter(roster, plan, pool, people.agent_ids, people.team_ids, seed, now)
        if calls == 0:
            utterances = 0
        elif connection.dialect.name == "postgresql":
            utterances = _copy_postgres(connection, writer, report, timings)
        else:
            utterances = _insert_rows(connection, writer, report, timings)
    report(DemoStage.DONE, 1.0)
    return DemoSummary(
        teams=people.new_teams,
        agents=people.new_agents,
        calls=calls,
        utterances=utterances,
        seconds=time.perf_counter() - started,
        stage_seconds={k: round(v, 2) for k, v in timings.items()},
    )


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector: it rescans the growing pool of rendered conversations over
    and over (a quarter of the generation time) though they hold no reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class CallWriter:
    """Turns the plan into rows: dicts for inserts, tab-separated text for COPY."""

    def __init__(
        self,
        roster: DemoRoster,
        plan: CallPlan,
        pool: ConversationPool,
        agent_ids: list[int],
        team_ids: list[int],
        seed: int,
        now: datetime,
    ) -> None:
        self.plan, self.pool, self.seed, self.now = plan, pool, seed, now
        self.calls = len(plan)
        self._agent = plan.agent.tolist()
        self._keys = pool.keys.tolist()
        self._customer = plan.customer.tolist()
        self._agent_ids = agent_ids
        self._team_ids = [team_ids[a.team] for a in roster.agents]
        self._agent_forms = [name_forms(a.name) for a in roster.agents]
        self._copy_cache: dict[int, _CopyRows] = {}

    def conversation(self, index: int) -> Conversation:
        return self.pool.conversation(self._keys[index])

    def source_ref(self, index: int) -> str:
        return f"demo-{self.seed}-{index:07d}"

    def call_dict(self, index: int, call_id: int, conversation: Conversation) -> dict:
        agent = self._agent[index]
        return {
            "id": call_id,
            "agent_id": self._agent_ids[agent],
            "team_id": self._team_ids[agent],
            "category": CATEGORIES[self.plan.category[index]],
            "direction": conversation.direction,
            "customer_key_hash": customer_key_hash(self._customer[index]),
            "started_at": datetime.fromtimestamp(int(self.plan.started_at[index]), tz=UTC),
            "duration_s": conversation.duration_s,
            "channels": 2,
            "status": CallStatus.ANALYZING,
            "attempt_count": 0,
            "source": CallSource.DEMO,
            "source_ref": self.source_ref(index),
            "speaker_method": SpeakerMethod.STEREO_CHANNELS,
            "transferred_to": conversation.transferred_to,
            "created_at": self.now,
            "updated_at": self.now,
        }

    def utterance_dicts(self, index: int, call_id: int, conversation: Conversation) -> list[dict]:
        agent_forms = self._agent_forms[self._agent[index]]
        customer = customer_name(self._customer[index])
        return [
            {
                "call_id": call_id,
                "seq": seq,
                "speaker": line.speaker,
                "start_s": line.start_s,
                "end_s": line.end_s,
                "text": fill_names(line.text, agent_forms, customer),
                "redaction_spans": [span.as_dict() for span in line.redaction_spans],
            }
            for seq, line in enumerate(conversation.lines)
        ]

    def call_copy_text(self, start: int, stop: int, first_id: int) -> str:
        """Rows for ``CALL_COPY``: per call only ids, customer, time and ref are formatted."""
        started = np.datetime_as_string(self.plan.started_at[start:stop].astype("datetime64[s]"))
        rows = []
        for index, started_at in zip(range(start, stop), started.tolist(), strict=True):
            agent = self._agent[index]
            rows.append(
                f"{first_id + index}\t{self._agent_ids[agent]}\t{self._team_ids[agent]}\t"
                f"{customer_key_hash(self._customer[index])}\t{started_at}+00\t"
                f"{self.source_ref(index)}\t{self._copy_rows(self._keys[index]).call_tail}"
            )
        return "".join(rows)

    def utterance_copy_text(self, start: int, stop: int, first_call_id: int, first_id: int) -> str:
        """Rows for ``UTTERANCE_COPY`` of calls ``start:stop``; ids run on from ``first_id``."""
        rows: list[str] = []
        next_id = first_id
        for index in range(start, stop):
            lines, with_names, _ = self._copy_rows(self._keys[index])
            if with_names:
                agent_forms = self._agent_forms[self._agent[index]]
                customer = customer_name(self._customer[index])
                lines = list(lines)
                for i in with_names:
                    lines[i] = fill_names(lines[i], agent_forms, customer)
            tail = f"\t{first_call_id + index}\t"
            rows.extend([f"{uid}{tail}{line}" for uid, line in enumerate(lines, next_id)])
            next_id += len(lines)
        return "".join(rows)

    def _copy_rows(self, key: int) -> _CopyRows:
        rows = self._copy_cache.get(key)
        if rows is None:
            rows = self._copy_cache[key] = _CopyRows.of(self.pool.conversation(key), self.now)
        return rows


NULL = "\\N"

CALL_COPY = (
    "COPY calls (id, agent_id, team_id, customer_key_hash, started_at, source_ref, category,"
    " direction, duration_s, transferred_to, channels, status, attempt_count, source,"
    " speaker_method, created_at, updated_at) FROM STDIN"
)
UTTERANCE_COPY = (
    "COPY utterances (id, call_id, seq, speaker, start_s, end_s, text, redaction_spans) FROM STDIN"
)


class _CopyRows(NamedTuple):
    """One rendered conversation as COPY text, formatted once however often it is used."""

    lines: tuple[str, ...]  # utterance rows after "id\tcall_id\t"
    with_names: tuple[int, ...]  # the lines that hold name slots
    call_tail: str  # the call row from ``category`` on

    @classmethod
    def of(cls, conversation: Conversation, now: datetime) -> _CopyRows:
        lines, with_names = [], []
        for seq, line in enumerate(conversation.lines):
            if any(ch in line.text for ch in "\\\t\n\r"):
                raise ValueError(f"demo text would need COPY escaping: {line.text!r}")
            spans = (
                json.dumps([s.as_dict() for s in line.redaction_spans])
                if line.redaction_spans
                else "[]"
            )
            lines.append(
                f"{seq}\t{line.speaker.value}\t{line.start_s}\t{line.end_s}\t{line.text}\t{spans}\n"
            )
            if "{" in line.text:
                with_names.append(seq)
        transferred = conversation.transferred_to
        created = now.astimezone(UTC).isoformat()
        call_tail = (
            f"{conversation.category.value}\t{conversation.direction.value}\t{conversation.duration_s}\t"
            f"{transferred.value if transferred else NULL}\t2\t{CallStatus.ANALYZING.value}\t0\t"
            f"{CallSource.DEMO.value}\t{SpeakerMethod.STEREO_CHANNELS.value}\t{created}\t{created}\n"
        )
        return cls(tuple(lines), tuple(with_names), call_tail)


def _insert_rows(
    connection: Connection, writer: CallWriter, report: Progress, timings: dict[str, float]
) -> int:
    first_id = (connection.scalar(select(Call.id).order_by(Call.id.desc()).limit(1)) or 0) + 1
    utterances = 0
    for start in range(0, writer.calls, CHUNK_CALLS):
        t0 = time.perf_counter()
        call_rows, utterance_rows = [], []
        for index in range(start, min(start + CHUNK_CALLS, writer.calls)):
            conversation = writer.conversation(index)
            call_rows.append(writer.call_dict(index, first_id + index, conversation))
            utterance_rows += writer.utterance_dicts(index, first_id + index, conversation)
        t1 = time.perf_counter()
        connection.execute(insert(Call), call_rows)
        connection.execute(insert(Utterance), utterance_rows)
        timings["generate"] += t1 - t0
        timings["insert"] = timings.get("insert", 0.0) + time.perf_counter() - t1
        utterances += len(utterance_rows)
        report(DemoStage.UTTERANCES, 0.02 + 0.98 * (start + len(call_rows)) / writer.calls)
    return utterances


@dataclass(frozen=True, slots=True)
class _People:
    team_ids: list[int]  # by roster team index
    agent_ids: list[int]  # by roster agent index
    new_teams: int
    new_agents: int


def _seed_people(session: Session, roster: DemoRoster) -> _People:
    """Teams by name and agents by employee number, reusing the ones already there."""
    teams = {t.name: t for t in session.scalars(select(Team))}
    new_teams = [Team(name=t.name, description=t.description) for t in roster.teams
                 if t.name not in teams]  # fmt: skip
    session.add_all(new_teams)
    session.flush()
    teams.update((t.name, t) for t in new_teams)
    team_ids = [teams[t.name].id for t in roster.teams]
    agents = {a.employee_no: a for a in session.scalars(select(Agent))}
    new_agents = [
        Agent(employee_no=a.employee_no, name=a.name, team_id=team_ids[a.team], hired_on=a.hired_on)
        for a in roster.agents
        if a.employee_no not in agents
    ]
    session.add_all(new_agents)
    session.flush()
    agents.update((a.employee_no, a) for a in new_agents)
    agent_ids = [agents[a.employee_no].id for a in roster.agents]
    return _People(team_ids, agent_ids, len(new_teams), len(new_agents))


def _copy_postgres(
    connection: Connection, writer: CallWriter, report: Progress, timings: dict[str, float]
) -> int:
    """COPY calls, then utterances, with the tables' indexes and constraints set aside."""
    with connection.connection.driver_connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
        cursor.execute("LOCK TABLE calls, utterances IN ACCESS EXCLUSIVE MODE")
        first_call_id = _next_id(cursor, "calls")
        first_utterance_id = _next_id(cursor, "utterances")
        restore = _detach_indexes_and_constraints(cursor, ["calls", "utterances"])

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
        _stream(cursor, CALL_COPY, call_chunk, writer.calls, timings,
                lambda done: report(DemoStage.CALLS, 0.02 + 0.08 * done))  # fmt: skip
        _stream(cursor, UTTERANCE_COPY, utterance_chunk, writer.calls, timings,
                lambda done: report(DemoStage.UTTERANCES, 0.1 + 0.6 * done))  # fmt: skip
        t0 = time.perf_counter()
        for done, statement in enumerate(restore):
            report(DemoStage.INDEXES, 0.7 + 0.3 * done / len(restore))
            cursor.execute(statement)
        for table in ("calls", "utterances"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
            )
        cursor.execute("ANALYZE calls, utterances")
        timings["indexes"] = time.perf_counter() - t0
    return utterances


def _stream(
    cursor: Cursor,
    statement: str,
    chunk: Callable[[int, int], str],
    calls: int,
    timings: dict[str, float],
    done: Callable[[float], None],
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
