"""The demo dataset: realistic, redacted, deterministic, loaded once, on both databases."""

from __future__ import annotations

import random
import re
import shutil
import statistics
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import selectinload

from core.domain import (
    CallCategory,
    CallSource,
    CallStatus,
    DeploymentStatus,
    Environment,
    Outcome,
    ReviewAcknowledgement,
    Speaker,
    SpeakerMethod,
    TransferQueue,
)
from core.pii import REDACTION_MARKERS
from core.scorecard import ScorecardItemResult, ScorecardItemSpec, total_score
from core.search_terms import call_terms, describe
from db.default_rules import COMPLIANCE_RULES, SCORECARD_ITEMS
from db.demo import DemoStage, DemoSummary, ReferenceSummary, seed_demo, seed_reference
from db.demo.conversations import AgentStyle, render_conversation
from db.demo.generate import SEOUL, ConversationPool, build_roster, plan_calls
from db.demo.labels import (
    COMMENT_PREFIX,
    DISAGREE_SHARE,
    REVIEW_SHARE,
    CallTruth,
    DemoLabel,
    plan_reviews,
    rule_outcome,
)
from db.demo.phrases import COMPANY_NAME
from db.demo.reference import PROMPTS
from db.demo.rows import CallWriter, ReviewWriter
from db.models import (
    Agent,
    Call,
    CallFinding,
    CallMetrics,
    CallSearchTerms,
    ComplianceRule,
    DailyRollup,
    Deployment,
    Evaluation,
    HourlyCallCount,
    PolitenessRule,
    Prediction,
    Prompt,
    Review,
    Scenario,
    ScenarioDraft,
    ScenarioVersion,
    ScorecardItem,
    Team,
    User,
    Utterance,
    VoiceActor,
)
from db.session import create_db_engine, transaction

SEED = 20261122
CALLS, DAYS = 300, 14
NOW = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)  # Friday 15:30 in Seoul
RAW_NUMBERS = {
    "phone": re.compile(r"01[016789]-?\d{3,4}-?\d{4}"),
    "rrn": re.compile(r"\d{6}-?[1-4]\d{6}"),
    "card": re.compile(r"\d{4}-?\d{4}-?\d{4}-?\d{4}"),
}
FLOW_KINDS = {"start", "message", "menu", "input", "condition", "transfer", "end"}


@pytest.fixture
def seeded(engine: Engine) -> tuple[Engine, DemoSummary]:
    return engine, seed_demo(engine, calls=CALLS, days=DAYS, seed=SEED, now=NOW)


def load_calls(engine: Engine) -> list[Call]:
    with transaction(engine) as session:
        query = select(Call).options(selectinload(Call.utterances)).order_by(Call.id)
        return list(session.scalars(query))


def count(engine: Engine, model: type) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_seed_creates_teams_agents_and_the_requested_calls(seeded):
    engine, summary = seeded
    calls = load_calls(engine)
    assert summary.teams == count(engine, Team) >= 4
    assert summary.agents == count(engine, Agent) >= 30
    assert summary.calls == len(calls) == CALLS
    assert summary.utterances == count(engine, Utterance) == sum(len(c.utterances) for c in calls)
    for call in calls:
        assert call.source == CallSource.DEMO
        assert call.status == CallStatus.ANALYZING
        assert call.speaker_method == SpeakerMethod.STEREO_CHANNELS
        assert (call.channels, call.audio_path, call.analyzed_at) == (2, None, None)
        assert NOW - timedelta(days=DAYS) <= call.started_at < NOW


def test_no_analysis_results_are_written(seeded):
    engine, summary = seeded
    assert summary.reviews == 0  # no reviewer given: no demo labels either
    for model in (CallMetrics, CallFinding, Evaluation, Prediction, Review, DailyRollup,
                  HourlyCallCount):  # fmt: skip
        assert count(engine, model) == 0, model.__tablename__


