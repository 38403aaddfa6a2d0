from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from core.call_analysis import CallAnalysis
from core.domain import (
    CallCategory,
    CallDirection,
    CallSource,
    CallStatus,
    EvaluationSource,
    EvaluationStatus,
    Outcome,
    Speaker,
    TransferQueue,
)
from core.errors import UserError
from core.filters import CallFilter, ScoreRange
from core.i18n import t
from core.search_terms import describe, search_terms
from core.transcript import Turn
from db import call_list
from db.analysis import replace_transcript
from db.call_list import CallSort, like_pattern, rows_of, search
from db.models import (
    CallMetrics,
    CallSearchTerms,
    Evaluation,
    ModelVersion,
    Prediction,
    Review,
    User,
    Utterance,
)
from db.search_terms import store_terms
from db.session import transaction
from tests import factories

TZ = "Asia/Seoul"
DAY = date(2026, 11, 10)
NOON = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)  # 12:00 in Seoul
EVERYTHING = CallFilter(day_from=date(2026, 11, 1), day_to=date(2026, 11, 30))


@dataclass
class Calls:
    """Call ids of the seeded calls by what makes each one findable."""

    ids: dict[str, int]
    teams: dict[str, int]
    agents: dict[str, int]

    def __getitem__(self, name: str) -> int:
        return self.ids[name]


def seed(engine) -> Calls:
    """Seven calls on 2026-11-10 (Seoul) and one each side of the day's edges."""
    with transaction(engine) as session:
        accident, cancel = factories.team(session, "사고접수1팀"), factories.team(session, "해지팀")
        kim = factories.agent(session, accident, "A001", "김민준")
        lee = factories.agent(session, cancel, "A002", "이서연")
        park = factories.agent(session, cancel, "A003", "박지훈")
        model = ModelVersion(version="v1", artifact_path="/models/v1.txt")
        reviewer = User(username="qa", name="QA", password_hash="x", roles=["supervisor"])
        session.add_all([model, reviewer])
        session.flush()

        def call(name, agent, minutes, *, lines=(), metrics=None, scores=(), outcome=None,
                 **options):  # fmt: skip
            options.setdefault("customer", f"010-1000-{minutes % 10_000:04d}")  # no repeats
            row = factories.call(session, agent, NOON + timedelta(minutes=minutes), **options)
            for seq, line in enumerate(lines):
                session.add(Utterance(call_id=row.id, seq=seq, speaker=Speaker.CUSTOMER,
                                      text=line))  # fmt: skip
            if lines:
                store_terms(session=session, call_id=row.id, texts=lines)
            if metrics is not None:
                session.add(CallMetrics(call_id=row.id, politeness_score=metrics[0],
                                        compliance_pct=metrics[1]))  # fmt: skip
            for score, status in scores:  # oldest first
                session.add(Evaluation(call_id=row.id, source=EvaluationSource.RULES,
                                       total_score=score, status=status))  # fmt: skip
                session.flush()
            if outcome is not None:
                session.add(Prediction(call_id=row.id, model_version_id=model.id, label=outcome))
            return row.id

        ok, failed = EvaluationStatus.OK, EvaluationStatus.FAILED
        ids = {
            "cancel": call("cancel", lee, 0, category=CallCategory.CANCELLATION,
                           lines=["계약해지 하려고요", "해지 환급금은요?"], metrics=(90.0, 100.0),
                           scores=[(40.0, ok), (88.0, ok)], outcome=Outcome.SATISFIED,
                           duration_s=420.0),
            "percent": call("percent", lee, 10, lines=["환급률이 100% 맞나요?"],
                            metrics=(70.0, 60.0), scores=[(70.0, ok), (10.0, failed)],
                            outcome=Outcome.POOR, duration_s=120.0),
            "underscore": call("underscore", kim, 20, lines=["아이디 kim_01 요", "ARS 말고요"],
                               metrics=(50.0, 30.0), scores=[(55.0, ok)],
                               outcome=Outcome.NEEDS_FOLLOW_UP, duration_s=300.0),
            "outbound": call("outbound", kim, 30, direction=CallDirection.OUTBOUND,
                             lines=["만기 안내 드립니다", "C:\\temp 말고요"], metrics=(85.0, None),
                             scores=[(92.5, ok)], outcome=Outcome.UNRESOLVABLE, duration_s=60.0),
            "failed": call("failed", park, 40, status=CallStatus.FAILED, duration_s=30.0),
            "transfer": call("transfer", park, 50, lines=["사고 접수 도와드리겠습니다"],
                             transferred_to=TransferQueue.ACCIDENT, customer="010-7777-7777",
                             metrics=(None, 80.0), duration_s=300.0),
            # The same customer as "transfer", two days before: "transfer" is a repeat call.
            "earlier": call("earlier", park, -2 * 24 * 60, customer="010-7777-7777",
                            lines=["해지는 다음에 할게요"], duration_s=200.0),
            # Seoul midnight edges of 2026-11-10: 00:00 belongs to it, 23:59:59 of the 9th not.
            "first_minute": call("first_minute", kim, -12 * 60, duration_s=100.0),
            "day_before": call("day_before", kim, -12 * 60 - 1, duration_s=100.0),
        }  # fmt: skip
        session.add(Review(call_id=ids["percent"], reviewer_id=reviewer.id, total_score=60.0))
        return Calls(ids, {"accident": accident.id, "cancel": cancel.id},
                     {"kim": kim.id, "lee": lee.id, "park": park.id})  # fmt: skip


