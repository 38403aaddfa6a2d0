"""The call list: every call a ``CallFilter`` selects, one sorted page at a time, with a total
that stays cheap on a million calls. Everything is filtered and sorted in SQL.

Transcript search is a case-insensitive substring match on any utterance of the call, of two
characters or more. On PostgreSQL the calls' search terms (bigrams and word pairs,
``core.search_terms``, migration 0005) narrow it to the calls that can match; only their
utterances are read, and a single two-character word needs not even that. Each query has a
time budget there: a count that runs out of it is left unknown, a page that runs out of it is
a message asking for a more specific search text or a shorter period.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, exists, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from core.domain import (
    CallCategory,
    CallDirection,
    CallSource,
    CallStatus,
    EvaluationStatus,
    Outcome,
)
from core.errors import UserError
from core.filters import CallFilter, ScoreRange
from core.search_terms import is_one_bigram, search_terms
from db.models import (
    Agent,
    Call,
    CallMetrics,
    CallSearchTerms,
    Evaluation,
    Prediction,
    Review,
    Team,
    Utterance,
)
from db.rollups import is_repeat_call, utc_bounds

COUNT_CAP = 10_000
"""Matches counted at most; past it the total reads "10,000+" (counting a million rows
exactly would cost more than showing the page)."""

MAX_PAGE_SIZE = 500
LIKE_ESCAPE = "\\"
PAGE_BUDGET_MS = 15_000
"""PostgreSQL: the longest one page of the list may take before the user is asked to narrow
the search."""
COUNT_BUDGET_MS = 2_000
"""PostgreSQL: the longest the total may take; past it the total is shown as not counted."""
WORK_MEM = "64MB"
"""PostgreSQL sort/bitmap memory for the list's queries (this transaction only): with the
default 4 MB a common word's bitmap goes lossy and every row of its pages is re-read."""

_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement_timeout
T = TypeVar("T")


class CallSort(StrEnum):
    STARTED = "started"
    DURATION = "duration"
    SCORE = "score"
    POLITENESS = "politeness"
    COMPLIANCE = "compliance"
    AGENT = "agent"


@dataclass(frozen=True, slots=True)
class CallRow:
    call_id: int
    started_at: datetime  # in the centre's time zone
    agent_id: int
    agent: str
    team: str
    category: CallCategory
    direction: CallDirection
    duration_s: float | None  # None: an imported transcript without timings
    status: CallStatus
    score: float | None  # the latest successful automatic evaluation
    politeness: float | None
    compliance: float | None
    outcome: Outcome | None  # predicted
    source: CallSource
    reviewed: bool  # a supervisor has reviewed it


@dataclass(frozen=True, slots=True)
class CallPage:
    rows: list[CallRow]
    # Matches, counted up to COUNT_CAP + 1; None when counting ran out of its time budget.
    total: int | None
    page: int
    page_size: int
    has_next: bool

    @property
    def total_capped(self) -> bool:
        """True when there are more than COUNT_CAP matches (``total`` is then a floor)."""
        return self.total is not None and self.total > COUNT_CAP


class _OutOfTime(Exception):
    """A PostgreSQL statement ran past its time budget."""