def test_every_call_has_ordered_utterances_inside_its_duration(seeded):
    engine, _ = seeded
    for call in load_calls(engine):
        lines = call.utterances
        assert [u.seq for u in lines] == list(range(len(lines)))
        assert 10 <= len(lines) <= 40
        assert 60 <= call.duration_s <= 12 * 60
        assert {u.speaker for u in lines} == {Speaker.AGENT, Speaker.CUSTOMER}
        assert all(0 <= u.start_s < u.end_s <= call.duration_s for u in lines)
        assert all(a.start_s < b.start_s for a, b in pairwise(lines))


def test_every_call_has_the_search_terms_of_its_utterances(seeded):
    engine, _ = seeded
    with transaction(engine) as session:
        stored = {i: terms for i, terms in session.execute(
            select(CallSearchTerms.call_id, CallSearchTerms.terms))}  # fmt: skip
    calls = load_calls(engine)
    assert len(stored) == len(calls) == CALLS
    for call in calls:
        assert sorted(stored[call.id]) == sorted(call_terms(u.text for u in call.utterances))
    everything = {describe(term) for terms in stored.values() for term in terms}
    assert {"고객", "해지", "험 상"} <= everything  # bigrams and word pairs (보험 상담)


def test_calls_come_mostly_in_seoul_business_hours_on_weekdays(seeded):
    engine, _ = seeded
    local = [c.started_at.astimezone(SEOUL) for c in load_calls(engine)]
    assert sum(t.weekday() < 5 for t in local) / len(local) > 0.8
    assert sum(9 <= t.hour < 18 for t in local) / len(local) > 0.8


def test_each_call_is_filed_under_its_agents_team(seeded):
    engine, _ = seeded
    with transaction(engine) as session:
        team_of = {agent_id: team_id for agent_id, team_id in session.execute(
            select(Agent.id, Agent.team_id))}  # fmt: skip
    assert all(call.team_id == team_of[call.agent_id] for call in load_calls(engine))


def test_agents_who_greet_say_the_company_and_their_name_and_some_agents_skip_it(seeded):
    engine, _ = seeded
    roster = build_roster(calls=CALLS, days=DAYS, seed=SEED, today=NOW.astimezone(SEOUL).date())
    style = {a.employee_no: a.style for a in roster.agents}
    with transaction(engine) as session:
        agents = {a.id: (a.employee_no, a.name) for a in session.scalars(select(Agent))}
    skipped = 0
    for call in load_calls(engine):
        employee_no, name = agents[call.agent_id]
        first = next(u.text for u in call.utterances if u.speaker == Speaker.AGENT)
        if not style[employee_no].skips_greeting:
            assert COMPANY_NAME in first and f"상담사 {name}" in first, first
        skipped += COMPANY_NAME not in first
    assert skipped > 0


def test_calls_have_overtalk_and_long_silences(seeded):
    engine, _ = seeded
    calls = load_calls(engine)

    def pairs(call: Call) -> list[tuple[Utterance, Utterance]]:
        return list(pairwise(call.utterances))

    overtalk = [c for c in calls if any(b.start_s < a.end_s for a, b in pairs(c))]
    silences = [c for c in calls if any(b.start_s - a.end_s > 20 for a, b in pairs(c))]
    assert 0.05 * len(calls) < len(overtalk) < len(calls)
    assert 0.05 * len(calls) < len(silences) < len(calls)


def test_some_customers_call_again_within_seven_days(seeded):
    engine, _ = seeded
    by_customer: dict[str, list[datetime]] = defaultdict(list)
    for call in load_calls(engine):
        by_customer[call.customer_key_hash].append(call.started_at)
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in by_customer)
    repeats = [
        later - earlier
        for times in by_customer.values()
        for earlier, later in pairwise(sorted(times))
    ]
    assert repeats and all(gap <= timedelta(days=7) for gap in repeats)
    assert len(repeats) < 0.3 * CALLS