def found(engine, call_filter: CallFilter, **options) -> list[int]:
    with transaction(engine) as session:
        page = search(session=session, call_filter=call_filter, tz=TZ, page_size=100, **options)
    assert page.total == len(page.rows) and not page.has_next
    return [row.call_id for row in page.rows]


def named(calls: Calls, ids: list[int]) -> set[str]:
    return {name for name, call_id in calls.ids.items() if call_id in ids}


def the_day(**changes) -> CallFilter:
    return replace(CallFilter(day_from=DAY, day_to=DAY), **changes)


def test_the_period_is_the_centres_local_days(engine):
    calls = seed(engine)
    on_the_day = named(calls, found(engine, the_day()))
    assert "first_minute" in on_the_day and "day_before" not in on_the_day
    assert "earlier" not in on_the_day
    assert named(calls, found(engine, CallFilter(date(2026, 11, 9), date(2026, 11, 9)))) == {
        "day_before"
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"categories": (CallCategory.CANCELLATION,)}, {"cancel"}),
        ({"directions": (CallDirection.OUTBOUND,)}, {"outbound"}),
        ({"statuses": (CallStatus.FAILED,)}, {"failed"}),
        ({"statuses": (CallStatus.FAILED, CallStatus.QUEUED)}, {"failed"}),
        ({"outcomes": (Outcome.POOR, Outcome.UNRESOLVABLE)}, {"percent", "outbound"}),
        ({"transferred_only": True}, {"transfer"}),
        ({"repeat_only": True}, {"transfer"}),
    ],
)
def test_each_filter_selects_its_calls(engine, change, expected):
    calls = seed(engine)
    assert named(calls, found(engine, the_day(**change))) == expected


def test_team_and_agent_filters(engine):
    calls = seed(engine)
    by_team = found(engine, the_day(team_ids=(calls.teams["cancel"],)))
    assert named(calls, by_team) == {"cancel", "percent", "failed", "transfer"}
    by_agents = found(engine, the_day(agent_ids=(calls.agents["kim"], calls.agents["park"])))
    assert named(calls, by_agents) == {"underscore", "outbound", "failed", "transfer",
                                       "first_minute"}  # fmt: skip
    both = found(engine, the_day(team_ids=(calls.teams["cancel"],),
                                 agent_ids=(calls.agents["kim"],)))  # fmt: skip
    assert both == []


def test_score_range_reads_the_latest_successful_evaluation(engine):
    calls = seed(engine)
    # "cancel" scored 40 and later 88: only 88 counts. "percent" has a later failed 10.
    assert named(calls, found(engine, the_day(score=ScoreRange(80, None)))) == {
        "cancel",
        "outbound",
    }
    assert named(calls, found(engine, the_day(score=ScoreRange(None, 50)))) == set()
    # Bounds are inclusive; calls without an evaluation are outside any range.
    assert named(calls, found(engine, the_day(score=ScoreRange(55, 70)))) == {
        "percent",
        "underscore",
    }


