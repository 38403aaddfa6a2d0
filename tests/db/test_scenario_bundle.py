import io
import json
import zipfile
from dataclasses import replace

import pytest
from sqlalchemy import select

from core.access import PermissionDenied
from core.domain import Environment
from core.errors import UserError
from core.flow.model import Flow
from core.flow.schema import FlowSchemaError
from db import deployments, scenario_bundle, scenario_versions, scenarios
from db.models import AuditEntry
from db.session import transaction
from tests.db.scenario_rows import (
    PROMPTS,
    add_prompts,
    approve_all,
    approve_audio,
    counts,
    people,
    run,
    snapshot,
    valid_flow,
)


def deployed(engine, data_dir, *, audio=True):
    """A scenario with v1 deployed to dev; returns the team, prompt ids, scenario and
    deployment ids."""
    team = people(engine)
    prompt_ids = add_prompts(engine)
    if audio:
        approve_all(engine, data_dir, prompt_ids)
    scenario_id = run(engine, scenarios.create_scenario, actor=team.designer,
                      name="사고접수 / 긴급출동", flow=valid_flow(prompt_ids))  # fmt: skip
    run(engine, scenario_versions.publish, actor=team.designer, scenario_id=scenario_id,
        base_revision=1, comment="첫 버전")  # fmt: skip
    row = run(engine, deployments.deploy, actor=team.designer, scenario_id=scenario_id,
              version_number=1, environment=Environment.DEV)  # fmt: skip
    return team, prompt_ids, scenario_id, row.id


def test_the_bundle_holds_the_flow_json_and_every_linked_prompts_approved_audio(engine, tmp_path):
    _, prompt_ids, _, deployment_id = deployed(engine, tmp_path)
    name, data = run(engine, scenario_bundle.export_bundle, deployment_id=deployment_id,
                     data_dir=tmp_path)  # fmt: skip
    assert name == "사고접수_긴급출동-v1-dev.zip"
    bundle = zipfile.ZipFile(io.BytesIO(data))
    document = json.loads(bundle.read("flow.json"))
    assert document["format"] == "feple-ars-flow" and document["format_version"] == 1
    assert (document["scenario"], document["version"], document["environment"]) == (
        "사고접수 / 긴급출동", 1, "dev")  # fmt: skip
    assert document["exported_at"].endswith("+00:00")
    assert Flow.from_dict(document["flow"]) == valid_flow(prompt_ids)
    by_code = {entry["code"]: entry for entry in document["prompts"]}
    assert set(by_code) == set(PROMPTS)
    menu = by_code["t.menu"]
    assert (menu["nodes"], menu["prompt_id"], menu["text"], menu["audio"]) == (
        ["n3"], prompt_ids["t.menu"], PROMPTS["t.menu"], "prompts/t.menu.wav")  # fmt: skip
    audio_files = sorted(f"prompts/{code}.wav" for code in PROMPTS)
    assert sorted(bundle.namelist()) == ["flow.json", *audio_files]
    stored = (tmp_path / "tts" / f"prompt-{prompt_ids['t.menu']}.wav").read_bytes()
    assert bundle.read("prompts/t.menu.wav") == stored and stored[:4] == b"RIFF"


def test_a_prompt_without_approved_audio_is_listed_without_a_file(engine, tmp_path):
    _, prompt_ids, _, deployment_id = deployed(engine, tmp_path, audio=False)
    approve_audio(engine, tmp_path, prompt_ids["t.welcome"])
    _, data = run(engine, scenario_bundle.export_bundle, deployment_id=deployment_id,
                  data_dir=tmp_path)  # fmt: skip
    bundle = zipfile.ZipFile(io.BytesIO(data))
    audio = {e["code"]: e["audio"] for e in json.loads(bundle.read("flow.json"))["prompts"]}
    assert audio == {"t.welcome": "prompts/t.welcome.wav", "t.menu": None, "t.transfer": None,
                     "t.goodbye": None}  # fmt: skip
    assert sorted(bundle.namelist()) == ["flow.json", "prompts/t.welcome.wav"]


def test_an_approved_audio_file_missing_on_disk_is_reported(engine, tmp_path):
    _, prompt_ids, _, deployment_id = deployed(engine, tmp_path)
    (tmp_path / "tts" / f"prompt-{prompt_ids['t.goodbye']}.wav").unlink()
    with pytest.raises(UserError) as missing:
        run(engine, scenario_bundle.export_bundle, deployment_id=deployment_id, data_dir=tmp_path)
    assert (missing.value.key, missing.value.params) == (
        "scenario.error.audio_file_missing", {"code": "t.goodbye"})  # fmt: skip
    with pytest.raises(UserError) as unknown:
        run(engine, scenario_bundle.export_bundle, deployment_id=999, data_dir=tmp_path)
    assert unknown.value.key == "deploy.error.not_found"


