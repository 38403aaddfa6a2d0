"""Numbered, immutable versions of a scenario: publishing the draft, listing and reading them,
and rolling the draft back to one.

A version is a self-contained snapshot: each node linked to a library prompt carries that
prompt's text as it was when the version was published, so later edits to the library never
change what an old version says. Nothing here updates or deletes a version row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import DeploymentStatus, Environment
from core.errors import UserError
from core.flow.model import Flow
from core.flow.prompts import PromptCatalog
from core.flow.validation import ValidationReport, validate
from db import audit
from db.models import Deployment, ScenarioDraft, ScenarioVersion, User
from db.scenarios import (
    prompt_catalog,
    raise_stale,
    replace_draft,
    scenario_for_update,
    stored_form,
)

COMMENT_MAX = 500


@dataclass(frozen=True, slots=True)
class VersionRow:
    id: int
    number: int
    comment: str
    author: str | None  # username
    created_at: datetime
    active_in: tuple[Environment, ...]  # environments where this version is live


def list_versions(*, session: Session, scenario_id: int) -> list[VersionRow]:
    """The scenario's versions, oldest first."""
    live: dict[int, list[Environment]] = {}
    for version_id, environment in session.execute(
        select(Deployment.version_id, Deployment.environment).where(
            Deployment.scenario_id == scenario_id, Deployment.status == DeploymentStatus.ACTIVE
        )
    ):
        live.setdefault(version_id, []).append(environment)
    rows = session.execute(
        select(ScenarioVersion.id, ScenarioVersion.number, ScenarioVersion.comment,
               User.username, ScenarioVersion.created_at)
        .outerjoin(User, User.id == ScenarioVersion.author_id)
        .where(ScenarioVersion.scenario_id == scenario_id)
        .order_by(ScenarioVersion.number)
    )  # fmt: skip
    return [
        VersionRow(version_id, number, comment, author, created_at,
                   tuple(sorted(live.get(version_id, ()), key=list(Environment).index)))
        for version_id, number, comment, author, created_at in rows
    ]  # fmt: skip


def get_version(*, session: Session, scenario_id: int, number: int) -> tuple[VersionRow, Flow]:
    """One version and its flow; refused with a message when there is no such version."""
    version = find_version(session, scenario_id, number)
    [row] = [
        r for r in list_versions(session=session, scenario_id=scenario_id) if r.id == version.id
    ]
    return row, Flow.from_dict(version.flow)


def find_version(session: Session, scenario_id: int, number: int) -> ScenarioVersion:
    version = session.scalar(
        select(ScenarioVersion).where(
            ScenarioVersion.scenario_id == scenario_id, ScenarioVersion.number == number
        )
    )
    if version is None:
        raise UserError("scenario.error.version_not_found", number=number)
    return version


def with_library_text(flow: Flow, prompts: PromptCatalog) -> Flow:
    """``flow`` with every node linked to a library prompt saying that prompt's current text."""
    for node in flow.nodes:
        linked = prompts.get(node.prompt_id) if node.prompt_id is not None else None
        if linked is not None and node.prompt_text != linked.text:
            flow = flow.with_node(replace(node, prompt_text=linked.text))
    return flow


def check_valid(report: ValidationReport, flow: Flow, key: str, **params: object) -> None:
    """Refuse with ``key`` when the validation found errors, naming the first one's node."""
    if report.ok:
        return
    first = report.errors[0]
    node = flow.get(first.node_id) if first.node_id else None
    where = (node.label or node.id) if node is not None else "-"
    error = UserError(key, count=len(report.errors), first=first.key, node=where, **params)
    error.issues = report.errors  # for a page that lists them all
    raise error


def publish(
    *,
    session: Session,
    actor: Actor,
    scenario_id: int,
    base_revision: int,
    comment: str,
    speech_rate: float = 5.0,
) -> int:
    """Publish the draft as the next version; its number.

    Refused when the draft moved on from ``base_revision`` (``StaleDraftError``), without a
    comment, when validation finds errors, or when the draft is what the latest version is."""
    actor.require(Permission.EDIT_SCENARIOS)
    comment = comment.strip()
    if not comment:
        raise UserError("scenario.error.comment_required")
    if len(comment) > COMMENT_MAX:
        raise UserError("scenario.error.comment_too_long", max=COMMENT_MAX)
    scenario_for_update(session, scenario_id)  # one publish at a time per scenario
    # Locks the draft row (PostgreSQL) or the database (SQLite) and checks the revision in
    # the same statement, so the draft read next is the one that gets published.
    claimed = session.execute(
        update(ScenarioDraft)
        .where(ScenarioDraft.scenario_id == scenario_id, ScenarioDraft.revision == base_revision)
        .values(revision=ScenarioDraft.revision)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise_stale(session, scenario_id)
    stored = session.scalar(
        select(ScenarioDraft.flow).where(ScenarioDraft.scenario_id == scenario_id)
    )
    prompts = prompt_catalog(session=session)
    flow = with_library_text(Flow.from_dict(stored), prompts)
    check_valid(validate(flow, prompts=prompts, speech_rate=speech_rate), flow,
                "scenario.error.invalid_flow")  # fmt: skip
    latest = session.execute(
        select(ScenarioVersion.number, ScenarioVersion.flow)
        .where(ScenarioVersion.scenario_id == scenario_id)
        .order_by(ScenarioVersion.number.desc())
        .limit(1)
    ).one_or_none()
    document = stored_form(flow)
    if latest is not None and Flow.from_dict(latest.flow) == flow:
        raise UserError("scenario.error.nothing_to_publish", version=latest.number)
    number = (latest.number if latest is not None else 0) + 1
    version = ScenarioVersion(scenario_id=scenario_id, number=number, flow=document,
                              comment=comment, author_id=actor.user_id)  # fmt: skip
    session.add(version)
    session.execute(
        update(ScenarioDraft)
        .where(ScenarioDraft.scenario_id == scenario_id)
        .values(based_on_version=number)
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    audit.record(session=session, actor=actor, action="scenario.publish",
                 target_type="scenario", target_id=scenario_id, version=number,
                 revision=base_revision, comment=comment)  # fmt: skip
    return number


def restore_version(
    *, session: Session, actor: Actor, scenario_id: int, number: int, base_revision: int
) -> int:
    """Roll the draft back to version ``number`` (a new revision); the new revision."""
    actor.require(Permission.EDIT_SCENARIOS)
    flow = Flow.from_dict(find_version(session, scenario_id, number).flow)
    revision = replace_draft(session, actor, scenario_id, flow, base_revision,
                             based_on_version=number)  # fmt: skip
    audit.record(session=session, actor=actor, action="scenario.restore",
                 target_type="scenario", target_id=scenario_id, version=number,
                 revision=revision)  # fmt: skip
    return revision