def test_politeness_and_compliance_ranges_are_inclusive_and_need_a_value(engine):
    calls = seed(engine)
    polite = found(engine, the_day(politeness=ScoreRange(70, 90)))
    assert named(calls, polite) == {"cancel", "percent", "outbound"}
    compliant = found(engine, the_day(compliance=ScoreRange(60, None)))
    assert named(calls, compliant) == {"cancel", "percent", "transfer"}
    both = found(engine, the_day(politeness=ScoreRange(80, 100), compliance=ScoreRange(0, 100)))
    assert named(calls, both) == {"cancel"}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("해지", {"cancel"}),  # two syllables, also inside a word (계약해지)
        ("해지 환급금", {"cancel"}),
        ("환급", {"cancel", "percent"}),
        ("100%", {"percent"}),  # % is a character, not a wildcard
        ("0%", {"percent"}),
        ("%?", set()),
        ("kim_01", {"underscore"}),
        ("_0", {"underscore"}),  # _ is a character, not "any character"
        ("m_0", {"underscore"}),
        ("m_01", {"underscore"}),
        ("mX01", set()),
        ("C:\\temp", {"outbound"}),  # the escape character itself
        ("\\t", {"outbound"}),
        ("ars", {"underscore"}),  # Latin letters match in either case
        ("Ar", {"underscore"}),
        ("KIM_01", {"underscore"}),
        ("접수 도와", {"transfer"}),
        ("없는 말", set()),
    ],
)
def test_transcript_search_finds_korean_substrings_literally(engine, words, expected):
    calls = seed(engine)
    assert named(calls, found(engine, the_day(text=words))) == expected


def test_search_combines_with_the_other_filters(engine):
    calls = seed(engine)
    assert named(calls, found(engine, replace(EVERYTHING, text="해지"))) == {"cancel", "earlier"}
    only_repeat = replace(EVERYTHING, text="해지", repeat_only=True)
    assert found(engine, only_repeat) == []
    assert named(calls, found(engine, replace(EVERYTHING, text="해지",
                                              agent_ids=(calls.agents["park"],)))) == {
        "earlier"}  # fmt: skip


def test_like_pattern_escapes_wildcards_and_the_escape():
    assert like_pattern("100%_\\") == "%100\\%\\_\\\\%"


def test_rows_carry_what_the_list_shows(engine):
    calls = seed(engine)
    with transaction(engine) as session:
        rows = {r.call_id: r for r in rows_of(session=session, call_filter=the_day(), tz=TZ,
                                              limit=100)}  # fmt: skip
    row = rows[calls["percent"]]
    assert row.started_at == datetime(2026, 11, 10, 12, 10, tzinfo=UTC).replace(
        tzinfo=row.started_at.tzinfo
    )
    assert row.started_at.utcoffset() == timedelta(hours=9)
    assert (row.agent, row.team, row.agent_id) == ("이서연", "해지팀", calls.agents["lee"])
    assert (row.category, row.direction, row.status) == (
        CallCategory.ACCIDENT, CallDirection.INBOUND, CallStatus.DONE)  # fmt: skip
    assert (row.duration_s, row.score, row.politeness, row.compliance) == (120.0, 70.0, 70.0,
                                                                          60.0)  # fmt: skip
    assert (row.outcome, row.source, row.reviewed) == (Outcome.POOR, CallSource.UPLOAD, True)
    failed = rows[calls["failed"]]
    assert (failed.score, failed.politeness, failed.outcome, failed.reviewed) == (
        None, None, None, False)  # fmt: skip
    assert rows[calls["cancel"]].score == 88.0


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        (CallSort.STARTED, True, ["transfer", "failed", "outbound", "underscore", "percent",
                                  "cancel", "first_minute"]),
        (CallSort.STARTED, False, ["first_minute", "cancel", "percent", "underscore",
                                   "outbound", "failed", "transfer"]),
        # Ties (300 s twice, 100 s...) go by call id, the same way round.
        (CallSort.DURATION, True, ["cancel", "transfer", "underscore", "percent",
                                   "first_minute", "outbound", "failed"]),
        (CallSort.DURATION, False, ["failed", "outbound", "first_minute", "percent",
                                    "underscore", "transfer", "cancel"]),
        # Calls without a value come last both ways.
        (CallSort.SCORE, True, ["outbound", "cancel", "percent", "underscore", "first_minute",
                                "transfer", "failed"]),
        (CallSort.SCORE, False, ["underscore", "percent", "cancel", "outbound", "failed",
                                 "transfer", "first_minute"]),
        (CallSort.POLITENESS, True, ["cancel", "outbound", "percent", "underscore",
                                     "first_minute", "transfer", "failed"]),
        (CallSort.COMPLIANCE, False, ["underscore", "percent", "transfer", "cancel",
                                      "outbound", "failed", "first_minute"]),
        # 김민준, 박지훈, 이서연
        (CallSort.AGENT, False, ["underscore", "outbound", "first_minute", "failed",
                                 "transfer", "cancel", "percent"]),
        (CallSort.AGENT, True, ["percent", "cancel", "transfer", "failed", "first_minute",
                                "outbound", "underscore"]),
    ],
)  # fmt: skip
def test_sorts_with_a_stable_tie_break(engine, sort, descending, expected):
    calls = seed(engine)
    order = found(engine, the_day(), sort=sort, descending=descending)
    assert [name for call_id in order for name, i in calls.ids.items() if i == call_id] == expected


