"""Keeping a page's state in the address bar, so a view can be bookmarked and shared."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st


def write_query(wanted: Mapping[str, str], owned: Iterable[str]) -> None:
    """Make the ``owned`` query parameters exactly ``wanted``; others (lang, id) stay. Nothing
    is written when the address already says so (each write would rerun the page)."""
    owned = set(owned)
    present = {k: v for k, v in st.query_params.to_dict().items() if k in owned}
    if present == dict(wanted):
        return
    for key in present:
        if key not in wanted:
            del st.query_params[key]
    st.query_params.update(wanted)
