from dataclasses import replace

import pytest
from sqlalchemy import select, update

from core.access import PermissionDenied
from core.domain import DeploymentStatus, Environment
from core.errors import UserError
from db import deployments, scenario_versions, scenarios
from db.models import AuditEntry, ScenarioVersion, TtsTake
from db.session import transaction
from tests.db.scenario_rows import (
    add_prompts,
    approve_all,
    approve_audio,
    broken_flow,
    people,
    run,
    snapshot,
    valid_flow,
)

DEV, STAGING, PROD = Environment.DEV, Environment.STAGING, Environment.PROD
ACTIVE, PENDING = DeploymentStatus.ACTIVE, DeploymentStatus.PENDING_APPROVAL


def setup(engine, tmp_path, *, versions=2, audio=True):
    """A scenario with ``versions`` published versions (v2 routes to the emergency queue) and,
    unless ``audio`` is False, approved audio for every prompt."""
    team = people(engine)
    prompt_ids = add_prompts(engine)
    if audio:
        approve_all(engine, tmp_path, prompt_ids)
    flow = valid_flow(prompt_ids)
    scenario_id = run(engine, scenarios.create_scenario, actor=team.designer, name="메인 메뉴",
                      flow=flow)  # fmt: skip
    revision = 1
    for number in range(1, versions + 1):
        if number > 1:
            flow = flow.with_node(replace(flow.node("n4"), queue=f"대기열{number}"))
            revision = run(engine, scenarios.save_draft, actor=team.designer,
                           scenario_id=scenario_id, flow=flow, base_revision=revision)  # fmt: skip
        run(engine, scenario_versions.publish, actor=team.designer, scenario_id=scenario_id,
            base_revision=revision, comment=f"v{number}")  # fmt: skip
    return team, prompt_ids, scenario_id


def deploy(engine, actor, scenario_id, number, environment, **kwargs):
    return run(engine, deployments.deploy, actor=actor, scenario_id=scenario_id,
               version_number=number, environment=environment, **kwargs)  # fmt: skip


def live(engine, scenario_id) -> dict[Environment, int]:
    active = run(engine, deployments.active_deployments, scenario_id=scenario_id)
    return {env: row.version_number for env, row in active.items()}


def history(engine, scenario_id) -> list[tuple]:
    rows = run(engine, deployments.deployment_history, scenario_id=scenario_id)
    return [(r.version_number, r.environment, r.status) for r in rows]


def test_dev_and_staging_go_live_at_once_and_a_new_deployment_supersedes_the_old(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path, audio=False)
    first = deploy(engine, team.designer, scenario_id, 1, DEV, note="첫 배포")
    assert (first.status, first.version_number, first.requested_by) == (ACTIVE, 1, "park.design")
    assert first.activated_at == first.requested_at and first.approved_by is None
    deploy(engine, team.designer, scenario_id, 1, STAGING)
    deploy(engine, team.other_designer, scenario_id, 2, DEV)
    assert live(engine, scenario_id) == {DEV: 2, STAGING: 1}
    assert history(engine, scenario_id) == [
        (2, DEV, ACTIVE), (1, STAGING, ACTIVE), (1, DEV, DeploymentStatus.SUPERSEDED)]  # fmt: skip
    rows = run(engine, deployments.deployment_history, scenario_id=scenario_id)
    assert rows[-1].note == "첫 배포"
    versions = run(engine, scenario_versions.list_versions, scenario_id=scenario_id)
    assert [(v.number, v.active_in) for v in versions] == [(1, (STAGING,)), (2, (DEV,))]


def test_prod_by_a_designer_waits_for_someone_else_to_approve_it(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path)
    deploy(engine, team.admin, scenario_id, 1, PROD)  # an admin's prod deployment is live at once
    request = deploy(engine, team.designer, scenario_id, 2, PROD, note="긴급 대기열")
    assert request.status is PENDING and request.activated_at is None
    assert live(engine, scenario_id) == {PROD: 1}  # nothing changed in prod yet
    [summary] = run(engine, scenarios.list_scenarios)
    assert (summary.pending_approvals, summary.latest_version) == (1, 2)
    assert summary.active_versions == {PROD: 1}

    before = snapshot(engine)
    with pytest.raises(UserError) as own:
        run(engine, deployments.approve, actor=team.designer, deployment_id=request.id)
    assert own.value.key == "deploy.error.self_approval"
    assert snapshot(engine) == before

    approved = run(engine, deployments.approve, actor=team.other_designer, deployment_id=request.id)
    assert (approved.status, approved.approved_by) == (ACTIVE, "choi.design")
    assert approved.activated_at == approved.approved_at
    assert live(engine, scenario_id) == {PROD: 2}
    assert history(engine, scenario_id)[1] == (1, PROD, DeploymentStatus.SUPERSEDED)
    with pytest.raises(UserError) as twice:
        run(engine, deployments.approve, actor=team.admin, deployment_id=request.id)
    assert twice.value.key == "deploy.error.not_pending"
    with transaction(engine) as session:
        actions = session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_type == "deployment").order_by(AuditEntry.id)).all()  # fmt: skip
    assert actions == ["deployment.deploy", "deployment.deploy", "deployment.approve"]


