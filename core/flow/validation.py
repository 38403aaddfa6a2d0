"""Checking a flow before it is published or deployed: errors block both, warnings are shown.

Each issue names its node (and edge, when one edge is at fault) and carries the catalog key
``flow.issue.<code>`` with the parameters its message needs; exit labels are passed as they are
(``""`` for a node's one way on), for the page to name them.

Validation explores the flow once (``core.flow.exploration``) for the long-wait warning and
hands the exploration back in the report. The long-wait warning looks at *clean* paths only, on
which the caller answers every question at once: with failed attempts nearly any transfer can be
kept waiting past a minute, and a caller who does everything right is the one the design is for.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.flow.exploration import Exploration, explore
from core.flow.model import (
    DTMF_KEYS,
    FALSE,
    INVALID,
    LIMIT,
    NEXT,
    PROMPT_ALLOWED,
    PROMPT_REQUIRED,
    SYSTEM_VARIABLES,
    TIMEOUT,
    TRUE,
    ConditionTest,
    Edge,
    Flow,
    Node,
    NodeKind,
    allowed_exits,
    required_exits,
)
from core.flow.prompts import NO_PROMPTS, PromptCatalog, spoken_text
from core.flow.timing import DEFAULT_SPEECH_RATE, placeholders

MAX_MENU_OPTIONS = 5
"""More key choices than this in one menu are hard to keep in mind while listening."""
CODES = (
    "no_start",
    "many_starts",
    "unreachable",
    "missing_prompt",
    "unknown_prompt",
    "missing_exit",
    "invalid_exit",
    "duplicate_key",
    "menu_key_without_target",
    "undeclared_key",
    "exit_from_terminal",
    "input_without_variable",
    "condition_without_variable",
    "variable_before_set",
    "empty_queue",
    "loop_without_counter",
    "too_many_options",
    "long_wait",
)
"""Every issue code, in the order issues of one node are listed."""
_REQUIRED_ORDER = (NEXT, TRUE, FALSE, TIMEOUT, INVALID)
_UNATTENDED_FAILURES = (INVALID, TIMEOUT)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    severity: Severity
    code: str
    node_id: str | None = None
    edge_id: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"flow.issue.{self.code}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Issues errors first, then by node order; and the exploration made for them."""

    issues: tuple[Issue, ...]
    exploration: Exploration

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """No errors: the flow may be published and deployed."""
        return not any(issue.severity is Severity.ERROR for issue in self.issues)

    def for_node(self, node_id: str) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.node_id == node_id)


def validate(
    flow: Flow,
    *,
    prompts: PromptCatalog = NO_PROMPTS,
    speech_rate: float = DEFAULT_SPEECH_RATE,
    max_wait_s: float = 60.0,
) -> ValidationReport:
    """Every issue of ``flow``. ``prompts`` is the library; when it is empty, links to prompts
    are not checked."""
    starts = flow.starts()
    usable = _usable_exits(flow)
    issues: list[Issue] = []
    if not starts:
        issues.append(Issue(Severity.ERROR, "no_start"))
    for extra in starts[1:]:
        issues.append(_error("many_starts", extra, first=starts[0].id))
    reachable = _reachable(flow, starts, usable)
    for node in flow.nodes:
        if starts and node.id not in reachable:
            issues.append(_error("unreachable", node))
        issues += _prompt_issues(node, prompts)
        issues += _exit_issues(node, flow, usable[node.id])
        issues += _field_issues(node)
    if starts:
        issues += _variables_before_set(flow, starts[0], prompts, usable)
    issues += _loops_without_counter(flow, usable)
    exploration = explore(flow, prompts=prompts, speech_rate=speech_rate)
    issues += _long_waits(exploration, max_wait_s)
    return ValidationReport(_in_order(issues, flow), exploration)


def _error(code: str, node: Node, edge: Edge | None = None, **params: Any) -> Issue:
    edge_id = edge.id if edge else None
    return Issue(Severity.ERROR, code, node.id, edge_id, {"node": node.id, **params})


