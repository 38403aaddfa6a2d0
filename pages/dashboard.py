"""Dashboard: a period's KPIs against the previous period, daily trends, predicted outcomes,
teams, the weekday x hour load and the agents who most need attention. The view lives in the
URL (bookmark it, share it); clicking a bar opens the matching calls. Read-only for everyone."""

from dataclasses import replace
from datetime import date, datetime

import streamlit as st

from core import dashboard as kpis
from core.access import Permission
from core.dashboard import Better, Kpi, RollupSums
from core.domain import Outcome
from core.filters import CallFilter
from db import dashboard
from db.session import transaction
from ui import dashboard as view
from ui.runtime import runtime
from ui.session import current_actor, tr

CARDS = (
    (Kpi.CALLS, Kpi.HANDLE_TIME, Kpi.SILENCE, Kpi.OVERTALK),
    (Kpi.POLITENESS, Kpi.COMPLIANCE, Kpi.REPEAT_RATE, Kpi.TRANSFER_RATE),
)
QUALITY_TRENDS = (Kpi.POLITENESS, Kpi.COMPLIANCE, Kpi.EVALUATION, Kpi.SATISFIED_SHARE)
DELTA_COLORS = {Better.HIGHER: "normal", Better.LOWER: "inverse", Better.NEITHER: "off"}

actor = current_actor()
actor.require(Permission.VIEW_CALLS)
rt = runtime()
today = datetime.now(rt.zone).date()
st.title(tr("nav.dashboard"))

with transaction(rt.engine) as session:
    teams, agents = dashboard.filter_choices(session=session)
call_filter, problems = view.filter_from_url(today, teams, agents)
for key in dict.fromkeys(problems):
    st.warning(tr(key))
call_filter = view.filter_widgets(call_filter, teams, agents)
previous = call_filter.previous_period()
st.caption(tr("dashboard.period", day_from=call_filter.day_from, day_to=call_filter.day_to,
              days=call_filter.days, previous_from=previous.day_from,
              previous_to=previous.day_to))  # fmt: skip

with transaction(rt.engine) as session:
    data = dashboard.dashboard_data(session=session, call_filter=call_filter)


def open_calls(narrowed: CallFilter) -> None:
    st.switch_page("pages/calls.py", query_params=narrowed.to_query())


if data.current.is_empty:
    st.info(tr("dashboard.empty", day_from=call_filter.day_from, day_to=call_filter.day_to))
    st.stop()

values = kpis.kpi_values(data.current, data.previous)
days = kpis.days_of(call_filter.day_from, call_filter.day_to)
daily = [data.by_day.get(day, RollupSums()) for day in days]


def card(column, kpi: Kpi, help_key: str) -> None:
    item = values[kpi]
    delta = kpis.format_delta(item, tr("dashboard.points"))
    column.metric(
        tr(f"dashboard.kpi.{kpi}"),
        kpis.format_value(kpi, item.value),
        delta=delta,
        delta_color=DELTA_COLORS[item.spec.better] if item.improved is not None else "off",
        delta_arrow="off" if item.delta == 0 else "auto",
        delta_description=tr("dashboard.vs_previous") if delta else None,
        help=tr(help_key),
        border=True,
        # No sparkline (chart_data): on a fresh page load its chart library delays the cards
        # by about half a second; the daily charts below show the trends.
    )


header, button = st.columns([4, 1], vertical_alignment="bottom")
header.subheader(tr("dashboard.section.kpis"))
if button.button(tr("dashboard.open_calls"), icon=":material/list:", width="stretch"):
    open_calls(call_filter)
if data.previous.is_empty:
    st.caption(tr("dashboard.no_previous"))
for row in CARDS:
    for column, kpi in zip(st.columns(len(row)), row, strict=True):
        card(column, kpi, f"dashboard.help.{kpi}")
st.subheader(tr("dashboard.section.outcomes"))
for column, outcome in zip(st.columns(len(Outcome)), Outcome, strict=True):
    card(column, kpis.OUTCOME_SHARES[outcome], "dashboard.help.outcome")

