import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.access import PermissionDenied
from core.domain import TakeStatus
from core.errors import UserError
from core.flow.model import Flow, Node, NodeKind
from core.flow.schema import FlowSchemaError
from db import scenarios
from db.models import AuditEntry, Prompt, TtsTake
from db.session import transaction
from tests.db.scenario_rows import (
    APPROVED_AT,
    add_prompts,
    approve_audio,
    people,
    run,
    snapshot,
    valid_flow,
)


def create(engine, actor, name="대표번호 메인 메뉴", **kwargs) -> int:
    return run(engine, scenarios.create_scenario, actor=actor, name=name, **kwargs)


def draft(engine, scenario_id) -> scenarios.DraftView:
    return run(engine, scenarios.get_draft, scenario_id=scenario_id)


def audit_actions(engine) -> list[str]:
    with transaction(engine) as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_new_scenario_starts_with_a_start_and_a_goodbye_at_revision_1(engine):
    team = people(engine)
    scenario_id = create(engine, team.designer, name="  사고접수   안내 ", description=" 24시간 ")
    view = draft(engine, scenario_id)
    assert (view.name, view.description, view.revision, view.based_on_version) == (
        "사고접수 안내", "24시간", 1, None)  # fmt: skip
    assert view.updated_by == "park.design"
    assert [n.kind for n in view.flow.nodes] == [NodeKind.START, NodeKind.END]
    assert view.flow.nodes[1].prompt_text == "이용해 주셔서 감사합니다."
    assert [(e.source, e.target) for e in view.flow.edges] == [("n1", "n2")]
    assert audit_actions(engine) == ["scenario.create"]
    assert draft(engine, 424242) is None


def test_a_scenario_can_start_from_a_given_flow(engine):
    team = people(engine)
    prompt_ids = add_prompts(engine)
    flow = valid_flow(prompt_ids)
    scenario_id = create(engine, team.designer, flow=flow)
    assert draft(engine, scenario_id).flow == flow


BAD_NAMES = [
    ({"name": "   "}, "scenario.error.name_required"),
    ({"name": "가" * 121}, "scenario.error.name_too_long"),
    ({"name": "사고접수 안내"}, "scenario.error.name_taken"),
    ({"name": "사고접수  안내"}, "scenario.error.name_taken"),
    ({"description": "설" * 1001}, "scenario.error.description_too_long"),
]


@pytest.mark.parametrize(("change", "key"), BAD_NAMES, ids=[k for _, k in BAD_NAMES])
def test_a_bad_name_or_description_is_refused_and_nothing_changes(engine, change, key):
    team = people(engine)
    create(engine, team.designer, name="사고접수 안내")
    other = create(engine, team.designer, name="납입 안내")
    before = snapshot(engine)
    with pytest.raises(UserError) as refused:
        create(engine, team.designer, **({"name": "새 시나리오"} | change))
    assert refused.value.key == key
    with pytest.raises(UserError) as renamed:
        run(engine, scenarios.update_scenario, actor=team.designer, scenario_id=other,
            **({"name": "새 시나리오", "description": ""} | change))  # fmt: skip
    assert renamed.value.key == key
    assert snapshot(engine) == before


def test_renaming_and_archiving_are_audited_and_an_archived_draft_is_read_only(engine):
    team = people(engine)
    scenario_id = create(engine, team.designer, name="납입 안내")
    run(engine, scenarios.update_scenario, actor=team.designer, scenario_id=scenario_id,
        name="보험료 납입 안내", description="아웃바운드")  # fmt: skip
    run(engine, scenarios.update_scenario, actor=team.designer, scenario_id=scenario_id,
        name="보험료 납입 안내", description="아웃바운드")  # no change, no audit row  # fmt: skip
    run(engine, scenarios.set_archived, actor=team.designer, scenario_id=scenario_id, archived=True)
    assert run(engine, scenarios.list_scenarios) == []
    [archived] = run(engine, scenarios.list_scenarios, include_archived=True)
    assert (archived.name, archived.archived) == ("보험료 납입 안내", True)
    view = draft(engine, scenario_id)
    with pytest.raises(UserError) as refused:
        run(engine, scenarios.save_draft, actor=team.designer, scenario_id=scenario_id,
            flow=view.flow, base_revision=view.revision)  # fmt: skip
    assert refused.value.key == "scenario.error.archived"
    run(
        engine, scenarios.set_archived, actor=team.designer, scenario_id=scenario_id, archived=False
    )
    assert audit_actions(engine) == ["scenario.create", "scenario.update", "scenario.archive",
                                     "scenario.unarchive"]  # fmt: skip
    with transaction(engine) as session:
        update = session.scalars(select(AuditEntry).where(AuditEntry.action == "scenario.update"))
        assert update.one().details["changes"]["name"] == {"from": "납입 안내",
                                                          "to": "보험료 납입 안내"}  # fmt: skip


