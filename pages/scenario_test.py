"""Scenario test: call the flow on a keypad (prompts shown and, where approved, played) or let
every path be explored, with outcomes, key sequences, branch coverage and time estimates."""

from datetime import datetime

import streamlit as st

from core.flow import simulation
from core.flow.exploration import explore
from db import scenario_versions
from db.session import transaction
from ui import flow_editor, scenario_header
from ui.flow_test import exploration_report, keypad, simulation_log
from ui.runtime import runtime
from ui.session import current_actor, tr

LISTED = 500  # paths listed on the page; the counts and coverage take in every path

current_actor()
rt = runtime()
opened = scenario_header.open_scenario(rt, "pages/scenario_test.py")
draft, versions, prompts = opened.draft, opened.versions, opened.prompts
scenario_id = draft.scenario_id

copy = flow_editor.existing_copy(scenario_id)
sources = {"draft": tr("studio.test.source.draft", revision=draft.revision)}
if copy is not None and copy.dirty:
    sources = {"working": tr("studio.test.source.working")} | sources
sources |= {f"v{v.number}": tr("studio.test.source.version", number=v.number) for v in versions}
source = st.selectbox(tr("studio.test.source"), list(sources), format_func=sources.__getitem__)
if source == "working":
    flow = copy.flow
elif source == "draft":
    flow = draft.flow
else:
    with transaction(rt.engine) as session:
        _, flow = scenario_versions.get_version(
            session=session, scenario_id=scenario_id, number=int(source[1:])
        )

interactive, automatic = st.tabs([tr("studio.test.interactive"), tr("studio.test.automatic")])
with interactive:
    state_key = f"simulation_{scenario_id}_{source}"
    with st.expander(tr("studio.test.setup"), expanded=state_key not in st.session_state):
        now_local = datetime.now(rt.zone)
        day_column, time_column = st.columns(2)
        day = day_column.date_input(tr("studio.test.day"), now_local.date())
        moment = time_column.time_input(tr("studio.test.time"), now_local.time().replace(second=0))
        names = ["caller_number", *flow.variables]
        values = {name: st.text_input(name, key=f"var_{scenario_id}_{name}") for name in names}
        if st.button(tr("studio.test.start"), icon=":material/call:", type="primary"):
            st.session_state[state_key] = simulation.start(
                flow,
                prompts=prompts,
                variables={k: v for k, v in values.items() if v},
                now=datetime.combine(day, moment, tzinfo=rt.zone),
                speech_rate=rt.settings.flow_speech_rate,
            )
            st.rerun()
    session_state = st.session_state.get(state_key)
    if session_state is None:
        st.info(tr("studio.test.not_started"))
    else:
        step = keypad(session_state, key=state_key)
        if step is not None:
            st.session_state[state_key] = step
            st.rerun()
        simulation_log(session_state, data_dir=rt.settings.data_dir)

with automatic:
    st.caption(tr("studio.test.rate_note", rate=rt.settings.flow_speech_rate))
    exploration_report(
        flow,
        explore(flow, prompts=prompts, speech_rate=rt.settings.flow_speech_rate, max_paths=LISTED),
        max_wait_s=rt.settings.flow_max_wait_s,
    )
