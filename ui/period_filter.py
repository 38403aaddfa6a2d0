"""The period (and team) filter of the politeness, agents and agent pages, kept in the URL
query string (core.filters) so that a view can be bookmarked and shared."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import streamlit as st

from core.filters import QUERY_PARAMS, CallFilter, from_query
from ui.session import tr
from ui.url import write_query


def show(*, key: str, today: date, teams: Mapping[int, str] | None = None) -> CallFilter:
    """The period (and, given ``teams`` by id, team) widgets, set from the URL; returns the
    filter they describe and writes it back to the URL. ``key`` names the page's widgets."""
    call_filter, problems = from_query(st.query_params.to_dict(), today=today)
    if teams is not None and any(team_id not in teams for team_id in call_filter.team_ids):
        problems.append("filters.bad.team")
        call_filter = replace(call_filter, team_ids=())
    period_key, team_key, synced_key = f"{key}_period", f"{key}_teams", f"{key}_synced"
    # The widgets follow the URL when it changed under them (a link, the back button).
    if st.session_state.get(synced_key) != call_filter.to_query() or any(
        name not in st.session_state for name in (period_key, team_key)
    ):
        st.session_state[period_key] = (call_filter.day_from, call_filter.day_to)
        st.session_state[team_key] = list(call_filter.team_ids)
    period_column, team_column = st.columns([2, 3])
    period = period_column.date_input(tr("filters.period"), key=period_key, format="YYYY-MM-DD")
    chosen = call_filter
    # A range being picked has one date until the second click: keep the old period till then.
    if isinstance(period, tuple) and len(period) == 2:
        chosen = replace(chosen, day_from=period[0], day_to=period[1])
    if teams is not None:
        picked = team_column.multiselect(
            tr("filters.team"),
            list(teams),
            format_func=teams.__getitem__,
            key=team_key,
            placeholder=tr("common.choose"),
        )
        chosen = replace(chosen, team_ids=tuple(picked))
    # Read back through core.filters: a period picked too long is cut the same way a URL is.
    chosen, more = from_query(chosen.to_query(), today=today)
    for problem in dict.fromkeys(problems + more):
        st.warning(tr(problem))
    write_query(chosen.to_query(), QUERY_PARAMS)
    st.session_state[synced_key] = chosen.to_query()
    return chosen