def test_saving_moves_the_revision_on_and_a_stale_save_is_refused_keeping_the_other_edit(engine):
    team = people(engine)
    scenario_id = create(engine, team.designer)
    start = draft(engine, scenario_id)
    mine = start.flow.with_node(replace(start.flow.node("n2"), label="끝인사"))
    theirs = start.flow.with_node(replace(start.flow.node("n2"), prompt_text="안녕히 가세요."))
    revision = run(engine, scenarios.save_draft, actor=team.other_designer,
                   scenario_id=scenario_id, flow=theirs, base_revision=start.revision)  # fmt: skip
    assert revision == 2
    before = snapshot(engine)
    with pytest.raises(scenarios.StaleDraftError) as stale:
        run(engine, scenarios.save_draft, actor=team.designer, scenario_id=scenario_id,
            flow=mine, base_revision=start.revision)  # fmt: skip
    assert stale.value.key == "scenario.error.stale_draft"
    assert stale.value.params["revision"] == 2
    assert stale.value.params["by"] == "choi.design"
    assert len(stale.value.params["at"]) == len("2026-11-20 10:00")
    assert snapshot(engine) == before
    kept = draft(engine, scenario_id)
    assert kept.flow == theirs and kept.revision == 2 and kept.updated_by == "choi.design"
    # From the new revision the save goes through.
    assert run(engine, scenarios.save_draft, actor=team.designer, scenario_id=scenario_id,
               flow=mine, base_revision=2) == 3  # fmt: skip
    assert draft(engine, scenario_id).flow == mine
    assert audit_actions(engine).count("scenario.save_draft") == 2


def test_a_flow_that_would_not_read_back_is_not_saved(engine):
    team = people(engine)
    scenario_id = create(engine, team.designer)
    flow = scenarios.default_flow().with_node(
        Node("n3", NodeKind.INPUT, "증권번호", variable="policy_no", pattern="([0-9]")
    )
    before = snapshot(engine)
    with pytest.raises(FlowSchemaError) as refused:
        run(engine, scenarios.save_draft, actor=team.designer, scenario_id=scenario_id,
            flow=flow, base_revision=1)  # fmt: skip
    assert refused.value.problems == [("flow.schema.field", {"node": "n3", "field": "pattern"})]
    with pytest.raises(FlowSchemaError):
        create(engine, team.designer, name="다른 이름", flow=flow)
    assert snapshot(engine) == before


def test_saving_a_scenario_that_does_not_exist_is_refused(engine):
    team = people(engine)
    with pytest.raises(UserError) as refused:
        run(engine, scenarios.save_draft, actor=team.designer, scenario_id=999,
            flow=scenarios.default_flow(), base_revision=1)  # fmt: skip
    assert refused.value.key == "scenario.error.not_found"


