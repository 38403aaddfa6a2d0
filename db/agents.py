"""Agents and teams: listing them for the pages, and managing them (admins and supervisors).

Every write checks ``Permission.MANAGE_AGENTS``, validates all of its input before touching a
row (bad input raises ``UserError`` and changes nothing) and writes an audit row in the same
transaction. Calls keep the team they were made in: moving an agent changes only the agent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.dashboard import RollupSums
from core.errors import UserError
from core.filters import CallFilter
from db import audit, period_kpis
from db.models import Agent, DailyRollup, Team, User

Row = TypeVar("Row", Team, Agent)

NAME_MAX = 80  # teams.name and agents.name
DESCRIPTION_MAX = 500
EMPLOYEE_NO_MAX = 32
EMPLOYEE_NO_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
NAME_PATTERN = re.compile(r"^[\w][\w .·()&'/-]*$")
"""Letters (Hangul included), digits, spaces and a few joining marks: names show up in page
headings and reports, where markup characters would only do harm."""


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


# -- listing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamRow:
    id: int
    name: str
    description: str
    active: bool
    active_agents: int
    agents: int
    kpis: RollupSums  # of the calls made in the team in the period


@dataclass(frozen=True, slots=True)
class AgentProfile:
    id: int
    employee_no: str
    name: str
    team_id: int
    team: str  # the agent's team now
    active: bool
    hired_on: date | None

    @property
    def label(self) -> str:
        return f"{self.employee_no} · {self.name} ({self.team})"


@dataclass(frozen=True, slots=True)
class AgentRow(AgentProfile):
    kpis: RollupSums  # of the agent's calls in the period, whatever team they were in


def team_rows(*, session: Session, call_filter: CallFilter) -> list[TeamRow]:
    """Every team (active first) with its agent counts and its numbers in the period."""
    period = CallFilter(call_filter.day_from, call_filter.day_to)
    kpis = period_kpis.grouped(session=session, call_filter=period, by=DailyRollup.team_id)
    rows = session.execute(
        select(
            Team.id,
            Team.name,
            Team.description,
            Team.active,
            func.count(Agent.id).filter(Agent.active.is_(True)),
            func.count(Agent.id),
        )
        .outerjoin(Agent, Agent.team_id == Team.id)
        .group_by(Team.id, Team.name, Team.description, Team.active)
        .order_by(Team.active.desc(), Team.name)
    )
    return [
        TeamRow(
            team_id, name, description, active, active_n, total, kpis.get(team_id, RollupSums())
        )
        for team_id, name, description, active, active_n, total in rows
    ]


def agent_rows(
    *, session: Session, call_filter: CallFilter, team_id: int | None = None
) -> list[AgentRow]:
    """The agents (of one team now, if given; active first) and their numbers in the period."""
    period = CallFilter(call_filter.day_from, call_filter.day_to)
    kpis = period_kpis.grouped(session=session, call_filter=period, by=DailyRollup.agent_id)
    stmt = (
        select(Agent, Team.name)
        .join(Team, Team.id == Agent.team_id)
        .order_by(Agent.active.desc(), Team.name, Agent.name)
    )
    if team_id is not None:
        stmt = stmt.where(Agent.team_id == team_id)
    return [
        AgentRow(
            agent.id,
            agent.employee_no,
            agent.name,
            agent.team_id,
            team,
            agent.active,
            agent.hired_on,
            kpis.get(agent.id, RollupSums()),
        )
        for agent, team in session.execute(stmt)
    ]


# -- validation ------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserError("agents.error.name_required")
    if len(cleaned) > NAME_MAX:
        raise UserError("agents.error.name_too_long", max=NAME_MAX)
    if not NAME_PATTERN.match(cleaned):
        raise UserError("agents.error.name_invalid")
    return cleaned


def _clean_description(description: str) -> str:
    cleaned = description.strip()
    if len(cleaned) > DESCRIPTION_MAX:
        raise UserError("agents.error.description_too_long", max=DESCRIPTION_MAX)
    return cleaned


def _clean_employee_no(session: Session, employee_no: str, agent_id: int | None = None) -> str:
    cleaned = employee_no.strip()
    if not cleaned:
        raise UserError("agents.error.employee_no_required")
    if len(cleaned) > EMPLOYEE_NO_MAX or not EMPLOYEE_NO_PATTERN.match(cleaned):
        raise UserError("agents.error.employee_no_invalid", max=EMPLOYEE_NO_MAX)
    # Case-insensitively: HB1001 and hb1001 are the same badge to a person.
    taken = select(Agent.id).where(func.upper(Agent.employee_no) == cleaned.upper())
    if agent_id is not None:
        taken = taken.where(Agent.id != agent_id)
    if session.scalar(taken) is not None:
        raise UserError("agents.error.employee_no_taken", employee_no=cleaned)
    return cleaned


def _check_team_name_free(session: Session, name: str, team_id: int | None = None) -> None:
    taken = select(Team.id).where(func.lower(Team.name) == name.lower())
    if team_id is not None:
        taken = taken.where(Team.id != team_id)
    if session.scalar(taken) is not None:
        raise UserError("agents.error.team_name_taken", name=name)


def _row(session: Session, model: type[Row], row_id: int, *, for_update: bool) -> Row | None:
    stmt = select(model).where(model.id == row_id)
    return session.scalar(stmt.with_for_update() if for_update else stmt)


def _team(session: Session, team_id: int, *, for_update: bool = False) -> Team:
    team = _row(session, Team, team_id, for_update=for_update)
    if team is None:
        raise UserError("agents.error.team_not_found")
    return team


def _active_team(session: Session, team_id: int) -> Team:
    # Locked so that the team cannot be deactivated while an agent joins it.
    team = _team(session, team_id, for_update=True)
    if not team.active:
        raise UserError("agents.error.team_inactive", team=team.name)
    return team


def _agent(session: Session, agent_id: int) -> Agent:
    agent = _row(session, Agent, agent_id, for_update=True)
    if agent is None:
        raise UserError("agents.error.agent_not_found")
    return agent


# -- audited writes --------------------------------------------------------------------------


def _audit(session: Session, actor: Actor, row: Team | Agent, action: str, **details) -> None:
    """An audit row for a team or agent; ``action`` is "create", "update", "move" and so on."""
    target_type = "team" if isinstance(row, Team) else "agent"
    audit.record(
        session=session,
        actor=actor,
        action=f"{target_type}.{action}",
        target_type=target_type,
        target_id=row.id,
        **details,
    )


def _insert(session: Session, actor: Actor, row: Row, **details) -> Row:
    session.add(row)
    session.flush()
    _audit(session, actor, row, "create", **details)
    return row


def _update(session: Session, actor: Actor, row: Team | Agent, **values: str) -> None:
    """Set the fields that differ and audit them, from and to; no audit row when none does."""
    changes = {
        field: {"from": getattr(row, field), "to": value}
        for field, value in values.items()
        if getattr(row, field) != value
    }
    if changes:
        for field, change in changes.items():
            setattr(row, field, change["to"])
        _audit(session, actor, row, "update", changes=changes)


def _set_active(session: Session, actor: Actor, row: Team | Agent, active: bool) -> None:
    row.active = active
    _audit(session, actor, row, "reactivate" if active else "deactivate", name=row.name)


# -- teams -----------------------------------------------------------------------------------


def create_team(*, session: Session, actor: Actor, name: str, description: str = "") -> Team:
    actor.require(Permission.MANAGE_AGENTS)
    name, description = _clean_name(name), _clean_description(description)
    _check_team_name_free(session, name)
    team = Team(name=name, description=description, active=True)
    return _insert(session, actor, team, name=name)


def update_team(
    *, session: Session, actor: Actor, team_id: int, name: str, description: str
) -> Team:
    """Rename a team or change its description."""
    actor.require(Permission.MANAGE_AGENTS)
    team = _team(session, team_id, for_update=True)
    name, description = _clean_name(name), _clean_description(description)
    _check_team_name_free(session, name, team_id)
    _update(session, actor, team, name=name, description=description)
    return team


def set_team_active(*, session: Session, actor: Actor, team_id: int, active: bool) -> Team:
    """Deactivate a team (only once no active agent is in it) or bring it back."""
    actor.require(Permission.MANAGE_AGENTS)
    team = _team(session, team_id, for_update=True)
    if team.active == active:
        return team
    if not active:
        members = session.scalar(
            select(func.count(Agent.id)).where(Agent.team_id == team.id, Agent.active.is_(True))
        )
        if members:
            raise UserError("agents.error.team_has_agents", team=team.name, count=members)
    _set_active(session, actor, team, active)
    return team


# -- agents ----------------------------------------------------------------------------------


def create_agent(
    *,
    session: Session,
    actor: Actor,
    employee_no: str,
    name: str,
    team_id: int,
    hired_on: date | None = None,
    today: date | None = None,
) -> Agent:
    actor.require(Permission.MANAGE_AGENTS)
    name = _clean_name(name)
    employee_no = _clean_employee_no(session, employee_no)
    if hired_on is not None and hired_on > (today or date.today()):
        raise UserError("agents.error.hired_in_future")
    team = _active_team(session, team_id)
    agent = Agent(employee_no=employee_no, name=name, team_id=team.id, hired_on=hired_on)
    return _insert(session, actor, agent, employee_no=employee_no, name=name, team=team.name)


def update_agent(
    *, session: Session, actor: Actor, agent_id: int, name: str, employee_no: str
) -> Agent:
    """Correct an agent's name or employee number (their calls stay theirs)."""
    actor.require(Permission.MANAGE_AGENTS)
    agent = _agent(session, agent_id)
    name = _clean_name(name)
    employee_no = _clean_employee_no(session, employee_no, agent.id)
    _update(session, actor, agent, name=name, employee_no=employee_no)
    return agent