def like_pattern(words: str) -> str:
    """A LIKE pattern matching ``words`` anywhere, its % _ and \\ taken literally."""
    escaped = words.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(
    *,
    session: Session,
    call_filter: CallFilter,
    tz: str,
    sort: CallSort = CallSort.STARTED,
    descending: bool = True,
    page: int = 1,
    page_size: int = 50,
) -> CallPage:
    """Page ``page`` (from 1) of the calls ``call_filter`` selects, sorted by ``sort`` (ties
    by call id, the same way), and how many there are up to COUNT_CAP + 1.

    Raises UserError("calls.search_slow") when a page takes longer than PAGE_BUDGET_MS."""
    page = max(1, page)
    page_size = min(max(1, page_size), MAX_PAGE_SIZE)
    try:
        rows = _budgeted(session, PAGE_BUDGET_MS, lambda: rows_of(
            session=session, call_filter=call_filter, tz=tz, sort=sort, descending=descending,
            offset=(page - 1) * page_size, limit=page_size + 1))  # fmt: skip
    except _OutOfTime:
        raise UserError("calls.search_slow", seconds=PAGE_BUDGET_MS // 1000) from None
    try:
        total = _budgeted(session, COUNT_BUDGET_MS, lambda: count(
            session=session, call_filter=call_filter, tz=tz))  # fmt: skip
    except _OutOfTime:
        total = None
    return CallPage(rows=rows[:page_size], total=total, page=page, page_size=page_size,
                    has_next=len(rows) > page_size)  # fmt: skip


def count(*, session: Session, call_filter: CallFilter, tz: str) -> int:
    """How many calls ``call_filter`` selects, counted up to COUNT_CAP + 1."""
    _tune(session, call_filter)
    dialect = session.get_bind().dialect.name
    capped = (
        _joined(select(Call.id), call_filter)
        .where(*_conditions(call_filter, dialect, tz))
        .limit(COUNT_CAP + 1)
        .subquery()
    )
    return session.scalar(select(func.count()).select_from(capped)) or 0


def rows_of(
    *,
    session: Session,
    call_filter: CallFilter,
    tz: str,
    sort: CallSort = CallSort.STARTED,
    descending: bool = True,
    offset: int = 0,
    limit: int,
) -> list[CallRow]:
    """The selected calls ``offset``..``offset + limit`` in the order ``sort`` gives (an
    export asks for all of them, up to its cap)."""
    _tune(session, call_filter)
    dialect = session.get_bind().dialect.name
    # First the page's call ids, sorted with only the tables the filter and the sort need;
    # then everything the list shows for those few calls.
    key = _sort_key(sort).label("sort_key")
    picked_query = _joined(select(Call.id, key), call_filter)
    if sort is CallSort.POLITENESS or sort is CallSort.COMPLIANCE:
        if call_filter.politeness.is_open and call_filter.compliance.is_open:
            picked_query = picked_query.outerjoin(CallMetrics, CallMetrics.call_id == Call.id)
    elif sort is CallSort.AGENT:
        picked_query = picked_query.join(Agent, Agent.id == Call.agent_id)
    picked = (
        picked_query.where(*_conditions(call_filter, dialect, tz))
        .order_by(*_order(key, Call.id, sort, descending))
        .offset(offset)
        .limit(limit)
        .subquery("picked")
    )
    query = (
        select(
            Call.id,
            Call.started_at,
            Call.agent_id,
            Agent.name,
            Team.name,
            Call.category,
            Call.direction,
            Call.duration_s,
            Call.status,
            _latest_score(),
            CallMetrics.politeness_score,
            CallMetrics.compliance_pct,
            Prediction.label,
            Call.source,
            exists().where(Review.call_id == Call.id),
        )
        .select_from(picked)
        .join(Call, Call.id == picked.c.id)
        .join(Agent, Agent.id == Call.agent_id)
        .join(Team, Team.id == Call.team_id)
        .outerjoin(CallMetrics, CallMetrics.call_id == Call.id)
        .outerjoin(Prediction, Prediction.call_id == Call.id)
        .order_by(*_order(picked.c.sort_key, picked.c.id, sort, descending))
    )
    zone = ZoneInfo(tz)
    return [
        CallRow(
            call_id=row[0],
            started_at=row[1].astimezone(zone),
            agent_id=row[2],
            agent=row[3],
            team=row[4],
            category=row[5],
            direction=row[6],
            duration_s=row[7],
            status=row[8],
            score=row[9],
            politeness=row[10],
            compliance=row[11],
            outcome=row[12],
            source=row[13],
            reviewed=bool(row[14]),
        )
        for row in session.execute(query)
    ]


_SETTINGS = {
    "work_mem": WORK_MEM,
    # A plan for the search text itself: psycopg prepares a statement run five times on a
    # connection, and PostgreSQL's generic plan for it (made without the search terms, so
    # with a guessed share of matches) read a month of calls one by one for a word in none.
    "plan_cache_mode": "force_custom_plan",
    # The list's queries pass the cost at which PostgreSQL compiles them (JIT), which took
    # 50-100 ms of queries that otherwise run in milliseconds.
    "jit": "off",
}
_SEARCH_SETTINGS = {
    # A merge join reads calls and their search terms in id order from the first call on:
    # PostgreSQL takes the period's calls for spread over all ids, but they are the newest,
    # at the end (2.6 s instead of 0.6 s to count a common word, bench/call_search.py).
    "enable_mergejoin": "off",
}


def _tune(session: Session, call_filter: CallFilter) -> None:
    """PostgreSQL settings for the list's queries, this transaction (or savepoint) only."""
    if session.get_bind().dialect.name != "postgresql":
        return
    settings = _SETTINGS | (_SEARCH_SETTINGS if call_filter.text else {})
    calls = ", ".join(f"set_config('{name}', '{value}', true)" for name, value in settings.items())
    session.execute(text(f"SELECT {calls}"))


def _budgeted(session: Session, milliseconds: int, run: Callable[[], T]) -> T:
    """``run()``, cancelled by PostgreSQL after ``milliseconds`` (raising _OutOfTime); the
    limit and a cancelled statement end with a savepoint, the transaction goes on."""
    if session.get_bind().dialect.name != "postgresql":
        return run()
    savepoint = session.begin_nested()
    try:
        session.execute(text(f"SET LOCAL statement_timeout = {int(milliseconds)}"))
        return run()
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == _QUERY_CANCELED:
            raise _OutOfTime from error
        raise
    finally:
        # Rolling back a read-only savepoint undoes only the SET LOCAL.
        savepoint.rollback()


def _latest_score() -> ColumnElement:
    """The total score of the call's latest successful automatic evaluation."""
    return (
        select(Evaluation.total_score)
        .where(Evaluation.call_id == Call.id, Evaluation.status == EvaluationStatus.OK)
        .order_by(Evaluation.id.desc())
        .limit(1)
        .correlate(Call)
        .scalar_subquery()
    )


def _joined(query: Select, call_filter: CallFilter) -> Select:
    """``query`` (from calls) with the tables the filter's conditions read."""
    if not (call_filter.politeness.is_open and call_filter.compliance.is_open):
        query = query.join(CallMetrics, CallMetrics.call_id == Call.id)
    if call_filter.outcomes:
        query = query.join(Prediction, Prediction.call_id == Call.id)
    return query


def _in_range(column: ColumnElement, bounds: ScoreRange) -> list[ColumnElement]:
    conditions = []
    if bounds.low is not None:
        conditions.append(column >= bounds.low)
    if bounds.high is not None:
        conditions.append(column <= bounds.high)
    return conditions


def _conditions(call_filter: CallFilter, dialect: str, tz: str) -> list[ColumnElement]:
    start, end = utc_bounds(call_filter.day_from, call_filter.day_to, tz)
    conditions: list[ColumnElement] = [Call.started_at >= start, Call.started_at < end]
    for column, values in (
        (Call.team_id, call_filter.team_ids),
        (Call.agent_id, call_filter.agent_ids),
        (Call.category, call_filter.categories),
        (Call.direction, call_filter.directions),
        (Call.status, call_filter.statuses),
        (Prediction.label, call_filter.outcomes),
    ):
        if values:
            conditions.append(column.in_(values))
    conditions += _in_range(_latest_score(), call_filter.score)
    conditions += _in_range(CallMetrics.politeness_score, call_filter.politeness)
    conditions += _in_range(CallMetrics.compliance_pct, call_filter.compliance)
    if call_filter.repeat_only:
        conditions.append(is_repeat_call(dialect))
    if call_filter.transferred_only:
        conditions.append(Call.transferred_to.is_not(None))
    if call_filter.text:
        conditions.append(_contains_text(call_filter.text, dialect))
    return conditions


def _contains_text(words: str, dialect: str) -> ColumnElement:
    """Some utterance of the call contains ``words`` (any case).

    PostgreSQL looks up the calls holding every search term of ``words`` (bigrams and word
    pairs, migration 0005's GIN index), or checks the terms of each call as it reads the
    calls newest first, whichever its statistics find cheaper. For a single two-character
    word that is the answer. Otherwise the utterances of those calls are read, one call at a
    time and only for calls that pass every other condition (a scalar subquery, so never a
    join that reads the utterances of all calls). Raises UserError("calls.search_too_short")
    when ``words`` is a single character."""
    terms = search_terms(words)
    if not terms:
        raise UserError("calls.search_too_short")
    said = Utterance.text.ilike(like_pattern(words), escape=LIKE_ESCAPE)
    if dialect != "postgresql":
        return exists().where(Utterance.call_id == Call.id, said)
    has_terms = exists().where(
        CallSearchTerms.call_id == Call.id, CallSearchTerms.terms.contains(terms)
    )
    if is_one_bigram(words):
        return has_terms
    first_line = (
        select(Utterance.seq)
        .where(Utterance.call_id == Call.id, said)
        .limit(1)
        .correlate(Call)
        .scalar_subquery()
    )
    return and_(has_terms, first_line.is_not(None))


def _sort_key(sort: CallSort) -> ColumnElement:
    return {
        CallSort.STARTED: Call.started_at,
        CallSort.DURATION: Call.duration_s,
        CallSort.SCORE: _latest_score(),
        CallSort.POLITENESS: CallMetrics.politeness_score,
        CallSort.COMPLIANCE: CallMetrics.compliance_pct,
        CallSort.AGENT: Agent.name,
    }[sort]


_NULLABLE = frozenset({CallSort.DURATION, CallSort.SCORE, CallSort.POLITENESS, CallSort.COMPLIANCE})


def _order(
    key: ColumnElement, call_id: ColumnElement, sort: CallSort, descending: bool
) -> Sequence[ColumnElement]:
    first = key.desc() if descending else key.asc()
    if sort in _NULLABLE:
        # Calls without a value (not analysed yet, imported without timings) come last
        # either way. Only there: on started_at it would stop PostgreSQL from reading its
        # index backwards.
        first = first.nulls_last()
    return [first, call_id.desc() if descending else call_id.asc()]