def test_an_admin_approves_a_designers_request(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path)
    request = deploy(engine, team.designer, scenario_id, 1, PROD)
    run(engine, deployments.approve, actor=team.admin, deployment_id=request.id)
    assert live(engine, scenario_id) == {PROD: 1}


def test_a_second_request_while_one_waits_is_refused_and_so_is_deploying_what_is_live(
    engine, tmp_path
):
    team, _, scenario_id = setup(engine, tmp_path)
    deploy(engine, team.designer, scenario_id, 1, DEV)
    deploy(engine, team.designer, scenario_id, 1, PROD)
    before = snapshot(engine)
    with pytest.raises(UserError) as waiting:
        deploy(engine, team.other_designer, scenario_id, 2, PROD)
    assert waiting.value.key == "deploy.error.already_pending"
    assert waiting.value.params == {"version": 1, "by": "park.design", "environment": "prod"}
    with pytest.raises(UserError) as already:
        deploy(engine, team.designer, scenario_id, 1, DEV)
    assert already.value.key == "deploy.error.already_active"
    with pytest.raises(UserError) as missing:
        deploy(engine, team.designer, scenario_id, 9, DEV)
    assert missing.value.key == "scenario.error.version_not_found"
    with pytest.raises(UserError) as long_note:
        deploy(engine, team.designer, scenario_id, 2, DEV, note="메" * 501)
    assert long_note.value.key == "deploy.error.note_too_long"
    assert snapshot(engine) == before


def test_a_rejected_request_changes_nothing_live_and_can_no_longer_be_approved(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path)
    request = deploy(engine, team.designer, scenario_id, 2, PROD)
    rejected = run(engine, deployments.reject, actor=team.other_designer,
                   deployment_id=request.id, note="대기열 이름 확인 필요")  # fmt: skip
    assert rejected.status is DeploymentStatus.REJECTED
    assert (rejected.rejected_by, rejected.rejection_note) == (
        "choi.design",
        "대기열 이름 확인 필요",
    )
    assert live(engine, scenario_id) == {}
    with pytest.raises(UserError) as late:
        run(engine, deployments.approve, actor=team.admin, deployment_id=request.id)
    assert late.value.key == "deploy.error.not_pending"
    # After a rejection a new request may be made; the requester may also withdraw it.
    again = deploy(engine, team.designer, scenario_id, 2, PROD)
    run(engine, deployments.reject, actor=team.designer, deployment_id=again.id)
    with pytest.raises(UserError) as unknown:
        run(engine, deployments.reject, actor=team.designer, deployment_id=4242)
    assert unknown.value.key == "deploy.error.not_found"


def test_prod_is_refused_while_a_prompt_has_no_approved_audio(engine, tmp_path):
    team, prompt_ids, scenario_id = setup(engine, tmp_path, audio=False)
    approve_audio(engine, tmp_path, prompt_ids["t.welcome"])
    approve_audio(engine, tmp_path, prompt_ids["t.goodbye"])
    before = snapshot(engine)
    for actor in (team.designer, team.admin):
        with pytest.raises(UserError) as refused:
            deploy(engine, actor, scenario_id, 1, PROD)
        assert refused.value.key == "deploy.error.audio_missing"
        assert refused.value.params == {"nodes": "메인 메뉴, 사고접수 연결", "count": 2}
    assert snapshot(engine) == before
    # dev needs no audio; prod does once every prompt has it.
    deploy(engine, team.designer, scenario_id, 1, DEV)
    approve_audio(engine, tmp_path, prompt_ids["t.menu"])
    approve_audio(engine, tmp_path, prompt_ids["t.transfer"])
    assert deploy(engine, team.admin, scenario_id, 1, PROD).status is ACTIVE


def test_a_prompt_node_with_its_own_text_has_no_audio_for_prod(engine, tmp_path):
    team, prompt_ids, _ = setup(engine, tmp_path, versions=0)
    flow = valid_flow(prompt_ids)
    flow = flow.with_node(replace(flow.node("n2"), prompt_id=None, prompt_text="직접 쓴 인사"))
    scenario_id = run(engine, scenarios.create_scenario, actor=team.designer, name="직접 입력",
                      flow=flow)  # fmt: skip
    run(engine, scenario_versions.publish, actor=team.designer, scenario_id=scenario_id,
        base_revision=1, comment="첫 버전")  # fmt: skip
    with pytest.raises(UserError) as refused:
        deploy(engine, team.admin, scenario_id, 1, PROD)
    assert refused.value.params == {"nodes": "환영 인사", "count": 1}


