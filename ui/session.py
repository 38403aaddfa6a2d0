"""Who is logged in and in which language, as kept in st.session_state."""

from __future__ import annotations

import streamlit as st

from core.access import Actor
from core.errors import UserError
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, say, t

ACTOR_KEY = "feple_actor"
LANG_KEY = "feple_lang"


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


def current_actor() -> Actor:
    actor = st.session_state.get(ACTOR_KEY)
    if actor is None:  # Home.py logs in before any page runs; reaching here is a bug
        raise RuntimeError("no logged-in user in this session")
    return actor


def show_error(error: UserError) -> None:
    st.error(say(error, lang()))
