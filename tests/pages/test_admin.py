import pytest
from sqlalchemy import func, select

from core.access import Actor
from core.domain import Role
from db.models import AuditEntry, User
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, texts
from ui.nav import pages_for

QA = ["dashboard", "calls", "call", "politeness", "agents", "agent"]
SCENARIOS = ["scenarios", "scenario-editor", "scenario-test", "scenario-versions"]
VOICE = ["voice-studio", "prompts", "voice-actors"]


@pytest.mark.parametrize(
    ("role", "pages"),
    [
        (
            Role.ADMIN,
            [
                "home",
                *QA,
                "upload",
                "transcript-import",
                "jobs",
                *SCENARIOS,
                *VOICE,
                "account",
                "admin",
                "models",
                "rules",
            ],
        ),
        (Role.SUPERVISOR, ["home", *QA, "upload", "transcript-import", "jobs", *VOICE, "account"]),
        (Role.DESIGNER, ["home", *SCENARIOS, *VOICE, "account"]),
        (Role.VIEWER, ["home", *QA, *SCENARIOS, "account"]),
    ],
)
def test_each_role_is_given_only_its_pages(role, pages):
    actor = Actor(user_id=1, username="u", roles=[role])
    assert [spec.url_path for spec in pages_for(actor)] == pages


def db_rows(app_env, stmt):
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        result = list(session.scalars(stmt))
    engine.dispose()
    return result


def open_admin(username="admin"):
    at = login(username)
    at.switch_page("pages/admin.py")
    at.run()
    return at


def test_admin_page_lists_the_users_and_their_state(app_env):
    at = open_admin()
    assert not at.exception
    assert at.title[0].value == "관리자"
    listed = at.dataframe[0].value
    assert set(listed["아이디"]) >= {"admin", "supervisor", "designer", "viewer"}


def test_the_admin_page_is_not_even_registered_for_a_viewer(app_env):
    at = login("viewer")
    with pytest.raises(ValueError, match="Could not find a navigation page") as raised:
        at.switch_page("pages/admin.py")
    assert "admin.py" not in str(raised.value).split("Known pages:")[1]


def fill_create_form(at, username, password, roles):
    form_inputs = [
        t for t in at.text_input if t.label in {"아이디", "이름", "이메일", "초기 비밀번호"}
    ]
    values = dict(zip(["아이디", "이름", "이메일", "초기 비밀번호"],
                      [username, "박지훈", "park@example.com", password], strict=True))  # fmt: skip
    for widget in form_inputs:
        widget.input(values[widget.label])
    at.multiselect[0].set_value(roles)
    next(b for b in at.button if b.label == "추가").click()
    at.run()


def test_admin_creates_a_user_with_an_audit_row(app_env):
    at = open_admin()
    fill_create_form(at, "park.jh", "granite-sky-88", ["supervisor"])
    assert not at.exception
    assert "사용자 park.jh을(를) 추가했습니다." in texts(at)
    created = db_rows(app_env, select(User).where(User.username == "park.jh"))
    assert created and created[0].roles == ["supervisor"]
    actions = db_rows(app_env, select(AuditEntry.action).where(AuditEntry.username == "admin"))
    assert "user.create" in actions


def test_bad_input_on_the_admin_page_is_explained_and_changes_nothing(app_env):
    before = db_rows(app_env, select(func.count(User.id)))[0]
    at = open_admin()
    fill_create_form(at, "park.jh", "short", ["supervisor"])
    assert "비밀번호는 10자 이상이어야 합니다." in texts(at)
    assert db_rows(app_env, select(func.count(User.id)))[0] == before


def test_the_audit_log_tab_shows_the_logins(app_env):
    at = open_admin()
    audit_rows = at.dataframe[1].value
    assert "login.success" in set(audit_rows["작업"])


def test_english_is_selectable_per_user(app_env):
    at = login("viewer")
    at.switch_page("pages/account.py")
    at.run()
    at.radio[0].set_value("en")
    next(b for b in at.button if b.label == "저장").click()
    at.run()
    assert "Language saved." in texts(at)
    assert at.title[0].value == "My account"


def test_an_admin_sees_and_edits_the_analysis_rules(app_env):
    at = login("admin")
    at.switch_page("pages/rules.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "분석 규칙"
    compliance, politeness = at.dataframe[0].value, at.dataframe[1].value
    assert "greeting_company" in set(compliance["코드"])
    assert {"rude", "banmal"} <= set(politeness["종류"])
    # Adding a rule through the form is audited and shows up in the table.
    inputs = {t.label: t for t in at.text_input}
    inputs["코드"].input("privacy_notice")
    inputs["이름"].input("개인정보 고지")
    inputs["인정 문구"].input("개인정보 수집 및 이용에 동의하십니까")
    next(b for b in at.button if b.label == "규칙 추가").click()
    at.run()
    assert "규칙 privacy_notice을(를) 추가했습니다." in texts(at)
    assert "privacy_notice" in set(at.dataframe[0].value["코드"])


def test_the_rules_page_is_admin_only(app_env):
    at = login("supervisor")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/rules.py")


def test_an_admin_trains_a_model_and_chooses_the_active_one(app_env):
    at = login("admin")
    at.switch_page("pages/models.py")
    at.run()
    assert not at.exception
    first = at.dataframe[0].value
    assert len(first) == 1 and list(first["사용 중"]) == ["예"]  # trained on the demo labels
    assert set(first["라벨"]) == {"데모 라벨"}
    next(b for b in at.button if b.label == "지금 학습").click()
    at.run()
    assert "학습을 시작했습니다." in texts(at)
    versions = at.dataframe[0].value
    assert len(versions) == 2
    newest = versions["버전"].iloc[0]
    at.selectbox[0].set_value(next(o for o in at.selectbox[0].options if o == newest))
    next(b for b in at.button if b.label == "이 모델 사용").click()
    at.run()
    assert f"{newest} 모델을 사용합니다" in texts(at)
    assert list(at.dataframe[0].value["사용 중"]) == ["예", ""]
    actions = db_rows(app_env, select(AuditEntry.action))
    assert {"model.register", "model.activate"} <= set(actions)
