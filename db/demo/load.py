"""Seeding the demo dataset: reference data, teams, agents, calls with their utterances and
search terms, and the demo supervisor's reviews of some calls (``db.demo.labels``) when a
reviewer is given.

SQLite gets batched Core inserts, here; PostgreSQL gets COPY, with the tables' indexes and
constraints set aside until the rows are in (``db.demo.postgres_copy``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, Engine, exists, insert, select, text
from sqlalchemy.orm import Session

from core.domain import CallSource
from db.demo.generate import SEOUL, ConversationPool, DemoRoster, build_roster, plan_calls
from db.demo.labels import plan_reviews
from db.demo.postgres_copy import copy_postgres
from db.demo.reference import seed_reference
from db.demo.rows import CHUNK_CALLS, CallWriter, ReviewWriter
from db.models import Agent, Call, CallSearchTerms, Review, Team, User, Utterance
from db.types import utcnow

Progress = Callable[[str, float], None]
"""Called with (stage, overall fraction 0..1) as the load goes on."""


DEMO_LOCK_KEY = 0x6665706C65  # "feple": two first starts must not both seed


class DemoStage(StrEnum):
    REFERENCE = "reference"  # scorecard, rules, prompts, scenarios, voices, teams, agents
    CALLS = "calls"
    UTTERANCES = "utterances"
    SEARCH_TERMS = "search_terms"  # PostgreSQL only: SQLite inserts them with each batch
    REVIEWS = "reviews"  # PostgreSQL only: SQLite inserts them with each batch of calls
    INDEXES = "indexes"  # PostgreSQL only: rebuilding what the COPY went without
    DONE = "done"


@dataclass(slots=True)
class DemoSummary:
    """What one ``seed_demo`` run inserted: all zero when demo calls already existed."""

    teams: int
    agents: int
    calls: int
    utterances: int
    reviews: int
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
    reviewer_id: int | None = None,
) -> DemoSummary:
    """Fill an empty install with a demo contact centre; does nothing when one is there.

    With ``reviewer_id`` (a user, e.g. the demo supervisor) a seeded share of the calls gets
    a review by that user whose outcome is a demo label (``db.demo.labels``); without, none.
    """
    started = time.perf_counter()
    report = progress or (lambda stage, fraction: None)
    now = now or utcnow()
    timings: dict[str, float] = {}
    with _without_cyclic_gc(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": DEMO_LOCK_KEY})
        if connection.scalar(select(exists().where(Call.source == CallSource.DEMO))):
            return DemoSummary(0, 0, 0, 0, 0, time.perf_counter() - started)
        if (
            reviewer_id is not None
            and connection.scalar(select(User.id).where(User.id == reviewer_id)) is None
        ):
            raise ValueError(f"no user with id {reviewer_id} to sign the demo reviews")
        report(DemoStage.REFERENCE, 0.0)
        roster = build_roster(calls=calls, days=days, seed=seed, today=now.astimezone(SEOUL).date())
        with Session(bind=connection) as session:
            seed_reference(session=session)
            people = _seed_people(session, roster)
        t0 = time.perf_counter()
        plan = plan_calls(roster, calls=calls, days=days, seed=seed, now=now)
        pool = ConversationPool(roster, plan, seed=seed)
        writer = CallWriter(roster, plan, pool, people.agent_ids, people.team_ids, seed, now)
        reviews = None
        if reviewer_id is not None:
            reviews = ReviewWriter(writer, plan_reviews(calls, seed=seed), reviewer_id)
        timings["generate"] = time.perf_counter() - t0
        if calls == 0:
            utterances = 0
        elif connection.dialect.name == "postgresql":
            utterances = copy_postgres(
                connection,
                writer,
                reviews,
                timings,
                calls_done=lambda done: report(DemoStage.CALLS, 0.02 + 0.08 * done),
                utterances_done=lambda done: report(DemoStage.UTTERANCES, 0.1 + 0.5 * done),
                search_terms_done=lambda done: report(DemoStage.SEARCH_TERMS, 0.6 + 0.08 * done),
                reviews_done=lambda done: report(DemoStage.REVIEWS, 0.7 - 0.02 * (1.0 - done)),
                indexes_done=lambda done: report(DemoStage.INDEXES, 0.7 + 0.3 * done),
            )
        else:
            utterances = _insert_rows(connection, writer, reviews, report, timings)
    report(DemoStage.DONE, 1.0)
    return DemoSummary(
        teams=people.new_teams,
        agents=people.new_agents,
        calls=calls,
        utterances=utterances,
        reviews=len(reviews.reviews) if reviews is not None else 0,
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


def _insert_rows(
    connection: Connection,
    writer: CallWriter,
    reviews: ReviewWriter | None,
    report: Progress,
    timings: dict[str, float],
) -> int:
    first_id = (connection.scalar(select(Call.id).order_by(Call.id.desc()).limit(1)) or 0) + 1
    utterances = 0
    for start in range(0, writer.calls, CHUNK_CALLS):
        t0 = time.perf_counter()
        stop = min(start + CHUNK_CALLS, writer.calls)
        call_rows, utterance_rows, terms_rows = [], [], []
        for index in range(start, stop):
            conversation = writer.conversation(index)
            call_rows.append(writer.call_dict(index, first_id + index, conversation))
            utterance_rows += writer.utterance_dicts(index, first_id + index, conversation)
            terms_rows.append(writer.search_terms_dict(index, first_id + index))
        review_rows = reviews.review_dicts(start, stop, first_id) if reviews is not None else []
        t1 = time.perf_counter()
        connection.execute(insert(Call), call_rows)
        connection.execute(insert(Utterance), utterance_rows)
        connection.execute(insert(CallSearchTerms), terms_rows)
        if review_rows:
            connection.execute(insert(Review), review_rows)
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
