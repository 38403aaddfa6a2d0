"""An ARS call flow as plain data: nodes of seven kinds joined by labelled exits.

The stored form (a scenario draft's or version's ``flow`` column, an imported JSON file) is
``{"variables": [...], "nodes": [{...}], "edges": [{...}]}``; ``Flow.from_dict`` checks its
shape (``core.flow.schema``) and ``Flow.to_dict`` writes it back unchanged in meaning.

Exits are edge labels:

- ``""`` the node's one way on (start, message; an input's accepted digits);
- ``"0"``-``"9"``, ``"*"``, ``"#"`` a menu key;
- ``"true"`` / ``"false"`` a condition's answer;
- ``"timeout"`` / ``"invalid"`` no key pressed in time / a key or digits not accepted
  (menu and input);
- ``"limit"`` a menu's or input's failed attempts in this call ran past its ``retries``: the
  exit counter that bounds retry loops.

Transfer and end nodes finish the IVR part of the call and have no exits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class NodeKind(StrEnum):
    START = "start"
    MESSAGE = "message"
    MENU = "menu"
    INPUT = "input"
    CONDITION = "condition"
    TRANSFER = "transfer"
    END = "end"


class ConditionTest(StrEnum):
    BUSINESS_HOURS = "business_hours"
    COMPARE = "compare"


NEXT = ""
TIMEOUT = "timeout"
INVALID = "invalid"
LIMIT = "limit"
TRUE = "true"
FALSE = "false"
DTMF_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")
FAILURE_EXITS = (INVALID, TIMEOUT)
"""Exits taken when the caller did not give an accepted answer."""
OPERATORS = ("==", "!=", "<", "<=", ">", ">=")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

TERMINAL_KINDS = frozenset({NodeKind.TRANSFER, NodeKind.END})
PROMPT_REQUIRED = frozenset({NodeKind.MESSAGE, NodeKind.MENU, NodeKind.INPUT})
"""Kinds that exist to say something: without a prompt they are an error."""
PROMPT_ALLOWED = PROMPT_REQUIRED | {NodeKind.TRANSFER, NodeKind.END}
ASKING_KINDS = frozenset({NodeKind.MENU, NodeKind.INPUT})
"""Kinds that wait for the caller and so have timeout, invalid and limit exits."""

SYSTEM_VARIABLES = frozenset({"caller_number", "dialed_number", "queue"})
"""Set by the telephony platform for every call (``queue`` while a transfer plays)."""


def allowed_exits(kind: NodeKind) -> frozenset[str]:
    """The edge labels a node of ``kind`` may have."""
    match kind:
        case NodeKind.START | NodeKind.MESSAGE:
            return frozenset({NEXT})
        case NodeKind.MENU:
            return frozenset(DTMF_KEYS) | {TIMEOUT, INVALID, LIMIT}
        case NodeKind.INPUT:
            return frozenset({NEXT, TIMEOUT, INVALID, LIMIT})
        case NodeKind.CONDITION:
            return frozenset({TRUE, FALSE})
        case _:
            return frozenset()


def required_exits(kind: NodeKind) -> frozenset[str]:
    """Exits a node of ``kind`` must have (a menu also needs at least one key)."""
    match kind:
        case NodeKind.START | NodeKind.MESSAGE:
            return frozenset({NEXT})
        case NodeKind.MENU:
            return frozenset({TIMEOUT, INVALID})
        case NodeKind.INPUT:
            return frozenset({NEXT, TIMEOUT, INVALID})
        case NodeKind.CONDITION:
            return frozenset({TRUE, FALSE})
        case _:
            return frozenset()


@dataclass(frozen=True, slots=True)
class MenuOption:
    key: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Node:
    """One step of the call. Fields that do not apply to ``kind`` keep their defaults."""

    id: str
    kind: NodeKind
    label: str = ""
    x: float = 0.0
    y: float = 0.0
    prompt_id: int | None = None  # a library prompt (its text is copied into prompt_text)
    prompt_text: str = ""
    # menu
    options: tuple[MenuOption, ...] = ()
    # menu and input
    timeout_s: float = 5.0
    retries: int = 2
    # input
    variable: str = ""  # also: the variable a condition compares
    min_length: int = 1
    max_length: int = 1
    terminator: str = "#"  # "" for none: input ends at max_length
    pattern: str = ""  # a regular expression the digits must match ("" accepts any)
    # condition
    test: ConditionTest = ConditionTest.BUSINESS_HOURS
    operator: str = "=="
    value: str = ""
    open_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    open_time: str = "09:00"
    close_time: str = "18:00"
    # transfer
    queue: str = ""

    @property
    def is_terminal(self) -> bool:
        return self.kind in TERMINAL_KINDS

    @property
    def has_prompt(self) -> bool:
        return bool(self.prompt_text.strip()) or self.prompt_id is not None

    def to_dict(self) -> dict[str, Any]:
        """The stored form: common fields plus only those that apply to the kind."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind.value,
            "label": self.label,
            "position": {"x": self.x, "y": self.y},
        }
        if self.kind in PROMPT_ALLOWED:
            out["prompt_id"] = self.prompt_id
            out["prompt_text"] = self.prompt_text
        if self.kind is NodeKind.MENU:
            out["options"] = [{"key": o.key, "label": o.label} for o in self.options]
        if self.kind in ASKING_KINDS:
            out["timeout_s"] = self.timeout_s
            out["retries"] = self.retries
        if self.kind is NodeKind.INPUT:
            out |= {
                "variable": self.variable,
                "min_length": self.min_length,
                "max_length": self.max_length,
                "terminator": self.terminator,
                "pattern": self.pattern,
            }
        if self.kind is NodeKind.CONDITION:
            out["test"] = self.test.value
            if self.test is ConditionTest.COMPARE:
                out |= {"variable": self.variable, "operator": self.operator, "value": self.value}
            else:
                out |= {
                    "open_days": list(self.open_days),
                    "open_time": self.open_time,
                    "close_time": self.close_time,
                }
        if self.kind is NodeKind.TRANSFER:
            out["queue"] = self.queue
        return out


