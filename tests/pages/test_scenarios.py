import json

import pytest
from sqlalchemy import func, select

from db.models import Scenario, ScenarioDraft
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, open_page
from tests.pages.conftest import texts as raw_texts

DEMO_NAMES = {"대표번호 메인 메뉴", "사고접수·긴급출동", "보험료 납입 안내(아웃바운드)"}


def db_scalar(app_env, stmt):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        result = session.scalar(stmt)
    engine.dispose()
    return result


def texts(at):
    """The page's text with Markdown's escapes taken out (names are shown literally)."""
    return raw_texts(at).replace("\\", "")


def button(at, label):
    return next(b for b in at.button if b.label == label)


def test_a_designer_sees_every_demo_scenario_with_its_deployments(app_env):
    at = open_page("pages/scenarios.py", "designer")
    assert not at.exception
    assert at.title[0].value == "ARS 시나리오"
    shown = texts(at)
    assert all(name in shown for name in DEMO_NAMES)
    assert "개발 v1" in shown  # the main menu runs in dev
    links = [p.proto for p in at.get("page_link") if p.proto.label == "편집기 열기"]
    assert len(links) == 3 and all(link.query_string.startswith("id=") for link in links)
    assert {"만들기", "가져오기"} <= {b.label for b in at.button}


def test_creating_a_scenario_opens_it_in_the_editor(app_env):
    at = open_page("pages/scenarios.py", "designer")
    at.text_input[0].input("자동차 보험 갱신 안내")
    button(at, "만들기").click()
    at.run()
    assert not at.exception
    assert at.title[0].value == "자동차 보험 갱신 안내"
    assert db_scalar(app_env, select(func.count()).select_from(Scenario)) == 4


def test_a_taken_name_is_refused_and_nothing_is_created(app_env):
    at = open_page("pages/scenarios.py", "designer")
    at.text_input[0].input("대표번호 메인 메뉴")
    button(at, "만들기").click()
    at.run()
    assert at.error and "대표번호 메인 메뉴" in at.error[0].value
    assert db_scalar(app_env, select(func.count()).select_from(Scenario)) == 3


def test_importing_a_malformed_flow_lists_the_problems_and_changes_nothing(app_env):
    at = open_page("pages/scenarios.py", "designer")
    broken = {
        "nodes": [{"id": "a", "kind": "start"}, {"id": "b", "kind": "teleport"}],
        "edges": [{"id": "e1", "source": "a", "target": "zz", "label": ""}],
    }
    at.file_uploader[0].set_value([("flow.json", json.dumps(broken).encode(), "application/json")])
    at.text_input[1].input("가져온 시나리오")
    button(at, "가져오기").click()
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "teleport" in shown and "zz" in shown
    assert db_scalar(app_env, select(func.count()).select_from(Scenario)) == 3


def test_importing_broken_json_says_where(app_env):
    at = open_page("pages/scenarios.py", "designer")
    at.file_uploader[0].set_value([("flow.json", b'{"nodes": [', "application/json")])
    at.text_input[1].input("가져온 시나리오")
    button(at, "가져오기").click()
    at.run()
    assert at.error and "JSON" in at.error[0].value
    assert db_scalar(app_env, select(func.count()).select_from(ScenarioDraft)) == 3


def test_importing_a_flow_creates_a_scenario_with_it_as_draft(app_env):
    at = open_page("pages/scenarios.py", "designer")
    flow = {
        "nodes": [
            {"id": "s", "kind": "start", "label": "시작", "position": {"x": 0, "y": 0}},
            {"id": "x", "kind": "end", "label": "종료", "prompt_text": "감사합니다."},
        ],
        "edges": [{"id": "e1", "source": "s", "target": "x", "label": ""}],
    }
    at.file_uploader[0].set_value([("flow.json", json.dumps(flow).encode(), "application/json")])
    at.text_input[1].input("가져온 시나리오")
    button(at, "가져오기").click()
    at.run()
    assert not at.exception
    assert at.title[0].value == "가져온 시나리오"
    assert db_scalar(app_env, select(func.count()).select_from(Scenario)) == 4


def test_a_viewer_reads_the_list_without_forms(app_env):
    at = open_page("pages/scenarios.py", "viewer")
    assert not at.exception
    assert all(name in texts(at) for name in DEMO_NAMES)
    assert not {"만들기", "가져오기"} & {b.label for b in at.button}


def test_the_scenario_pages_are_not_registered_for_a_supervisor(app_env):
    at = login("supervisor")
    for page in ("pages/scenarios.py", "pages/scenario_editor.py", "pages/scenario_versions.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