def test_transferred_calls_end_with_the_agent_announcing_the_transfer(seeded):
    engine, _ = seeded
    calls = load_calls(engine)
    transferred = [c for c in calls if c.transferred_to is not None]
    assert 0 < len(transferred) < 0.3 * len(calls)
    for call in transferred:
        assert call.transferred_to in set(TransferQueue)
        last_agent = [u.text for u in call.utterances if u.speaker == Speaker.AGENT][-1]
        assert "연결해 드리겠습니다" in last_agent or "돌려 드릴게요" in last_agent, last_agent


def test_redaction_spans_cover_the_markers_and_no_raw_numbers_are_stored(seeded):
    engine, _ = seeded
    kinds = set()
    for call in load_calls(engine):
        for u in call.utterances:
            assert isinstance(u.redaction_spans, list)
            for span in u.redaction_spans:
                assert u.text[span["start"] : span["end"]] == REDACTION_MARKERS[span["kind"]]
                kinds.add(span["kind"])
            markers = sum(u.text.count(marker) for marker in REDACTION_MARKERS.values())
            assert markers == len(u.redaction_spans), u.text
            for kind, pattern in RAW_NUMBERS.items():
                assert not pattern.search(u.text), (kind, u.text)
    assert kinds == set(REDACTION_MARKERS)


def test_redaction_spans_are_stored_as_json_arrays(seeded):
    engine, _ = seeded
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            query = "SELECT count(*) FROM utterances WHERE jsonb_typeof(redaction_spans) <> 'array'"
        else:
            query = "SELECT count(*) FROM utterances WHERE json_type(redaction_spans) <> 'array'"
        assert conn.scalar(text(query)) == 0


def test_utterance_texts_vary_between_calls(seeded):
    engine, _ = seeded
    calls = load_calls(engine)
    texts = [u.text for c in calls for u in c.utterances]
    assert len(set(texts)) > 0.2 * len(texts)
    assert len({tuple(u.text for u in c.utterances) for c in calls}) == len(calls)


def dump(engine: Engine) -> list[tuple]:
    with transaction(engine) as session:
        employee_no = {agent_id: number for agent_id, number in session.execute(
            select(Agent.id, Agent.employee_no))}  # fmt: skip
    return [
        (employee_no[c.agent_id], c.category, c.direction, c.customer_key_hash, c.started_at,
         c.duration_s, c.transferred_to,
         [(u.seq, u.speaker, u.start_s, u.end_s, u.text, u.redaction_spans) for u in c.utterances])
        for c in load_calls(engine)
    ]  # fmt: skip


def test_same_seed_gives_the_same_dataset_on_either_database(seeded, _sqlite_template, tmp_path):
    engine, _ = seeded
    path = tmp_path / "again.db"
    shutil.copyfile(_sqlite_template, path)
    again = create_db_engine(f"sqlite:///{path}")
    try:
        seed_demo(again, calls=CALLS, days=DAYS, seed=SEED, now=NOW)
        assert dump(again) == dump(engine)
    finally:
        again.dispose()


def test_another_seed_gives_another_dataset(seeded, _sqlite_template: Path, tmp_path: Path):
    engine, _ = seeded
    path = tmp_path / "other.db"
    shutil.copyfile(_sqlite_template, path)
    other = create_db_engine(f"sqlite:///{path}")
    try:
        seed_demo(other, calls=CALLS, days=DAYS, seed=SEED + 1, now=NOW)
        assert dump(other) != dump(engine)
    finally:
        other.dispose()


def test_seeding_again_adds_nothing(seeded):
    engine, _ = seeded
    again = seed_demo(engine, calls=CALLS, days=DAYS, seed=SEED, now=NOW)
    assert (again.teams, again.agents, again.calls, again.utterances) == (0, 0, 0, 0)
    assert count(engine, Call) == CALLS
    with transaction(engine) as session:
        assert seed_reference(session=session) == ReferenceSummary(0, 0, 0, 0, 0, 0, 0)


