from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from core.access import Actor, PermissionDenied
from core.domain import Role
from core.errors import UserError
from core.filters import CallFilter
from db import agents
from db.models import Agent, AuditEntry, CallMetrics, Team
from db.rollups import rebuild_rollups
from db.session import transaction
from tests import factories

SUPERVISOR = Actor(user_id=None, username="kim.sv", roles=[Role.SUPERVISOR])
ADMIN = Actor(user_id=None, username="root", roles=[Role.ADMIN])
VIEWER = Actor(user_id=None, username="lee.view", roles=[Role.VIEWER])
DESIGNER = Actor(user_id=None, username="park.design", roles=[Role.DESIGNER])


def seed(engine) -> dict[str, int]:
    """Two active teams (one agent each) and an empty inactive team."""
    with transaction(engine) as session:
        accident = factories.team(session, "사고접수1팀")
        claims = factories.team(session, "보상상담1팀")
        night = factories.team(session, "야간팀")
        night.active = False
        kim = factories.agent(session, accident, "A001", "김민준")
        lee = factories.agent(session, claims, "A002", "이서연")
        return {"accident": accident.id, "claims": claims.id, "night": night.id,
                "kim": kim.id, "lee": lee.id}  # fmt: skip


def snapshot(engine) -> tuple:
    """Every team and agent as it stands, and the number of audit rows."""
    with transaction(engine) as session:
        teams = session.execute(
            select(Team.id, Team.name, Team.description, Team.active).order_by(Team.id)
        ).all()
        people = session.execute(
            select(Agent.id, Agent.employee_no, Agent.name, Agent.team_id, Agent.active,
                   Agent.hired_on).order_by(Agent.id)
        ).all()  # fmt: skip
        audits = session.scalar(select(func.count(AuditEntry.id)))
    return [tuple(t) for t in teams], [tuple(a) for a in people], audits


def audit_rows(engine, action: str) -> list[AuditEntry]:
    with transaction(engine) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def run(engine, action, **kwargs):
    with transaction(engine) as session:
        return action(session=session, **kwargs)


def test_a_supervisor_creates_a_team_and_an_agent_with_audit_rows(engine):
    ids = seed(engine)
    team = run(engine, agents.create_team, actor=SUPERVISOR, name="  계약관리   1팀 ",
               description="주소·수익자 변경")  # fmt: skip
    agent = run(engine, agents.create_agent, actor=SUPERVISOR, employee_no=" HB240101 ",
                name="최지우", team_id=team.id, hired_on=date(2024, 3, 4))  # fmt: skip
    with transaction(engine) as session:
        stored = session.get(Agent, agent.id)
        assert (stored.employee_no, stored.name, stored.team_id, stored.active) == (
            "HB240101",
            "최지우",
            team.id,
            True,
        )
        assert session.get(Team, team.id).name == "계약관리 1팀"
    [created_team] = audit_rows(engine, "team.create")
    [created_agent] = audit_rows(engine, "agent.create")
    assert (created_team.username, created_team.target_type, created_team.target_id) == (
        "kim.sv",
        "team",
        str(team.id),
    )
    assert created_agent.target_id == str(agent.id)
    assert created_agent.details["employee_no"] == "HB240101"
    assert ids["kim"] != agent.id


@pytest.mark.parametrize("actor", [VIEWER, DESIGNER], ids=["viewer", "designer"])
def test_only_admins_and_supervisors_may_manage_agents(engine, actor):
    ids = seed(engine)
    before = snapshot(engine)
    writes = [
        (agents.create_team, {"name": "새팀"}),
        (agents.update_team, {"team_id": ids["claims"], "name": "새팀", "description": ""}),
        (agents.set_team_active, {"team_id": ids["night"], "active": True}),
        (agents.create_agent, {"employee_no": "B1", "name": "나", "team_id": ids["claims"]}),
        (agents.update_agent, {"agent_id": ids["kim"], "name": "다른", "employee_no": "A001"}),
        (agents.move_agent, {"agent_id": ids["kim"], "team_id": ids["claims"]}),
        (agents.set_agent_active, {"agent_id": ids["kim"], "active": False}),
    ]
    for action, kwargs in writes:
        with pytest.raises(PermissionDenied):
            run(engine, action, actor=actor, **kwargs)
    assert snapshot(engine) == before
    # An admin may do what a supervisor may.
    run(engine, agents.create_team, actor=ADMIN, name="관리자가 만든 팀")
    assert len(audit_rows(engine, "team.create")) == 1


