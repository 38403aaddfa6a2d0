import dataclasses
import random

import pytest

from core.domain import CallCategory, EvaluationSource, EvaluationStatus, FindingKind, Speaker
from core.pipeline import CallFacts, CallPipeline
from core.politeness import PolitenessAnalyzer
from core.settings import Settings
from core.transcript import Turn
from db import rules as rule_queries
from db.demo.conversations import AgentStyle, fill_names, name_forms, render_conversation
from db.demo.reference import seed_reference
from db.session import transaction

POLITE = AgentStyle()
RUDE_AND_SLOPPY = AgentStyle(rude=True, skips_greeting=True, skips_closing=True)


@pytest.fixture(scope="module")
def kiwi():
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=1)


@pytest.fixture
def pipeline(sqlite_engine, kiwi) -> CallPipeline:
    with transaction(sqlite_engine) as session:
        seed_reference(session=session)
    with transaction(sqlite_engine) as session:
        rules = rule_queries.load_rules(
            session=session, thresholds=Settings(_env_file=None).metric_thresholds()
        )
        politeness = PolitenessAnalyzer(rule_queries.politeness_rules(session=session), kiwi=kiwi)
    return CallPipeline(rules=rules, politeness=politeness)


def demo_call(style: AgentStyle, seed: int, call_id: int) -> tuple[CallFacts, list[Turn]]:
    conversation = render_conversation(style=style, category=CallCategory.CLAIM,
                                       repeat_caller=False, rng=random.Random(seed))  # fmt: skip
    forms = name_forms("김민준")
    turns = [
        Turn(seq, line.speaker, fill_names(line.text, forms, "이서연"), line.start_s, line.end_s,
             line.redaction_spans)
        for seq, line in enumerate(conversation.lines)
    ]  # fmt: skip
    facts = CallFacts(call_id=call_id, category=conversation.category,
                      duration_s=conversation.duration_s,
                      transferred=conversation.transferred_to is not None)  # fmt: skip
    return facts, turns


def test_every_stage_is_stored_for_every_call_of_a_batch(pipeline):
    calls = [demo_call(POLITE, seed, seed) for seed in range(6)]
    analyses = pipeline.analyze(calls)
    assert [a.call_id for a in analyses] == list(range(6))
    for analysis, (_facts, turns) in zip(analyses, calls, strict=True):
        assert analysis.turns == tuple(turns)
        assert analysis.metrics["agent_talk_s"] > 0
        assert 0 <= analysis.metrics["politeness_score"] <= 100
        assert analysis.metrics["compliance_pct"] is not None
        (evaluation,) = analysis.evaluations
        assert (evaluation.source, evaluation.status) == (EvaluationSource.RULES,
                                                          EvaluationStatus.OK)  # fmt: skip
        assert len(evaluation.items) == 8 and 0 <= evaluation.total_score <= 100
        seqs = {turn.seq for turn in turns}
        assert all(f.seq in seqs for f in analysis.findings if f.seq is not None)
        assert analysis.prediction is None  # no outcome model given


def test_a_rude_sloppy_agent_scores_below_a_polite_one(pipeline):
    polite, rude = pipeline.analyze([demo_call(POLITE, 7, 1), demo_call(RUDE_AND_SLOPPY, 7, 2)])
    assert rude.metrics["politeness_score"] < polite.metrics["politeness_score"]
    assert rude.metrics["compliance_pct"] < polite.metrics["compliance_pct"]
    assert rude.evaluations[0].total_score < polite.evaluations[0].total_score
    missed = {f.code for f in rude.findings if f.kind is FindingKind.COMPLIANCE and not f.passed}
    assert any("greeting" in code for code in missed)
    lowering = [f for f in rude.findings if f.kind is FindingKind.POLITENESS and f.score_delta < 0]
    assert lowering and all(rude.turns[f.seq].speaker is Speaker.AGENT for f in lowering)


def test_transferred_calls_are_not_held_to_the_closing_script(pipeline):
    facts, turns = demo_call(POLITE, 3, 1)
    transferred = dataclasses.replace(facts, transferred=True)
    missed_closing = [
        f.code for f in pipeline.analyze([(transferred, turns[:6])])[0].findings
        if f.kind is FindingKind.COMPLIANCE and "closing" in f.code
    ]  # fmt: skip
    assert missed_closing == []