def test_progress_runs_from_zero_to_done(engine):
    reports: list[tuple[str, float]] = []
    seed_demo(engine, calls=CALLS, days=DAYS, seed=SEED, now=NOW,
              progress=lambda stage, fraction: reports.append((stage, fraction)))  # fmt: skip
    fractions = [fraction for _, fraction in reports]
    assert fractions == sorted(fractions) and 0.0 <= fractions[0] < fractions[-1] == 1.0
    assert reports[0][0] == DemoStage.REFERENCE and reports[-1][0] == DemoStage.DONE
    assert DemoStage.UTTERANCES in {stage for stage, _ in reports}


def test_reference_data_is_installed(seeded):
    engine, _ = seeded
    with transaction(engine) as session:
        items = session.scalars(select(ScorecardItem)).all()
        assert len(items) == len(SCORECARD_ITEMS) and sum(i.weight for i in items) == 100
        rules = session.scalars(select(ComplianceRule)).all()
        assert len(rules) == len(COMPLIANCE_RULES) and all(r.phrases for r in rules)
        assert {r.category for r in rules} >= {None, CallCategory.CANCELLATION}
        assert {r.kind for r in session.scalars(select(PolitenessRule))} == {
            "cushion", "apology", "empathy", "rude", "forbidden", "banmal", "no_honorific"
        }  # fmt: skip
        prompts = session.scalars(select(Prompt)).all()
        assert len(prompts) == len(PROMPTS) >= 15
        for prompt in prompts:
            assert prompt.variables == re.findall(r"\{(\w+)\}", prompt.text)
        for actor in session.scalars(select(VoiceActor)).all():
            assert actor.consent_given_by and actor.consent_scope and actor.consent_at
            assert actor.consent_document_path is None
        assert count(engine, VoiceActor) == 2


def test_scenarios_have_a_draft_a_first_version_and_one_dev_deployment(seeded):
    engine, _ = seeded
    with transaction(engine) as session:
        scenarios = session.scalars(select(Scenario)).all()
        assert len(scenarios) >= 2
        for scenario in scenarios:
            draft = session.get(ScenarioDraft, scenario.id)
            version = session.scalars(
                select(ScenarioVersion).where(ScenarioVersion.scenario_id == scenario.id)
            ).one()
            assert draft is not None and draft.revision == 1 and draft.flow == version.flow
            assert version.number == 1
        deployment = session.scalars(select(Deployment)).one()
        assert (deployment.environment, deployment.status) == (
            Environment.DEV,
            DeploymentStatus.ACTIVE,
        )


def test_scenario_flows_are_well_formed(seeded):
    engine, _ = seeded
    with transaction(engine) as session:
        prompts = {p.id: p.text for p in session.scalars(select(Prompt))}
        flows = [v.flow for v in session.scalars(select(ScenarioVersion))]
    for flow in flows:
        nodes = {node["id"]: node for node in flow["nodes"]}
        assert len(nodes) == len(flow["nodes"])
        assert [n["kind"] for n in nodes.values()].count("start") == 1
        assert {n["kind"] for n in nodes.values()} <= FLOW_KINDS
        sources = {edge["source"] for edge in flow["edges"]}
        for edge in flow["edges"]:
            assert edge["source"] in nodes and edge["target"] in nodes
        for node in nodes.values():
            assert set(node["position"]) == {"x", "y"} and node["label"]
            if node.get("prompt_id") is not None:
                assert node["prompt_text"] == prompts[node["prompt_id"]]
            if node["kind"] not in ("end", "transfer"):  # a transfer leaves the ARS
                assert node["id"] in sources, node
            if node["kind"] == "transfer":
                assert node["queue"] in set(TransferQueue)
            if node["kind"] == "menu":
                labels = {e["label"] for e in flow["edges"] if e["source"] == node["id"]}
                assert {"timeout", "invalid"} <= labels
            if node["kind"] == "input":
                assert node["variable"] and 0 < node["min_length"] <= node["max_length"]