def _warning(code: str, node_id: str, **params: Any) -> Issue:
    return Issue(Severity.WARNING, code, node_id, None, {"node": node_id, **params})


def _in_order(issues: list[Issue], flow: Flow) -> tuple[Issue, ...]:
    node_order = {node.id: index for index, node in enumerate(flow.nodes)}
    edge_order = {edge.id: index for index, edge in enumerate(flow.edges)}
    code_order = {code: index for index, code in enumerate(CODES)}
    return tuple(
        sorted(
            issues,
            key=lambda issue: (
                issue.severity is not Severity.ERROR,
                node_order.get(issue.node_id, -1),
                code_order[issue.code],
                edge_order.get(issue.edge_id, -1),
            ),
        )
    )


def _usable_exits(flow: Flow) -> dict[str, dict[str, Edge]]:
    """Per node, the exits a call can take: allowed labels, the first edge of each, to a node
    of the flow; none from an end or a transfer."""
    usable: dict[str, dict[str, Edge]] = {}
    for node in flow.nodes:
        allowed = allowed_exits(node.kind)
        exits: dict[str, Edge] = {}
        for edge in flow.exits(node.id):
            if edge.label in allowed and flow.get(edge.target) is not None:
                exits.setdefault(edge.label, edge)
        usable[node.id] = exits
    return usable


def _reachable(flow: Flow, starts: list[Node], usable: dict[str, dict[str, Edge]]) -> set[str]:
    seen = {start.id for start in starts}
    todo = deque(seen)
    while todo:
        for edge in usable[todo.popleft()].values():
            if edge.target not in seen:
                seen.add(edge.target)
                todo.append(edge.target)
    return seen


# -- one node at a time ----------------------------------------------------------------------


def _prompt_issues(node: Node, prompts: PromptCatalog) -> Iterable[Issue]:
    if node.kind in PROMPT_REQUIRED and not spoken_text(node, prompts).strip():
        yield _error("missing_prompt", node)
    if (
        node.kind in PROMPT_ALLOWED
        and prompts
        and node.prompt_id is not None
        and node.prompt_id not in prompts
    ):
        yield _error("unknown_prompt", node, prompt=node.prompt_id)


def _exit_issues(node: Node, flow: Flow, usable: dict[str, Edge]) -> Iterable[Issue]:
    allowed = allowed_exits(node.kind)
    labels: set[str] = set()
    for edge in flow.exits(node.id):
        if node.is_terminal:
            yield _error("exit_from_terminal", node, edge)
        elif edge.label not in allowed:
            yield _error("invalid_exit", node, edge, exit=edge.label)
        elif edge.label in labels:
            yield _error("duplicate_key", node, edge, exit=edge.label)
        labels.add(edge.label)
    if node.is_terminal:
        return
    required = required_exits(node.kind)
    for label in _REQUIRED_ORDER:
        if label in required and label not in usable:
            yield _error("missing_exit", node, exit=label)
    if node.kind is not NodeKind.MENU:
        return
    keys = [label for label in usable if label in DTMF_KEYS]
    if not keys:
        yield _error("missing_exit", node, exit="key")
    declared: set[str] = set()
    for option in node.options:
        if option.key in declared:
            yield _error("duplicate_key", node, exit=option.key)
        elif option.key not in usable:
            yield _error("menu_key_without_target", node, phone_key=option.key)
        declared.add(option.key)
    for key in keys:
        if key not in declared:
            yield _error("undeclared_key", node, usable[key], phone_key=key)
    count = max(len(keys), len(declared))
    if count > MAX_MENU_OPTIONS:
        yield _warning("too_many_options", node.id, count=count, max=MAX_MENU_OPTIONS)


def _field_issues(node: Node) -> Iterable[Issue]:
    if node.kind is NodeKind.INPUT and not node.variable.strip():
        yield _error("input_without_variable", node)
    if (
        node.kind is NodeKind.CONDITION
        and node.test is ConditionTest.COMPARE
        and not node.variable.strip()
    ):
        yield _error("condition_without_variable", node)
    if node.kind is NodeKind.TRANSFER and not node.queue.strip():
        yield _error("empty_queue", node)