BAD_AGENTS = [
    ({"name": "   "}, "agents.error.name_required"),
    ({"name": "가" * 81}, "agents.error.name_too_long"),
    ({"name": "<b>김</b>"}, "agents.error.name_invalid"),
    ({"name": "[김](javascript:x)"}, "agents.error.name_invalid"),
    ({"employee_no": " "}, "agents.error.employee_no_required"),
    ({"employee_no": "A 01"}, "agents.error.employee_no_invalid"),
    ({"employee_no": "A" * 33}, "agents.error.employee_no_invalid"),
    ({"employee_no": "a001"}, "agents.error.employee_no_taken"),  # A001 exists
    ({"team_id": 999_999}, "agents.error.team_not_found"),
    ({"team": "night"}, "agents.error.team_inactive"),
    ({"hired_on": date(2030, 1, 1)}, "agents.error.hired_in_future"),
]


@pytest.mark.parametrize(("change", "key"), BAD_AGENTS, ids=[key for _, key in BAD_AGENTS])
def test_a_bad_new_agent_is_refused_with_a_clear_message_and_nothing_changes(engine, change, key):
    ids = seed(engine)
    before = snapshot(engine)
    kwargs = {"employee_no": "HB250001", "name": "정하늘", "team_id": ids["accident"],
              "hired_on": None, "today": date(2026, 11, 22)}  # fmt: skip
    kwargs.update(change)
    if "team" in kwargs:
        kwargs["team_id"] = ids[kwargs.pop("team")]
    with pytest.raises(UserError) as refused:
        run(engine, agents.create_agent, actor=SUPERVISOR, **kwargs)
    assert refused.value.key == key
    assert snapshot(engine) == before


BAD_TEAMS = [
    ({"name": ""}, "agents.error.name_required"),
    ({"name": "사고접수1팀"}, "agents.error.team_name_taken"),
    ({"name": "팀" * 81}, "agents.error.name_too_long"),
    ({"name": "**굵은팀**"}, "agents.error.name_invalid"),
    ({"description": "설" * 501}, "agents.error.description_too_long"),
]


@pytest.mark.parametrize(("change", "key"), BAD_TEAMS, ids=[key for _, key in BAD_TEAMS])
def test_a_bad_team_is_refused_and_nothing_changes(engine, change, key):
    ids = seed(engine)
    before = snapshot(engine)
    with pytest.raises(UserError) as refused:
        run(engine, agents.create_team, actor=SUPERVISOR, **({"name": "새팀"} | change))
    assert refused.value.key == key
    # Renaming another team to a taken name, or with the same bad input, is refused too.
    with pytest.raises(UserError) as refused_rename:
        run(engine, agents.update_team, actor=SUPERVISOR, team_id=ids["claims"],
            **({"name": "새팀", "description": ""} | change))  # fmt: skip
    assert refused_rename.value.key == key
    assert snapshot(engine) == before


def test_renaming_a_team_and_an_agent_is_audited_with_what_changed(engine):
    ids = seed(engine)
    run(engine, agents.update_team, actor=SUPERVISOR, team_id=ids["claims"],
        name="보상상담2팀", description="장기 보험금")  # fmt: skip
    run(engine, agents.update_agent, actor=SUPERVISOR, agent_id=ids["kim"], name="김민준",
        employee_no="A001-1")  # fmt: skip
    [team_change] = audit_rows(engine, "team.update")
    assert team_change.details["changes"]["name"] == {"from": "보상상담1팀", "to": "보상상담2팀"}
    [agent_change] = audit_rows(engine, "agent.update")
    assert agent_change.details["changes"] == {"employee_no": {"from": "A001", "to": "A001-1"}}
    # Saving without a change writes no audit row.
    run(engine, agents.update_agent, actor=SUPERVISOR, agent_id=ids["kim"], name="김민준",
        employee_no="A001-1")  # fmt: skip
    assert len(audit_rows(engine, "agent.update")) == 1


