"""Putting scenario versions into the dev, staging and prod environments.

- A version is deployed only if it validates with no errors against the prompt library as it
  is now; prod also needs approved audio for every prompt the flow plays.
- dev and staging, and prod by an admin, go live at once. Prod by anyone else waits for a
  second person with the deploy permission to approve it (never the requester); approval
  runs the checks again, since the library may have changed meanwhile.
- One live deployment per scenario and environment: going live supersedes the one before.
  At most one request waits for approval per scenario and environment.

Writes lock the scenario row (PostgreSQL) so two deployments of one scenario happen one after
the other; SQLite runs one write transaction at a time anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, aliased

from core.access import Actor, Permission
from core.domain import DeploymentStatus, Environment, Role
from core.errors import UserError
from core.flow.model import PROMPT_ALLOWED, Flow
from core.flow.prompts import spoken_text
from core.flow.validation import validate
from db import audit
from db.models import AuditEntry, Deployment, ScenarioVersion, User
from db.scenario_versions import check_valid, find_version
from db.scenarios import prompt_catalog, scenario_for_update
from db.types import utcnow

NOTE_MAX = 500
MISSING_AUDIO_NAMED = 10
"""How many nodes without approved audio a refusal names (the count says the rest)."""


@dataclass(frozen=True, slots=True)
class DeploymentRow:
    id: int
    scenario_id: int
    version_number: int
    environment: Environment
    status: DeploymentStatus
    requested_by: str | None  # username
    requested_at: datetime
    approved_by: str | None  # the second person, for prod requests
    approved_at: datetime | None
    note: str
    rejected_by: str | None = None
    rejection_note: str = ""

    @property
    def activated_at(self) -> datetime | None:
        """When it went live (None if it never did)."""
        if self.status not in (DeploymentStatus.ACTIVE, DeploymentStatus.SUPERSEDED):
            return None
        return self.approved_at or self.requested_at


def _rows(session: Session, *conditions) -> list[DeploymentRow]:
    requester, approver = aliased(User), aliased(User)
    rows = session.execute(
        select(Deployment, ScenarioVersion.number, requester.username, approver.username)
        .join(ScenarioVersion, ScenarioVersion.id == Deployment.version_id)
        .outerjoin(requester, requester.id == Deployment.deployed_by)
        .outerjoin(approver, approver.id == Deployment.approved_by)
        .where(*conditions)
        .order_by(Deployment.id.desc())
    ).all()
    rejected_ids = [str(d.id) for d, *_ in rows if d.status is DeploymentStatus.REJECTED]
    rejections = {}
    if rejected_ids:
        for entry in session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "deployment.reject",
                AuditEntry.target_type == "deployment",
                AuditEntry.target_id.in_(rejected_ids),
            )
        ):
            rejections[int(entry.target_id)] = (entry.username, entry.details.get("note", ""))
    return [
        DeploymentRow(
            id=deployment.id,
            scenario_id=deployment.scenario_id,
            version_number=number,
            environment=deployment.environment,
            status=deployment.status,
            requested_by=requested_by,
            requested_at=deployment.created_at,
            approved_by=approved_by,
            approved_at=deployment.approved_at,
            note=deployment.note,
            rejected_by=rejections.get(deployment.id, (None, ""))[0],
            rejection_note=rejections.get(deployment.id, (None, ""))[1],
        )
        for deployment, number, requested_by, approved_by in rows
    ]


def deployment_history(*, session: Session, scenario_id: int) -> list[DeploymentRow]:
    """Every deployment and request of the scenario, newest first."""
    return _rows(session, Deployment.scenario_id == scenario_id)


def active_deployments(*, session: Session, scenario_id: int) -> dict[Environment, DeploymentRow]:
    """What is live in each environment (environments with nothing live are absent)."""
    live = _rows(
        session,
        Deployment.scenario_id == scenario_id,
        Deployment.status == DeploymentStatus.ACTIVE,
    )
    return {row.environment: row for row in reversed(live)}


def _row(session: Session, deployment_id: int) -> DeploymentRow:
    [row] = _rows(session, Deployment.id == deployment_id)
    return row


# -- checks ----------------------------------------------------------------------------------


def _clean_note(note: str) -> str:
    cleaned = note.strip()
    if len(cleaned) > NOTE_MAX:
        raise UserError("deploy.error.note_too_long", max=NOTE_MAX)
    return cleaned


def _check_deployable(
    session: Session, version: ScenarioVersion, environment: Environment, speech_rate: float
) -> None:
    flow = Flow.from_dict(version.flow)
    prompts = prompt_catalog(session=session)
    report = validate(flow, prompts=prompts, speech_rate=speech_rate)
    check_valid(report, flow, "deploy.error.invalid_flow", version=version.number)
    if environment is not Environment.PROD:
        return
    missing = []
    for node in flow.nodes:
        if node.kind not in PROMPT_ALLOWED or not spoken_text(node, prompts).strip():
            continue
        linked = prompts.get(node.prompt_id) if node.prompt_id is not None else None
        if linked is None or not linked.has_approved_audio:
            missing.append(node.label or node.id)
    if missing:
        named = ", ".join(missing[:MISSING_AUDIO_NAMED])
        if len(missing) > MISSING_AUDIO_NAMED:
            named += ", …"
        raise UserError("deploy.error.audio_missing", nodes=named, count=len(missing))


def _live(session: Session, scenario_id: int, environment: Environment) -> Deployment | None:
    return session.scalar(
        select(Deployment).where(
            Deployment.scenario_id == scenario_id,
            Deployment.environment == environment,
            Deployment.status == DeploymentStatus.ACTIVE,
        )
    )


def _activate(session: Session, deployment: Deployment) -> None:
    session.execute(
        update(Deployment)
        .where(
            Deployment.scenario_id == deployment.scenario_id,
            Deployment.environment == deployment.environment,
            Deployment.status == DeploymentStatus.ACTIVE,
            Deployment.id != deployment.id,
        )
        .values(status=DeploymentStatus.SUPERSEDED)
        .execution_options(synchronize_session="fetch")
    )
    deployment.status = DeploymentStatus.ACTIVE
    session.flush()


def _audit(session: Session, actor: Actor, deployment: Deployment, action: str, **details) -> None:
    audit.record(session=session, actor=actor, action=f"deployment.{action}",
                 target_type="deployment", target_id=deployment.id,
                 scenario_id=deployment.scenario_id,
                 environment=deployment.environment.value, **details)  # fmt: skip


# -- writes ----------------------------------------------------------------------------------


def deploy(
    *,
    session: Session,
    actor: Actor,
    scenario_id: int,
    version_number: int,
    environment: Environment,
    note: str = "",
    speech_rate: float = 5.0,
) -> DeploymentRow:
    """Deploy a version, or (prod, not an admin) ask for it to be approved."""
    return _deploy(session, actor, scenario_id, version_number, Environment(environment),
                   note, speech_rate, action="deploy")  # fmt: skip


def _deploy(
    session: Session,
    actor: Actor,
    scenario_id: int,
    version_number: int,
    environment: Environment,
    note: str,
    speech_rate: float,
    *,
    action: str,
) -> DeploymentRow:
    actor.require(Permission.DEPLOY_SCENARIOS)
    note = _clean_note(note)
    scenario_for_update(session, scenario_id)
    version = find_version(session, scenario_id, version_number)
    live = _live(session, scenario_id, environment)
    if live is not None and live.version_id == version.id:
        raise UserError("deploy.error.already_active", version=version.number,
                        environment=environment.value)  # fmt: skip
    waiting = session.execute(
        select(ScenarioVersion.number, User.username)
        .select_from(Deployment)
        .join(ScenarioVersion, ScenarioVersion.id == Deployment.version_id)
        .outerjoin(User, User.id == Deployment.deployed_by)
        .where(
            Deployment.scenario_id == scenario_id,
            Deployment.environment == environment,
            Deployment.status == DeploymentStatus.PENDING_APPROVAL,
        )
    ).first()
    if waiting is not None:
        raise UserError("deploy.error.already_pending", version=waiting[0],
                        by=waiting[1] or "-", environment=environment.value)  # fmt: skip
    _check_deployable(session, version, environment, speech_rate)
    deployment = Deployment(scenario_id=scenario_id, version_id=version.id,
                            environment=environment, status=DeploymentStatus.PENDING_APPROVAL,
                            deployed_by=actor.user_id, note=note)  # fmt: skip
    session.add(deployment)
    session.flush()
    if environment is not Environment.PROD or Role.ADMIN in actor.roles:
        _activate(session, deployment)
    _audit(session, actor, deployment, action, version=version.number,
           status=deployment.status.value, note=note)  # fmt: skip
    return _row(session, deployment.id)


def _pending(session: Session, deployment_id: int, *, approving: bool) -> Deployment:
    """The request, still waiting; an archived scenario's request may be rejected only."""
    scenario_id = session.scalar(
        select(Deployment.scenario_id).where(Deployment.id == deployment_id)
    )
    if scenario_id is None:
        raise UserError("deploy.error.not_found")
    scenario_for_update(session, scenario_id, editable=approving)
    deployment = session.scalar(
        select(Deployment)
        .where(Deployment.id == deployment_id)
        .execution_options(populate_existing=True)
    )
    if deployment.status is not DeploymentStatus.PENDING_APPROVAL:
        raise UserError("deploy.error.not_pending")
    return deployment


