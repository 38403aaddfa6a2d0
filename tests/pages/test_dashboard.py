from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from core import dashboard as kpis
from db.models import Call, Team
from db.rollups import utc_bounds
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, open_page, texts
from ui.session import LANG_KEY

SEOUL = ZoneInfo("Asia/Seoul")
CARD_LABELS = {
    "통화 수", "평균 처리 시간", "무음 비율", "통화당 동시 발화", "공손성 점수", "스크립트 준수율",
    "재문의율 (7일)", "호 전환율", "만족", "미흡", "추가상담필요", "해결불가",
}  # fmt: skip


def scalar(app_env, stmt):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        value = session.scalar(stmt)
    engine.dispose()
    return value


def open_dashboard(username="supervisor", **params):
    return open_page("pages/dashboard.py", username, **params)


def metric(at, label):
    return next(m for m in at.metric if m.label == label)


def plotly_charts(at):
    return at.get("plotly_chart")


@pytest.mark.parametrize("username", ["supervisor", "viewer", "admin"])
def test_each_qa_role_sees_the_kpis_of_the_last_30_days(app_env, username):
    at = open_dashboard(username)
    assert not at.exception
    assert at.title[0].value == "대시보드"
    assert {m.label for m in at.metric} == CARD_LABELS
    # The demo's 14 days all fall in the default 30-day view; nothing came before them.
    assert metric(at, "통화 수").value == f"{scalar(app_env, select(func.count(Call.id))):,}"
    assert not metric(at, "통화 수").delta
    assert "직전 기간에는 조건에 맞는 통화가 없어" in texts(at)
    assert len(plotly_charts(at)) >= 5
    # The view is in the URL, so it can be bookmarked and shared.
    assert set(at.query_params) >= {"from", "to"}
    # Read-only: the only buttons are opening the call list and logging out.
    assert {b.label for b in at.button} <= {"이 조건의 통화 목록", "로그아웃"}


def test_a_designer_has_no_dashboard(app_env):
    at = login("designer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/dashboard.py")


def test_query_parameters_choose_the_period_and_team(app_env):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        team_id = session.scalar(select(Team.id).order_by(Team.id))
        last = session.scalar(select(func.max(Call.started_at))).astimezone(SEOUL).date()
        day_from, day_to = last - timedelta(days=6), last
        start, end = utc_bounds(day_from, day_to, "Asia/Seoul")
        expected = session.scalar(
            select(func.count(Call.id)).where(
                Call.team_id == team_id, Call.started_at >= start, Call.started_at < end
            )
        )
    engine.dispose()
    at = open_dashboard(team=str(team_id), **{"from": str(day_from), "to": str(day_to)})
    assert not at.exception
    assert at.multiselect[0].value == [team_id]
    assert at.date_input[0].value == (day_from, day_to)
    assert metric(at, "통화 수").value == f"{expected:,}"
    assert at.query_params["team"] == str(team_id)


def test_a_bad_query_parameter_is_explained_and_the_page_still_works(app_env):
    at = open_dashboard(team="abc", to="31/12/2026", agent="99999")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert "주소의 팀 조건을 읽을 수 없어 무시했습니다." in warnings
    assert "주소의 상담사 조건을 읽을 수 없어 무시했습니다." in warnings  # no such agent
    assert any("종료일(to)" in w for w in warnings)
    assert {m.label for m in at.metric} == CARD_LABELS
    assert "team" not in at.query_params and "agent" not in at.query_params


def test_a_period_without_calls_says_so_instead_of_showing_zeros(app_env):
    at = open_dashboard(**{"from": "2020-01-01", "to": "2020-01-31"})
    assert not at.exception
    assert [i.value for i in at.info] == [
        "2020-01-01 ~ 2020-01-31 기간에 조건에 맞는 통화가 없습니다. 기간이나 조건을 바꿔 보세요."
    ]
    assert len(at.metric) == 0 and len(plotly_charts(at)) == 0


def test_changing_a_filter_rewrites_the_url_and_the_numbers(app_env):
    at = open_dashboard()
    everyone = int(metric(at, "통화 수").value.replace(",", ""))
    agent_widget = at.multiselect[1]
    first_agent = agent_widget.options[0]
    agent_widget.select(first_agent).run()
    assert not at.exception
    assert "agent" in at.query_params
    assert int(metric(at, "통화 수").value.replace(",", "")) < everyone


def test_the_call_list_opens_with_the_dashboard_filter(app_env):
    at = open_dashboard(direction="inbound")
    next(b for b in at.button if b.label == "이 조건의 통화 목록").click().run()
    assert not at.exception
    assert at.title[0].value == "통화 목록"
    assert at.query_params["direction"] == "inbound"
    assert "from" in at.query_params and "to" in at.query_params


def test_agents_needing_attention_are_charted(app_env, monkeypatch):
    # The demo has few calls per agent; rank everyone with at least one.
    monkeypatch.setattr(kpis, "ATTENTION_MIN_CALLS", 1)
    at = open_dashboard()
    assert not at.exception
    assert "상담사가 없습니다" not in texts(at)
    assert len(plotly_charts(at)) == 6


def test_with_too_few_calls_per_agent_the_attention_chart_says_so(app_env, monkeypatch):
    monkeypatch.setattr(kpis, "ATTENTION_MIN_CALLS", 10_000)
    at = open_dashboard()
    assert "통화가 10000건 이상이면서 평균보다 나쁜 지표가 있는 상담사가 없습니다." in texts(at)
    assert len(plotly_charts(at)) == 5


def test_the_dashboard_speaks_english(app_env):
    at = login("supervisor")
    at.session_state[LANG_KEY] = "en"  # as the account page sets it
    at.switch_page("pages/dashboard.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Dashboard"
    assert {"Calls", "Average handle time", "Politeness score"} <= {m.label for m in at.metric}
    assert "No calls matched in the previous period" in texts(at)
