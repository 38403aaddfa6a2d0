from dataclasses import replace

import pytest
from sqlalchemy import select

from core.access import PermissionDenied
from core.errors import UserError
from db import scenario_versions, scenarios
from db.models import AuditEntry, Prompt, ScenarioVersion
from db.session import transaction
from tests.db.scenario_rows import (
    PROMPTS,
    add_prompts,
    broken_flow,
    people,
    run,
    snapshot,
    valid_flow,
)


def setup(engine):
    """Two designers and a scenario whose draft (r2) is a valid flow."""
    team = people(engine)
    prompt_ids = add_prompts(engine)
    scenario_id = run(engine, scenarios.create_scenario, actor=team.designer, name="메인 메뉴")
    run(engine, scenarios.save_draft, actor=team.designer, scenario_id=scenario_id,
        flow=valid_flow(prompt_ids), base_revision=1)  # fmt: skip
    return team, prompt_ids, scenario_id


def publish(engine, actor, scenario_id, base_revision, comment="메뉴 정리"):
    return run(engine, scenario_versions.publish, actor=actor, scenario_id=scenario_id,
               base_revision=base_revision, comment=comment)  # fmt: skip


def save(engine, actor, scenario_id, flow, base_revision):
    return run(engine, scenarios.save_draft, actor=actor, scenario_id=scenario_id, flow=flow,
               base_revision=base_revision)  # fmt: skip


def stored_versions(engine, scenario_id) -> dict[int, dict]:
    with transaction(engine) as session:
        rows = session.execute(
            select(ScenarioVersion.number, ScenarioVersion.flow).where(
                ScenarioVersion.scenario_id == scenario_id
            )
        )
        return dict(rows.all())


def test_publishing_numbers_versions_per_scenario_and_never_changes_an_old_one(engine):
    team, prompt_ids, scenario_id = setup(engine)
    other = run(engine, scenarios.create_scenario, actor=team.designer, name="다른 시나리오",
                flow=valid_flow(prompt_ids))  # fmt: skip
    assert publish(engine, team.designer, scenario_id, 2) == 1
    v1 = stored_versions(engine, scenario_id)[1]
    edited = valid_flow(prompt_ids).with_node(replace(valid_flow(prompt_ids).node("n4"),
                                                      queue="긴급"))  # fmt: skip
    save(engine, team.other_designer, scenario_id, edited, 2)
    assert publish(engine, team.other_designer, scenario_id, 3, "긴급 연결로 변경") == 2
    assert publish(engine, team.designer, other, 1) == 1  # numbering is per scenario
    versions = stored_versions(engine, scenario_id)
    assert versions[1] == v1 and versions[2]["nodes"][3]["queue"] == "긴급"
    view = run(engine, scenarios.get_draft, scenario_id=scenario_id)
    assert (view.revision, view.based_on_version) == (3, 2)  # publishing keeps the revision
    rows = run(engine, scenario_versions.list_versions, scenario_id=scenario_id)
    assert [(r.number, r.comment, r.author) for r in rows] == [
        (1, "메뉴 정리", "park.design"), (2, "긴급 연결로 변경", "choi.design")]  # fmt: skip
    row, flow = run(engine, scenario_versions.get_version, scenario_id=scenario_id, number=1)
    assert row.number == 1 and flow == valid_flow(prompt_ids)
    with transaction(engine) as session:
        published = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "scenario.publish")
        ).all()
    assert [(a.details["version"], a.username) for a in published] == [
        (1, "park.design"), (2, "choi.design"), (1, "park.design")]  # fmt: skip


def test_a_version_carries_the_library_text_of_its_prompts_as_published(engine):
    team, prompt_ids, scenario_id = setup(engine)
    with transaction(engine) as session:
        session.get(Prompt, prompt_ids["t.welcome"]).text = "반갑습니다, 한빛손해보험입니다."
    publish(engine, team.designer, scenario_id, 2)
    _, flow = run(engine, scenario_versions.get_version, scenario_id=scenario_id, number=1)
    assert flow.node("n2").prompt_text == "반갑습니다, 한빛손해보험입니다."
    assert flow.node("n3").prompt_text == PROMPTS["t.menu"]
    # A later change to the library leaves the version as it was.
    with transaction(engine) as session:
        session.get(Prompt, prompt_ids["t.welcome"]).text = "또 바뀐 인사"
    _, again = run(engine, scenario_versions.get_version, scenario_id=scenario_id, number=1)
    assert again == flow


