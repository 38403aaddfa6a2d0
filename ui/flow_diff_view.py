"""Two versions of a flow compared: the changes as a list and coloured on the newer chart
(added green, changed orange, removed red and faded where they were)."""

from __future__ import annotations

import streamlit as st
from streamlit_flow import streamlit_flow

from core.flow.diff import FlowDiff
from core.flow.model import Flow
from ui.flow_chart import chart_state, exit_name
from ui.session import lang, tr
from ui.text import literal


def show_diff(old: Flow, new: Flow, diff: FlowDiff, *, key: str) -> None:
    if diff.is_empty and not diff.prompt_changes:
        st.info(tr("studio.diff.same"))
        return
    for line in change_lines(old, new, diff):
        st.markdown(f"- {literal(line)}")
    marks = diff.highlight()
    highlight = {k: v for k, v in marks.items() if isinstance(k, str)}
    highlight |= {
        edge.id: marks[(edge.source, edge.label)]
        for edge in new.edges
        if (edge.source, edge.label) in marks
    }
    state_key = f"{key}_state"
    # The same comparison keeps its chart state (and timestamp), so the browser's view (zoom,
    # pan) is not reset on every rerun.
    compared = (old.to_dict(), new.to_dict())
    cached = st.session_state.get(state_key)
    if cached is None or cached[0] != compared:
        state = chart_state(
            new,
            lang=lang(),
            highlight=highlight,
            ghosts=diff.removed_nodes,
            ghost_edges=diff.removed_edges,
        )
        st.session_state[state_key] = (compared, state)
    else:
        state = cached[1]
    streamlit_flow(key, state, height=560, fit_view=True, hide_watermark=True)


def change_lines(old: Flow, new: Flow, diff: FlowDiff) -> list[str]:
    """Each change in words, in the order a reviewer reads them."""
    lines: list[str] = []
    for node in diff.added_nodes:
        lines.append(tr("studio.diff.node_added", node=_name(node.id, node.label)))
    for node in diff.removed_nodes:
        lines.append(tr("studio.diff.node_removed", node=_name(node.id, node.label)))
    for change in diff.changed_nodes:
        fields = ", ".join(
            tr("studio.diff.field", field=c.field, before=_short(c.before), after=_short(c.after))
            for c in change.changes
            if c.field != "prompt_text"
        )
        if fields:
            node = _name(change.node_id, change.label)
            lines.append(tr("studio.diff.node_changed", node=node, fields=fields))
    for prompt in diff.prompt_changes:
        lines.append(
            tr(
                "studio.diff.prompt_changed",
                node=_name(prompt.node_id, prompt.label),
                before=prompt.before or "-",
                after=prompt.after or "-",
            )
        )
    for edge in diff.added_edges:
        lines.append(tr("studio.diff.edge_added", edge=_edge(edge.source, edge.label, edge.target)))
    for edge in diff.removed_edges:
        lines.append(
            tr("studio.diff.edge_removed", edge=_edge(edge.source, edge.label, edge.target))
        )
    for retarget in diff.retargeted_edges:
        lines.append(
            tr(
                "studio.diff.edge_retargeted",
                edge=_edge(retarget.source, retarget.label, retarget.after),
                before=retarget.before,
            )
        )
    if diff.added_variables:
        lines.append(tr("studio.diff.variables_added", names=", ".join(diff.added_variables)))
    if diff.removed_variables:
        lines.append(tr("studio.diff.variables_removed", names=", ".join(diff.removed_variables)))
    return lines


def _name(node_id: str, label: str) -> str:
    return f"{node_id} ({label})" if label else node_id


def _edge(source: str, label: str, target: str) -> str:
    return f"{source} —{exit_name(label, lang())}→ {target}"


def _short(value: object) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
