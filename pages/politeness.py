"""Politeness: team and agent rankings over a period, the daily trend, and the impolite
expressions heard most often with utterances that show them; every call and agent opens."""

from dataclasses import replace
from datetime import datetime

import streamlit as st

from core.dashboard import Kpi, format_delta, format_value, kpi_values
from core.filters import ScoreRange
from core.report import Chart, Series, figure
from db import period_kpis, politeness_stats
from db.dashboard import filter_choices
from db.people_reports import code_label
from db.session import transaction
from ui.period_filter import show as period_filter
from ui.runtime import runtime
from ui.session import current_actor, lang, tr
from ui.text import clock

actor = current_actor()
rt = runtime()
st.title(tr("politeness.title"))
st.caption(tr("politeness.help"))

with transaction(rt.engine) as session:
    teams, _ = filter_choices(session=session)
call_filter = period_filter(
    key="politeness", today=datetime.now(rt.zone).date(), teams={t.id: t.name for t in teams}
)
with transaction(rt.engine) as session:
    current = period_kpis.totals(session=session, call_filter=call_filter)
    previous = period_kpis.totals(session=session, call_filter=call_filter.previous_period())
    team_ranking = politeness_stats.team_ranking(session=session, call_filter=call_filter)
    agent_ranking = politeness_stats.agent_ranking(session=session, call_filter=call_filter)
    trend = politeness_stats.daily_trend(session=session, call_filter=call_filter, by_team=True)
    expressions = politeness_stats.impolite_expressions(
        session=session, call_filter=call_filter, tz=rt.settings.timezone
    )

politeness = kpi_values(current, previous)[Kpi.POLITENESS]
columns = st.columns([1, 1, 2])
columns[0].metric(
    tr("politeness.average"),
    format_value(Kpi.POLITENESS, politeness.value),
    delta=format_delta(politeness),
)
columns[1].metric(tr("politeness.scored_calls"), f"{current.politeness_n:,}")
low = replace(call_filter, politeness=ScoreRange(None, politeness_stats.LOW_POLITENESS))
if columns[2].button(
    tr("politeness.open_low", score=f"{politeness_stats.LOW_POLITENESS:g}"),
    icon=":material/call:",
):
    st.switch_page("pages/calls.py", query_params=low.to_query())

if not current.politeness_n:
    st.info(tr("politeness.none"))
    st.stop()

st.subheader(tr("politeness.trend"))
days = sorted({point.day for point in trend})
by_team: dict[str, dict] = {}
for point in trend:
    by_team.setdefault(point.team or "", {})[point.day] = point.average
st.plotly_chart(
    figure(
        Chart(
            kind="line",
            x=tuple(day.isoformat() for day in days),
            series=tuple(
                Series(team, tuple(values.get(day) for day in days))
                for team, values in by_team.items()
            ),
            y_title=tr("politeness.axis"),
        )
    ),
    width="stretch",
)

team_column, agent_column = st.columns(2)
with team_column:
    st.subheader(tr("politeness.team_ranking"))
    st.dataframe(
        [
            {
                tr("politeness.col.rank"): rank,
                tr("filters.team"): team.name,
                tr("politeness.col.calls"): team.calls,
                tr("politeness.col.scored"): team.scored_calls,
                tr("politeness.average"): None if team.average is None else round(team.average, 1),
            }
            for rank, team in enumerate(team_ranking, start=1)
        ],
        hide_index=True,
        width="stretch",
    )
with agent_column:
    st.subheader(tr("politeness.agent_ranking"))
    st.caption(
        tr("politeness.min_calls", count=agent_ranking.min_calls)
        + (
            f" {tr('politeness.unranked', count=agent_ranking.unranked)}"
            if agent_ranking.unranked
            else ""
        )
    )
    st.dataframe(
        [
            {
                tr("politeness.col.rank"): rank,
                tr("agents.col.name"): f"{agent.name} ({agent.employee_no})",
                tr("filters.team"): agent.team,
                tr("politeness.col.scored"): agent.scored_calls,
                tr("politeness.average"): round(agent.average, 1),
            }
            for rank, agent in enumerate(agent_ranking.ranked, start=1)
        ],
        hide_index=True,
        width="stretch",
    )
    if agent_ranking.ranked:
        names = {a.agent_id: f"{a.name} ({a.employee_no})" for a in agent_ranking.ranked}
        picked = st.selectbox(
            tr("politeness.pick_agent"),
            list(names),
            format_func=names.__getitem__,
            index=len(names) - 1,  # the least polite: the one a supervisor looks at first
        )
        st.page_link(
            "pages/agent.py",
            label=tr("politeness.open_agent"),
            icon=":material/badge:",
            query_params={"id": str(picked)},
        )

if agent_ranking.ranked:
    ranked = agent_ranking.ranked
    st.plotly_chart(
        figure(
            Chart(
                kind="bar",
                x=tuple(f"{a.name} ({a.employee_no})" for a in ranked),
                series=(Series(tr("politeness.average"), tuple(a.average for a in ranked)),),
                y_title=tr("politeness.axis"),
                y_range=(min(a.average for a in ranked) - 5, 100),
            )
        ),
        width="stretch",
    )

st.subheader(tr("politeness.expressions"))
st.caption(tr("politeness.expressions.help"))
if not expressions:
    st.info(tr("politeness.expressions.none"))
for number, expression in enumerate(expressions, start=1):
    with st.container(border=True):
        # Transcript words: shown with st.text (never Markdown).
        st.text(
            tr(
                "politeness.expression",
                number=number,
                kind=code_label(expression.code, lang()),
                expression=expression.expression,
                count=expression.count,
                calls=expression.calls,
            )
        )
        for example in expression.examples:
            text_column, link_column = st.columns([4, 1])
            text_column.text(
                f"{rt.local_time(example.started_at)} {clock(example.start_s)}  {example.text}"
            )
            link_column.page_link(
                "pages/call.py",
                label=tr("politeness.open_call", call=example.call_id),
                icon=":material/headset_mic:",
                query_params={"id": str(example.call_id)},
            )
