from dataclasses import replace

from sqlalchemy import select

from core.access import Actor
from core.domain import Role
from db import scenarios
from db.models import ScenarioDraft, User
from db.session import create_db_engine, transaction
from tests.pages.conftest import open_page
from tests.pages.test_scenarios import texts

MAIN_MENU = "1"  # the demo's 대표번호 메인 메뉴


def stored_draft(app_env, scenario_id=1):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        draft = session.get(ScenarioDraft, scenario_id)
        result = (draft.revision, draft.flow)
    engine.dispose()
    return result


def widget(widgets, label):
    return next(w for w in widgets if w.label == label)


def open_editor(username, scenario_id=MAIN_MENU):
    at = open_page("pages/scenario_editor.py", username, id=scenario_id)
    assert not at.exception, at.exception
    return at


def test_a_designer_opens_a_demo_scenario_with_its_validation(app_env):
    at = open_editor("designer")
    assert at.title[0].value == "대표번호 메인 메뉴"
    shown = texts(at)
    assert "초안 r1" in shown and "검증" in shown
    assert at.success[0].value == "검증 통과: 오류와 경고가 없습니다."
    assert widget(at.button, "저장").disabled  # nothing to save yet
    assert {"시작", "안내 멘트", "메뉴", "번호 입력", "조건 분기", "상담원 연결", "종료"} <= {
        b.label for b in at.button
    }


def test_adding_a_node_editing_it_and_saving_makes_a_new_revision(app_env):
    at = open_editor("designer")
    widget(at.button, "안내 멘트").click()
    at.run()
    assert widget(at.selectbox, "선택한 노드").value == "n14"
    assert "저장하지 않은 변경 사항이 있습니다." in texts(at)
    # The new node is unreachable, says nothing and goes nowhere yet: errors on it.
    issues = [line for line in texts(at).splitlines() if "[n14 · 안내 멘트]" in line]
    assert len(issues) == 3  # unreachable, no prompt, no way on
    widget(at.text_area, "멘트 문구").input("보험금 지급 결과는 문자로 안내해 드립니다.")
    widget(at.selectbox, "다음").set_value("n13")
    widget(at.button, "적용").click()
    at.run()
    assert not at.exception
    widget(at.button, "저장").click()
    at.run()
    assert "초안을 r2(으)로 저장했습니다." in texts(at)
    revision, flow = stored_draft(app_env)
    assert revision == 2
    [added] = [node for node in flow["nodes"] if node["id"] == "n14"]
    assert added["kind"] == "message"
    assert added["prompt_text"] == "보험금 지급 결과는 문자로 안내해 드립니다."
    assert {"source": "n14", "target": "n13", "label": ""}.items() <= next(
        e for e in flow["edges"] if e["source"] == "n14"
    ).items()


def test_a_save_from_a_stale_revision_is_refused_and_keeps_the_other_edit(app_env):
    at = open_editor("designer")
    widget(at.button, "종료").click()
    at.run()
    # Meanwhile the admin saves a renamed welcome node from the same revision.
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        admin = session.scalar(select(User).where(User.username == "admin"))
        draft = scenarios.get_draft(session=session, scenario_id=1)
        welcome = replace(draft.flow.node("n2"), label="환영 인사(관리자 수정)")
        scenarios.save_draft(
            session=session,
            actor=Actor(user_id=admin.id, username="admin", roles=[Role.ADMIN]),
            scenario_id=1,
            flow=draft.flow.with_node(welcome),
            base_revision=1,
        )
    engine.dispose()
    widget(at.button, "저장").click()
    at.run()
    assert not at.exception
    assert "admin" in at.error[0].value
    revision, flow = stored_draft(app_env)
    assert revision == 2
    assert {n["id"]: n["label"] for n in flow["nodes"]}["n2"] == "환영 인사(관리자 수정)"
    assert "n14" not in {n["id"] for n in flow["nodes"]}
    assert [d.proto.label for d in at.get("download_button")] == ["내 작업 JSON 받기"]
    widget(at.button, "최신 초안 불러오기(내 변경 버림)").click()
    at.run()
    assert "초안 r2" in texts(at) and "환영 인사(관리자 수정)" in texts(at) + str(
        [s.options for s in at.selectbox]
    )


def test_adding_a_menu_key_from_the_panel_announces_it_as_an_option(app_env):
    at = open_editor("designer")
    widget(at.selectbox, "선택한 노드").set_value("n4")
    at.run()
    widget(at.selectbox, "출구(키)").set_value("5")
    widget(at.selectbox, "연결 노드").set_value("n9")
    widget(at.text_input, "안내").input("자동차 보험 상담")
    widget(at.button, "연결 추가").click()
    at.run()
    assert not at.exception
    widget(at.button, "저장").click()
    at.run()
    _, flow = stored_draft(app_env)
    menu = next(n for n in flow["nodes"] if n["id"] == "n4")
    assert {"key": "5", "label": "자동차 보험 상담"} in menu["options"]
    assert any(
        e["source"] == "n4" and e["label"] == "5" and e["target"] == "n9" for e in flow["edges"]
    )


def test_a_viewer_reads_the_flow_but_cannot_change_it(app_env):
    at = open_editor("viewer")
    assert "보기 전용입니다." in texts(at)
    labels = {b.label for b in at.button}
    assert not {"저장", "적용", "안내 멘트", "자동 정렬"} & labels


def test_an_unreadable_or_unknown_id_is_explained(app_env):
    at = open_editor("designer", "abc")
    assert "abc" in at.warning[0].value
    at = open_editor("designer", "999")
    assert at.warning[0].value == "그런 시나리오가 없습니다."
