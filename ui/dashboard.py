"""The dashboard's filter widgets (kept in the URL query string) and its plotly charts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from core.domain import CallCategory, CallDirection
from core.filters import QUERY_PARAMS, CallFilter, from_query
from db.dashboard import AgentChoice, TeamChoice, dashboard_filter
from ui.session import tr
from ui.url import write_query

_SYNCED = "dashboard_filter_query"
"""The query the filter widgets were last set from (or wrote): a different one resets them."""

_KEYS = {
    "period": "dashboard_period",
    "team_ids": "dashboard_teams",
    "agent_ids": "dashboard_agents",
    "categories": "dashboard_categories",
    "directions": "dashboard_directions",
}

CHART_HEIGHT = 320


def filter_from_url(
    today: date, teams: Sequence[TeamChoice], agents: Sequence[AgentChoice]
) -> tuple[CallFilter, list[str]]:
    """The dashboard's filter as the URL gives it, and the catalog keys of what was ignored."""
    call_filter, problems = from_query(st.query_params.to_dict(), today=today)
    call_filter = dashboard_filter(call_filter)
    known_teams = tuple(i for i in call_filter.team_ids if i in {t.id for t in teams})
    known_agents = tuple(i for i in call_filter.agent_ids if i in {a.id for a in agents})
    # An id nobody has (a deleted team, a mistyped link) is left out, and said so.
    if known_teams != call_filter.team_ids:
        problems.append("filters.bad.team")
    if known_agents != call_filter.agent_ids:
        problems.append("filters.bad.agent")
    return replace(call_filter, team_ids=known_teams, agent_ids=known_agents), problems


def filter_widgets(
    call_filter: CallFilter, teams: Sequence[TeamChoice], agents: Sequence[AgentChoice]
) -> CallFilter:
    """Period, team, agent, category and direction widgets showing ``call_filter``; returns
    the filter they now describe, which is written back to the URL."""
    query = call_filter.to_query()
    if st.session_state.get(_SYNCED) != query or any(k not in st.session_state
                                                     for k in _KEYS.values()):  # fmt: skip
        st.session_state[_KEYS["period"]] = (call_filter.day_from, call_filter.day_to)
        for name in ("team_ids", "agent_ids", "categories", "directions"):
            st.session_state[_KEYS[name]] = list(getattr(call_filter, name))
    team_names = {t.id: t.name for t in teams}
    agent_names = {a.id: a.label for a in agents}
    period_col, team_col, agent_col, category_col, direction_col = st.columns([3, 2, 3, 3, 2])
    period = period_col.date_input(tr("filters.period"), key=_KEYS["period"], format="YYYY-MM-DD")
    chosen = call_filter
    # A range being picked has one date until the second click: keep the old period till then.
    if isinstance(period, tuple) and len(period) == 2:
        chosen = replace(chosen, day_from=period[0], day_to=period[1])
    chosen = replace(
        chosen,
        team_ids=tuple(team_col.multiselect(
            tr("filters.team"), list(team_names), format_func=team_names.__getitem__,
            key=_KEYS["team_ids"], placeholder=tr("common.choose"))),
        agent_ids=tuple(agent_col.multiselect(
            tr("filters.agent"), list(agent_names), format_func=agent_names.__getitem__,
            key=_KEYS["agent_ids"], placeholder=tr("common.choose"))),
        categories=tuple(category_col.multiselect(
            tr("filters.category"), list(CallCategory), format_func=category_label,
            key=_KEYS["categories"], placeholder=tr("common.choose"))),
        directions=tuple(direction_col.multiselect(
            tr("filters.direction"), list(CallDirection),
            format_func=lambda d: tr(f"direction.{d.value}"),
            key=_KEYS["directions"], placeholder=tr("common.choose"))),
    )  # fmt: skip
    write_url(chosen)
    return chosen


def write_url(call_filter: CallFilter) -> None:
    """Put ``call_filter`` in the address bar (other parameters, e.g. lang, stay)."""
    wanted = call_filter.to_query()
    write_query(wanted, QUERY_PARAMS)
    st.session_state[_SYNCED] = wanted


def category_label(category: CallCategory) -> str:
    return tr(f"category.{category.name.lower()}")


def clicked(event: object) -> str | None:
    """The customdata of the first point clicked in a chart drawn with on_select."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list):
            data = data[0] if data else None
        if data is not None:
            return str(data)
    return None


def _layout(fig: go.Figure, **layout: object) -> go.Figure:
    settings: dict[str, object] = {
        "height": CHART_HEIGHT,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "legend": {"orientation": "h", "y": -0.2},
        "clickmode": "event+select",
    }
    fig.update_layout(**(settings | layout))
    return fig


def daily_calls_figure(days: list[date], calls: list[int]) -> go.Figure:
    fig = go.Figure(go.Bar(x=days, y=calls, name=tr("dashboard.axis.calls"),
                           customdata=[d.isoformat() for d in days]))  # fmt: skip
    return _layout(fig, yaxis_title=tr("dashboard.axis.calls"), xaxis_tickformat="%m-%d")


def daily_quality_figure(days: list[date], series: dict[str, list[float | None]]) -> go.Figure:
    fig = go.Figure([go.Scatter(x=days, y=values, name=name, mode="lines+markers",
                                connectgaps=False) for name, values in series.items()])  # fmt: skip
    return _layout(fig, yaxis_title=tr("dashboard.axis.value"), xaxis_tickformat="%m-%d")


def outcomes_figure(
    labels: list[str], keys: list[str], current: list[float | None], previous: list[float | None]
) -> go.Figure:
    fig = go.Figure([
        go.Bar(x=labels, y=current, name=tr("dashboard.series.current"), customdata=keys),
        go.Bar(x=labels, y=previous, name=tr("dashboard.series.previous"), customdata=keys,
               opacity=0.45),
    ])  # fmt: skip
    return _layout(fig, barmode="group", yaxis_title=tr("dashboard.axis.share"))


def teams_figure(
    names: list[str], keys: list[str], series: dict[str, list[float | None]]
) -> go.Figure:
    fig = go.Figure([go.Bar(y=names, x=values, name=label, orientation="h", customdata=keys)
                     for label, values in series.items()])  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, barmode="group", xaxis_title=tr("dashboard.axis.value"))


def heatmap_figure(grid: list[list[int]]) -> go.Figure:
    weekdays = [tr(f"dashboard.weekday.{i}") for i in range(7)]
    fig = go.Figure(go.Heatmap(z=grid, x=list(range(24)), y=weekdays, colorscale="Blues",
                               hovertemplate="%{y} %{x}:00 · %{z}<extra></extra>"))  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, xaxis_title=tr("dashboard.axis.hour"), xaxis_dtick=2)


def attention_figure(
    names: list[str], keys: list[str], scores: list[float], notes: list[str]
) -> go.Figure:
    fig = go.Figure(go.Bar(y=names, x=scores, orientation="h", customdata=keys, text=notes,
                           textposition="outside", cliponaxis=False,
                           marker_color="#d9534f"))  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    # Room right of the longest bar for its reasons.
    fig.update_xaxes(range=[0, max(scores, default=1.0) * 2.2], showticklabels=False)
    return _layout(fig, xaxis_title=tr("dashboard.axis.attention"),
                   height=max(CHART_HEIGHT, 36 * len(names) + 60))  # fmt: skip