def test_pages_split_the_list_without_gaps_or_repeats(engine):
    calls = seed(engine)
    seen, page_number = [], 1
    with transaction(engine) as session:
        while True:
            page = search(session=session, call_filter=EVERYTHING, tz=TZ, page=page_number,
                          page_size=3, sort=CallSort.DURATION)  # fmt: skip
            assert page.total == len(calls.ids) and not page.total_capped
            seen += [row.call_id for row in page.rows]
            if not page.has_next:
                break
            page_number += 1
    assert page_number == 3 and len(page.rows) == 3
    assert sorted(seen) == sorted(calls.ids.values())


def test_the_total_is_counted_only_up_to_the_cap(engine, monkeypatch):
    seed(engine)
    monkeypatch.setattr(call_list, "COUNT_CAP", 4)
    with transaction(engine) as session:
        page = search(session=session, call_filter=EVERYTHING, tz=TZ, page_size=2)
        searched = search(session=session, call_filter=replace(EVERYTHING, text="해지"), tz=TZ)
    assert page.total == 5 and page.total_capped and page.has_next
    assert len(page.rows) == 2
    assert searched.total == 2 and not searched.total_capped


def test_the_last_page_knows_it_is_the_last_without_the_total(engine):
    seed(engine)
    with transaction(engine) as session:
        full_last = search(session=session, call_filter=EVERYTHING, tz=TZ, page=3, page_size=3)
        short_last = search(session=session, call_filter=EVERYTHING, tz=TZ, page=2, page_size=5)
    assert (len(full_last.rows), full_last.has_next) == (3, False)
    assert (len(short_last.rows), short_last.has_next) == (4, False)


def sleeping(seconds):
    def run(*, session, **_):
        session.execute(text(f"SELECT pg_sleep({seconds})"))
        return 0

    return run


@pytest.mark.postgres
def test_a_count_past_its_time_budget_is_left_unknown(pg_engine, monkeypatch):
    seed(pg_engine)
    monkeypatch.setattr(call_list, "COUNT_BUDGET_MS", 50)
    monkeypatch.setattr(call_list, "count", sleeping(2))
    with transaction(pg_engine) as session:
        page = search(session=session, call_filter=EVERYTHING, tz=TZ, page_size=4)
        # The transaction goes on, without the time limit.
        assert session.scalar(text("SHOW statement_timeout")) == "0"
    assert page.total is None and not page.total_capped
    assert len(page.rows) == 4 and page.has_next


@pytest.mark.postgres
def test_a_page_past_its_time_budget_asks_for_a_narrower_search(pg_engine, monkeypatch):
    monkeypatch.setattr(call_list, "PAGE_BUDGET_MS", 50)
    monkeypatch.setattr(call_list, "rows_of", sleeping(2))
    with transaction(pg_engine) as session, pytest.raises(UserError) as raised:
        search(session=session, call_filter=replace(EVERYTHING, text="해지"), tz=TZ)
    assert raised.value.key == "calls.search_slow"


def test_nothing_matches_in_an_empty_period(engine):
    seed(engine)
    with transaction(engine) as session:
        page = search(session=session, call_filter=CallFilter(date(2025, 1, 1), date(2025, 1, 31)),
                      tz=TZ)  # fmt: skip
    assert (page.rows, page.total, page.has_next) == ([], 0, False)


