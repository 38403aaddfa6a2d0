"""The forms that manage teams and agents (admins and supervisors): create, rename, move,
deactivate. Each write goes through db.agents, which checks the permission again; bad input
is explained and changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import streamlit as st
from sqlalchemy import Engine

from core.access import Actor
from core.errors import UserError
from db import agents
from db.session import transaction
from ui.session import show_error, tr
from ui.text import literal
from ui.writes import audited_write

FLASH_KEY = "agents_flash"
"""The success message shown once after the rerun that follows a write."""


def _activation_button(
    write: Callable[..., None],
    action: Callable[..., object],
    *,
    active: bool,
    key: str,
    deactivate: tuple[str, str],
    reactivate: tuple[str, str],
    **target: object,
) -> None:
    """The one button that deactivates what is active or reactivates what is not;
    ``deactivate`` and ``reactivate`` are (button label, done message)."""
    label, done = deactivate if active else reactivate
    if st.button(label, key=f"agents_{'deactivate' if active else 'reactivate'}_{key}"):
        write(action, done, active=not active, **target)


def show(
    *,
    actor: Actor,
    engine: Engine,
    teams: Sequence[agents.TeamRow],
    agent_list: Sequence[agents.AgentRow],
    today: date,
) -> None:
    def write(action: Callable[..., object], done: str, **kwargs: object) -> None:
        audited_write(engine, actor, action, done, flash_key=FLASH_KEY, **kwargs)

    team_names = {team.id: team.name for team in teams}
    active_teams = [team.id for team in teams if team.active]
    st.subheader(tr("agents.manage"))
    team_tab, new_agent_tab, agent_tab = st.tabs(
        [tr("agents.tab.teams"), tr("agents.tab.new_agent"), tr("agents.tab.agent")]
    )

    with team_tab:
        create_column, edit_column = st.columns(2)
        with create_column, st.form("agents_create_team"):
            st.markdown(f"**{tr('agents.create_team')}**")
            name = st.text_input(tr("agents.col.team"), key="agents_new_team_name")
            description = st.text_area(
                tr("agents.col.description"), key="agents_new_team_description"
            )
            if st.form_submit_button(tr("agents.create"), type="primary"):
                write(
                    agents.create_team,
                    tr("agents.team_created", team=literal(" ".join(name.split()))),
                    name=name,
                    description=description,
                )
        with edit_column:
            st.markdown(f"**{tr('agents.edit_team')}**")
            if teams:
                team_id = st.selectbox(
                    tr("agents.pick_team"),
                    list(team_names),
                    format_func=team_names.__getitem__,
                    key="agents_edit_team_pick",
                )
                team = next(t for t in teams if t.id == team_id)
                with st.form("agents_edit_team"):
                    new_name = st.text_input(
                        tr("agents.col.team"), value=team.name, key=f"agents_team_name_{team.id}"
                    )
                    new_description = st.text_area(
                        tr("agents.col.description"),
                        value=team.description,
                        key=f"agents_team_description_{team.id}",
                    )
                    if st.form_submit_button(tr("agents.save")):
                        write(
                            agents.update_team,
                            tr("agents.team_saved", team=literal(team.name)),
                            team_id=team.id,
                            name=new_name,
                            description=new_description,
                        )
                _activation_button(
                    write,
                    agents.set_team_active,
                    active=team.active,
                    key="team",
                    deactivate=(
                        tr("agents.deactivate_team"),
                        tr("agents.team_deactivated", team=literal(team.name)),
                    ),
                    reactivate=(
                        tr("agents.reactivate_team"),
                        tr("agents.team_reactivated", team=literal(team.name)),
                    ),
                    team_id=team.id,
                )

    with new_agent_tab, st.form("agents_create_agent"):
        employee_no = st.text_input(tr("agents.col.employee_no"), key="agents_new_employee_no")
        name = st.text_input(tr("agents.col.name"), key="agents_new_agent_name")
        team_id = st.selectbox(
            tr("agents.col.team"),
            active_teams,
            format_func=team_names.__getitem__,
            index=None,
            placeholder=tr("common.choose"),
            key="agents_new_agent_team",
        )
        hired_on = st.date_input(
            tr("agents.col.hired_on"),
            value=None,
            max_value=today,
            format="YYYY-MM-DD",
            key="agents_new_agent_hired",
        )
        if st.form_submit_button(tr("agents.create"), type="primary"):
            if team_id is None:
                show_error(UserError("agents.error.team_required"))
            else:
                write(
                    agents.create_agent,
                    tr("agents.agent_created", name=literal(" ".join(name.split()))),
                    employee_no=employee_no,
                    name=name,
                    team_id=team_id,
                    hired_on=hired_on,
                    today=today,
                )

    with agent_tab:
        if not agent_list:
            st.info(tr("agents.none"))
            return
        labels = {agent.id: agent.label for agent in agent_list}
        agent_id = st.selectbox(
            tr("agents.pick_agent"),
            list(labels),
            format_func=labels.__getitem__,
            key="agents_edit_agent_pick",
        )
        agent = next(a for a in agent_list if a.id == agent_id)
        edit_column, move_column = st.columns(2)
        with edit_column, st.form("agents_edit_agent"):
            st.markdown(f"**{tr('agents.edit_agent')}**")
            new_employee_no = st.text_input(
                tr("agents.col.employee_no"),
                value=agent.employee_no,
                key=f"agents_employee_no_{agent.id}",
            )
            new_name = st.text_input(
                tr("agents.col.name"), value=agent.name, key=f"agents_agent_name_{agent.id}"
            )
            if st.form_submit_button(tr("agents.save")):
                write(
                    agents.update_agent,
                    tr("agents.agent_saved", name=literal(agent.name)),
                    agent_id=agent.id,
                    name=new_name,
                    employee_no=new_employee_no,
                )
        with move_column, st.form("agents_move_agent"):
            st.markdown(f"**{tr('agents.move_agent')}**")
            targets = [team_id for team_id in active_teams if team_id != agent.team_id]
            target = st.selectbox(
                tr("agents.move_to"),
                targets,
                format_func=team_names.__getitem__,
                index=None,
                placeholder=tr("common.choose"),
                key=f"agents_move_to_{agent.id}",
            )
            if st.form_submit_button(tr("agents.move")):
                if target is None:
                    show_error(UserError("agents.error.team_required"))
                else:
                    write(
                        agents.move_agent,
                        tr(
                            "agents.agent_moved",
                            name=literal(agent.name),
                            team=literal(team_names[target]),
                        ),
                        agent_id=agent.id,
                        team_id=target,
                    )
        with st.form("agents_link_user"):
            st.markdown(f"**{tr('agents.link_user')}**")
            with transaction(engine) as session:
                current = agents.linked_username(session=session, agent_id=agent.id) or ""
            username = st.text_input(
                tr("agents.link_username"),
                value=current,
                help=tr("agents.link_user_help"),
                key=f"agents_link_user_{agent.id}",
            )
            if st.form_submit_button(tr("agents.link_save")):
                write(
                    agents.link_user,
                    tr("agents.user_linked", name=literal(agent.name)),
                    agent_id=agent.id,
                    username=username,
                )
        _activation_button(
            write,
            agents.set_agent_active,
            active=agent.active,
            key="agent",
            deactivate=(
                tr("agents.deactivate_agent"),
                tr("agents.agent_deactivated", name=literal(agent.name)),
            ),
            reactivate=(
                tr("agents.reactivate_agent"),
                tr("agents.agent_reactivated", name=literal(agent.name)),
            ),
            agent_id=agent.id,
        )