REFUSALS = [
    ({"comment": "   "}, "scenario.error.comment_required"),
    ({"comment": "가" * 501}, "scenario.error.comment_too_long"),
    ({"base_revision": 1}, "scenario.error.stale_draft"),
    ({"scenario_id": 999}, "scenario.error.not_found"),
]


@pytest.mark.parametrize(("change", "key"), REFUSALS, ids=[k for _, k in REFUSALS])
def test_a_refused_publish_changes_nothing(engine, change, key):
    team, _, scenario_id = setup(engine)
    before = snapshot(engine)
    kwargs = {"scenario_id": scenario_id, "base_revision": 2, "comment": "변경"} | change
    with pytest.raises(UserError) as refused:
        run(engine, scenario_versions.publish, actor=team.designer, **kwargs)
    assert refused.value.key == key
    assert snapshot(engine) == before


def test_a_flow_with_validation_errors_cannot_be_published(engine):
    team, _, scenario_id = setup(engine)
    save(engine, team.designer, scenario_id, broken_flow(), 2)
    before = snapshot(engine)
    with pytest.raises(UserError) as refused:
        publish(engine, team.designer, scenario_id, 3)
    assert refused.value.key == "scenario.error.invalid_flow"
    assert refused.value.params["count"] >= 1
    assert refused.value.params["node"] == "빈 메뉴"
    assert refused.value.params["first"].startswith("flow.issue.")
    assert snapshot(engine) == before


def test_a_draft_unchanged_since_the_latest_version_is_not_published_again(engine):
    team, _, scenario_id = setup(engine)
    publish(engine, team.designer, scenario_id, 2)
    with pytest.raises(UserError) as refused:
        publish(engine, team.designer, scenario_id, 2, "한 번 더")
    assert (refused.value.key, refused.value.params) == (
        "scenario.error.nothing_to_publish", {"version": 1})  # fmt: skip


def test_restoring_a_version_makes_it_the_draft_as_a_new_revision(engine):
    team, prompt_ids, scenario_id = setup(engine)
    publish(engine, team.designer, scenario_id, 2)
    changed = valid_flow(prompt_ids, greeting="다른 인사").without_node("n5")
    save(engine, team.designer, scenario_id, changed, 2)
    assert run(engine, scenario_versions.restore_version, actor=team.other_designer,
               scenario_id=scenario_id, number=1, base_revision=3) == 4  # fmt: skip
    view = run(engine, scenarios.get_draft, scenario_id=scenario_id)
    _, v1 = run(engine, scenario_versions.get_version, scenario_id=scenario_id, number=1)
    assert view.flow == v1 and (view.revision, view.based_on_version) == (4, 1)
    assert view.updated_by == "choi.design"
    assert len(stored_versions(engine, scenario_id)) == 1  # restoring publishes nothing


def test_restoring_from_a_stale_revision_or_a_missing_version_is_refused(engine):
    team, _, scenario_id = setup(engine)
    publish(engine, team.designer, scenario_id, 2)
    before = snapshot(engine)
    with pytest.raises(scenarios.StaleDraftError):
        run(engine, scenario_versions.restore_version, actor=team.designer,
            scenario_id=scenario_id, number=1, base_revision=1)  # fmt: skip
    with pytest.raises(UserError) as missing:
        run(engine, scenario_versions.restore_version, actor=team.designer,
            scenario_id=scenario_id, number=7, base_revision=2)  # fmt: skip
    assert (missing.value.key, missing.value.params) == (
        "scenario.error.version_not_found", {"number": 7})  # fmt: skip
    assert snapshot(engine) == before


def test_a_viewer_cannot_publish_or_restore(engine):
    team, _, scenario_id = setup(engine)
    publish(engine, team.designer, scenario_id, 2)
    before = snapshot(engine)
    with pytest.raises(PermissionDenied):
        publish(engine, team.viewer, scenario_id, 2, "뷰어")
    with pytest.raises(PermissionDenied):
        run(engine, scenario_versions.restore_version, actor=team.viewer,
            scenario_id=scenario_id, number=1, base_revision=2)  # fmt: skip
    assert snapshot(engine) == before
