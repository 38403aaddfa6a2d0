"""Forms that keep what was typed when it is refused, and start empty after a success.

``st.form(clear_on_submit=True)`` empties the fields on every submit, refused or not, so a
person whose input was refused would type it all again. A form named by ``form_key`` keeps its
fields; ``form_done`` after a success gives the next run a new, empty form.
"""

from __future__ import annotations

import streamlit as st

_COUNTER = "feple_form_generation"


def form_key(name: str) -> str:
    return f"{name}_{st.session_state.get(_COUNTER, {}).get(name, 0)}"


def form_done(name: str) -> None:
    generations = st.session_state.setdefault(_COUNTER, {})
    generations[name] = generations.get(name, 0) + 1