def test_an_exported_flow_json_imports_as_a_new_scenario(engine, tmp_path):
    team, prompt_ids, _, deployment_id = deployed(engine, tmp_path)
    _, data = run(engine, scenario_bundle.export_bundle, deployment_id=deployment_id,
                  data_dir=tmp_path)  # fmt: skip
    text = zipfile.ZipFile(io.BytesIO(data)).read("flow.json")
    result = run(engine, scenario_bundle.import_flow, actor=team.other_designer, text=text,
                 name="사고접수 사본")  # fmt: skip
    assert (result.name, result.revision, result.created, result.cleared_prompts) == (
        "사고접수 사본", 1, True, 0)  # fmt: skip
    view = run(engine, scenarios.get_draft, scenario_id=result.scenario_id)
    assert view.flow == valid_flow(prompt_ids) and view.updated_by == "choi.design"
    with transaction(engine) as session:
        imported = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "scenario.import")
        ).one()
    assert imported.details == {"nodes": 5, "cleared_prompts": 0, "created": True}


def test_links_to_prompts_this_library_lacks_are_cleared_and_their_text_kept(engine):
    team = people(engine)
    prompt_ids = add_prompts(engine)
    flow = valid_flow(prompt_ids)
    flow = flow.with_node(replace(flow.node("n2"), prompt_id=9001))
    flow = flow.with_node(replace(flow.node("n5"), prompt_id=9002))
    result = run(engine, scenario_bundle.import_flow, actor=team.designer,
                 text=json.dumps(flow.to_dict()), name="다른 시스템에서")  # fmt: skip
    assert result.cleared_prompts == 2
    view = run(engine, scenarios.get_draft, scenario_id=result.scenario_id)
    assert view.flow.node("n2").prompt_id is None
    assert view.flow.node("n2").prompt_text == PROMPTS["t.welcome"]
    assert view.flow.node("n3").prompt_id == prompt_ids["t.menu"]


def test_importing_over_a_draft_checks_its_revision(engine):
    team = people(engine)
    prompt_ids = add_prompts(engine)
    scenario_id = run(engine, scenarios.create_scenario, actor=team.designer, name="메인 메뉴")
    text = json.dumps(valid_flow(prompt_ids).to_dict(), ensure_ascii=False).encode()
    result = run(engine, scenario_bundle.import_flow, actor=team.designer, text=text,
                 scenario_id=scenario_id, base_revision=1)  # fmt: skip
    assert (result.scenario_id, result.name, result.revision, result.created) == (
        scenario_id, "메인 메뉴", 2, False)  # fmt: skip
    assert run(engine, scenarios.get_draft, scenario_id=scenario_id).flow == valid_flow(prompt_ids)
    before = snapshot(engine)
    with pytest.raises(scenarios.StaleDraftError):
        run(engine, scenario_bundle.import_flow, actor=team.designer, text=text,
            scenario_id=scenario_id, base_revision=1)  # fmt: skip
    assert snapshot(engine) == before


GOOD = {"nodes": [{"id": "n1", "kind": "start"}, {"id": "n2", "kind": "end"}],
        "edges": [{"id": "e1", "source": "n1", "target": "n2"}]}  # fmt: skip
BAD_FILES = [
    ('{"nodes": [', "flow.schema.bad_json"),
    (b"\xff\xfe\x00", "flow.schema.not_utf8"),
    (json.dumps({**GOOD, "nodes": [*GOOD["nodes"], {"id": "n3", "kind": "ivr"}]}),
     "flow.schema.invalid"),
    (json.dumps({**GOOD, "edges": [{"id": "e1", "source": "n1", "target": "n9"}]}),
     "flow.schema.invalid"),
    (json.dumps([1, 2]), "flow.schema.invalid"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "key"), BAD_FILES)
def test_a_malformed_file_is_refused_and_nothing_changes(engine, text, key):
    team = people(engine)
    scenario_id = run(engine, scenarios.create_scenario, actor=team.designer, name="메인 메뉴")
    before = snapshot(engine)
    for target in ({"name": "새 시나리오"}, {"scenario_id": scenario_id, "base_revision": 1}):
        with pytest.raises(UserError) as refused:
            run(engine, scenario_bundle.import_flow, actor=team.designer, text=text, **target)
        assert refused.value.key == key
    assert snapshot(engine) == before


def test_a_dangling_edge_and_an_unknown_kind_are_both_listed(engine):
    team = people(engine)
    document = {**GOOD, "nodes": [*GOOD["nodes"], {"id": "n3", "kind": "ivr"}],
                "edges": [{"id": "e1", "source": "n1", "target": "n9"}]}  # fmt: skip
    with pytest.raises(FlowSchemaError) as refused:
        run(engine, scenario_bundle.import_flow, actor=team.designer,
            text=json.dumps(document), name="x")  # fmt: skip
    assert {key for key, _ in refused.value.problems} == {
        "flow.schema.unknown_kind", "flow.schema.dangling_edge"}  # fmt: skip


def test_an_import_without_a_name_or_by_a_viewer_is_refused(engine):
    team = people(engine)
    before = counts(engine)
    with pytest.raises(UserError) as unnamed:
        run(engine, scenario_bundle.import_flow, actor=team.designer, text=json.dumps(GOOD))
    assert unnamed.value.key == "scenario.error.name_required"
    with pytest.raises(PermissionDenied):
        run(engine, scenario_bundle.import_flow, actor=team.viewer, text=json.dumps(GOOD),
            name="뷰어")  # fmt: skip
    assert counts(engine) == before
