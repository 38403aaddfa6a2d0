import pytest
from sqlalchemy import select

from db.models import AuditEntry, User
from db.session import create_db_engine, transaction
from tests.pages.conftest import login, new_app, texts


def test_the_login_form_comes_first_in_korean_with_the_demo_accounts(app_env):
    at = new_app()
    at.run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["아이디", "비밀번호"]
    assert "feple-demo-1" in str(at.table[0].value)


@pytest.mark.parametrize(
    ("username", "seen", "unseen"),
    [
        ("admin", ["상태별 통화", "환경별 배포된 시나리오", "잠긴 계정"], []),
        (
            "supervisor",
            ["상태별 통화", "승인된 음성이 없는 멘트"],
            ["잠긴 계정", "환경별 배포된 시나리오"],
        ),
        (
            "designer",
            ["환경별 배포된 시나리오", "승인된 음성이 없는 멘트"],
            ["상태별 통화", "잠긴 계정"],
        ),
        ("viewer", ["상태별 통화", "환경별 배포된 시나리오"], ["잠긴 계정"]),
    ],
)
def test_home_shows_each_role_the_counts_that_matter_to_it(app_env, username, seen, unseen):
    at = login(username)
    assert not at.exception
    rendered = texts(at)
    assert "안녕하세요" in rendered
    for text in seen:
        assert text in rendered
    for text in unseen:
        assert text not in rendered


def test_home_counts_come_from_the_database(app_env):
    at = login("admin")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["전체 통화"] == "150"
    assert int(metrics["시나리오"]) >= 2
    assert int(metrics["승인된 음성이 없는 멘트"]) == int(metrics["멘트 전체"])  # none approved yet


def test_a_wrong_password_is_refused_counted_and_audited(app_env):
    at = login("supervisor", "not-the-password")
    assert "아이디 또는 비밀번호가 올바르지 않습니다." in texts(at)
    assert at.session_state["authentication_status"] is None
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.username == "supervisor")).one()
        assert user.failed_login_count == 1
        actions = list(session.scalars(select(AuditEntry.action)))
    engine.dispose()
    assert "login.failed" in actions


def test_the_account_locks_at_the_limit_and_stays_locked_after_a_restart(app_env, monkeypatch):
    monkeypatch.setenv("FEPLE_MAX_LOGIN_ATTEMPTS", "3")
    from core.settings import get_settings

    get_settings.cache_clear()
    for _ in range(3):
        at = login("designer", "wrong-password-x")
    assert "계정이" in texts(at) and "잠겼습니다" in texts(at)
    # A new app process (cleared caches) still refuses the right password.
    import streamlit as st

    st.cache_resource.clear()
    get_settings.cache_clear()
    at = login("designer")
    assert at.session_state["authentication_status"] is not True
    assert "잠긴 계정입니다" in texts(at)


def test_the_right_password_logs_in_and_records_it(app_env):
    at = login("viewer")
    assert at.session_state["authentication_status"] is True
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        user = session.scalars(select(User).where(User.username == "viewer")).one()
        assert user.last_login_at is not None
        assert "login.success" in set(session.scalars(select(AuditEntry.action)))
    engine.dispose()


def test_disabling_a_user_ends_their_open_session(app_env):
    at = login("designer")
    assert at.session_state["authentication_status"] is True
    engine = create_db_engine(f"sqlite:///{app_env / 'feple.db'}")
    with transaction(engine) as session:
        session.scalars(select(User).where(User.username == "designer")).one().disabled = True
    engine.dispose()
    at.run()
    assert "계정 상태가 바뀌어 로그아웃되었습니다." in texts(at)
    assert at.session_state["authentication_status"] is not True


def test_the_login_screen_switches_to_english(app_env):
    at = new_app()
    at.run()
    at.sidebar.radio[0].set_value("en")
    at.run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
