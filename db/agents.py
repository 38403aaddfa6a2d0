"""Agents and teams, as the pages list them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Agent, Team


@dataclass(frozen=True, slots=True)
class AgentChoice:
    employee_no: str
    name: str
    team: str

    @property
    def label(self) -> str:
        return f"{self.employee_no} · {self.name} ({self.team})"


def active_agents(*, session: Session) -> list[AgentChoice]:
    rows = session.execute(
        select(Agent.employee_no, Agent.name, Team.name)
        .join(Team, Team.id == Agent.team_id)
        .where(Agent.active.is_(True))
        .order_by(Team.name, Agent.name)
    )
    return [AgentChoice(employee_no, name, team) for employee_no, name, team in rows]