@pytest.mark.postgres
def test_postgres_load_puts_back_every_index_and_constraint(pg_engine):
    reviewer_id = add_supervisor(pg_engine)
    schema = """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT tablename, indexname, indexdef, true FROM pg_indexes WHERE schemaname = 'public'
        ORDER BY 1, 2, 3  -- a constraint and its index share a name
    """
    with pg_engine.connect() as conn:
        before = conn.execute(text(schema)).all()
    seed_demo(pg_engine, calls=CALLS, days=DAYS, seed=SEED, now=NOW, reviewer_id=reviewer_id)
    with pg_engine.connect() as conn:
        assert conn.execute(text(schema)).all() == before
    with transaction(pg_engine) as session:
        review_max = session.scalar(select(func.max(Review.id)))
        session.add(Review(call_id=session.scalar(select(func.min(Call.id))),
                           reviewer_id=add_user(session, "second"), item_scores={}))  # fmt: skip
        session.flush()
        assert session.scalar(select(func.max(Review.id))) > review_max
        demo_max = session.scalar(select(func.max(Call.id)))
        call = session.scalars(select(Call).limit(1)).one()
        new = Call(agent_id=call.agent_id, team_id=call.team_id, category=call.category,
                   direction=call.direction, customer_key_hash="0" * 64,
                   started_at=NOW, duration_s=61.0)  # fmt: skip
        session.add(new)
        session.flush()
        new.utterances.append(Utterance(seq=0, speaker=Speaker.AGENT, text="네."))
        session.flush()
        assert new.id > demo_max


def test_rendered_conversations_have_plausible_lengths_and_speech_rates():
    rng = random.Random(SEED)
    styles = [AgentStyle(), AgentStyle(rude=True, talks_over=True),
              AgentStyle(skips_greeting=True, long_silences=True, syllables_per_s=4.4)]  # fmt: skip
    conversations = [
        render_conversation(style=styles[i % 3], category=category, repeat_caller=i % 8 == 0,
                            rng=rng)
        for i, category in enumerate(list(CallCategory) * 100)
    ]  # fmt: skip
    counts = [len(c.lines) for c in conversations]
    assert min(counts) >= 10 and max(counts) <= 40 and 15 <= statistics.mean(counts) <= 21
    assert all(60 <= c.duration_s <= 12 * 60 for c in conversations)
    rates = [
        len(re.findall(r"[가-힣]", line.text)) / (line.end_s - line.start_s)
        for c in conversations
        for line in c.lines
        if not line.redaction_spans and "{" not in line.text and len(line.text) > 15
    ]
    assert 4.0 <= statistics.median(rates) <= 6.0
    assert (
        statistics.quantiles(rates, n=20)[0] > 3.0 and statistics.quantiles(rates, n=20)[-1] < 7.0
    )


# The demo supervisor's reviews: demo outcome labels the training job learns from.

LABEL_CALLS = 3000
"""Calls of a generated (not loaded) demo whose labels are checked against the rule."""


def add_user(session, username: str) -> int:
    user = User(username=username, name=f"{username} 데모", password_hash="-", roles=["supervisor"])
    session.add(user)
    session.flush()
    return user.id


def add_supervisor(engine: Engine) -> int:
    with transaction(engine) as session:
        return add_user(session, "supervisor")


@pytest.fixture
def reviewed(engine: Engine) -> tuple[Engine, DemoSummary, int, list[tuple[str, float]]]:
    reviewer_id = add_supervisor(engine)
    reports: list[tuple[str, float]] = []
    summary = seed_demo(engine, calls=CALLS, days=DAYS, seed=SEED, now=NOW, reviewer_id=reviewer_id,
                        progress=lambda stage, part: reports.append((stage, part)))  # fmt: skip
    return engine, summary, reviewer_id, reports