@dataclass(frozen=True, slots=True)
class Edge:
    id: str
    source: str
    target: str
    label: str = NEXT

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "target": self.target, "label": self.label}


@dataclass(frozen=True, slots=True)
class Flow:
    """A whole call flow. ``variables`` are given by the caller's data at the start of the call
    (an outbound campaign's customer name and amount, say), on top of ``SYSTEM_VARIABLES``."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    variables: tuple[str, ...] = ()
    _by_id: dict[str, Node] = field(default_factory=dict, init=False, repr=False, compare=False)
    _out: dict[str, tuple[Edge, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_id = {node.id: node for node in self.nodes}
        out: dict[str, list[Edge]] = {}
        for edge in self.edges:
            out.setdefault(edge.source, []).append(edge)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_out", {k: tuple(v) for k, v in out.items()})

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Flow:
        """Read the stored form; a malformed one raises ``core.flow.schema.FlowSchemaError``."""
        from core.flow.schema import parse_flow

        return parse_flow(document)

    def to_dict(self) -> dict[str, Any]:
        return {
            "variables": list(self.variables),
            "nodes": [node.to_dict() for node in self.nodes],
            "edges": [edge.to_dict() for edge in self.edges],
        }

    def node(self, node_id: str) -> Node:
        return self._by_id[node_id]

    def get(self, node_id: str) -> Node | None:
        return self._by_id.get(node_id)

    def exits(self, node_id: str) -> tuple[Edge, ...]:
        """The edges leaving ``node_id``, in stored order."""
        return self._out.get(node_id, ())

    def exit(self, node_id: str, label: str) -> Edge | None:
        """The first edge leaving ``node_id`` with ``label``."""
        for edge in self._out.get(node_id, ()):
            if edge.label == label:
                return edge
        return None

    def starts(self) -> list[Node]:
        return [node for node in self.nodes if node.kind is NodeKind.START]

    # -- editing: each returns a new Flow ------------------------------------------------

    def with_node(self, node: Node) -> Flow:
        """Add ``node``, or replace the node with its id."""
        if node.id in self._by_id:
            nodes = tuple(node if n.id == node.id else n for n in self.nodes)
        else:
            nodes = (*self.nodes, node)
        return replace(self, nodes=nodes)

    def without_node(self, node_id: str) -> Flow:
        """Remove a node and every edge into or out of it."""
        return replace(
            self,
            nodes=tuple(n for n in self.nodes if n.id != node_id),
            edges=tuple(e for e in self.edges if node_id not in (e.source, e.target)),
        )

    def with_edge(self, edge: Edge) -> Flow:
        """Add ``edge``, or replace the edge with its id."""
        if any(e.id == edge.id for e in self.edges):
            edges = tuple(edge if e.id == edge.id else e for e in self.edges)
        else:
            edges = (*self.edges, edge)
        return replace(self, edges=edges)

    def without_edge(self, edge_id: str) -> Flow:
        return replace(self, edges=tuple(e for e in self.edges if e.id != edge_id))

    def moved(self, positions: Mapping[str, tuple[float, float]]) -> Flow:
        """Nodes put at new positions (ids not in the flow are ignored)."""
        return replace(
            self,
            nodes=tuple(
                replace(n, x=positions[n.id][0], y=positions[n.id][1]) if n.id in positions else n
                for n in self.nodes
            ),
        )

    def new_node_id(self) -> str:
        return _next_id("n", (n.id for n in self.nodes))

    def new_edge_id(self) -> str:
        return _next_id("e", (e.id for e in self.edges))


def _next_id(prefix: str, taken: Iterable[str]) -> str:
    numbers = [int(t[len(prefix) :]) for t in taken if t.startswith(prefix) and t[1:].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"
