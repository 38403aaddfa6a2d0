"""What changed between two versions of a flow, for the compare page and the chart's colours.

Nodes are matched by id and edges by their source and exit label (an edge's own id carries no
meaning: an editor may renumber it). Moving a node on the canvas is not a change. A node's
prompt text is compared like its other fields and, because that is what a reviewer reads first,
also listed on its own in ``prompt_changes``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from core.flow.model import Edge, Flow, Node

Status = Literal["added", "changed", "removed"]
EdgeKey = tuple[str, str]
"""An edge as the diff knows it: (source node id, exit label)."""

_IGNORED_FIELDS = frozenset({"id", "position"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: Any  # None: the field does not apply to the node's kind on that side
    after: Any


@dataclass(frozen=True, slots=True)
class NodeChange:
    node_id: str
    label: str  # as in the new flow
    changes: tuple[FieldChange, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(change.field for change in self.changes)


@dataclass(frozen=True, slots=True)
class PromptChange:
    node_id: str
    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class EdgeRetarget:
    source: str
    label: str
    before: str  # target node id in the old flow
    after: str

    @property
    def key(self) -> EdgeKey:
        return (self.source, self.label)


@dataclass(frozen=True, slots=True)
class FlowDiff:
    added_nodes: tuple[Node, ...] = ()
    removed_nodes: tuple[Node, ...] = ()
    changed_nodes: tuple[NodeChange, ...] = ()
    added_edges: tuple[Edge, ...] = ()
    removed_edges: tuple[Edge, ...] = ()
    retargeted_edges: tuple[EdgeRetarget, ...] = ()
    prompt_changes: tuple[PromptChange, ...] = ()
    added_variables: tuple[str, ...] = ()
    removed_variables: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.added_nodes
            or self.removed_nodes
            or self.changed_nodes
            or self.added_edges
            or self.removed_edges
            or self.retargeted_edges
            or self.added_variables
            or self.removed_variables
        )

    def highlight(self) -> dict[str | EdgeKey, Status]:
        """Status by node id and by edge key ``(source, label)``, for colouring the chart.

        Node ids are strings and edge keys tuples, so the two never collide. An edge whose
        target changed is "changed"; unchanged nodes and edges are absent."""
        marks: dict[str | EdgeKey, Status] = {}
        for node in self.added_nodes:
            marks[node.id] = "added"
        for node in self.removed_nodes:
            marks[node.id] = "removed"
        for change in self.changed_nodes:
            marks[change.node_id] = "changed"
        for edge in self.removed_edges:
            marks[(edge.source, edge.label)] = "removed"
        for edge in self.added_edges:
            marks[(edge.source, edge.label)] = "added"
        for retarget in self.retargeted_edges:
            marks[retarget.key] = "changed"
        return marks


def diff_flows(old: Flow, new: Flow) -> FlowDiff:
    """Everything that differs from ``old`` to ``new``, each list in the flows' stored order."""
    old_nodes = {node.id: node for node in old.nodes}
    new_nodes = {node.id: node for node in new.nodes}
    changed: list[NodeChange] = []
    prompts: list[PromptChange] = []
    for node in new.nodes:
        before = old_nodes.get(node.id)
        if before is None:
            continue
        field_changes = _field_changes(before, node)
        if field_changes:
            changed.append(NodeChange(node.id, node.label, field_changes))
        for change in field_changes:
            if change.field == "prompt_text":
                prompts.append(
                    PromptChange(node.id, node.label, change.before or "", change.after or "")
                )
    added_edges, removed_edges, retargeted = _edge_changes(old.edges, new.edges)
    old_variables, new_variables = set(old.variables), set(new.variables)
    return FlowDiff(
        added_nodes=tuple(n for n in new.nodes if n.id not in old_nodes),
        removed_nodes=tuple(n for n in old.nodes if n.id not in new_nodes),
        changed_nodes=tuple(changed),
        added_edges=added_edges,
        removed_edges=removed_edges,
        retargeted_edges=retargeted,
        prompt_changes=tuple(prompts),
        added_variables=tuple(v for v in new.variables if v not in old_variables),
        removed_variables=tuple(v for v in old.variables if v not in new_variables),
    )


def _field_changes(old: Node, new: Node) -> tuple[FieldChange, ...]:
    before, after = old.to_dict(), new.to_dict()
    names = [name for name in before if name not in _IGNORED_FIELDS]
    names += [name for name in after if name not in _IGNORED_FIELDS and name not in before]
    return tuple(
        FieldChange(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    )


def _edge_changes(
    old: tuple[Edge, ...], new: tuple[Edge, ...]
) -> tuple[tuple[Edge, ...], tuple[Edge, ...], tuple[EdgeRetarget, ...]]:
    """Added, removed and retargeted edges. A flow may (invalidly) hold two edges with the same
    source and label; those are matched by target first, then pairwise in stored order."""
    old_by_key = _by_key(old)
    new_by_key = _by_key(new)
    added: list[Edge] = []
    removed: list[Edge] = []
    retargeted: list[EdgeRetarget] = []
    for key in dict.fromkeys([*old_by_key, *new_by_key]):
        before, after = old_by_key.get(key, []), new_by_key.get(key, [])
        common = Counter(e.target for e in before) & Counter(e.target for e in after)
        left_before = _without_targets(before, common)
        left_after = _without_targets(after, common)
        for was, now in zip(left_before, left_after, strict=False):
            retargeted.append(EdgeRetarget(key[0], key[1], was.target, now.target))
        removed.extend(left_before[len(left_after) :])
        added.extend(left_after[len(left_before) :])
    # By object identity: ids may repeat in a flow that has not been through the schema.
    new_order = {id(edge): index for index, edge in enumerate(new)}
    old_order = {id(edge): index for index, edge in enumerate(old)}
    added.sort(key=lambda e: new_order[id(e)])
    removed.sort(key=lambda e: old_order[id(e)])
    return tuple(added), tuple(removed), tuple(retargeted)


def _by_key(edges: tuple[Edge, ...]) -> dict[EdgeKey, list[Edge]]:
    grouped: dict[EdgeKey, list[Edge]] = {}
    for edge in edges:
        grouped.setdefault((edge.source, edge.label), []).append(edge)
    return grouped


def _without_targets(edges: list[Edge], targets: Counter[str]) -> list[Edge]:
    left = Counter(targets)
    kept = []
    for edge in edges:
        if left[edge.target] > 0:
            left[edge.target] -= 1
        else:
            kept.append(edge)
    return kept
