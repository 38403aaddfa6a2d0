import pytest
from sqlalchemy import func, select

from db.models import Agent, AuditEntry, Team
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, open_page, texts

MANAGE_LABELS = {"추가", "저장", "이동", "상담사 비활성화", "팀 비활성화"}


def db_scalars(app_env, stmt):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        result = list(session.scalars(stmt))
    engine.dispose()
    return result


def open_agents(username):
    at = open_page("pages/agents.py", username)
    assert not at.exception
    return at


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_a_supervisor_sees_teams_and_agents_with_the_periods_numbers(app_env):
    at = open_agents("supervisor")
    assert at.title[0].value == "상담사·팀"
    teams, people = at.dataframe[0].value, at.dataframe[1].value
    assert len(teams) == 5 and set(teams["상태"]) == {"활동"}
    assert teams["통화"].sum() == 150  # every demo call is in the default 30-day period
    assert len(people) == 32 and people["통화"].sum() == 150
    assert {"사번", "이름", "팀", "평균 점수", "공손성", "스크립트 준수율"} <= set(people.columns)
    assert [d.proto.label for d in at.get("download_button")] == ["팀 리포트 (HTML)"]
    [scorecard] = [p.proto for p in at.get("page_link") if p.proto.label == "스코어카드 열기"]
    assert scorecard.query_string.startswith("id=")
    assert {b.label for b in at.button} >= MANAGE_LABELS


def test_a_viewer_sees_the_tables_but_no_forms(app_env):
    at = open_agents("viewer")
    assert "조회 전용입니다." in texts(at)
    assert len(at.dataframe) == 2
    assert not MANAGE_LABELS & {b.label for b in at.button}
    assert not at.text_input and not at.tabs
    assert [d.proto.label for d in at.get("download_button")] == ["팀 리포트 (HTML)"]


def test_an_admin_manages_agents_too(app_env):
    at = open_agents("admin")
    assert {b.label for b in at.button} >= MANAGE_LABELS


def test_the_agents_page_is_not_registered_for_a_designer(app_env):
    at = login("designer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/agents.py")


def test_a_supervisor_creates_a_team_and_an_agent_in_it_through_the_forms(app_env):
    at = open_agents("supervisor")
    at.text_input(key="agents_new_team_name").input("야간 상담팀")
    at.text_area(key="agents_new_team_description").input("22시 이후 사고접수")
    at.button(key="FormSubmitter:agents_create_team-추가").click()
    at.run()
    assert "팀 야간 상담팀을(를) 추가했습니다." in texts(at)
    [team_id] = db_scalars(app_env, select(Team.id).where(Team.name == "야간 상담팀"))
    assert "야간 상담팀" in set(at.dataframe[0].value["팀"])

    at.text_input(key="agents_new_employee_no").input("HB260901")
    at.text_input(key="agents_new_agent_name").input("정하늘")
    at.selectbox(key="agents_new_agent_team").set_value(team_id)
    at.button(key="FormSubmitter:agents_create_agent-추가").click()
    at.run()
    assert not at.exception
    assert "상담사 정하늘을(를) 추가했습니다." in texts(at)
    [agent] = db_scalars(app_env, select(Agent).where(Agent.employee_no == "HB260901"))
    assert (agent.name, agent.team_id, agent.active) == ("정하늘", team_id, True)
    actions = db_scalars(
        app_env, select(AuditEntry.action).where(AuditEntry.username == "supervisor")
    )
    assert {"team.create", "agent.create"} <= set(actions)


def test_a_duplicate_employee_number_is_explained_and_nothing_is_added(app_env):
    [taken] = db_scalars(app_env, select(Agent.employee_no).order_by(Agent.id).limit(1))
    before = db_scalars(app_env, select(func.count(Agent.id)))[0]
    at = open_agents("supervisor")
    at.text_input(key="agents_new_employee_no").input(taken.lower())
    at.text_input(key="agents_new_agent_name").input("정하늘")
    first_team = db_scalars(app_env, select(func.min(Team.id)))[0]
    at.selectbox(key="agents_new_agent_team").set_value(first_team)
    at.button(key="FormSubmitter:agents_create_agent-추가").click()
    at.run()
    assert f"이미 있는 사번입니다: {taken.lower()}" in texts(at)
    assert db_scalars(app_env, select(func.count(Agent.id)))[0] == before
    # Without a team the form says so, too.
    at.text_input(key="agents_new_employee_no").input("HB269999")
    at.selectbox(key="agents_new_agent_team").set_value(None)
    at.button(key="FormSubmitter:agents_create_agent-추가").click()
    at.run()
    assert "팀을 고르세요." in texts(at)
    assert db_scalars(app_env, select(func.count(Agent.id)))[0] == before


def test_a_supervisor_moves_and_deactivates_an_agent(app_env):
    at = open_agents("supervisor")
    agent_id = at.selectbox(key="agents_edit_agent_pick").value
    [agent] = db_scalars(app_env, select(Agent).where(Agent.id == agent_id))
    target = next(t for t in db_scalars(app_env, select(Team.id)) if t != agent.team_id)
    at.selectbox(key=f"agents_move_to_{agent_id}").set_value(target)
    at.button(key="FormSubmitter:agents_move_agent-이동").click()
    at.run()
    assert not at.exception
    assert "옮겼습니다" in texts(at)
    [moved] = db_scalars(app_env, select(Agent).where(Agent.id == agent_id))
    assert moved.team_id == target

    at.button(key="agents_deactivate_agent").click()
    at.run()
    assert "비활성화했습니다" in texts(at)
    [inactive] = db_scalars(app_env, select(Agent).where(Agent.id == agent_id))
    assert inactive.active is False
    assert "상담사 다시 활성화" in {b.label for b in at.button}
    actions = db_scalars(
        app_env, select(AuditEntry.action).where(AuditEntry.target_id == str(agent_id))
    )
    assert {"agent.move", "agent.deactivate"} <= set(actions)


def test_a_team_with_active_agents_is_not_deactivated(app_env):
    at = open_agents("supervisor")
    team_id = at.selectbox(key="agents_edit_team_pick").value
    at.button(key="agents_deactivate_team").click()
    at.run()
    assert "활동 중인 상담사가" in texts(at)
    assert db_scalars(app_env, select(Team.active).where(Team.id == team_id)) == [True]


def test_a_supervisor_links_an_agent_to_a_login_and_an_unknown_login_is_explained(app_env):
    at = open_agents("supervisor")
    agent_id = at.selectbox(key="agents_edit_agent_pick").value
    at.text_input(key=f"agents_link_user_{agent_id}").input("no-such-user")
    at.button(key="FormSubmitter:agents_link_user-연결 저장").click()
    at.run()
    assert not at.exception
    assert "'no-such-user' 아이디의 사용자가 없습니다." in texts(at)
    assert db_scalars(app_env, select(Agent.user_id).where(Agent.id == agent_id)) == [None]
    at.text_input(key=f"agents_link_user_{agent_id}").input("viewer")
    at.button(key="FormSubmitter:agents_link_user-연결 저장").click()
    at.run()
    assert "로그인 계정 연결을 저장했습니다" in texts(at)
    [linked] = db_scalars(app_env, select(Agent.user_id).where(Agent.id == agent_id))
    assert linked is not None
    assert at.text_input(key=f"agents_link_user_{agent_id}").value == "viewer"
