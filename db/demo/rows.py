"""The demo calls as rows: dicts for SQLite's inserts, tab-separated text for PostgreSQL's COPY.

``CallWriter`` formats each distinct rendered conversation once and fills in only what
differs per call (ids, agent, customer, time), which is what lets a million calls load fast.
``ReviewWriter`` turns the demo supervisor's reviews (``db.demo.labels``) into rows the same
two ways.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np

from core.domain import CallSource, CallStatus, ReviewAcknowledgement, SpeakerMethod
from core.search_terms import call_terms
from db.demo.conversations import Conversation, fill_names, name_forms
from db.demo.generate import (
    CATEGORIES,
    CallPlan,
    ConversationPool,
    DemoRoster,
    customer_key_hash,
    customer_name,
)
from db.demo.labels import CallTruth, DemoLabel, ReviewPlan, label_call
from db.demo.name_terms import NameLine, NameTerms, Window

CHUNK_CALLS = 2_000
"""Calls per insert batch or COPY write (about 38,000 utterances, 4 MB of text)."""

NULL = "\\N"
"""How COPY's text format writes a NULL."""

CALL_COPY = (
    "COPY calls (id, agent_id, team_id, customer_key_hash, started_at, source_ref, category,"
    " direction, duration_s, transferred_to, channels, status, attempt_count, source,"
    " speaker_method, created_at, updated_at) FROM STDIN"
)
"""The COPY of calls, its columns in the order ``CallWriter.call_copy_text`` writes them."""

UTTERANCE_COPY = (
    "COPY utterances (id, call_id, seq, speaker, start_s, end_s, text, redaction_spans) FROM STDIN"
)
"""The COPY of utterances, its columns in the order ``CallWriter.utterance_copy_text`` writes."""

SEARCH_TERMS_COPY = "COPY call_search_terms (call_id, terms) FROM STDIN"
"""The COPY of the calls' search terms (``core.search_terms``), written by
``CallWriter.search_terms_copy_text``."""

REVIEW_COPY = (
    "COPY reviews (id, call_id, reviewer_id, item_scores, total_score, outcome, comment,"
    " acknowledgement, acknowledgement_comment, created_at, updated_at) FROM STDIN"
)
"""The COPY of reviews, its columns in the order ``ReviewWriter.review_copy_text`` writes."""


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
        self._styles = [a.style for a in roster.agents]
        self._copy_cache: dict[int, _CopyRows] = {}
        self._name_terms_cache = NameTerms()
        self._truths: dict[int, CallTruth] = {}

    def conversation(self, index: int) -> Conversation:
        return self.pool.conversation(self._keys[index])

    def truth(self, index: int) -> CallTruth:
        """What the generator decided about the call: the same for every call of its rendering."""
        key = self._keys[index]
        truth = self._truths.get(key)
        if truth is None:
            conversation = self.pool.conversation(key)
            truth = self._truths[key] = CallTruth(
                style=self._styles[self._agent[index]],
                facts=conversation.facts,
                repeat_caller=bool(self.plan.repeat[index]),
                transferred=conversation.transferred_to is not None,
            )
        return truth

    def ended_at(self, index: int) -> float:
        """Unix seconds when the call ended."""
        return int(self.plan.started_at[index]) + self.conversation(index).duration_s

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

    def search_terms_dict(self, index: int, call_id: int) -> dict:
        """The call's row of ``call_search_terms``."""
        rows = self._copy_rows(self._keys[index])
        return {"call_id": call_id, "terms": sorted(rows.terms | self._name_terms(index, rows))}

    def search_terms_copy_text(self, start: int, stop: int, first_call_id: int) -> str:
        """Rows for ``SEARCH_TERMS_COPY``: the terms of a rendering are formatted once; per
        call only those of its lines with names that the rendering lacks are added."""
        rows = []
        for index in range(start, stop):
            copy_rows = self._copy_rows(self._keys[index])
            body = copy_rows.terms_text
            if copy_rows.name_windows or copy_rows.name_texts:
                extra = self._name_terms(index, copy_rows) - copy_rows.terms
                if extra:
                    body = ",".join([*map(str, extra), body] if body else map(str, extra))
            rows.append(f"{first_call_id + index}\t{{{body}}}\n")
        return "".join(rows)

    def _name_terms(self, index: int, rows: _CopyRows) -> set[int]:
        """The terms that touch the call's names (``db.demo.name_terms``)."""
        agent_forms = self._agent_forms[self._agent[index]]
        customer = customer_name(self._customer[index])
        terms = self._name_terms_cache.of(rows.name_windows, agent_forms, customer)
        if rows.name_texts:
            terms |= call_terms(fill_names(t, agent_forms, customer) for t in rows.name_texts)
        return terms

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
            copy_rows = self._copy_rows(self._keys[index])
            lines, with_names = copy_rows.lines, copy_rows.with_names
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


