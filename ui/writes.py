"""One audited write from a page's form or button: its own transaction, bad input explained
(nothing changed), or a success message kept to show once after the rerun."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy import Engine

from core.access import Actor
from core.errors import UserError
from db.session import transaction
from ui.session import show_error


def audited_write(
    engine: Engine,
    actor: Actor,
    action: Callable[..., object],
    done: str,
    /,
    *,
    flash_key: str,
    **kwargs: object,
) -> None:
    """Run ``action(session=..., actor=actor, **kwargs)``; on success put ``done`` under
    ``flash_key`` in the session state (the page shows it) and rerun."""
    try:
        with transaction(engine) as session:
            action(session=session, actor=actor, **kwargs)
    except UserError as error:
        show_error(error)
        return
    st.session_state[flash_key] = done
    st.rerun()
