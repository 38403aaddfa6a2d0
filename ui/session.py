"""Who is logged in and in which language, as kept in st.session_state."""

from __future__ import annotations

import streamlit as st

from core.access import Actor
from core.errors import UserError
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, say, t
from db import users
from db.session import transaction
from ui.runtime import Runtime, runtime

LANG_KEY = "feple_lang"
AUTHENTICATOR_KEY = "feple_authenticator"
NOTICE_KEY = "feple_login_notice"
"""A catalog key shown above the login form until the next login (reruns must not lose it)."""


def lang() -> str:
    value = st.session_state.get(LANG_KEY)
    if value in LANGUAGES:
        return value
    requested = st.query_params.get("lang")
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


def set_lang(value: str) -> None:
    st.session_state[LANG_KEY] = value


def tr(key: str, **params: object) -> str:
    """The catalog message ``key`` in the session's language."""
    return t(key, lang(), **params)


def end_session() -> None:
    """Log out: the cookie is deleted and the session forgets the user."""
    authenticator = st.session_state.get(AUTHENTICATOR_KEY)
    if authenticator is not None:
        authenticator.logout(location="unrendered")
    st.session_state["authentication_status"] = None
    st.session_state.pop("username", None)


def verified_actor(rt: Runtime) -> Actor | None:
    """The logged-in user as the database has them now (roles included), or None after
    ending the session of a user who was disabled, locked or removed meanwhile."""
    username = st.session_state.get("username")
    if st.session_state.get("authentication_status") is not True or not username:
        return None
    with transaction(rt.engine) as session:
        user = users.user_may_stay_logged_in(session=session, username=username)
        actor = users.actor_for(user) if user is not None else None
    if actor is None:
        end_session()
        st.session_state[NOTICE_KEY] = "login.session_ended"
        st.warning(tr("login.session_ended"))
    return actor


def current_actor() -> Actor:
    """For pages: the verified user of this run; stops the run when there is none."""
    actor = verified_actor(runtime())
    if actor is None:
        st.stop()
    return actor


def show_error(error: UserError) -> None:
    st.error(say(error, lang()))