def move_agent(*, session: Session, actor: Actor, agent_id: int, team_id: int) -> Agent:
    """Put an agent in another active team; their past calls keep the team they were in."""
    actor.require(Permission.MANAGE_AGENTS)
    agent = _agent(session, agent_id)
    if agent.team_id == team_id:
        raise UserError("agents.error.already_in_team")
    new_team = _active_team(session, team_id)
    old_team = _team(session, agent.team_id)
    agent.team_id = new_team.id
    _audit(
        session,
        actor,
        agent,
        "move",
        name=agent.name,
        from_team=old_team.name,
        to_team=new_team.name,
    )
    return agent


def set_agent_active(*, session: Session, actor: Actor, agent_id: int, active: bool) -> Agent:
    """Deactivate an agent (no new calls can be filed under them) or bring them back, into an
    active team only."""
    actor.require(Permission.MANAGE_AGENTS)
    agent = _agent(session, agent_id)
    if agent.active == active:
        return agent
    if active:
        _active_team(session, agent.team_id)
    _set_active(session, actor, agent, active)
    return agent


def linked_username(*, session: Session, agent_id: int) -> str | None:
    """The login of the agent's own account (for answering reviews), if one is linked."""
    return session.scalar(
        select(User.username).join(Agent, Agent.user_id == User.id).where(Agent.id == agent_id)
    )


def link_user(*, session: Session, actor: Actor, agent_id: int, username: str) -> Agent:
    """Link the agent to their own login so they can acknowledge or dispute the reviews of
    their calls; a blank username removes the link."""
    actor.require(Permission.MANAGE_AGENTS)
    agent = _agent(session, agent_id)
    username = username.strip()
    user = None
    if username:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise UserError("agents.error.user_not_found", username=username)
        holder = session.scalar(select(Agent).where(Agent.user_id == user.id, Agent.id != agent.id))
        if holder is not None:
            raise UserError("agents.error.user_taken", username=username, name=holder.name)
    before = linked_username(session=session, agent_id=agent.id)
    if before == (user.username if user else None):
        return agent
    agent.user_id = user.id if user else None
    _audit(session, actor, agent, "link_user", name=agent.name, from_user=before,
           to_user=user.username if user else None)  # fmt: skip
    return agent
