"""Agents and teams: both tables with their numbers over a period, a team report to download,
each agent's scorecard one click away, and (admins, supervisors) the forms that manage them."""

from datetime import datetime
from functools import partial

import streamlit as st

from core.access import Permission
from core.dashboard import Kpi, RollupSums
from core.filters import CallFilter
from core.report import file_name, render_html
from db import agents, people_reports
from db.period_kpis import value
from db.session import transaction
from ui import agent_forms
from ui.period_filter import show as period_filter
from ui.runtime import runtime
from ui.session import current_actor, lang, tr

actor = current_actor()
rt = runtime()
st.title(tr("agents.title"))
if message := st.session_state.pop(agent_forms.FLASH_KEY, None):
    st.success(message)
can_manage = actor.can(Permission.MANAGE_AGENTS)
if not can_manage:
    st.caption(tr("agents.read_only"))

call_filter = period_filter(key="agents", today=datetime.now(rt.zone).date())
with transaction(rt.engine) as session:
    teams = agents.team_rows(session=session, call_filter=call_filter)
    agent_list = agents.agent_rows(session=session, call_filter=call_filter)


def state(active: bool) -> str:
    return tr("agents.state.active" if active else "agents.state.inactive")


def numbers(sums: RollupSums) -> dict[str, object]:
    """The period's columns of a team or agent row."""

    def rounded(kpi: Kpi) -> float | None:
        found = value(sums, kpi)
        return None if found is None else round(found, 1)

    return {
        tr("report.kpi.calls"): sums.calls,
        tr("report.kpi.score"): rounded(Kpi.EVALUATION),
        tr("report.kpi.politeness"): rounded(Kpi.POLITENESS),
        tr("report.kpi.compliance"): rounded(Kpi.COMPLIANCE),
    }


def team_report(team_id: int, period: CallFilter, language: str) -> str:
    """The team's report as HTML; runs when the download is clicked (on its own thread)."""
    with transaction(rt.engine) as session:
        report = people_reports.team_report(
            session=session,
            team_id=team_id,
            call_filter=period,
            tz=rt.settings.timezone,
            lang=language,
        )
    return render_html(report) if report is not None else ""


st.subheader(tr("agents.teams"))
st.dataframe(
    [
        {
            tr("agents.col.team"): team.name,
            tr("agents.col.description"): team.description,
            tr("agents.col.state"): state(team.active),
            tr("agents.col.active_agents"): team.active_agents,
            tr("agents.col.agents"): team.agents,
            **numbers(team.kpis),
        }
        for team in teams
    ],
    hide_index=True,
    width="stretch",
)
team_names = {team.id: team.name for team in teams}
if teams:
    pick_column, download_column = st.columns([3, 1], vertical_alignment="bottom")
    report_team = pick_column.selectbox(
        tr("agents.report_team"), list(team_names), format_func=team_names.__getitem__
    )
    download_column.download_button(
        tr("agents.download_team_report"),
        data=partial(team_report, report_team, call_filter, lang()),
        file_name=file_name(
            "team-report",
            str(report_team),
            call_filter.day_from.isoformat(),
            call_filter.day_to.isoformat(),
        ),
        mime="text/html",
        icon=":material/download:",
    )

st.subheader(tr("agents.agents"))
team_choice = st.selectbox(
    tr("filters.team"),
    [None, *(team.id for team in teams)],
    format_func=lambda team_id: tr("agents.all_teams") if team_id is None else team_names[team_id],
)
shown = [a for a in agent_list if team_choice is None or a.team_id == team_choice]
st.dataframe(
    [
        {
            tr("agents.col.employee_no"): agent.employee_no,
            tr("agents.col.name"): agent.name,
            tr("agents.col.team"): agent.team,
            tr("agents.col.state"): state(agent.active),
            tr("agents.col.hired_on"): agent.hired_on,
            **numbers(agent.kpis),
        }
        for agent in shown
    ],
    hide_index=True,
    width="stretch",
)
if shown:
    labels = {agent.id: agent.label for agent in shown}
    pick_column, link_column = st.columns([3, 1], vertical_alignment="bottom")
    picked = pick_column.selectbox(
        tr("agents.pick_agent"), list(labels), format_func=labels.__getitem__
    )
    link_column.page_link(
        "pages/agent.py",
        label=tr("agents.open_scorecard"),
        icon=":material/badge:",
        query_params={"id": str(picked)},
    )
else:
    st.info(tr("agents.none"))

if can_manage:
    agent_forms.show(
        actor=actor,
        engine=rt.engine,
        teams=teams,
        agent_list=agent_list,
        today=datetime.now(rt.zone).date(),
    )