def test_two_people_saving_from_the_same_revision_at_once_cannot_both_win(engine):
    """Real threads on their own connections; the first to save holds its transaction open a
    moment, so the second really runs while the first is not yet committed."""
    team = people(engine)
    scenario_id = create(engine, team.designer)
    base = draft(engine, scenario_id)
    edits = {
        actor.username: base.flow.with_node(replace(base.flow.node("n2"), label=actor.username))
        for actor in (team.designer, team.other_designer)
    }
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(actor) -> None:
        try:
            with transaction(engine) as session:
                barrier.wait()
                outcomes[actor.username] = scenarios.save_draft(
                    session=session, actor=actor, scenario_id=scenario_id,
                    flow=edits[actor.username], base_revision=base.revision)  # fmt: skip
                time.sleep(0.3)
        except scenarios.StaleDraftError as error:
            outcomes[actor.username] = error

    pair = (team.designer, team.other_designer)
    threads = [threading.Thread(target=save, args=(actor,)) for actor in pair]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    winners = [name for name, outcome in outcomes.items() if outcome == 2]
    losers = [o for o in outcomes.values() if isinstance(o, scenarios.StaleDraftError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].params["by"] == winners[0]
    final = draft(engine, scenario_id)
    assert final.revision == 2 and final.flow == edits[winners[0]]


def test_a_viewer_and_a_supervisor_cannot_write_scenarios(engine):
    team = people(engine)
    scenario_id = create(engine, team.designer)
    view = draft(engine, scenario_id)
    before = snapshot(engine)
    for actor in (team.viewer, team.supervisor):
        writes = [
            (scenarios.create_scenario, {"name": "새 시나리오"}),
            (scenarios.update_scenario, {"scenario_id": scenario_id, "name": "x",
                                         "description": ""}),
            (scenarios.set_archived, {"scenario_id": scenario_id, "archived": True}),
            (scenarios.save_draft, {"scenario_id": scenario_id, "flow": view.flow,
                                    "base_revision": view.revision}),
        ]  # fmt: skip
        for action, kwargs in writes:
            with pytest.raises(PermissionDenied):
                run(engine, action, actor=actor, **kwargs)
    assert snapshot(engine) == before


def test_the_list_shows_each_drafts_revision_and_who_saved_it(engine):
    team = people(engine)
    first = create(engine, team.designer, name="나 시나리오", description="둘째")
    create(engine, team.designer, name="가 시나리오")
    base = draft(engine, first)
    run(engine, scenarios.save_draft, actor=team.other_designer, scenario_id=first,
        flow=base.flow, base_revision=1)  # fmt: skip
    rows = run(engine, scenarios.list_scenarios)
    assert [r.name for r in rows] == ["가 시나리오", "나 시나리오"]
    second = rows[1]
    assert (second.description, second.revision, second.updated_by) == ("둘째", 2, "choi.design")
    assert (second.latest_version, second.active_versions, second.pending_approvals) == (
        None,
        {},
        0,
    )


def test_the_prompt_catalog_has_library_text_and_the_newest_approved_finished_take(
    engine, tmp_path
):
    prompt_ids = add_prompts(engine)
    menu, welcome = prompt_ids["t.menu"], prompt_ids["t.welcome"]
    approve_audio(engine, tmp_path, menu, name="old", approved_at=APPROVED_AT, duration_s=3.0)
    newest = approve_audio(engine, tmp_path, menu, name="new",
                           approved_at=APPROVED_AT + timedelta(days=1), duration_s=2.5)  # fmt: skip
    with transaction(engine) as session:
        # Takes that do not count: not approved, failed, approved without a file.
        session.add_all([
            TtsTake(prompt_id=welcome, engine="t", text="x", cache_key="a", status=TakeStatus.DONE,
                    audio_path="tts/a.wav", approved=False),
            TtsTake(prompt_id=welcome, engine="t", text="x", cache_key="b",
                    status=TakeStatus.FAILED, audio_path="tts/b.wav", approved=True),
            TtsTake(prompt_id=welcome, engine="t", text="x", cache_key="c", status=TakeStatus.DONE,
                    audio_path=None, approved=True),
        ])  # fmt: skip
    catalog = run(engine, scenarios.prompt_catalog)
    assert set(catalog) == set(prompt_ids.values())
    assert (catalog[menu].audio_path, catalog[menu].duration_s) == (newest, 2.5)
    assert catalog[menu].code == "t.menu" and catalog[menu].has_approved_audio
    assert catalog[welcome].text == "안녕하십니까, 한빛손해보험입니다."
    assert not catalog[welcome].has_approved_audio
    assert set(run(engine, scenarios.prompt_catalog, prompt_ids=[menu, 999])) == {menu}
    assert run(engine, scenarios.prompt_catalog, prompt_ids=[]) == {}


def test_prompt_choices_list_the_library_by_code_with_tags(engine):
    with transaction(engine) as session:
        session.add_all([Prompt(code="b.menu", text="메뉴", tags=["메뉴"]),
                         Prompt(code="a.hello", text="안녕하세요")])  # fmt: skip
    choices = run(engine, scenarios.prompt_choices)
    assert [(c.code, c.tags) for c in choices] == [("a.hello", ()), ("b.menu", ("메뉴",))]
    assert choices[1].label == "b.menu · 메뉴"


def test_a_draft_stored_by_a_save_reads_back_as_the_same_flow(engine):
    team = people(engine)
    prompt_ids = add_prompts(engine)
    flow = replace(valid_flow(prompt_ids), variables=("customer_name",))
    scenario_id = create(engine, team.designer)
    run(engine, scenarios.save_draft, actor=team.designer, scenario_id=scenario_id, flow=flow,
        base_revision=1)  # fmt: skip
    assert draft(engine, scenario_id).flow == flow
    assert Flow.from_dict(flow.to_dict()) == flow
