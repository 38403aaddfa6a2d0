"""The few counts the landing page shows, each one query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from core.domain import CallStatus, DeploymentStatus, Environment
from db.models import AuditEntry, Call, Deployment, Prompt, Scenario, TtsTake
from db.types import utcnow


@dataclass(frozen=True, slots=True)
class HomeCounts:
    calls_by_status: dict[CallStatus, int] = field(default_factory=dict)
    calls_last_7d: int = 0
    scenarios_total: int = 0
    scenarios_by_env: dict[Environment, int] = field(default_factory=dict)
    prompts_total: int = 0
    prompts_without_audio: int = 0
    audit_today: int = 0

    @property
    def calls_total(self) -> int:
        return sum(self.calls_by_status.values())


def calls_by_status(*, session: Session) -> dict[CallStatus, int]:
    rows = session.execute(select(Call.status, func.count()).group_by(Call.status))
    counts = {status: 0 for status in CallStatus}
    counts.update({status: n for status, n in rows})
    return counts


def scenarios_by_environment(*, session: Session) -> dict[Environment, int]:
    rows = session.execute(
        select(Deployment.environment, func.count(func.distinct(Deployment.scenario_id)))
        .where(Deployment.status == DeploymentStatus.ACTIVE)
        .group_by(Deployment.environment)
    )
    counts = {env: 0 for env in Environment}
    counts.update({env: n for env, n in rows})
    return counts


def prompts_without_approved_audio(*, session: Session) -> int:
    approved = select(TtsTake.id).where(
        and_(TtsTake.prompt_id == Prompt.id, TtsTake.approved.is_(True))
    )
    return session.scalar(select(func.count(Prompt.id)).where(~approved.exists())) or 0


def home_counts(*, session: Session) -> HomeCounts:
    now = utcnow()
    return HomeCounts(
        calls_by_status=calls_by_status(session=session),
        calls_last_7d=session.scalar(
            select(func.count(Call.id)).where(Call.started_at >= now - timedelta(days=7))
        )
        or 0,
        scenarios_total=session.scalar(
            select(func.count(Scenario.id)).where(Scenario.archived.is_(False))
        )
        or 0,
        scenarios_by_env=scenarios_by_environment(session=session),
        prompts_total=session.scalar(select(func.count(Prompt.id))) or 0,
        prompts_without_audio=prompts_without_approved_audio(session=session),
        audit_today=session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.at >= now - timedelta(days=1))
        )
        or 0,
    )
