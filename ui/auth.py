"""Login with streamlit-authenticator over the users table, with lockout kept in the database.

The widget counts failed attempts only in its credentials dict. We build that dict from the
database on every run and, after the widget ran, persist what changed: so a lock holds across
restarts and app replicas, and a disabled user is refused even with an old cookie.
"""

from __future__ import annotations

import streamlit as st
import streamlit_authenticator as stauth
from streamlit_authenticator.utilities.exceptions import LoginError

from core.access import Actor
from core.lockout import LoginGuard
from core.passwords import spend_dummy_check
from db import users
from db.bootstrap import DEMO_PASSWORD, DEMO_USERS
from db.session import transaction
from db.types import utcnow
from ui import session as ui_session
from ui.runtime import Runtime
from ui.session import tr

AUTH_STATUS = "authentication_status"
LOGIN_SLEEP_S = 0.3
"""The widget sleeps this long before each unauthenticated run (slows password guessing)."""


def _authenticator(rt: Runtime, credentials: dict) -> stauth.Authenticate:
    return stauth.Authenticate(
        credentials,
        rt.settings.cookie_name,
        rt.settings.cookie_key,
        rt.settings.cookie_expiry_days,
        auto_hash=False,
        login_sleep_time=LOGIN_SLEEP_S,
    )


def _guard(rt: Runtime) -> LoginGuard:
    return LoginGuard(rt.settings.max_login_attempts, rt.settings.lockout_minutes)


def _persist_failures(rt: Runtime, before: dict[str, int], credentials: dict) -> None:
    """Write wrong-password attempts the widget counted this run; explain the outcome."""
    guard = _guard(rt)
    failed = [
        username
        for username, entry in credentials["usernames"].items()
        if entry.get("failed_login_attempts", 0) > before.get(username, 0)
    ]
    with transaction(rt.engine) as session:
        if not failed:
            spend_dummy_check()  # unknown username: as slow as a wrong password
            users.record_failed_login(session=session, username="(unknown)", guard=guard)
            st.error(tr("login.wrong"))
            return
        for username in failed:
            state = users.record_failed_login(session=session, username=username, guard=guard)
            if state.locked(utcnow()):
                st.error(
                    tr(
                        "login.locked",
                        max=guard.max_attempts,
                        until=rt.local_time(state.locked_until),
                    )
                )
            else:
                st.error(tr("login.wrong"))


def _on_login(rt: Runtime, event: dict) -> None:
    st.session_state.pop(ui_session.NOTICE_KEY, None)
    with transaction(rt.engine) as session:
        user = users.record_successful_login(session=session, username=event["username"])
        ui_session.set_lang(user.language)


def _show_demo_accounts(rt: Runtime) -> None:
    if not rt.settings.demo:
        return
    with st.expander(tr("login.demo_users"), expanded=True):
        st.caption(tr("login.demo_hint"))
        st.table(
            {
                tr("login.username"): [u for u, _, _ in DEMO_USERS],
                tr("login.password"): [DEMO_PASSWORD] * len(DEMO_USERS),
                tr("home.roles"): [
                    ", ".join(tr(f"role.{r}") for r in roles) for _, _, roles in DEMO_USERS
                ],
            }
        )


LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}


def _language_switch() -> None:
    """Before login the language comes from here (or ?lang=en); after, from the user."""
    current = ui_session.lang()
    choice = st.sidebar.radio(
        tr("lang.switch"),
        list(LANGUAGE_NAMES),
        index=list(LANGUAGE_NAMES).index(current),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="login_language",
    )
    if choice != current:
        ui_session.set_lang(choice)
        st.rerun()


def logged_in() -> bool:
    return st.session_state.get(AUTH_STATUS) is True


def login_gate(rt: Runtime) -> Actor | None:
    """The logged-in user, or None after rendering the login form."""
    if st.session_state.get(AUTH_STATUS) is True:
        area = st.container()
    else:
        area = st.columns([1, 2, 1])[1]
        with area:
            st.title(tr("app.name"))
            st.caption(tr("app.tagline"))
            if notice := st.session_state.get(ui_session.NOTICE_KEY):
                st.warning(tr(notice))
    with area:
        return _run_login_widget(rt)


def _run_login_widget(rt: Runtime) -> Actor | None:
    guard = _guard(rt)
    with transaction(rt.engine) as session:
        credentials = users.login_credentials(session=session, guard=guard)
    before = {u: e["failed_login_attempts"] for u, e in credentials["usernames"].items()}
    authenticator = _authenticator(rt, credentials)
    try:
        authenticator.login(
            location="main",
            max_login_attempts=guard.max_attempts,
            key="login",
            fields={
                "Form name": tr("login.title"),
                "Username": tr("login.username"),
                "Password": tr("login.password"),
                "Login": tr("login.submit"),
            },
            callback=lambda event: _on_login(rt, event),
        )
    except LoginError as error:
        if "authorized" in str(error):  # a cookie for a user who was disabled or removed
            authenticator.cookie_controller.delete_cookie()
            st.session_state[AUTH_STATUS] = None
            st.session_state[ui_session.NOTICE_KEY] = "login.session_ended"
        else:  # the widget refuses a locked account before checking its password
            st.error(tr("login.locked_already", minutes=guard.lock_minutes))
        return None

    status = st.session_state.get(AUTH_STATUS)
    if status is False:
        _persist_failures(rt, before, credentials)
        # Handled: clear it, so the next rerun (without a submit) is not counted again.
        st.session_state[AUTH_STATUS] = None
    if status is not True:
        _language_switch()
        _show_demo_accounts(rt)
        return None

    st.session_state[ui_session.AUTHENTICATOR_KEY] = authenticator
    return ui_session.verified_actor(rt)


def logout_button() -> None:
    authenticator = st.session_state.get(ui_session.AUTHENTICATOR_KEY)
    if authenticator is not None:
        authenticator.logout(button_name=tr("login.logout"), location="sidebar", key="logout")
