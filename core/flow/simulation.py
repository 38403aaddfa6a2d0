"""One call through a flow, step by step, with the designer as the caller on a keypad.

``start`` places the call; ``press``, ``enter``, ``time_out`` and ``invalid`` are what the
caller does at a menu or an input. Each returns the next ``Simulation`` and changes nothing in
place. Automatic steps (start, message, condition, transfer, end) run by themselves until the
call waits for the caller or finishes. A flow with errors does not make this fail: a missing
exit ends the call as STUCK, and more than ``MAX_AUTOMATIC_STEPS`` steps without the caller
ends it as LOOP, each with a note (a catalog key and its parameters) saying where.

Calling a caller function on a finished call or on the wrong kind of step is a ``ValueError``:
the keypad offers only what fits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from core.flow.exploration import Outcome
from core.flow.model import (
    DTMF_KEYS,
    FALSE,
    INVALID,
    LIMIT,
    NEXT,
    TIMEOUT,
    TRUE,
    WEEKDAYS,
    ConditionTest,
    Edge,
    Flow,
    Node,
    NodeKind,
)
from core.flow.prompts import NO_PROMPTS, PromptCatalog, prompt_of, spoken_text
from core.flow.timing import DEFAULT_SPEECH_RATE, DIGIT_S, KEYPRESS_S, fill, prompt_seconds

MAX_AUTOMATIC_STEPS = 200
"""Steps a call may take without the caller before it is stopped as a loop."""
NO_VARIABLES: Mapping[str, str] = MappingProxyType({})
_FINISHED = {NodeKind.END: Outcome.END, NodeKind.TRANSFER: Outcome.TRANSFER}


@dataclass(frozen=True, slots=True)
class SimStep:
    """One node the call went through: what it said and what happened there.

    ``caller_action`` is the key pressed, ``"digits:<keys>"`` as typed, ``"timeout"`` or
    ``"invalid"``; ``exit`` is the exit label taken (a condition's ``"true"``/``"false"``)."""

    node_id: str
    kind: NodeKind
    label: str
    text: str
    audio_path: str | None
    caller_action: str | None = None
    seconds: float = 0.0
    exit: str | None = None
    edge_id: str | None = None


@dataclass(frozen=True, slots=True)
class Simulation:
    flow: Flow
    prompts: PromptCatalog
    now: datetime
    speech_rate: float
    current: str | None
    """The node the call waits at, or where it finished; None when it never started."""
    variables: Mapping[str, str]
    attempts: Mapping[str, int]
    """Failed attempts so far per menu or input node (never reset during the call)."""
    steps: tuple[SimStep, ...]
    outcome: Outcome | None = None
    waiting_for: str | None = None
    """``"menu"`` or ``"input"`` while the call waits for the caller."""
    note: str | None = None
    note_params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.outcome is not None

    @property
    def elapsed_s(self) -> float:
        return sum(step.seconds for step in self.steps)


def start(
    flow: Flow,
    *,
    prompts: PromptCatalog = NO_PROMPTS,
    variables: Mapping[str, str] = NO_VARIABLES,
    now: datetime,
    speech_rate: float = DEFAULT_SPEECH_RATE,
) -> Simulation:
    """Place the call at ``now`` (the contact centre's local time) with the call data in
    ``variables``, and run it until it waits for the caller or finishes."""
    sim = Simulation(flow, prompts, now, speech_rate, None, dict(variables), {}, ())
    starts = flow.starts()
    if not starts:
        return replace(sim, outcome=Outcome.STUCK, note="flow.sim.no_start")
    return _run(sim, starts[0].id, list(sim.steps), dict(sim.variables), sim.attempts)


def press(sim: Simulation, key: str) -> Simulation:
    """The caller presses ``key`` at a menu: its exit, or a failed attempt when it has none."""
    node = _waiting_node(sim, NodeKind.MENU)
    if key not in DTMF_KEYS:
        raise ValueError(f"not a phone key: {key!r}")
    edge = sim.flow.exit(node.id, key)
    if edge is None:
        return _failed(sim, node, INVALID, key, KEYPRESS_S)
    return _leave(sim, node, edge, key, key, KEYPRESS_S)


def enter(sim: Simulation, digits: str) -> Simulation:
    """The caller keys ``digits`` at an input, maybe ending with its terminator."""
    node = _waiting_node(sim, NodeKind.INPUT)
    if any(key not in DTMF_KEYS for key in digits):
        raise ValueError(f"not phone keys: {digits!r}")
    value = digits
    if node.terminator and digits.endswith(node.terminator):
        value = digits[: -len(node.terminator)]
    action, wait_s = f"digits:{digits}", DIGIT_S * len(digits)
    if not accepts(node, value):
        return _failed(sim, node, INVALID, action, wait_s)
    variables = dict(sim.variables)
    if node.variable.strip():
        variables[node.variable] = value
    return _leave(sim, node, sim.flow.exit(node.id, NEXT), NEXT, action, wait_s, variables)


def time_out(sim: Simulation) -> Simulation:
    """The caller presses nothing until the menu's or input's timeout."""
    node = _waiting_node(sim, None)
    return _failed(sim, node, TIMEOUT, TIMEOUT, node.timeout_s)


def invalid(sim: Simulation) -> Simulation:
    """The caller presses a key no exit uses (or keys digits the input rejects)."""
    node = _waiting_node(sim, None)
    if node.kind is NodeKind.MENU and all(sim.flow.exit(node.id, key) for key in DTMF_KEYS):
        raise ValueError(f"every key of menu {node.id} has an exit")
    return _failed(sim, node, INVALID, INVALID, KEYPRESS_S)


def accepts(node: Node, value: str) -> bool:
    """Whether an input takes ``value`` (the digits without the terminator)."""
    if not value.isascii() or not value.isdigit():
        return False
    if not node.min_length <= len(value) <= node.max_length:
        return False
    if not node.pattern:
        return True
    try:
        return re.fullmatch(node.pattern, value) is not None
    except re.error:
        return False


def condition_holds(node: Node, variables: Mapping[str, str], now: datetime) -> bool:
    """A condition's answer: within business hours at ``now``, or ``variable operator value``
    (as numbers when both sides read as numbers, else as text; false when unset)."""
    if node.test is ConditionTest.BUSINESS_HOURS:
        day = WEEKDAYS[now.weekday()]
        return day in node.open_days and node.open_time <= now.strftime("%H:%M") < node.close_time
    value = variables.get(node.variable)
    if value is None:
        return False
    left, right = _number(value), _number(node.value)
    if left is None or right is None:
        return _compare(value, node.operator, node.value)
    return _compare(left, node.operator, right)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _compare(left: Any, operator: str, right: Any) -> bool:
    match operator:
        case "==":
            return left == right
        case "!=":
            return left != right
        case "<":
            return left < right
        case "<=":
            return left <= right
        case ">":
            return left > right
        case ">=":
            return left >= right
    raise ValueError(f"unknown operator {operator!r}")


# -- moving the call on ----------------------------------------------------------------------


def _waiting_node(sim: Simulation, kind: NodeKind | None) -> Node:
    if sim.outcome is not None or sim.current is None or sim.waiting_for is None:
        raise ValueError("the call has finished")
    if kind is not None and sim.waiting_for != kind.value:
        raise ValueError(f"the call waits at a {sim.waiting_for}, not a {kind.value}")
    return sim.flow.node(sim.current)


def _failed(sim: Simulation, node: Node, failure: str, action: str, wait_s: float) -> Simulation:
    """A failed attempt: counted, then the limit exit once past the retries, else ``failure``."""
    attempts = {**sim.attempts, node.id: sim.attempts.get(node.id, 0) + 1}
    label = failure
    if attempts[node.id] > node.retries and sim.flow.exit(node.id, LIMIT) is not None:
        label = LIMIT
    edge = sim.flow.exit(node.id, label)
    return _leave(sim, node, edge, label, action, wait_s, attempts=attempts)


def _leave(
    sim: Simulation,
    node: Node,
    edge: Edge | None,
    label: str,
    action: str,
    wait_s: float,
    variables: Mapping[str, str] | None = None,
    *,
    attempts: Mapping[str, int] | None = None,
) -> Simulation:
    """Finish the waiting node's step with what the caller did and follow ``edge``."""
    waited = sim.steps[-1]
    done = replace(waited, caller_action=action, seconds=waited.seconds + wait_s)
    sim = replace(
        sim,
        variables=sim.variables if variables is None else variables,
        attempts=sim.attempts if attempts is None else attempts,
        waiting_for=None,
    )
    steps = list(sim.steps[:-1])
    if edge is None or sim.flow.get(edge.target) is None:
        return _stuck(sim, [*steps, done], node, label)
    steps.append(replace(done, exit=label, edge_id=edge.id))
    return _run(sim, edge.target, steps, dict(sim.variables), sim.attempts)


def _run(
    sim: Simulation,
    node_id: str,
    steps: list[SimStep],
    variables: dict[str, str],
    attempts: Mapping[str, int],
) -> Simulation:
    """Arrive at ``node_id`` and go on by itself until the call waits or finishes."""
    flow, automatic = sim.flow, 0
    sim = replace(sim, attempts=attempts)
    while True:
        node = flow.node(node_id)
        if node.kind is NodeKind.TRANSFER:
            variables["queue"] = node.queue
        linked = prompt_of(node, sim.prompts)
        step = SimStep(
            node.id,
            node.kind,
            node.label,
            fill(spoken_text(node, sim.prompts), variables),
            linked.audio_path if linked is not None and linked.has_approved_audio else None,
            seconds=prompt_seconds(node, sim.prompts, speech_rate=sim.speech_rate),
        )
        if node.kind in (NodeKind.MENU, NodeKind.INPUT):
            return replace(
                sim,
                current=node.id,
                steps=(*steps, step),
                variables=variables,
                waiting_for=node.kind.value,
            )
        if node.kind in _FINISHED:
            return replace(
                sim,
                current=node.id,
                steps=(*steps, step),
                variables=variables,
                outcome=_FINISHED[node.kind],
            )
        if automatic == MAX_AUTOMATIC_STEPS:
            return replace(
                sim,
                current=node.id,
                steps=tuple(steps),
                variables=variables,
                outcome=Outcome.LOOP,
                note="flow.sim.loop",
                note_params={"node": node.id, "steps": MAX_AUTOMATIC_STEPS},
            )
        automatic += 1
        label = NEXT
        if node.kind is NodeKind.CONDITION:
            label = TRUE if condition_holds(node, variables, sim.now) else FALSE
        edge = flow.exit(node.id, label)
        if edge is None or flow.get(edge.target) is None:
            sim = replace(sim, variables=variables)
            return _stuck(sim, [*steps, step], node, label)
        steps.append(replace(step, exit=label, edge_id=edge.id))
        node_id = edge.target


def _stuck(sim: Simulation, steps: list[SimStep], node: Node, label: str) -> Simulation:
    return replace(
        sim,
        current=node.id,
        steps=tuple(steps),
        outcome=Outcome.STUCK,
        waiting_for=None,
        note="flow.sim.stuck",
        note_params={"node": node.id, "exit": label},
    )
