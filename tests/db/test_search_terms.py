"""The stored search terms of calls: written with a transcript, backfilled by migration 0005
the same way on both databases."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from core.domain import Speaker
from core.search_terms import call_terms
from db import migrate
from db.models import Call, CallSearchTerms, Utterance
from db.search_terms import store_terms
from db.session import transaction
from tests import factories

START = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
TRANSCRIPTS = [
    ["계약해지 하려고요", "해지 환급금은요?"],
    ["ARS 말고요, KIM_01 이요", "  앞뒤 공백\t탭\u3000전각공백\xa0줄바꿈없는\n두줄 "],
    ["Émile ÉCOLE ＡＢＣ", "이모지 \U0001f600\U0001f600 끝", "100% 맞나요"],
    ["네", ""],  # nothing to look up
]


def stored_terms(engine) -> dict[int, list[int]]:
    with transaction(engine) as session:
        rows = session.execute(select(CallSearchTerms.call_id, CallSearchTerms.terms))
        return {call_id: sorted(terms) for call_id, terms in rows}


def add_calls(engine, *, with_terms: bool) -> list[int]:
    ids = []
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session))
        for n, lines in enumerate(TRANSCRIPTS):
            call = factories.call(session, agent, START + timedelta(minutes=n),
                                  customer=f"010-3000-{n:04d}")  # fmt: skip
            session.add_all(Utterance(call_id=call.id, seq=seq, speaker=Speaker.AGENT, text=line)
                            for seq, line in enumerate(lines))  # fmt: skip
            if with_terms:
                store_terms(session=session, call_id=call.id, texts=lines)
            ids.append(call.id)
    return ids


def test_storing_terms_replaces_the_calls_previous_ones(engine):
    (first, *_) = add_calls(engine, with_terms=True)
    with transaction(engine) as session:
        store_terms(session=session, call_id=first, texts=["민원 접수"])
    assert stored_terms(engine)[first] == sorted(call_terms(["민원 접수"]))
    assert len(stored_terms(engine)) == len(TRANSCRIPTS)


def test_migration_0005_backfills_the_terms_core_search_terms_computes(engine):
    ids = add_calls(engine, with_terms=False)
    migrate.downgrade(engine, "0004")
    migrate.upgrade(engine)
    stored = stored_terms(engine)
    for call_id, lines in zip(ids, TRANSCRIPTS, strict=True):
        expected = sorted(call_terms(lines))
        # A call whose utterances hold no term gets no row (the search finds it nowhere).
        assert stored.get(call_id, []) == expected, lines
    assert ids[0] in stored


def test_deleting_a_call_deletes_its_terms(engine):
    ids = add_calls(engine, with_terms=True)
    with transaction(engine) as session:
        session.delete(session.get(Call, ids[0]))
    assert set(stored_terms(engine)) == set(ids[1:])
