from dataclasses import replace

from sqlalchemy import func, select

from core.access import Actor
from core.domain import Environment, Role
from db import scenarios
from db.models import Deployment, ScenarioVersion, User
from db.session import create_db_engine, transaction
from tests.pages.conftest import open_page
from tests.pages.test_scenario_editor import widget
from tests.pages.test_scenarios import texts


def open_versions(username="designer", scenario_id="1"):
    at = open_page("pages/scenario_versions.py", username, id=scenario_id)
    assert not at.exception, at.exception
    return at


def count(app_env, model):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        result = session.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return result


def edit_welcome(app_env, label="환영 인사(수정)"):
    """The admin saves a changed draft, as if in the editor."""
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        draft = scenarios.get_draft(session=session, scenario_id=1)
        scenarios.save_draft(
            session=session,
            actor=Actor(user_id=admin.id, username="admin", roles=[Role.ADMIN]),
            scenario_id=1,
            flow=draft.flow.with_node(replace(draft.flow.node("n2"), label=label)),
            base_revision=draft.revision,
        )
    engine.dispose()


def test_the_versions_page_shows_versions_and_what_runs_where(app_env):
    at = open_versions()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"개발": "v1", "스테이징": "없음", "운영": "없음"}
    versions = at.dataframe[0].value
    assert list(versions["버전"]) == ["v1"]
    history = at.dataframe[1].value
    assert list(history["상태"]) == ["운영 중"]


def test_publishing_an_unchanged_draft_is_refused(app_env):
    at = open_versions()
    widget(at.text_input, "변경 설명").input("다시 게시")
    widget(at.button, "초안 r1 게시").click()
    at.run()
    assert at.error
    assert count(app_env, ScenarioVersion) == 3


def test_publishing_a_changed_draft_makes_version_2_and_the_diff_lists_the_change(app_env):
    edit_welcome(app_env)
    at = open_versions()
    widget(at.text_input, "변경 설명").input("환영 인사 이름 변경")
    widget(at.button, "초안 r2 게시").click()
    at.run()
    assert "버전 v2을(를) 게시했습니다." in texts(at)
    assert list(at.dataframe[0].value["버전"]) == ["v1", "v2"]
    widget(at.selectbox, "이전").set_value("v1")
    widget(at.selectbox, "이후").set_value("v2")
    at.run()
    assert "노드 변경: n2 (환영 인사(수정)) - label 환영 인사 → 환영 인사(수정)" in texts(at)


def test_a_blank_comment_publishes_nothing(app_env):
    edit_welcome(app_env)
    at = open_versions()
    widget(at.button, "초안 r2 게시").click()
    at.run()
    assert at.error
    assert count(app_env, ScenarioVersion) == 3


def test_deploying_to_staging_is_immediate_and_prod_needs_approved_audio(app_env):
    at = open_versions()
    widget(at.selectbox, "환경").set_value(Environment.STAGING)
    widget(at.button, "배포").click()
    at.run()
    assert "v1을(를) 스테이징에 배포했습니다." in texts(at)
    assert {m.label: m.value for m in at.metric}["스테이징"] == "v1"
    before = count(app_env, Deployment)
    widget(at.selectbox, "환경").set_value(Environment.PROD)
    widget(at.button, "배포").click()
    at.run()
    assert at.error and "음성" in at.error[0].value  # no prompt has approved audio yet
    assert count(app_env, Deployment) == before


def test_rolling_the_draft_back_to_a_version(app_env):
    edit_welcome(app_env)
    at = open_versions()
    widget(at.button, "초안 되돌리기").click()
    at.run()
    assert "초안을 v1 내용으로 되돌렸습니다(r3)." in texts(at)


def test_a_viewer_sees_history_without_forms(app_env):
    at = open_versions("viewer")
    labels = {b.label for b in at.button}
    assert not {"배포", "초안 되돌리기"} & labels
    assert not any(label.startswith("초안 r") for label in labels)
    assert len(at.dataframe) == 2
