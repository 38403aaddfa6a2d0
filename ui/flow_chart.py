"""A Flow drawn with streamlit-flow-component, and the browser's edits read back into it.

The component knows only node types input/default/output and keeps only edge labels on the way
back (../shared/notes/libraries.md), so the ARS kind lives in our Flow, shows through colour and
content, and every edge's exit is looked up by id in the Flow rather than read from its label.
It takes a state from Python only when the state's timestamp is newer than its own: each change
made here is pushed with a new timestamp, and what the browser sends back is merged only when it
is newer than what was pushed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace

from streamlit_flow.elements import StreamlitFlowEdge, StreamlitFlowNode
from streamlit_flow.state import StreamlitFlowState

from core.flow.model import (
    ASKING_KINDS,
    DTMF_KEYS,
    FALSE,
    INVALID,
    LIMIT,
    NEXT,
    TIMEOUT,
    TRUE,
    Edge,
    Flow,
    MenuOption,
    Node,
    NodeKind,
    required_exits,
)
from core.i18n import t
from ui.text import literal

KIND_COLOURS: dict[NodeKind, tuple[str, str]] = {
    NodeKind.START: ("#e8f5e9", "#2e7d32"),
    NodeKind.MESSAGE: ("#e3f2fd", "#1565c0"),
    NodeKind.MENU: ("#fff8e1", "#ef6c00"),
    NodeKind.INPUT: ("#f3e5f5", "#6a1b9a"),
    NodeKind.CONDITION: ("#e0f7fa", "#00838f"),
    NodeKind.TRANSFER: ("#fce4ec", "#ad1457"),
    NodeKind.END: ("#eceff1", "#37474f"),
}
"""Background and border of each kind; a node with errors gets a red border instead."""
ERROR_BORDER, WARNING_BORDER = "#d32f2f", "#f9a825"
DIFF_COLOURS = {"added": "#c8e6c9", "changed": "#ffe0b2", "removed": "#ffcdd2"}
EXIT_KEYS = {
    NEXT: "flow.exit.next",
    TIMEOUT: "flow.exit.timeout",
    INVALID: "flow.exit.invalid",
    LIMIT: "flow.exit.limit",
    TRUE: "flow.exit.true",
    FALSE: "flow.exit.false",
    "key": "flow.exit.key",  # "a key": what a menu without any key exit lacks
}


@dataclass(frozen=True, slots=True)
class NodeMarks:
    errors: int = 0
    warnings: int = 0


def exit_name(label: str, lang: str) -> str:
    """An exit as the designer reads it: a key as itself, the others in words."""
    return t(EXIT_KEYS[label], lang) if label in EXIT_KEYS else label


def chart_state(
    flow: Flow,
    *,
    lang: str,
    marks: Mapping[str, NodeMarks] | None = None,
    highlight: Mapping[str, str] | None = None,
    selected: str | None = None,
    ghosts: tuple[Node, ...] = (),
    ghost_edges: tuple[Edge, ...] = (),
) -> StreamlitFlowState:
    """A fresh component state (new timestamp) for ``flow``. ``highlight`` colours nodes and
    edges (by id) by diff status; ``ghosts`` and ``ghost_edges`` are removed ones, drawn
    faded where they were."""
    marks = marks or {}
    highlight = highlight or {}
    nodes = [
        _chart_node(node, lang, marks.get(node.id, NodeMarks()), highlight.get(node.id), selected)
        for node in flow.nodes
    ]
    nodes += [_chart_node(node, lang, NodeMarks(), "removed", None) for node in ghosts]
    edges = [_chart_edge(edge, lang, highlight.get(edge.id)) for edge in flow.edges]
    edges += [
        _chart_edge(replace(edge, id=f"removed-{edge.id}"), lang, "removed") for edge in ghost_edges
    ]
    return StreamlitFlowState(
        nodes=nodes, edges=edges, selected_id=selected, timestamp=time.time_ns() // 1_000_000
    )


def _chart_node(
    node: Node, lang: str, marks: NodeMarks, status: str | None, selected: str | None
) -> StreamlitFlowNode:
    background, border = KIND_COLOURS[node.kind]
    if status in DIFF_COLOURS:
        background = DIFF_COLOURS[status]
    if marks.errors:
        border = ERROR_BORDER
    elif marks.warnings:
        border = WARNING_BORDER
    lines = [f"**{literal(t(f'flow.kind.{node.kind.value}', lang))}** · {literal(node.id)}"]
    lines.append(literal(node.label or "-"))
    if marks.errors or marks.warnings:
        lines.append(
            literal(t("studio.chart.marks", lang, errors=marks.errors, warnings=marks.warnings))
        )
    if status:
        lines.append(literal(t(f"studio.diff.{status}", lang)))
    node_type = (
        "input" if node.kind is NodeKind.START else "output" if node.is_terminal else "default"
    )
    return StreamlitFlowNode(
        id=node.id,
        pos=(node.x, node.y),
        data={"content": "  \n".join(lines), "kind": node.kind.value},
        node_type=node_type,
        selectable=True,
        connectable=True,
        selected=node.id == selected,
        style={
            "background": background,
            "border": f"{3 if marks.errors or marks.warnings else 2}px solid {border}",
            "borderRadius": "8px",
            "width": "190px",
            "fontSize": "13px",
            "opacity": 0.6 if status == "removed" else 1,
        },
    )


def _chart_edge(edge: Edge, lang: str, status: str | None) -> StreamlitFlowEdge:
    colour = {"added": "#2e7d32", "changed": "#ef6c00", "removed": "#d32f2f"}.get(status or "")
    return StreamlitFlowEdge(
        id=edge.id,
        source=edge.source,
        target=edge.target,
        label=exit_name(edge.label, lang),
        label_show_bg=True,
        marker_end={"type": "arrowclosed"},
        edge_type="smoothstep",
        animated=status == "added",
        style={"stroke": colour, "strokeWidth": 3} if colour else {},
        label_style={},
        label_bg_style={},
        marker_start={},
    )


def merge_browser(flow: Flow, returned: StreamlitFlowState, pushed_at: int) -> Flow:
    """``flow`` with what the designer did on the chart since ``pushed_at``: nodes moved,
    edges drawn (each given the first exit its source still lacks) and the selection."""
    if returned.timestamp is None or returned.timestamp <= pushed_at:
        return flow
    known = {node.id for node in flow.nodes}
    moved = {
        node.id: (round(node.position["x"], 1), round(node.position["y"], 1))
        for node in returned.nodes
        if node.id in known
    }
    merged = flow.moved(moved)
    edge_ids = {edge.id for edge in flow.edges}
    for drawn in returned.edges:
        if drawn.id in edge_ids or drawn.source not in known or drawn.target not in known:
            continue
        merged = connect(merged, drawn.source, drawn.target)
    return merged


def connect(flow: Flow, source: str, target: str, label: str | None = None) -> Flow:
    """A new edge from ``source`` to ``target``. Without a ``label`` it takes the first exit
    the source still lacks (a menu: its next free key, announced as a new option)."""
    node = flow.node(source)
    taken = {edge.label for edge in flow.exits(source)}
    if label is None:
        label = next_free_exit(node, taken)
    if label is None:
        return flow
    flow = flow.with_edge(Edge(id=flow.new_edge_id(), source=source, target=target, label=label))
    announced = any(option.key == label for option in node.options)
    if node.kind is NodeKind.MENU and label in DTMF_KEYS and not announced:
        flow = flow.with_node(
            replace(node, options=(*node.options, MenuOption(key=label, label="")))
        )
    return flow


def next_free_exit(node: Node, taken: set[str]) -> str | None:
    for label in sorted(required_exits(node.kind) - taken, key=_exit_order):
        return label
    if node.kind is NodeKind.MENU:
        return next((key for key in DTMF_KEYS if key not in taken), None)
    if node.kind in ASKING_KINDS and LIMIT not in taken:
        return LIMIT
    return None


def _exit_order(label: str) -> int:
    order = (NEXT, TRUE, FALSE, TIMEOUT, INVALID, LIMIT)
    return order.index(label) if label in order else len(order)


def selected_node(returned: StreamlitFlowState, flow: Flow) -> str | None:
    chosen = returned.selected_id
    return chosen if chosen is not None and flow.get(chosen) is not None else None
