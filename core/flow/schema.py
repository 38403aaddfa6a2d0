"""Reading a flow from its stored or imported form, refusing anything malformed.

Every problem found is collected (not just the first), each as a catalog key with its
parameters, so an import can list them all; nothing is read into a Flow unless all is well.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from core.errors import UserError
from core.flow.model import (
    ConditionTest,
    Edge,
    Flow,
    MenuOption,
    Node,
    NodeKind,
)

MAX_NODES = 2000
MAX_EDGES = 8000
MAX_TEXT = 2000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class FlowSchemaError(UserError):
    """The document is not a flow; ``problems`` lists each problem as (key, params)."""

    def __init__(self, problems: list[tuple[str, dict[str, Any]]]) -> None:
        super().__init__("flow.schema.invalid", count=len(problems))
        self.problems = problems


def parse_flow_json(text: str | bytes) -> Flow:
    """An imported file: a flow, or an exported bundle's ``{"flow": {...}}`` wrapper."""
    if len(text) > MAX_IMPORT_BYTES:
        raise UserError("flow.schema.too_big", mb=MAX_IMPORT_BYTES // (1024 * 1024))
    try:
        document = json.loads(text)
    except UnicodeDecodeError as error:
        raise UserError("flow.schema.not_utf8") from error
    except json.JSONDecodeError as error:
        raise UserError(
            "flow.schema.bad_json", line=error.lineno, column=error.colno, reason=error.msg
        ) from error
    if isinstance(document, dict) and isinstance(document.get("flow"), dict):
        document = document["flow"]
    return parse_flow(document)


def parse_flow(document: Any) -> Flow:
    problems: list[tuple[str, dict[str, Any]]] = []
    if not isinstance(document, Mapping):
        raise FlowSchemaError([("flow.schema.not_object", {})])
    raw_nodes, raw_edges = document.get("nodes"), document.get("edges", [])
    if not isinstance(raw_nodes, list):
        problems.append(("flow.schema.nodes_list", {}))
        raw_nodes = []
    if not isinstance(raw_edges, list):
        problems.append(("flow.schema.edges_list", {}))
        raw_edges = []
    if len(raw_nodes) > MAX_NODES or len(raw_edges) > MAX_EDGES:
        raise FlowSchemaError([("flow.schema.too_many", {"nodes": MAX_NODES, "edges": MAX_EDGES})])
    variables = _variables(document.get("variables", []), problems)
    nodes: list[Node] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_nodes):
        node = _node(index, raw, problems)
        if node is None:
            continue
        if node.id in seen:
            problems.append(("flow.schema.duplicate_node", {"node": node.id}))
        seen.add(node.id)
        nodes.append(node)
    edges: list[Edge] = []
    edge_ids: set[str] = set()
    for index, raw in enumerate(raw_edges):
        edge = _edge(index, raw, problems)
        if edge is None:
            continue
        if edge.id in edge_ids:
            problems.append(("flow.schema.duplicate_edge", {"edge": edge.id}))
        edge_ids.add(edge.id)
        for end in (edge.source, edge.target):
            if end not in seen:
                problems.append(("flow.schema.dangling_edge", {"edge": edge.id, "node": end}))
        edges.append(edge)
    if problems:
        raise FlowSchemaError(problems)
    return Flow(nodes=tuple(nodes), edges=tuple(edges), variables=variables)


def _variables(raw: Any, problems: list) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        problems.append(("flow.schema.variables", {}))
        return ()
    bad = [v for v in raw if not VARIABLE_NAME.match(v)]
    if bad:
        problems.append(("flow.schema.variable_name", {"name": bad[0]}))
    return tuple(dict.fromkeys(raw))


def _node(index: int, raw: Any, problems: list) -> Node | None:
    where = {"index": index + 1}
    if not isinstance(raw, Mapping):
        problems.append(("flow.schema.node_object", where))
        return None
    node_id = raw.get("id")
    if not isinstance(node_id, str) or not node_id.strip() or len(node_id) > 64:
        problems.append(("flow.schema.node_id", where))
        return None
    where = {"node": node_id}
    try:
        kind = NodeKind(raw.get("kind"))
    except ValueError:
        problems.append(("flow.schema.unknown_kind", {**where, "kind": str(raw.get("kind"))}))
        return None
    reader = _Fields(raw, node_id, problems)
    position = raw.get("position", {"x": 0, "y": 0})
    if not isinstance(position, Mapping):
        position = {}
    test_text = reader.text("test", ConditionTest.BUSINESS_HOURS.value)
    try:
        test = ConditionTest(test_text)
    except ValueError:
        problems.append(("flow.schema.field", {**where, "field": "test"}))
        test = ConditionTest.BUSINESS_HOURS
    node = Node(
        id=node_id,
        kind=kind,
        label=reader.text("label", ""),
        x=reader.number(position, "x", 0.0),
        y=reader.number(position, "y", 0.0),
        prompt_id=reader.optional_int("prompt_id"),
        prompt_text=reader.text("prompt_text", ""),
        options=_options(raw.get("options", []), node_id, problems),
        timeout_s=reader.number(raw, "timeout_s", 5.0, low=0.5, high=120.0),
        retries=int(reader.number(raw, "retries", 2, low=0, high=9, integer=True)),
        variable=reader.text("variable", ""),
        min_length=int(reader.number(raw, "min_length", 1, low=1, high=32, integer=True)),
        max_length=int(reader.number(raw, "max_length", 1, low=1, high=32, integer=True)),
        terminator=reader.text("terminator", "#"),
        pattern=reader.text("pattern", ""),
        test=test,
        operator=reader.text("operator", "=="),
        value=reader.text("value", ""),
        open_days=tuple(reader.text_list("open_days", ["mon", "tue", "wed", "thu", "fri"])),
        open_time=reader.text("open_time", "09:00"),
        close_time=reader.text("close_time", "18:00"),
        queue=reader.text("queue", ""),
    )
    _check_kind_fields(node, problems)
    return node