class ReviewWriter:
    """The demo supervisor's reviews of the calls in ``reviews``: dicts, or text for COPY."""

    def __init__(self, writer: CallWriter, reviews: ReviewPlan, reviewer_id: int) -> None:
        self.writer, self.reviews, self.reviewer_id = writer, reviews, reviewer_id
        self._now_s = writer.now.timestamp()
        self._json_cache: dict[tuple[int, ...], str] = {}

    def labels(self, start: int, stop: int) -> Iterator[tuple[int, int, DemoLabel, datetime]]:
        """(review number, call index, label, when written) for the reviewed calls start:stop."""
        first, last = np.searchsorted(self.reviews.calls, (start, stop)).tolist()
        calls = self.reviews.calls[first:last].tolist()
        delays = self.reviews.delay_s[first:last].tolist()
        draws = self.reviews.draws[first:last].tolist()
        for number, index, delay, dice in zip(range(first, last), calls, delays, draws,
                                              strict=True):  # fmt: skip
            written = min(self._now_s, self.writer.ended_at(index) + delay)
            label = label_call(self.writer.truth(index), dice)
            yield number, index, label, datetime.fromtimestamp(int(written), tz=UTC)

    def review_dicts(self, start: int, stop: int, first_call_id: int) -> list[dict]:
        """Rows for ``insert(Review)`` of the reviewed calls ``start:stop``."""
        return [
            {
                "call_id": first_call_id + index,
                "reviewer_id": self.reviewer_id,
                "item_scores": label.item_scores,
                "total_score": label.total_score,
                "outcome": label.outcome,
                "comment": label.comment,
                "acknowledgement": ReviewAcknowledgement.PENDING,
                "created_at": written,
                "updated_at": written,
            }
            for _, index, label, written in self.labels(start, stop)
        ]

    def review_copy_text(self, start: int, stop: int, first_call_id: int, first_id: int) -> str:
        """Rows for ``REVIEW_COPY`` of the reviewed calls ``start:stop``; review ``n`` gets
        id ``first_id + n``."""
        pending = ReviewAcknowledgement.PENDING.value
        rows = []
        for number, index, label, written in self.labels(start, stop):
            at = written.isoformat()
            rows.append(
                f"{first_id + number}\t{first_call_id + index}\t{self.reviewer_id}\t"
                f"{self._json(label.item_scores)}\t{label.total_score!r}\t{label.outcome.value}\t"
                f"{label.comment}\t{pending}\t\t{at}\t{at}\n"
            )
        return "".join(rows)

    def _json(self, item_scores: dict[str, int]) -> str:
        key = tuple(item_scores.values())
        text = self._json_cache.get(key)
        if text is None:
            text = self._json_cache[key] = json.dumps(item_scores)
        return text


class _CopyRows(NamedTuple):
    """One rendered conversation as COPY text, formatted once however often it is used."""

    lines: tuple[str, ...]  # utterance rows after "id\tcall_id\t"
    with_names: tuple[int, ...]  # the lines that hold name slots
    call_tail: str  # the call row from ``category`` on
    terms: frozenset[int]  # the search terms that touch no name
    terms_text: str  # ``terms`` inside an array literal's braces
    name_windows: tuple[Window, ...]  # around the name slots, for the terms that touch a name
    name_texts: tuple[str, ...]  # lines with slots to read whole per call (rare, see NameLine)

    @classmethod
    def of(cls, conversation: Conversation, now: datetime) -> _CopyRows:
        lines, with_names, name_texts, windows = [], [], [], []
        terms: set[int] = set()
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
            if "{" not in line.text:
                terms |= call_terms([line.text])
                continue
            with_names.append(seq)
            name_line = NameLine.of(line.text)
            if name_line is None:
                name_texts.append(line.text)
            else:
                terms |= name_line.terms
                windows += name_line.windows
        transferred = conversation.transferred_to
        created = now.astimezone(UTC).isoformat()
        call_tail = (
            f"{conversation.category.value}\t{conversation.direction.value}\t{conversation.duration_s}\t"
            f"{transferred.value if transferred else NULL}\t2\t{CallStatus.ANALYZING.value}\t0\t"
            f"{CallSource.DEMO.value}\t{SpeakerMethod.STEREO_CHANNELS.value}\t{created}\t{created}\n"
        )
        terms_text = ",".join(map(str, sorted(terms)))
        return cls(tuple(lines), tuple(with_names), call_tail, frozenset(terms), terms_text,
                   tuple(windows), tuple(name_texts))  # fmt: skip
