from urllib.parse import parse_qs

import pytest
from sqlalchemy import func, select, update

from db.models import Agent, Call, Review
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, open_page, texts


def engine_of(app_env):
    return create_db_engine(f"sqlite:///{app_env / 'feple.db'}")


def busiest_agent(app_env) -> Agent:
    """The demo agent with the most calls (so every section has something to show)."""
    engine = engine_of(app_env)
    with transaction(engine) as session:
        agent_id = session.scalar(
            select(Call.agent_id).group_by(Call.agent_id).order_by(func.count().desc()).limit(1)
        )
        agent = session.get(Agent, agent_id)
    engine.dispose()
    return agent


def open_agent(username, agent_id, **params):
    at = open_page("pages/agent.py", username, id=str(agent_id), **params)
    assert not at.exception
    return at


@pytest.mark.parametrize("username", ["supervisor", "viewer", "admin"])
def test_the_scorecard_shows_numbers_trend_items_feedback_and_the_report(app_env, username):
    agent = busiest_agent(app_env)
    at = open_agent(username, agent.id)
    shown = texts(at)
    assert at.title[0].value == "상담사 스코어카드"
    assert agent.name in shown and agent.employee_no in shown
    for heading in ("일별 추이", "스코어카드 항목별 강점과 약점", "최근 검토 의견",
                    "최근 자동 코칭", "검토할 만한 통화"):  # fmt: skip
        assert heading in shown
    assert {m.label for m in at.metric} == {"통화", "평균 점수", "공손성", "스크립트 준수율"}
    assert len(at.get("plotly_chart")) == 2  # the trend and the scorecard items
    assert [d.proto.label for d in at.get("download_button")] == ["상담사 리포트 (HTML)"]
    calls = [p.proto for p in at.get("page_link") if p.proto.page == "call"]
    assert calls and all(parse_qs(p.query_string)["id"][0].isdigit() for p in calls)
    # The page writes nothing: no button but the report download.
    assert not at.button and not at.text_input


def test_review_comments_are_shown_as_plain_text(app_env):
    agent = busiest_agent(app_env)
    hostile = "**굵게** [링크](javascript:alert(1)) <img src=x onerror=alert(1)>"
    engine = engine_of(app_env)
    with transaction(engine) as session:
        calls = select(Call.id).where(Call.agent_id == agent.id)
        changed = session.execute(
            update(Review).where(Review.call_id.in_(calls)).values(comment=hostile)
        ).rowcount
    engine.dispose()
    assert changed
    at = open_agent("supervisor", agent.id)
    assert any(t.value == hostile for t in at.text)
    assert "javascript" not in "\n".join(str(m.value) for m in at.markdown)


@pytest.mark.parametrize("raw_id", ["abc", "999999", "-1", "", "１", "9" * 30])
def test_a_bad_agent_id_is_explained(app_env, raw_id):
    at = open_agent("supervisor", raw_id)
    assert "상담사를 찾을 수 없습니다" in texts(at)
    assert [p.proto.page for p in at.get("page_link")] == ["agents"]
    assert not at.get("download_button")


def test_a_period_without_calls_says_so(app_env):
    agent = busiest_agent(app_env)
    at = open_agent("viewer", agent.id, **{"from": "2020-01-01", "to": "2020-01-31"})
    shown = texts(at)
    assert "이 기간에 통화가 없습니다." in shown
    assert "이 기간에 자동 평가된 통화가 없습니다." in shown
    assert at.query_params["id"] == str(agent.id)  # the filter keeps the agent in the address


def test_the_agent_page_is_not_registered_for_a_designer(app_env):
    at = login("designer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/agent.py")