def _check_kind_fields(node: Node, problems: list) -> None:
    from core.flow.model import DTMF_KEYS, OPERATORS, WEEKDAYS

    where = {"node": node.id}

    def bad(field: str) -> None:
        problems.append(("flow.schema.field", {**where, "field": field}))

    if node.kind is NodeKind.INPUT:
        if node.min_length > node.max_length:
            bad("min_length")
        if node.terminator not in ("", "#", "*"):
            bad("terminator")
        if node.pattern:
            try:
                re.compile(node.pattern)
            except re.error:
                bad("pattern")
    asks_variable = node.kind in (NodeKind.INPUT, NodeKind.CONDITION)
    if asks_variable and node.variable and not VARIABLE_NAME.match(node.variable):
        bad("variable")
    if node.kind is NodeKind.CONDITION:
        if node.operator not in OPERATORS:
            bad("operator")
        if not set(node.open_days) <= set(WEEKDAYS):
            bad("open_days")
        for name in ("open_time", "close_time"):
            if not TIME_OF_DAY.match(getattr(node, name)):
                bad(name)
    for option in node.options:
        if option.key not in DTMF_KEYS:
            problems.append(("flow.schema.option_key", {**where, "phone_key": option.key}))


def _options(raw: Any, node_id: str, problems: list) -> tuple[MenuOption, ...]:
    if not isinstance(raw, list):
        problems.append(("flow.schema.field", {"node": node_id, "field": "options"}))
        return ()
    options = []
    for item in raw:
        if not isinstance(item, Mapping) or not isinstance(item.get("key"), str):
            problems.append(("flow.schema.field", {"node": node_id, "field": "options"}))
            continue
        label = item.get("label", "")
        options.append(MenuOption(key=item["key"], label=label if isinstance(label, str) else ""))
    return tuple(options)


def _edge(index: int, raw: Any, problems: list) -> Edge | None:
    if not isinstance(raw, Mapping):
        problems.append(("flow.schema.edge_object", {"index": index + 1}))
        return None
    fields = {name: raw.get(name) for name in ("id", "source", "target")}
    label = raw.get("label", "")
    if label is None:
        label = ""
    if not all(isinstance(v, str) and v for v in fields.values()) or not isinstance(label, str):
        problems.append(("flow.schema.edge_fields", {"index": index + 1}))
        return None
    return Edge(id=fields["id"], source=fields["source"], target=fields["target"], label=label)


class _Fields:
    """Typed reads of one node's fields, noting each wrong one as a problem."""

    def __init__(self, raw: Mapping[str, Any], node_id: str, problems: list) -> None:
        self.raw, self.node_id, self.problems = raw, node_id, problems

    def _bad(self, field: str) -> None:
        self.problems.append(("flow.schema.field", {"node": self.node_id, "field": field}))

    def text(self, name: str, default: str) -> str:
        value = self.raw.get(name, default)
        if value is None:
            return default
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            self._bad(name)
            return default
        return value

    def text_list(self, name: str, default: list[str]) -> list[str]:
        value = self.raw.get(name, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(name)
            return default
        return value

    def optional_int(self, name: str) -> int | None:
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(name)
            return None
        return value

    def number(
        self,
        source: Mapping[str, Any],
        name: str,
        default: float,
        *,
        low: float | None = None,
        high: float | None = None,
        integer: bool = False,
    ) -> float:
        value = source.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._bad(name)
            return default
        if integer and value != int(value):
            self._bad(name)
            return default
        if (low is not None and value < low) or (high is not None and value > high):
            self._bad(name)
            return default
        if value != value or value in (float("inf"), float("-inf")):
            self._bad(name)
            return default
        return float(value)