st.caption(tr("dashboard.click_hint"))
left, right = st.columns(2)
with left.container(border=True):
    st.markdown(f"**{tr('dashboard.chart.daily_calls')}**")
    figure = view.daily_calls_figure(days, [sums.calls for sums in daily])
    event = st.plotly_chart(figure, key="dashboard_chart_daily", on_select="rerun",
                            selection_mode="points")  # fmt: skip
    if clicked := view.clicked(event):
        day = date.fromisoformat(clicked)
        open_calls(replace(call_filter, day_from=day, day_to=day))
with right.container(border=True):
    st.markdown(f"**{tr('dashboard.chart.daily_quality')}**")
    series = {tr(f"dashboard.kpi.{kpi}"): [kpis.KPIS[kpi].value(sums) for sums in daily]
              for kpi in QUALITY_TRENDS}  # fmt: skip
    st.plotly_chart(view.daily_quality_figure(days, series), key="dashboard_chart_quality")

left, right = st.columns(2)
with left.container(border=True):
    st.markdown(f"**{tr('dashboard.chart.outcomes')}**")
    shares = [values[kpis.OUTCOME_SHARES[outcome]] for outcome in Outcome]
    figure = view.outcomes_figure(
        [tr(f"dashboard.kpi.{item.kpi}") for item in shares],
        [outcome.value for outcome in Outcome],
        [item.value for item in shares],
        [item.previous for item in shares],
    )
    event = st.plotly_chart(figure, key="dashboard_chart_outcomes", on_select="rerun",
                            selection_mode="points")  # fmt: skip
    if clicked := view.clicked(event):
        open_calls(replace(call_filter, outcomes=(Outcome(clicked),)))
with right.container(border=True):
    st.markdown(f"**{tr('dashboard.chart.teams')}**")
    shown = [team for team in teams if team.id in data.by_team]
    series = {
        tr(f"dashboard.kpi.{kpi}"): [kpis.KPIS[kpi].value(data.by_team[t.id]) for t in shown]
        for kpi in QUALITY_TRENDS
    }
    names = [f"{t.name} ({data.by_team[t.id].calls:,})" for t in shown]
    figure = view.teams_figure(names, [str(t.id) for t in shown], series)
    event = st.plotly_chart(figure, key="dashboard_chart_teams", on_select="rerun",
                            selection_mode="points")  # fmt: skip
    if clicked := view.clicked(event):
        open_calls(replace(call_filter, team_ids=(int(clicked),)))

left, right = st.columns(2)
with left.container(border=True):
    st.markdown(f"**{tr('dashboard.chart.heatmap')}**")
    grid = kpis.weekday_hour_counts(data.day_hour_calls)
    st.plotly_chart(view.heatmap_figure(grid), key="dashboard_chart_heatmap")
with right.container(border=True):
    st.markdown(f"**{tr('dashboard.chart.attention')}**")
    st.caption(tr("dashboard.attention.rule", min_calls=kpis.ATTENTION_MIN_CALLS))
    ranking = kpis.attention_ranking(data.by_agent)
    if not ranking:
        st.info(tr("dashboard.attention.none", min_calls=kpis.ATTENTION_MIN_CALLS))
    else:
        labels = {a.id: a.label for a in agents}
        notes = [
            " · ".join(tr(f"dashboard.kpi.{kpi}") for kpi in a.reasons)
            if a.reasons else tr("dashboard.attention.no_reason")
            for a in ranking
        ]  # fmt: skip
        figure = view.attention_figure(
            [labels[a.agent_id] for a in ranking],
            [str(a.agent_id) for a in ranking],
            [round(a.score, 2) for a in ranking],
            notes,
        )
        event = st.plotly_chart(figure, key="dashboard_chart_attention", on_select="rerun",
                                selection_mode="points")  # fmt: skip
        if clicked := view.clicked(event):
            open_calls(replace(call_filter, agent_ids=(int(clicked),)))
