"""Small builders for rows the tests need (teams, agents, calls), with sensible defaults."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.orm import Session

from core.domain import CallCategory, CallDirection, CallSource, CallStatus, TransferQueue
from db.models import Agent, Call, Team


def team(session: Session, name: str = "사고접수1팀") -> Team:
    row = Team(name=name)
    session.add(row)
    session.flush()
    return row


def agent(
    session: Session, team_row: Team, employee_no: str = "A001", name: str = "김민준"
) -> Agent:
    row = Agent(employee_no=employee_no, name=name, team_id=team_row.id)
    session.add(row)
    session.flush()
    return row


def call(
    session: Session,
    agent_row: Agent,
    started_at: datetime,
    *,
    customer: str | None = "010-0000-0001",
    duration_s: float | None = 300.0,
    category: CallCategory = CallCategory.ACCIDENT,
    direction: CallDirection = CallDirection.INBOUND,
    status: CallStatus = CallStatus.DONE,
    transferred_to: TransferQueue | None = None,
    source: CallSource = CallSource.UPLOAD,
) -> Call:
    row = Call(
        agent_id=agent_row.id,
        team_id=agent_row.team_id,
        category=category,
        direction=direction,
        customer_key_hash=hashlib.sha256(customer.encode()).hexdigest() if customer else None,
        started_at=started_at,
        duration_s=duration_s,
        status=status,
        source=source,
        transferred_to=transferred_to,
    )
    session.add(row)
    session.flush()
    return row
