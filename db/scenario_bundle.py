"""Moving flows in and out: a deployment's bundle (flow JSON plus the prompts' approved audio,
for the telephony platform) and importing a flow JSON as a new scenario or over a draft.

The bundle's ``flow.json``::

    {"format": "feple-ars-flow", "format_version": 1, "scenario": ..., "version": 3,
     "environment": "prod", "status": "active", "exported_at": "2026-...+00:00",
     "flow": {...}, "prompts": [{"nodes": ["n2"], "prompt_id": 4, "code": "main.menu",
                                 "text": ..., "audio": "prompts/main.menu.wav" or null}]}

An exported ``flow.json`` can be imported again as it is (the ``flow`` inside is read).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.errors import UserError
from core.flow.model import Flow
from core.flow.schema import parse_flow_json
from db import audit
from db.models import Deployment, Prompt, Scenario, ScenarioVersion
from db.scenarios import create_scenario, prompt_catalog, save_draft
from db.types import utcnow

BUNDLE_FORMAT = "feple-ars-flow"
BUNDLE_FORMAT_VERSION = 1
_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def _file_name(text: str) -> str:
    """``text`` usable as a file name in a zip and a download (Hangul kept)."""
    return _UNSAFE_NAME.sub("_", text).strip("._") or "scenario"


def _stored(data_dir: Path, audio_path: str) -> Path | None:
    """The stored audio file; a relative path is under ``data_dir`` and may not leave it."""
    path = Path(audio_path)
    if path.is_absolute():
        return path if path.is_file() else None
    root = data_dir.resolve()
    resolved = (root / path).resolve()
    if not resolved.is_relative_to(root) or not resolved.is_file():
        return None
    return resolved


def export_bundle(*, session: Session, deployment_id: int, data_dir: Path) -> tuple[str, bytes]:
    """A deployment's version as a zip: ``flow.json`` and ``prompts/<code><ext>`` for every
    approved audio its nodes link to; the zip's file name and its bytes."""
    found = session.execute(
        select(Deployment, ScenarioVersion, Scenario.name)
        .join(ScenarioVersion, ScenarioVersion.id == Deployment.version_id)
        .join(Scenario, Scenario.id == Deployment.scenario_id)
        .where(Deployment.id == deployment_id)
    ).one_or_none()
    if found is None:
        raise UserError("deploy.error.not_found")
    deployment, version, scenario_name = found
    flow = Flow.from_dict(version.flow)
    nodes_by_prompt: dict[int, list[str]] = {}
    for node in flow.nodes:
        if node.prompt_id is not None:
            nodes_by_prompt.setdefault(node.prompt_id, []).append(node.id)
    prompts = prompt_catalog(session=session, prompt_ids=nodes_by_prompt)
    entries, audio_files, taken = [], [], set()
    for prompt_id, node_ids in nodes_by_prompt.items():
        prompt = prompts.get(prompt_id)
        audio_name = None
        if prompt is not None and prompt.audio_path is not None:
            source = _stored(data_dir, prompt.audio_path)
            if source is None:
                raise UserError("scenario.error.audio_file_missing", code=prompt.code)
            stem = _file_name(prompt.code)
            if stem in taken:  # two codes that read the same once made safe
                stem = f"{stem}-{prompt_id}"
            taken.add(stem)
            audio_name = f"prompts/{stem}{source.suffix.lower() or '.wav'}"
            audio_files.append((audio_name, source))
        entries.append(
            {
                "nodes": node_ids,
                "prompt_id": prompt_id,
                "code": prompt.code if prompt is not None else None,
                "text": prompt.text if prompt is not None else flow.node(node_ids[0]).prompt_text,
                "audio": audio_name,
            }
        )
    document = {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "scenario": scenario_name,
        "version": version.number,
        "environment": deployment.environment.value,
        "status": deployment.status.value,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "flow": flow.to_dict(),
        "prompts": entries,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("flow.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, source in audio_files:  # audio does not compress: stored as it is
            bundle.write(source, name, compress_type=zipfile.ZIP_STORED)
    file_name = f"{_file_name(scenario_name)}-v{version.number}-{deployment.environment.value}.zip"
    return file_name, buffer.getvalue()


@dataclass(frozen=True, slots=True)
class ImportResult:
    scenario_id: int
    name: str
    revision: int  # the draft's, after the import
    created: bool  # a new scenario (else an existing draft was replaced)
    cleared_prompts: int  # nodes whose link to a prompt this library lacks was removed


def _without_unknown_prompts(session: Session, flow: Flow) -> tuple[Flow, int]:
    """``flow`` without links to prompts this library does not have (the node's own text
    stays), and how many nodes lost their link."""
    linked = sorted({node.prompt_id for node in flow.nodes if node.prompt_id is not None})
    if not linked:
        return flow, 0
    known = set(session.scalars(select(Prompt.id).where(Prompt.id.in_(linked))))
    cleared = [n for n in flow.nodes if n.prompt_id is not None and n.prompt_id not in known]
    for node in cleared:
        flow = flow.with_node(replace(node, prompt_id=None))
    return flow, len(cleared)


def import_flow(
    *,
    session: Session,
    actor: Actor,
    text: str | bytes,
    name: str | None = None,
    scenario_id: int | None = None,
    base_revision: int | None = None,
) -> ImportResult:
    """Read a flow JSON (or an exported ``flow.json``) into a new scenario called ``name``, or
    over the draft of ``scenario_id`` if it is still at ``base_revision``.

    A malformed file raises (``UserError``, ``FlowSchemaError`` listing every problem) before
    anything is written."""
    actor.require(Permission.EDIT_SCENARIOS)
    if scenario_id is not None and (name is not None or base_revision is None):
        raise ValueError("replacing a draft takes scenario_id and base_revision, not a name")
    flow, cleared = _without_unknown_prompts(session, parse_flow_json(text))
    if scenario_id is None:
        scenario_id = create_scenario(session=session, actor=actor, name=name or "", flow=flow)
        revision, created = 1, True
    else:
        revision = save_draft(session=session, actor=actor, scenario_id=scenario_id, flow=flow,
                              base_revision=base_revision)  # fmt: skip
        created = False
    audit.record(session=session, actor=actor, action="scenario.import", target_type="scenario",
                 target_id=scenario_id, nodes=len(flow.nodes), cleared_prompts=cleared,
                 created=created)  # fmt: skip
    scenario_name = session.scalar(select(Scenario.name).where(Scenario.id == scenario_id))
    return ImportResult(scenario_id, scenario_name, revision, created, cleared)
