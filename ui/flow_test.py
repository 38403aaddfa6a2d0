"""The scenario test page's parts: the keypad of an interactive call, its log, and the
report of the automatic path exploration."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.flow import simulation
from core.flow.exploration import Exploration, Outcome
from core.flow.model import Flow
from ui.data_files import data_file
from ui.flow_chart import exit_name
from ui.session import lang, tr
from ui.text import literal

KEYPAD = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("*", "0", "#"))


def keypad(sim: simulation.Simulation, *, key: str) -> simulation.Simulation | None:
    """What the caller hears now and the phone's keys; the next state when one is pressed."""
    if sim.note:
        st.warning(tr(sim.note, **sim.note_params))
    if sim.outcome is not None:
        outcome = tr(f"flow.outcome.{sim.outcome.value}")
        st.success(tr("studio.test.finished", outcome=outcome, seconds=round(sim.elapsed_s)))
        return None
    st.info(tr(f"studio.test.waiting.{sim.waiting_for}"), icon=":material/dialpad:")
    digits_key = f"{key}_digits"
    typed = st.session_state.get(digits_key, "")
    if sim.waiting_for == "input":
        st.markdown(tr("studio.test.typed", digits=literal(typed) or "-"))
    pressed = None
    for row in KEYPAD:
        for column, digit in zip(st.columns(3), row, strict=True):
            if column.button(digit, key=f"{key}_key_{digit}", width="stretch"):
                pressed = digit
    actions = st.columns(3)
    timed_out = actions[0].button(tr("studio.test.timeout"), icon=":material/timer_off:")
    wrong = actions[1].button(tr("studio.test.invalid"), icon=":material/block:")
    submit = sim.waiting_for == "input" and actions[2].button(
        tr("studio.test.submit_digits"), icon=":material/keyboard_return:"
    )
    if timed_out:
        st.session_state.pop(digits_key, None)
        return simulation.time_out(sim)
    if wrong:
        st.session_state.pop(digits_key, None)
        return simulation.invalid(sim)
    if sim.waiting_for == "menu" and pressed is not None:
        return simulation.press(sim, pressed)
    if sim.waiting_for == "input" and (pressed is not None or submit):
        typed += pressed or ""
        node = sim.flow.node(sim.current)
        ends = submit or (node.terminator and pressed == node.terminator)
        if ends or (not node.terminator and len(typed) >= node.max_length):
            st.session_state.pop(digits_key, None)
            return simulation.enter(sim, typed)
        st.session_state[digits_key] = typed
        st.rerun()
    return None


def simulation_log(sim: simulation.Simulation, *, data_dir: Path) -> None:
    """Each step of the call so far: what was said (and its approved audio), what the caller
    did; the variables and the path."""
    st.markdown(f"**{tr('studio.test.log')}**")
    for step in sim.steps:
        with st.container(border=True):
            title = f"{tr(f'flow.kind.{step.kind.value}')} · {step.node_id} · {step.label}"
            st.markdown(f"**{literal(title)}**")
            if step.text:
                st.markdown(literal(step.text))
            audio = data_file(step.audio_path, data_dir)
            if audio is not None:
                st.audio(audio)
            elif step.text:
                st.caption(tr("studio.test.no_audio"))
            if step.caller_action:
                st.caption(tr("studio.test.caller_did", action=_action_name(step.caller_action)))
    variables_column, path_column = st.columns(2)
    variables_column.markdown(f"**{tr('studio.test.variables')}**")
    variables_column.json(dict(sim.variables))
    path_column.markdown(f"**{tr('studio.test.path')}**")
    path_column.markdown(literal(" → ".join(step.node_id for step in sim.steps)))
    path_column.caption(tr("studio.test.elapsed", seconds=round(sim.elapsed_s, 1)))


def _action_name(action: str) -> str:
    if action.startswith("digits:"):
        return tr("studio.test.action.digits", digits=action.removeprefix("digits:"))
    return exit_name(action, lang())


def exploration_report(flow: Flow, result: Exploration, *, max_wait_s: float) -> None:
    listed = result.paths
    columns = st.columns(4)
    columns[0].metric(tr("studio.test.paths"), f"{result.path_count:,}")
    columns[1].metric(tr("studio.test.coverage"), f"{result.coverage:.0%}")
    columns[2].metric(
        tr("studio.test.clean_paths"), sum(1 for p in listed if not p.failed_attempts)
    )
    columns[3].metric(tr("flow.outcome.loop"), f"{result.loops:,}")
    if result.path_count > len(listed):
        st.info(tr("studio.test.listed", total=f"{result.path_count:,}", shown=len(listed)))
    elif result.truncated:
        st.warning(tr("studio.test.truncated"))
    if result.loops:
        st.caption(tr("studio.test.loops", count=f"{result.loops:,}"))
    st.dataframe(
        [
            {
                tr("studio.test.col.outcome"): tr(f"flow.outcome.{path.outcome.value}"),
                tr("studio.test.col.node"): _node_name(flow, path.final_node_id),
                tr("studio.test.col.keys"): " ".join(_action_name(c) for c in path.choices) or "-",
                tr("studio.test.col.seconds"): round(path.seconds, 1),
                tr("studio.test.col.slow"): path.outcome is Outcome.TRANSFER
                and path.seconds > max_wait_s,
            }
            for path in listed
        ],
        hide_index=True,
        width="stretch",
    )
    uncovered = result.uncovered_edges(flow)
    if uncovered:
        st.markdown(f"**{tr('studio.test.uncovered')}**")
        for edge in uncovered:
            st.markdown(
                literal(
                    f"- {_node_name(flow, edge.source)} —{exit_name(edge.label, lang())}→ "
                    f"{_node_name(flow, edge.target)}"
                )
            )


def _node_name(flow: Flow, node_id: str) -> str:
    node = flow.get(node_id)
    return f"{node_id} · {node.label}" if node is not None and node.label else node_id
