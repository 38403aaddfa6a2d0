from urllib.parse import parse_qs

import pytest
from sqlalchemy import select, update

from db.models import CallFinding, Team, Utterance
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, open_page, texts

HOSTILE = "**굵게** [링크](javascript:alert(1)) <b>태그</b> :red[빨강] 잠깐만"


def engine_of(app_env):
    return create_db_engine(f"sqlite:///{app_env / 'feple.db'}")


def open_politeness(username, **params):
    at = open_page("pages/politeness.py", username, **params)
    assert not at.exception
    return at


def links(at, prefix):
    return [p.proto for p in at.get("page_link") if p.proto.label.startswith(prefix)]


@pytest.mark.parametrize("username", ["supervisor", "viewer", "admin"])
def test_rankings_trend_and_frequent_expressions_are_shown(app_env, username):
    at = open_politeness(username)
    assert at.title[0].value == "공손성 분석"
    shown = texts(at)
    assert "평균 공손성" in shown and "팀 순위" in shown and "상담사 순위" in shown
    teams, agents = at.dataframe[0].value, at.dataframe[1].value
    assert len(teams) == 5 and list(teams["순위"]) == [1, 2, 3, 4, 5]
    assert list(teams["평균 공손성"]) == sorted(teams["평균 공손성"], reverse=True)
    assert (agents["측정 통화"] >= 5).all()  # fewer calls are not ranked
    assert len(at.get("plotly_chart")) == 2  # the trend and the agent bars
    # Each frequent expression comes with example utterances, each opening its call.
    assert "[무례한 표현]" in "\n".join(t.value for t in at.text)
    calls = links(at, "통화 #")
    assert calls and all(p.page == "call" for p in calls)
    assert all(parse_qs(p.query_string)["id"][0].isdigit() for p in calls)
    [agent] = links(at, "상담사 스코어카드 열기")
    assert agent.page == "agent" and agent.query_string.startswith("id=")


def test_the_period_and_team_come_from_the_address(app_env):
    engine = engine_of(app_env)
    with transaction(engine) as session:
        team_id, name = session.execute(select(Team.id, Team.name).order_by(Team.id)).first()
    engine.dispose()
    at = open_politeness("supervisor", team=str(team_id))
    assert list(at.dataframe[0].value["팀"]) == [name]
    assert at.multiselect[0].value == [team_id]
    empty = open_politeness("supervisor", **{"from": "2020-01-01", "to": "2020-01-31"})
    assert "이 기간·조건에 공손성을 측정한 통화가 없습니다." in texts(empty)
    bad = open_politeness("supervisor", **{"from": "어제"})
    assert "주소의 시작일(from)을 읽을 수 없어 기본 기간을 씁니다." in texts(bad)


def test_transcript_text_is_shown_as_plain_text(app_env):
    engine = engine_of(app_env)
    with transaction(engine) as session:
        utterance_ids = select(CallFinding.utterance_id).where(CallFinding.expression == "잠깐만")
        session.execute(
            update(Utterance).where(Utterance.id.in_(utterance_ids)).values(text=HOSTILE)
        )
    engine.dispose()
    at = open_politeness("supervisor")
    assert any(HOSTILE in t.value for t in at.text)
    markdown = "\n".join(str(m.value) for m in at.markdown)
    assert "javascript" not in markdown and "태그" not in markdown


def test_the_low_politeness_button_opens_the_call_list_filtered(app_env):
    at = open_politeness("viewer")
    period = {key: at.query_params[key] for key in ("from", "to")}
    next(b for b in at.button if b.label == "공손성 70점 이하 통화 보기").click()
    at.run()
    assert {key: at.query_params[key] for key in ("from", "to", "polite")} == period | {
        "polite": "-70"
    }
    assert "polite" not in period


def test_the_politeness_page_is_not_registered_for_a_designer(app_env):
    at = login("designer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/politeness.py")