def load_reviews(engine: Engine) -> list[tuple[Call, Review]]:
    with transaction(engine) as session:
        query = select(Call, Review).join(Review, Review.call_id == Call.id).order_by(Call.id)
        return [(call, review) for call, review in session.execute(query)]


def test_the_demo_supervisor_reviews_the_chosen_share_of_calls_once_each(reviewed):
    engine, summary, reviewer_id, _ = reviewed
    pairs = load_reviews(engine)
    assert summary.reviews == len(pairs) == count(engine, Review) == round(REVIEW_SHARE * CALLS)
    assert len({call.id for call, _ in pairs}) == len(pairs)
    with transaction(engine) as session:
        specs = [ScorecardItemSpec(i.code, i.name_ko, i.name_en, i.description, i.weight)
                 for i in session.scalars(select(ScorecardItem))]  # fmt: skip
    for call, review in pairs:
        assert call.source == CallSource.DEMO and review.reviewer_id == reviewer_id
        assert review.acknowledgement == ReviewAcknowledgement.PENDING
        assert review.acknowledged_at is None
        assert set(review.item_scores) == {spec.code for spec in specs}
        assert all(1 <= score <= 5 for score in review.item_scores.values())
        items = [ScorecardItemResult(code=code, score=score, evidence=[], reason="")
                 for code, score in review.item_scores.items()]  # fmt: skip
        assert review.total_score == pytest.approx(total_score(items, specs))
        assert review.comment.startswith(COMMENT_PREFIX) and review.outcome.value in review.comment
        ended = call.started_at + timedelta(seconds=call.duration_s)
        assert ended - timedelta(seconds=1) <= review.created_at == review.updated_at <= NOW
    assert {review.outcome for _, review in pairs} == set(Outcome)


def test_demo_reviews_are_the_same_for_a_seed_on_either_database(reviewed, _sqlite_template,
                                                                   tmp_path):  # fmt: skip
    engine, *_ = reviewed

    def dump_reviews(engine: Engine) -> list[tuple]:
        return [(call.source_ref, review.outcome, review.item_scores, review.total_score,
                 review.comment, review.created_at)
                for call, review in load_reviews(engine)]  # fmt: skip

    path = tmp_path / "again.db"
    shutil.copyfile(_sqlite_template, path)
    again = create_db_engine(f"sqlite:///{path}")
    try:
        seed_demo(again, calls=CALLS, days=DAYS, seed=SEED, now=NOW,
                  reviewer_id=add_supervisor(again))  # fmt: skip
        assert dump_reviews(again) == dump_reviews(engine)
    finally:
        again.dispose()


def test_seeding_again_adds_no_reviews(reviewed):
    engine, summary, reviewer_id, _ = reviewed
    again = seed_demo(engine, calls=CALLS, days=DAYS, seed=SEED, now=NOW, reviewer_id=reviewer_id)
    assert (again.calls, again.reviews) == (0, 0)
    assert count(engine, Review) == summary.reviews


