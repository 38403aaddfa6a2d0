"""Storing imported transcripts as calls, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.access import SYSTEM_ACTOR, Actor, PermissionDenied
from core.domain import (
    CallCategory,
    CallDirection,
    CallSource,
    CallStatus,
    ImportStatus,
    Role,
    SpeakerMethod,
)
from core.search_terms import call_terms
from core.transcript_import import ImportFormat
from core.transcript_import.plan import BatchDefaults, ImportPlan
from db import imported_calls, transcript_import
from db.models import Agent, AuditEntry, Call, CallSearchTerms, ImportBatch, Utterance
from db.session import transaction
from db.transcript_import import create_batch, run_batch, summary_of
from tests import factories
from tests.core.transcript_import.reading import SAMPLES

SECRET = "s" * 40
DEFAULTS = BatchDefaults(agent="A1042", category=CallCategory.GENERAL,
                         started_at=datetime(2026, 11, 19, 9, 0, tzinfo=UTC))  # fmt: skip


def seed_agents(engine) -> dict[str, int]:
    with transaction(engine) as session:
        team = factories.team(session)
        people = (("A1042", "박상담"), ("1042", "김상담"), ("A7", "이상담"))
        agents = {number: factories.agent(session, team, number, name).id
                  for number, name in people}  # fmt: skip
        session.get(Agent, agents["A7"]).active = False  # left the company
    return agents


def start(engine, path: Path, fmt: ImportFormat, *, defaults=DEFAULTS, actor=SYSTEM_ACTOR,
          **plan) -> int:  # fmt: skip
    with transaction(engine) as session:
        return create_batch(session=session, actor=actor, filename=path.name,
                            plan=ImportPlan.build(fmt, defaults=defaults, **plan),
                            file_path=path)  # fmt: skip


def run(engine, batch_id: int, **kwargs):
    return run_batch(engine, batch_id, customer_key_secret=SECRET, **kwargs)


def stored_calls(engine) -> dict[str, Call]:
    with transaction(engine) as session:
        calls = session.scalars(select(Call).where(Call.source == CallSource.TRANSCRIPT_IMPORT))
        return {call.source_ref: call for call in calls}


def utterances_of(engine, call_id: int) -> list[Utterance]:
    with transaction(engine) as session:
        return list(
            session.scalars(select(Utterance).where(Utterance.call_id == call_id)
                            .order_by(Utterance.seq))
        )  # fmt: skip


def test_good_records_are_stored_whole_and_every_bad_one_is_listed(engine):
    agents = seed_agents(engine)
    batch_id = start(engine, SAMPLES / "records.jsonl", ImportFormat.RECORDS_JSONL)
    summary = run(engine, batch_id)
    assert (summary.status, summary.imported, summary.duplicates, summary.rejected) == (
        ImportStatus.DONE, 3, 0, 5)  # fmt: skip
    assert summary.fraction == 1.0
    calls = stored_calls(engine)
    assert set(calls) == {"R-001", "2002", "R-007"}
    first = calls["R-001"]
    assert first.agent_id == agents["A1042"] and first.category is CallCategory.ACCIDENT
    assert first.status is CallStatus.UPLOADED and first.import_batch_id == batch_id
    assert first.speaker_method is SpeakerMethod.SOURCE_LABELS
    assert first.audio_path is None and first.customer_key_hash is not None
    # Starts only ("[00:00:05] 손님: ..."): no end, so no length -- never 0.
    assert first.duration_s is None
    # The number 2002 names no agent, category or time: the batch's defaults fill them in.
    second = calls["2002"]
    assert second.agent_id == agents["A1042"] and second.category is CallCategory.GENERAL
    assert second.started_at == DEFAULTS.started_at and second.customer_key_hash is None
    with transaction(engine) as session:
        batch = session.get(ImportBatch, batch_id)
        assert [(r["line"], r["key"]) for r in batch.rejections] == [
            (3, "transcript_import.unknown_speaker_in_text"),
            (4, "transcript_import.bad_json_line"),
            (5, "transcript_import.duplicate_line"),
            (6, "transcript_import.empty_transcript"),
            (7, "transcript_import.bad_category"),
        ]
        assert batch.rejections[0]["ko"].startswith("3행(통화 R-003): 대화 2번째 줄: 화자 '보호자'")
        assert batch.rejections[0]["en"].startswith("Line 3 (call R-003): Transcript line 2")
        assert batch.finished_at is not None and batch.kind == "transcripts"
        stored = dict(session.execute(select(CallSearchTerms.call_id, CallSearchTerms.terms)).all())
        assert set(stored) == {call.id for call in calls.values()}
        said = session.scalars(select(Utterance.text).where(Utterance.call_id == first.id))
        assert list(stored[first.id]) == sorted(call_terms(said))  # what the search looks up
        actions = session.scalars(select(AuditEntry.action)).all()
        assert {"calls.import_transcripts", "calls.import_finished"} <= set(actions)


def test_masks_from_upstream_and_our_redaction_are_both_marks_and_no_number_is_stored(engine):
    seed_agents(engine)
    run(engine, start(engine, SAMPLES / "records.jsonl", ImportFormat.RECORDS_JSONL))
    calls = stored_calls(engine)
    said = utterances_of(engine, calls["R-001"].id)
    assert [(u.speaker.value, u.start_s, u.end_s) for u in said] == [
        ("agent", 1.0, None), ("customer", 5.0, None), ("agent", 12.0, None)]  # fmt: skip
    customer = said[1]
    assert "010-1234-5678" not in customer.text and "[이름]" in customer.text
    kinds = [span["kind"] for span in customer.redaction_spans]
    assert kinds == ["phone", "masked"]
    for span in customer.redaction_spans:
        marked = customer.text[span["start"] : span["end"]]
        assert marked in ("[이름]", "[전화번호]")
    assert "▲▲▲" in said[0].text and said[0].redaction_spans[0]["kind"] == "masked"


def test_timed_utterance_rows_keep_their_times_and_the_call_its_length(engine):
    seed_agents(engine)
    batch_id = start(engine, SAMPLES / "utterances.csv", ImportFormat.UTTERANCES_CSV)
    summary = run(engine, batch_id)
    calls = stored_calls(engine)
    assert set(calls) == {"U-1", "U-2", "U-6"} and summary.imported == 3
    assert calls["U-1"].duration_s is None  # the last row has no end
    assert calls["U-6"].duration_s == pytest.approx(3725.25)
    assert [(u.start_s, u.end_s) for u in utterances_of(engine, calls["U-6"].id)] == [
        (3723.0, 3725.25)]  # fmt: skip
    # U-2 is partly timed: each row keeps what it had, nothing is filled in.
    assert [(u.start_s, u.end_s) for u in utterances_of(engine, calls["U-2"].id)] == [
        (None, None), (5.0, 7.5)]  # fmt: skip


def test_a_second_import_of_the_same_file_stores_nothing_twice(engine):
    seed_agents(engine)
    run(engine, start(engine, SAMPLES / "records.jsonl", ImportFormat.RECORDS_JSONL))
    before = stored_calls(engine)
    again = run(engine, start(engine, SAMPLES / "records.jsonl", ImportFormat.RECORDS_JSONL))
    assert (again.imported, again.duplicates, again.rejected) == (0, 3, 5)
    after = stored_calls(engine)
    assert {k: c.id for k, c in after.items()} == {k: c.id for k, c in before.items()}
    assert {c.updated_at for c in after.values()} == {c.updated_at for c in before.values()}
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Utterance)) == 3 + 2 + 2


def test_a_retried_run_of_one_batch_counts_the_same_and_stores_nothing_new(engine):
    seed_agents(engine)
    batch_id = start(engine, SAMPLES / "records.jsonl", ImportFormat.RECORDS_JSONL)
    first = run(engine, batch_id)
    with transaction(engine) as session:  # as if the worker died before finishing
        session.get(ImportBatch, batch_id).status = ImportStatus.RUNNING
    second = run(engine, batch_id)
    assert (second.imported, second.duplicates, second.rejected) == (
        first.imported, first.duplicates, first.rejected)  # fmt: skip
    assert len(stored_calls(engine)) == 3


def test_calls_lacking_agent_category_or_time_are_rejected_naming_what_is_missing(engine, tmp_path):
    seed_agents(engine)
    path = tmp_path / "calls.jsonl"
    path.write_text(
        '{"id": "N-1", "transcript": "상담사: 네"}\n'
        '{"id": "N-2", "agent": "A1042", "transcript": "상담사: 네"}\n'
        '{"id": "N-3", "agent": "A1042", "category": "사고접수", "transcript": "상담사: 네"}\n'
        '{"id": "N-4", "agent": "Z999", "category": "사고접수", "started_at": "2026-11-01 10:00",'
        ' "transcript": "상담사: 네"}\n'
        '{"id": "N-5", "agent": "A1042", "category": "사고접수", "started_at": "2999-01-01 10:00",'
        ' "transcript": "상담사: 네"}\n'
        '{"id": "N-6", "agent": "김상담", "category": "사고접수", "started_at": "2026-11-01 10:00",'
        ' "transcript": "상담사: 네"}\n'
        '{"id": "N-7", "agent": "a7", "category": "사고접수", "started_at": "2026-11-01 10:00",'
        ' "transcript": "상담사: 네"}\n'
        '{"id": "' + "x" * 129 + '", "agent": "A7", "category": "사고접수",'
        ' "started_at": "2026-11-01 10:00", "transcript": "상담사: 네"}\n',
        encoding="utf-8",
    )
    batch_id = start(engine, path, ImportFormat.RECORDS_JSONL, defaults=BatchDefaults())
    summary = run(engine, batch_id)
    with transaction(engine) as session:
        keys = [(r["line"], r["key"]) for r in session.get(ImportBatch, batch_id).rejections]
    assert keys == [
        (1, "transcript_import.no_agent"),
        (2, "transcript_import.no_category"),
        (3, "transcript_import.no_started_at"),
        (4, "transcript_import.unknown_agent"),
        (5, "transcript_import.started_in_future"),
        (8, "transcript_import.source_id_too_long"),
    ]
    # By name where one agent has it; by employee number in any case, also one who left.
    assert summary.imported == 2 and set(stored_calls(engine)) == {"N-6", "N-7"}


def test_an_unreadable_file_fails_the_batch_with_its_reason_and_stores_nothing(engine, tmp_path):
    seed_agents(engine)
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "B-1", "transcript": "상담사: 네"}, {"id": ', encoding="utf-8")
    summary = run(engine, start(engine, path, ImportFormat.RECORDS_JSON))
    assert summary.status is ImportStatus.FAILED
    assert "JSON 형식이 잘못되었습니다" in summary.error_text
    assert "The JSON is malformed" in summary.error_text
    assert stored_calls(engine) == {}


def test_a_file_that_is_not_text_fails_its_batch_and_changes_no_earlier_import(engine, tmp_path):
    seed_agents(engine)
    path = tmp_path / "calls.jsonl"
    path.write_text('{"id": "T-1", "transcript": "상담사: 네"}\n', encoding="utf-8")
    summary = run(engine, start(engine, path, ImportFormat.RECORDS_JSONL))
    assert summary.status is ImportStatus.DONE and summary.imported == 1
    path.write_bytes(b"\xff\xfe\x00binary")
    failed = run(engine, start(engine, path, ImportFormat.RECORDS_JSONL))
    assert failed.status is ImportStatus.FAILED and "UTF-8" in failed.error_text
    assert set(stored_calls(engine)) == {"T-1"}


def test_calls_are_stored_a_chunk_at_a_time_with_progress_after_each(engine, tmp_path, monkeypatch):
    seed_agents(engine)
    monkeypatch.setattr(transcript_import, "CHUNK_CALLS", 2)
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(f'{{"id": "K-{n}", "transcript": "상담사: {n}번 통화"}}\n'
                            for n in range(7)), encoding="utf-8")  # fmt: skip
    stored: list[list[int]] = []
    seen: list[tuple[int, float]] = []
    summary = run(engine, start(engine, path, ImportFormat.RECORDS_JSONL), stored=stored.append,
                  progress=lambda s: seen.append((s.imported, s.fraction)))  # fmt: skip
    assert [len(ids) for ids in stored] == [2, 2, 2, 1]
    assert [n for n, _ in seen] == [2, 4, 6, 7]
    assert all(0 < fraction <= 1 for _, fraction in seen)
    assert summary.imported == 7 and len({i for ids in stored for i in ids}) == 7


def test_a_database_failure_fails_the_batch_and_leaves_no_call_half_written(
    engine, tmp_path, monkeypatch
):
    seed_agents(engine)
    monkeypatch.setattr(transcript_import, "CHUNK_CALLS", 3)
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(f'{{"id": "F-{n}", "transcript": "상담사: 하나\\n손님: 둘"}}\n'
                            for n in range(7)), encoding="utf-8")  # fmt: skip
    real = imported_calls.call_terms
    calls_seen = iter(range(100))

    def failing_terms(texts):
        if next(calls_seen) == 3:  # the second chunk fails after its calls and utterances
            raise RuntimeError("disk full")
        return real(texts)

    batch_id = start(engine, path, ImportFormat.RECORDS_JSONL)
    monkeypatch.setattr(imported_calls, "call_terms", failing_terms)
    with pytest.raises(RuntimeError, match="disk full"):
        run(engine, batch_id)
    calls = stored_calls(engine)
    assert set(calls) == {"F-0", "F-1", "F-2"}
    for call in calls.values():
        assert len(utterances_of(engine, call.id)) == 2
    with transaction(engine) as session:
        summary = summary_of(session.get(ImportBatch, batch_id))
    assert summary.status is ImportStatus.FAILED and "disk full" in summary.error_text
    assert summary.imported == 3


def test_two_imports_of_one_file_at_once_store_each_call_once(engine, tmp_path):
    seed_agents(engine)
    path = tmp_path / "calls.jsonl"
    path.write_text("".join(f'{{"id": "P-{n}", "transcript": "상담사: {n}"}}\n'
                            for n in range(300)), encoding="utf-8")  # fmt: skip
    batches = [start(engine, path, ImportFormat.RECORDS_JSONL) for _ in range(2)]
    results = {}
    threads = [threading.Thread(target=lambda b=b: results.__setitem__(b, run(engine, b)))
               for b in batches]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(stored_calls(engine)) == 300
    assert sum(r.imported for r in results.values()) == 300
    assert all(r.imported + r.duplicates == 300 for r in results.values())


def test_only_those_who_upload_calls_may_start_an_import(engine):
    viewer = Actor(user_id=None, username="viewer", roles=[Role.VIEWER])
    with pytest.raises(PermissionDenied):
        start(engine, SAMPLES / "records.jsonl", ImportFormat.RECORDS_JSONL, actor=viewer)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_the_plan_is_kept_on_the_batch_and_read_back_the_same(engine):
    seed_agents(engine)
    batch_id = start(engine, SAMPLES / "utterances.csv", ImportFormat.UTTERANCES_CSV,
                     agent_names=("상담원",), customer_names=("고객", "보호자"),
                     mapping={"text": "발화"})  # fmt: skip
    with transaction(engine) as session:
        stored = session.get(ImportBatch, batch_id)
        plan = ImportPlan.from_json(stored.options)
    assert plan.options.speakers.agent == ("상담원",)
    assert plan.options.columns.text == ("발화",)
    assert plan.defaults == DEFAULTS
    assert plan.defaults.direction is CallDirection.INBOUND
