"""Storing a chunk of imported calls: the agent each names, then the calls, their
utterances and search terms, a table at a time (``db.transcript_import`` runs the batch).

Utterances and search terms go to the driver in the database's own form: COPY on
PostgreSQL, where psycopg's executemany would send the rows one by one (several times
slower; it was most of an import's time), and one executemany on SQLite without
SQLAlchemy's per-row type processing (a third of the time there). See BENCHMARKS.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.domain import CallSource, CallStatus, SpeakerMethod
from core.errors import UserError
from core.pii import customer_key_hash
from core.search_terms import call_terms
from core.transcript_import.calls import CallToStore
from db.models import Agent, Call
from db.types import utcnow


@dataclass(frozen=True, slots=True)
class ReadyCall:
    """A call to store with its agent found."""

    call: CallToStore
    agent_id: int
    team_id: int


class AgentDirectory:
    """Agents by employee number, else by name where one agent has it. Agents who have
    left (inactive) still match: imported calls are often old."""

    def __init__(self, agents: list[tuple[int, str, str, int]]) -> None:
        self._by_number = {number.strip().casefold(): (i, team) for i, number, _, team in agents}
        self._by_name: dict[str, list[tuple[int, int]]] = {}
        for agent_id, _, name, team_id in agents:
            self._by_name.setdefault(name.strip(), []).append((agent_id, team_id))

    @classmethod
    def load(cls, session: Session) -> AgentDirectory:
        rows = session.execute(select(Agent.id, Agent.employee_no, Agent.name, Agent.team_id))
        return cls([tuple(row) for row in rows])  # type: ignore[misc]

    def find(self, agent: str) -> tuple[int, int]:
        """(agent id, team id) of ``agent``; UserError when none or several match."""
        found = self._by_number.get(agent.strip().casefold())
        if found:
            return found
        named = self._by_name.get(agent.strip(), [])
        if len(named) == 1:
            return named[0]
        key = "transcript_import.ambiguous_agent" if named else "transcript_import.unknown_agent"
        raise UserError(key, agent=agent.strip())


def store_calls(
    *, session: Session, batch_id: int, calls: list[ReadyCall], secret: str
) -> tuple[list[int], int, int]:
    """Store ``calls`` not imported before; returns (new call ids, calls this batch had
    stored already, duplicates of other imports)."""
    if not calls:
        return [], 0, 0
    rows = session.execute(
        select(Call.source_ref, Call.import_batch_id).where(
            Call.source == CallSource.TRANSCRIPT_IMPORT,
            Call.source_ref.in_([ready.call.source_id for ready in calls]),
        )
    )
    known = {source_ref: batch for source_ref, batch in rows}
    fresh = [ready for ready in calls if ready.call.source_id not in known]
    again = sum(1 for batch in known.values() if batch == batch_id)
    if not fresh:
        return [], again, len(known) - again
    now = utcnow()
    ids = list(
        session.scalars(
            insert(Call.__table__).returning(Call.__table__.c.id, sort_by_parameter_order=True),
            [_call_row(ready, batch_id, secret, now) for ready in fresh],
        )
    )
    pairs = list(zip(ids, fresh, strict=True))
    postgres = session.get_bind().dialect.name == "postgresql"
    _insert_rows(
        session,
        "utterances",
        ("call_id", "seq", "speaker", "start_s", "end_s", "text", "redaction_spans"),
        [(call_id, turn.seq, turn.speaker.value, turn.start_s, turn.end_s, turn.text,
          json.dumps([span.as_dict() for span in turn.redactions]) if turn.redactions else "[]")
         for call_id, ready in pairs for turn in ready.call.turns],
    )  # fmt: skip
    write_terms = _postgres_array if postgres else json.dumps
    _insert_rows(
        session,
        "call_search_terms",
        ("call_id", "terms"),
        [(call_id, write_terms(sorted(call_terms(turn.text for turn in ready.call.turns))))
         for call_id, ready in pairs],
    )  # fmt: skip
    return ids, again, len(known) - again


def _insert_rows(session: Session, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """``rows`` (values as the database takes them: JSON and arrays already written as text)
    into ``table``. PostgreSQL: one COPY, where psycopg's executemany would send the rows one
    by one (several times slower: it was most of an import's time); SQLite: one executemany
    straight to the driver."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        driver = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _postgres_array(values: list[int]) -> str:
    return "{" + ",".join(map(str, values)) + "}"


def _call_row(ready: ReadyCall, batch_id: int, secret: str, now: datetime) -> dict:
    call = ready.call
    customer = call.customer_key and customer_key_hash(call.customer_key, secret=secret)
    return {
        "agent_id": ready.agent_id, "team_id": ready.team_id, "category": call.category,
        "direction": call.direction, "customer_key_hash": customer or None,
        "started_at": call.started_at, "duration_s": call.duration_s, "audio_path": None,
        "audio_sha256": None, "channels": None, "status": CallStatus.UPLOADED,
        "attempt_count": 0, "source": CallSource.TRANSCRIPT_IMPORT,
        "source_ref": call.source_id, "import_batch_id": batch_id,
        "speaker_method": SpeakerMethod.SOURCE_LABELS, "created_at": now, "updated_at": now,
    }  # fmt: skip