def test_progress_with_reviews_runs_from_zero_to_done(reviewed):
    engine, _, _, reports = reviewed
    fractions = [fraction for _, fraction in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    if engine.dialect.name == "postgresql":
        assert DemoStage.REVIEWS in {stage for stage, _ in reports}


def test_a_reviewer_who_is_no_user_is_refused_before_anything_is_written(engine):
    with pytest.raises(ValueError, match="no user"):
        seed_demo(engine, calls=CALLS, days=DAYS, seed=SEED, now=NOW, reviewer_id=4242)
    assert (count(engine, Call), count(engine, Team), count(engine, Review)) == (0, 0, 0)


def test_review_plans_are_seeded_and_pick_the_share_of_calls():
    plan = plan_reviews(1000, seed=SEED)
    assert len(plan) == round(REVIEW_SHARE * 1000) == len(set(plan.calls.tolist()))
    assert plan.calls.tolist() == sorted(plan.calls.tolist())
    assert plan.calls.min() >= 0 and plan.calls.max() < 1000
    again, other = plan_reviews(1000, seed=SEED), plan_reviews(1000, seed=SEED + 1)
    assert (again.calls == plan.calls).all() and (again.draws == plan.draws).all()
    assert (other.calls != plan.calls).any()


@pytest.fixture(scope="module")
def labelled() -> list[tuple[CallTruth, DemoLabel]]:
    """The labels of a generated demo, each with the truth it was derived from."""
    roster = build_roster(calls=LABEL_CALLS, days=DAYS, seed=SEED,
                          today=NOW.astimezone(SEOUL).date())  # fmt: skip
    plan = plan_calls(roster, calls=LABEL_CALLS, days=DAYS, seed=SEED, now=NOW)
    writer = CallWriter(roster, plan, ConversationPool(roster, plan, seed=SEED),
                        list(range(len(roster.agents))), list(range(len(roster.teams))),
                        SEED, NOW)  # fmt: skip
    reviews = ReviewWriter(writer, plan_reviews(LABEL_CALLS, seed=SEED), reviewer_id=1)
    return [(writer.truth(index), label) for _, index, label, _ in reviews.labels(0, LABEL_CALLS)]


def test_demo_outcomes_cover_all_four_classes_and_mostly_follow_the_rule(labelled):
    outcomes = [label.outcome for _, label in labelled]
    shares = {outcome: outcomes.count(outcome) / len(outcomes) for outcome in Outcome}
    assert min(shares.values()) > 0.02
    assert max(shares, key=shares.__getitem__) == Outcome.SATISFIED
    disagreed = [label for _, label in labelled if "검토자 판단이 다름" in label.comment]
    assert 0.5 * DISAGREE_SHARE < len(disagreed) / len(labelled) < 1.5 * DISAGREE_SHARE
    ruled = [rule_outcome(truth, label.total_score) for truth, label in labelled]
    agree = sum(rule == label.outcome for rule, (_, label) in zip(ruled, labelled, strict=True))
    assert agree / len(labelled) > 0.85  # the rest: reviewers' bars and disagreements


def test_rude_agents_are_never_labelled_satisfied_least_of_all_by_angry_callers(labelled):
    rude = [(truth, label) for truth, label in labelled if truth.facts.rude_lines]
    assert rude and all(label.outcome != Outcome.SATISFIED for _, label in rude)
    rude_to_angry = [label.outcome for truth, label in rude if truth.facts.angry]
    assert rude_to_angry and rude_to_angry.count(Outcome.UNRESOLVABLE) > len(rude_to_angry) / 2
    calm_and_clean = [label.outcome for truth, label in labelled
                      if truth.style == AgentStyle(syllables_per_s=truth.style.syllables_per_s)
                      and not (truth.repeat_caller or truth.transferred
                               or truth.facts.complicated)]  # fmt: skip
    assert calm_and_clean.count(Outcome.SATISFIED) > 0.85 * len(calm_and_clean)


def test_item_scores_follow_what_the_agent_did_in_the_call(labelled):
    seen = defaultdict(int)
    for truth, label in labelled:
        facts, scores = truth.facts, label.item_scores
        assert (scores["greeting"] <= 2) == (not facts.greeted)
        assert (scores["identity_check"] == 1) == (not facts.identity_checked)
        assert (scores["accuracy"] <= 2) == (not facts.notices_given)
        assert (scores["politeness"] <= 2) == (facts.rude_lines > 0)
        if facts.rude_holds:
            assert scores["hold_etiquette"] <= 2
        elif not truth.style.long_silences:
            assert scores["hold_etiquette"] >= 4
        if truth.style.talks_over:
            assert scores["needs_discovery"] <= 3
        seen["skipped greeting"] += not facts.greeted
        seen["skipped identity"] += not facts.identity_checked
        seen["skipped notices"] += not facts.notices_given
        seen["rude"] += facts.rude_lines > 0
        seen["talks over"] += truth.style.talks_over
    assert min(seen.values()) > 0, seen
