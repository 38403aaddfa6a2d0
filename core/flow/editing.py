"""Editor operations on a flow: add a node of a kind, set a node's exits from a form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from core.domain import TransferQueue
from core.flow.model import DTMF_KEYS, Edge, Flow, MenuOption, Node, NodeKind

NEW_NODE_GAP = 150.0
"""How far below the lowest node a new node is put, so it never lands on another."""


def add_node(flow: Flow, kind: NodeKind, label: str, *, near: Node | None = None) -> Flow:
    """``flow`` with a new node of ``kind``: under ``near`` when given, else under all nodes."""
    if near is not None:
        x, y = near.x + 40.0, near.y + NEW_NODE_GAP
    else:
        x, y = 0.0, max((node.y for node in flow.nodes), default=-NEW_NODE_GAP) + NEW_NODE_GAP
    node = Node(id=flow.new_node_id(), kind=kind, label=label, x=x, y=y)
    if kind is NodeKind.INPUT:
        node = replace(node, max_length=4, min_length=4, timeout_s=10.0)
    if kind is NodeKind.TRANSFER:
        node = replace(node, queue=TransferQueue.GENERAL.value)
    return flow.with_node(node)


def set_exits(flow: Flow, node_id: str, targets: Mapping[str, str | None]) -> Flow:
    """Point each exit label in ``targets`` at its node (``None`` removes the exit). Edges that
    keep their target keep their id; labels not in ``targets`` are left as they are."""
    for label, target in targets.items():
        current = [edge for edge in flow.exits(node_id) if edge.label == label]
        if target is None:
            for edge in current:
                flow = flow.without_edge(edge.id)
            continue
        if current:
            flow = flow.with_edge(replace(current[0], target=target))
            for extra in current[1:]:
                flow = flow.without_edge(extra.id)
        else:
            flow = flow.with_edge(
                Edge(id=flow.new_edge_id(), source=node_id, target=target, label=label)
            )
    return flow


def set_menu_options(
    flow: Flow, node_id: str, rows: list[tuple[str, str, str | None]]
) -> tuple[Flow, list[str]]:
    """A menu's options from editor rows of (key, label, target): the node's options become
    the rows' keys and labels, and its key exits point at the rows' targets (a key no row has
    loses its exit). Returns the flow and the keys that were refused (not a phone key)."""
    refused = [key for key, _, _ in rows if key not in DTMF_KEYS]
    rows = [row for row in rows if row[0] in DTMF_KEYS]
    node = flow.node(node_id)
    flow = flow.with_node(
        replace(node, options=tuple(MenuOption(key=k, label=label) for k, label, _ in rows))
    )
    targets: dict[str, str | None] = {key: None for key in DTMF_KEYS}
    for key, _, target in rows:
        if targets.get(key) is None:
            targets[key] = target
    return set_exits(flow, node_id, targets), refused