def transcribed(engine, transcripts: dict[str, list[str]]) -> dict[str, int]:
    """Calls on DAY whose transcripts are stored the way speech-to-text stores them."""
    ids = {}
    with transaction(engine) as session:
        agent = factories.agent(session, factories.team(session, "검색팀"), "S001", "최다은")
        for minutes, (name, lines) in enumerate(transcripts.items()):
            row = factories.call(session, agent, NOON + timedelta(minutes=minutes),
                                 customer=f"010-2000-{minutes:04d}")  # fmt: skip
            replace_transcript(session=session, call_id=row.id, analysis=transcript(row.id, lines))
            ids[name] = row.id
    return ids


def transcript(call_id: int, lines: list[str]) -> CallAnalysis:
    turns = tuple(Turn(seq, Speaker.CUSTOMER, line, None, None) for seq, line in enumerate(lines))
    return CallAnalysis(call_id=call_id, turns=turns, metrics={})


def names_of(ids: dict[str, int], found_ids: list[int]) -> set[str]:
    return {name for name, call_id in ids.items() if call_id in found_ids}


SEARCHED = {
    "complaint": ["민원 접수하려고요", "네 고객님"],
    "fine": ["과태료랑 벌금이 나왔어요"],
    "split_lines": ["제가 해", "지 해주세요"],  # 해 | 지: two utterances
    "split_words": ["해 지금 바로요"],  # 해 지: two words
    "apart": ["해지 신청하고 환급 받았어요 지환 씨"],  # 해지, 지환, 환급 all there, 해지환급 not
    "refund": ["해지환급금 얼마예요?", "Premium 보험료요"],
}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("민원", {"complaint"}),
        ("벌금", {"fine"}),
        ("해지", {"apart", "refund"}),  # never across two utterances or two words
        ("해 지", {"split_words"}),
        ("지해", set()),
        ("해지환급", {"refund"}),  # its bigrams are in "apart" too, but not together
        ("지환급", {"refund"}),
        ("금이 나", {"fine"}),
        ("벌금이나", set()),
        ("고요 네", set()),  # the end of one utterance and the start of the next
        ("premium", {"refund"}),
        ("PREMIUM 보험", {"refund"}),
        ("예요?", {"refund"}),
        ("감독원", set()),
    ],
)
def test_words_of_two_characters_or_more_are_found_within_one_utterance(engine, words,
                                                                         expected):  # fmt: skip
    ids = transcribed(engine, SEARCHED)
    assert names_of(ids, found(engine, the_day(text=words))) == expected


def test_a_new_transcript_replaces_the_calls_search_terms(engine):
    ids = transcribed(engine, {"call": ["민원 넣겠습니다"]})
    with transaction(engine) as session:
        replace_transcript(session=session, call_id=ids["call"],
                           analysis=transcript(ids["call"], ["벌금 문의요"]))  # fmt: skip
    assert found(engine, the_day(text="민원")) == []
    assert found(engine, the_day(text="벌금")) == [ids["call"]]
    with transaction(engine) as session:
        stored = session.execute(select(CallSearchTerms.call_id, CallSearchTerms.terms)).all()
    assert [(call_id, sorted(map(describe, terms))) for call_id, terms in stored] == [
        (ids["call"], ["금 문", "문의", "벌금", "의요"])
    ]


@pytest.mark.parametrize("words", ["해", "a", "%", "_"])
def test_a_single_character_search_asks_for_two(engine, words):
    seed(engine)
    with transaction(engine) as session, pytest.raises(UserError) as raised:
        search(session=session, call_filter=the_day(text=words), tz=TZ)
    assert raised.value.key == "calls.search_too_short"
    assert "두 글자" in t(raised.value.key, "ko") and "two characters" in t(raised.value.key, "en")


@pytest.mark.postgres
def test_postgres_looks_up_search_terms_in_their_gin_index(pg_engine):
    seed(pg_engine)
    with pg_engine.connect() as conn:
        index = "ix_call_search_terms_terms"
        definition = conn.scalar(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = :i"), {"i": index}
        )
        assert "USING gin (terms)" in definition
        # ANALYZE keeps the share of calls of 1,000s of terms, not 100 (migration 0005).
        target = text("SELECT attstattarget FROM pg_attribute WHERE attname = 'terms' "
                      "AND attrelid = 'call_search_terms'::regclass")  # fmt: skip
        assert conn.scalar(target) == 1000
        conn.execute(text("SET enable_seqscan = off"))
        explain = text("EXPLAIN SELECT call_id FROM call_search_terms WHERE terms @> :t")
        plan = "\n".join(conn.scalars(explain, {"t": search_terms("민원")}))
    assert index in plan