def approve(
    *, session: Session, actor: Actor, deployment_id: int, speech_rate: float = 5.0
) -> DeploymentRow:
    """Approve someone else's prod request: checked again, then live."""
    actor.require(Permission.DEPLOY_SCENARIOS)
    deployment = _pending(session, deployment_id, approving=True)
    if deployment.deployed_by == actor.user_id:
        raise UserError("deploy.error.self_approval")
    version = session.get(ScenarioVersion, deployment.version_id)
    _check_deployable(session, version, deployment.environment, speech_rate)
    deployment.approved_by = actor.user_id
    deployment.approved_at = utcnow()
    _activate(session, deployment)
    _audit(session, actor, deployment, "approve", version=version.number)
    return _row(session, deployment.id)


def reject(*, session: Session, actor: Actor, deployment_id: int, note: str = "") -> DeploymentRow:
    """Turn a request down (the requester may withdraw their own); nothing goes live."""
    actor.require(Permission.DEPLOY_SCENARIOS)
    note = _clean_note(note)
    deployment = _pending(session, deployment_id, approving=False)
    deployment.status = DeploymentStatus.REJECTED
    session.flush()
    version = session.get(ScenarioVersion, deployment.version_id)
    _audit(session, actor, deployment, "reject", version=version.number, note=note)
    return _row(session, deployment.id)


def rollback_environment(
    *,
    session: Session,
    actor: Actor,
    scenario_id: int,
    environment: Environment,
    note: str = "",
    speech_rate: float = 5.0,
) -> DeploymentRow:
    """Deploy again the version that was live in ``environment`` before the current one (the
    same rules as any deployment: prod by a non-admin waits for approval)."""
    actor.require(Permission.DEPLOY_SCENARIOS)
    environment = Environment(environment)
    scenario_for_update(session, scenario_id)
    live = _live(session, scenario_id, environment)
    if live is None:
        raise UserError("deploy.error.nothing_live", environment=environment.value)
    previous = session.scalar(
        select(ScenarioVersion.number)
        .join(Deployment, Deployment.version_id == ScenarioVersion.id)
        .where(
            Deployment.scenario_id == scenario_id,
            Deployment.environment == environment,
            Deployment.status == DeploymentStatus.SUPERSEDED,
            Deployment.id < live.id,
            Deployment.version_id != live.version_id,
        )
        .order_by(Deployment.id.desc())
        .limit(1)
    )
    if previous is None:
        raise UserError("deploy.error.no_previous", environment=environment.value)
    return _deploy(session, actor, scenario_id, previous, environment, note, speech_rate,
                   action="rollback")  # fmt: skip