# -- across the flow -------------------------------------------------------------------------


def _variables_before_set(
    flow: Flow, start: Node, prompts: PromptCatalog, usable: dict[str, dict[str, Edge]]
) -> list[Issue]:
    """Variables used where some path from the start has not set them: the variables set on
    every path into a node are the intersection over its ways in (to a fixed point)."""
    set_before: dict[str, frozenset[str]] = {
        start.id: frozenset(SYSTEM_VARIABLES) | frozenset(flow.variables)
    }
    todo = deque([start.id])
    while todo:
        node = flow.node(todo.popleft())
        before = set_before[node.id]
        for label, edge in usable[node.id].items():
            after = before
            if node.kind is NodeKind.INPUT and label == NEXT and node.variable.strip():
                after = before | {node.variable}
            if edge.target == start.id:
                continue  # the call begins there with the start's variables, whatever follows
            current = set_before.get(edge.target)
            narrowed = after if current is None else current & after
            if narrowed != current:
                set_before[edge.target] = narrowed
                todo.append(edge.target)
    issues = []
    for node in flow.nodes:
        if node.id not in set_before:
            continue  # unreachable: reported as such
        used = placeholders(spoken_text(node, prompts)) if node.kind in PROMPT_ALLOWED else []
        if node.kind is NodeKind.CONDITION and node.test is ConditionTest.COMPARE:
            used.append(node.variable.strip())
        for name in dict.fromkeys(used):
            if name and name not in set_before[node.id]:
                issues.append(_error("variable_before_set", node, variable=name))
    return issues


def _loops_without_counter(flow: Flow, usable: dict[str, dict[str, Edge]]) -> list[Issue]:
    """Cycles a call can go round with no answer from the caller and no limit exit to stop it:
    once per strongly connected group, naming one such cycle through its first node."""
    automatic: dict[str, list[str]] = {}
    for node in flow.nodes:
        exits = usable[node.id]
        if node.kind in (NodeKind.MENU, NodeKind.INPUT):
            labels = () if LIMIT in exits else _UNATTENDED_FAILURES
        else:
            labels = tuple(exits)  # start and message: the way on; condition: both answers
        automatic[node.id] = [exits[label].target for label in labels if label in exits]
    order = {node.id: index for index, node in enumerate(flow.nodes)}
    issues = []
    for group in _strongly_connected(automatic, [node.id for node in flow.nodes]):
        first = min(group, key=order.__getitem__)
        if len(group) == 1 and first not in automatic[first]:
            continue
        cycle = _cycle_through(first, group, automatic)
        issues.append(_warning("loop_without_counter", first, nodes=" → ".join(cycle)))
    return issues


def _strongly_connected(graph: dict[str, list[str]], nodes: list[str]) -> list[set[str]]:
    """Tarjan's algorithm without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(graph[successor])))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    groups.append(group)
    return groups


def _cycle_through(first: str, group: set[str], graph: dict[str, list[str]]) -> list[str]:
    """The shortest cycle from ``first`` back to it inside ``group``, as node ids."""
    came_from: dict[str, str] = {}
    todo = deque([first])
    while todo:
        node = todo.popleft()
        for successor in graph[node]:
            if successor == first:
                cycle = [node]
                while cycle[-1] != first:
                    cycle.append(came_from[cycle[-1]])
                return [*reversed(cycle), first]
            if successor in group and successor not in came_from:
                came_from[successor] = node
                todo.append(successor)
    return [first, first]  # not reached: every group with a cycle has one through each member


def _long_waits(exploration: Exploration, max_wait_s: float) -> list[Issue]:
    issues = []
    for transfer, path in exploration.longest_waits.items():
        if path.seconds > max_wait_s:
            keys = [choice.removeprefix("digits:") for choice in path.choices]
            keys = [key for key in keys if key not in (TRUE, FALSE)]
            issues.append(
                _warning(
                    "long_wait",
                    transfer,
                    seconds=math.ceil(path.seconds),
                    limit=f"{max_wait_s:g}",
                    keys=" → ".join(keys) or "-",
                )
            )
    return issues