def test_an_agent_cannot_take_another_agents_employee_number(engine):
    ids = seed(engine)
    before = snapshot(engine)
    for employee_no, key in (("A002", "agents.error.employee_no_taken"),
                             ("", "agents.error.employee_no_required")):  # fmt: skip
        with pytest.raises(UserError) as refused:
            run(engine, agents.update_agent, actor=SUPERVISOR, agent_id=ids["kim"], name="김민준",
                employee_no=employee_no)  # fmt: skip
        assert refused.value.key == key
    with pytest.raises(UserError) as missing:
        run(engine, agents.update_agent, actor=SUPERVISOR, agent_id=424242, name="누구",
            employee_no="Z9")  # fmt: skip
    assert missing.value.key == "agents.error.agent_not_found"
    assert snapshot(engine) == before


def test_moving_an_agent_keeps_their_past_calls_in_the_old_team(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        kim = session.get(Agent, ids["kim"])
        call_id = factories.call(session, kim, datetime(2026, 11, 20, 1, 0, tzinfo=UTC)).id
    run(engine, agents.move_agent, actor=SUPERVISOR, agent_id=ids["kim"], team_id=ids["claims"])
    with transaction(engine) as session:
        from db.models import Call

        assert session.get(Agent, ids["kim"]).team_id == ids["claims"]
        assert session.get(Call, call_id).team_id == ids["accident"]
    [moved] = audit_rows(engine, "agent.move")
    assert (moved.details["from_team"], moved.details["to_team"]) == ("사고접수1팀", "보상상담1팀")


@pytest.mark.parametrize(
    ("team", "key"),
    [("night", "agents.error.team_inactive"), ("accident", "agents.error.already_in_team"),
     (None, "agents.error.team_not_found")],
)  # fmt: skip
def test_an_agent_moves_only_to_another_active_team(engine, team, key):
    ids = seed(engine)
    before = snapshot(engine)
    with pytest.raises(UserError) as refused:
        run(engine, agents.move_agent, actor=SUPERVISOR, agent_id=ids["kim"],
            team_id=ids[team] if team else 777)  # fmt: skip
    assert refused.value.key == key
    assert snapshot(engine) == before


def test_a_team_is_deactivated_only_once_it_has_no_active_agents(engine):
    ids = seed(engine)
    before = snapshot(engine)
    with pytest.raises(UserError) as refused:
        run(engine, agents.set_team_active, actor=SUPERVISOR, team_id=ids["accident"],
            active=False)  # fmt: skip
    assert refused.value.key == "agents.error.team_has_agents"
    assert refused.value.params["count"] == 1
    assert snapshot(engine) == before
    run(engine, agents.set_agent_active, actor=SUPERVISOR, agent_id=ids["kim"], active=False)
    run(engine, agents.set_team_active, actor=SUPERVISOR, team_id=ids["accident"], active=False)
    # An agent cannot come back into an inactive team; the team first.
    with pytest.raises(UserError) as inactive:
        run(engine, agents.set_agent_active, actor=SUPERVISOR, agent_id=ids["kim"], active=True)
    assert inactive.value.key == "agents.error.team_inactive"
    run(engine, agents.set_team_active, actor=SUPERVISOR, team_id=ids["accident"], active=True)
    run(engine, agents.set_agent_active, actor=SUPERVISOR, agent_id=ids["kim"], active=True)
    actions = [a.action for a in audit_rows(engine, "agent.deactivate")]
    actions += [a.action for a in audit_rows(engine, "team.deactivate")]
    actions += [a.action for a in audit_rows(engine, "team.reactivate")]
    actions += [a.action for a in audit_rows(engine, "agent.reactivate")]
    assert actions == ["agent.deactivate", "team.deactivate", "team.reactivate",
                       "agent.reactivate"]  # fmt: skip
    # Deactivating what is already inactive is no change and no audit row.
    run(engine, agents.set_team_active, actor=SUPERVISOR, team_id=ids["night"], active=False)
    assert len(audit_rows(engine, "team.deactivate")) == 1


def test_listings_show_agent_counts_and_the_periods_numbers(engine):
    ids = seed(engine)
    with transaction(engine) as session:
        kim = session.get(Agent, ids["kim"])
        for hour, politeness in ((1, 90.0), (2, 70.0)):
            call = factories.call(session, kim, datetime(2026, 11, 20, hour, 0, tzinfo=UTC))
            session.add(CallMetrics(call_id=call.id, politeness_score=politeness))
        # A call outside the period does not count.
        factories.call(session, kim, datetime(2026, 10, 1, 1, 0, tzinfo=UTC))
        rebuild_rollups(session=session, day_from=date(2026, 9, 1), day_to=date(2026, 11, 30),
                        tz="Asia/Seoul")  # fmt: skip
    period = CallFilter(date(2026, 11, 1), date(2026, 11, 22))
    with transaction(engine) as session:
        teams = {t.name: t for t in agents.team_rows(session=session, call_filter=period)}
        people = {a.employee_no: a for a in agents.agent_rows(session=session, call_filter=period)}
        claims_only = agents.agent_rows(session=session, call_filter=period,
                                        team_id=ids["claims"])  # fmt: skip
    assert list(teams) == ["보상상담1팀", "사고접수1팀", "야간팀"]  # active first, then by name
    accident = teams["사고접수1팀"]
    assert (accident.active_agents, accident.agents, accident.kpis.calls) == (1, 1, 2)
    assert teams["야간팀"].kpis.calls == 0 and not teams["야간팀"].active
    assert people["A001"].kpis.politeness_sum / people["A001"].kpis.politeness_n == 80.0
    assert people["A002"].kpis.calls == 0
    assert [a.employee_no for a in claims_only] == ["A002"]


def a_user(engine, username: str) -> None:
    from db.users import create_user

    with transaction(engine) as session:
        create_user(session=session, actor=ADMIN, username=username, name=username,
                    password="long-enough-password-1", roles=["viewer"])  # fmt: skip


def test_an_agent_is_linked_to_their_login_and_unlinked_with_audit_rows(engine):
    ids = seed(engine)
    a_user(engine, "kim.agent")
    run(engine, agents.link_user, actor=SUPERVISOR, agent_id=ids["kim"], username=" kim.agent ")
    assert run(engine, agents.linked_username, agent_id=ids["kim"]) == "kim.agent"
    run(engine, agents.link_user, actor=SUPERVISOR, agent_id=ids["kim"], username="kim.agent")
    run(engine, agents.link_user, actor=SUPERVISOR, agent_id=ids["kim"], username="")
    assert run(engine, agents.linked_username, agent_id=ids["kim"]) is None
    links = audit_rows(engine, "agent.link_user")
    assert [(e.details["from_user"], e.details["to_user"]) for e in links] == [
        (None, "kim.agent"),
        ("kim.agent", None),
    ]  # linking twice to the same account wrote nothing the second time


@pytest.mark.parametrize(
    ("username", "key"),
    [("nobody", "agents.error.user_not_found"), ("lee.agent", "agents.error.user_taken")],
)
def test_an_unknown_or_already_linked_login_is_refused_and_nothing_changes(engine, username, key):
    ids = seed(engine)
    a_user(engine, "lee.agent")
    run(engine, agents.link_user, actor=ADMIN, agent_id=ids["lee"], username="lee.agent")
    before = snapshot(engine)
    with pytest.raises(UserError) as caught:
        run(engine, agents.link_user, actor=SUPERVISOR, agent_id=ids["kim"], username=username)
    assert caught.value.key == key
    assert snapshot(engine) == before
    assert run(engine, agents.linked_username, agent_id=ids["kim"]) is None


def test_a_viewer_cannot_link_a_login(engine):
    ids = seed(engine)
    a_user(engine, "kim.agent")
    with pytest.raises(PermissionDenied):
        run(engine, agents.link_user, actor=VIEWER, agent_id=ids["kim"], username="kim.agent")
    assert run(engine, agents.linked_username, agent_id=ids["kim"]) is None