def test_approval_checks_again_and_refuses_when_audio_was_withdrawn_meanwhile(engine, tmp_path):
    team, prompt_ids, scenario_id = setup(engine, tmp_path)
    request = deploy(engine, team.designer, scenario_id, 1, PROD)
    with transaction(engine) as session:
        session.execute(
            update(TtsTake).where(TtsTake.prompt_id == prompt_ids["t.menu"]).values(approved=False)
        )
    before = snapshot(engine)
    with pytest.raises(UserError) as refused:
        run(engine, deployments.approve, actor=team.other_designer, deployment_id=request.id)
    assert refused.value.key == "deploy.error.audio_missing"
    assert snapshot(engine) == before


def test_a_version_with_validation_errors_is_never_deployed(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path, versions=1)
    with transaction(engine) as session:  # e.g. published before a rule existed
        session.add(ScenarioVersion(scenario_id=scenario_id, number=2,
                                    flow=broken_flow().to_dict(), comment="옛 버전"))  # fmt: skip
    before = snapshot(engine)
    with pytest.raises(UserError) as refused:
        deploy(engine, team.designer, scenario_id, 2, DEV)
    assert refused.value.key == "deploy.error.invalid_flow"
    assert refused.value.params["version"] == 2 and refused.value.params["node"] == "빈 메뉴"
    assert snapshot(engine) == before


def test_rolling_back_puts_the_previously_live_version_back(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path, versions=3)
    with pytest.raises(UserError) as nothing:
        run(engine, deployments.rollback_environment, actor=team.designer,
            scenario_id=scenario_id, environment=DEV)  # fmt: skip
    assert nothing.value.key == "deploy.error.nothing_live"
    deploy(engine, team.designer, scenario_id, 1, DEV)
    with pytest.raises(UserError) as first_only:
        run(engine, deployments.rollback_environment, actor=team.designer,
            scenario_id=scenario_id, environment=DEV)  # fmt: skip
    assert first_only.value.key == "deploy.error.no_previous"
    deploy(engine, team.designer, scenario_id, 2, DEV)
    deploy(engine, team.designer, scenario_id, 3, DEV)
    back = run(engine, deployments.rollback_environment, actor=team.designer,
               scenario_id=scenario_id, environment=DEV, note="v3 문제")  # fmt: skip
    assert (back.version_number, back.status, back.note) == (2, ACTIVE, "v3 문제")
    assert live(engine, scenario_id) == {DEV: 2}
    with transaction(engine) as session:
        assert session.scalar(
            select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)
        ) == ("deployment.rollback")
    # Prod by a designer: the rollback is a request like any other.
    deploy(engine, team.admin, scenario_id, 1, PROD)
    deploy(engine, team.admin, scenario_id, 2, PROD)
    request = run(engine, deployments.rollback_environment, actor=team.designer,
                  scenario_id=scenario_id, environment=PROD)  # fmt: skip
    assert (request.version_number, request.status) == (1, PENDING)
    assert live(engine, scenario_id)[PROD] == 2


def test_only_people_with_the_deploy_permission_deploy_approve_or_roll_back(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path)
    request = deploy(engine, team.designer, scenario_id, 1, PROD)
    deploy(engine, team.designer, scenario_id, 1, DEV)
    before = snapshot(engine)
    for actor in (team.viewer, team.supervisor):
        with pytest.raises(PermissionDenied):
            deploy(engine, actor, scenario_id, 2, DEV)
        with pytest.raises(PermissionDenied):
            run(engine, deployments.approve, actor=actor, deployment_id=request.id)
        with pytest.raises(PermissionDenied):
            run(engine, deployments.reject, actor=actor, deployment_id=request.id)
        with pytest.raises(PermissionDenied):
            run(engine, deployments.rollback_environment, actor=actor, scenario_id=scenario_id,
                environment=DEV)  # fmt: skip
    assert snapshot(engine) == before


def test_an_archived_scenario_is_not_deployed(engine, tmp_path):
    team, _, scenario_id = setup(engine, tmp_path, versions=1)
    run(engine, scenarios.set_archived, actor=team.designer, scenario_id=scenario_id, archived=True)
    with pytest.raises(UserError) as refused:
        deploy(engine, team.designer, scenario_id, 1, DEV)
    assert refused.value.key == "scenario.error.archived"
