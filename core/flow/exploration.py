"""Automatic exploration: every way a caller can go through a flow, with its outcome, the keys
pressed, the time it takes, and the branch coverage of all of them.

What a path is
--------------
From the start, a path follows the caller's choices by the rules of the interactive simulation
(``core.flow.simulation``): at a menu each key with an exit, one wrong key (when a key is free)
and a timeout; at an input accepted digits (a value the explorer invents), a rejected entry and
a timeout; at a condition both answers, as the explorer knows neither the clock nor the values.
Failed attempts count per node for the whole call, and past ``retries`` a node with a
``limit`` exit takes it. A path finishes at an end or a transfer, or is STUCK at a node that
lacks the exit it needs; it is cut as LOOP when it comes back to where it has been:

- within a *stretch* (the steps since the caller's last accepted answer: a menu key or accepted
  digits) a state is (node, failed-attempt counters), and reaching a state again ends the path.
  Retry loops (wrong key -> apology -> the menu again) so run until their counter reaches the
  limit, and a loop that moves no counter is cut at once;
- a node visited before the caller's last accepted answer is closed: coming back to it ends the
  path. "Back to the main menu" is a normal caller choice, and what follows it was explored from
  the menu's first visit. Compared with a pure state check, failures do not add up across such
  returns: a limit exit that can only be reached by failing, going back through an earlier menu
  and failing again stays unexplored (and shows as uncovered). In exchange the paths do not
  multiply with every order in which a caller could wander through the menus.

Counters are saturated at retries+1 and kept only for nodes with a limit exit (elsewhere they
change nothing). Set variables are not part of the state: conditions take both answers, so a
value never changes what can happen next.

Paths cut as LOOP are counted (``loops``), not listed; their edges count as covered, since the
exploration took them. A path longer than ``max_steps`` is cut and not counted at all.

How it stays fast
-----------------
What can happen from a state (its moves, the number of paths and loops below it, the longest
clean wait to each transfer) is worked out once and shared: a flow whose paths multiply (the
retry variants of each menu times everything below it) costs about states x choices, not
paths x steps. What follows a state depends on the path above it only through which nodes are
closed, were visited in this stretch, or were visited since a counter last moved; each shared
result records exactly which nodes it asked about (its *probes*) and is reused wherever those
get the same answers. Paths are listed from the shared results when first asked for: clean
paths first (no failed attempt: the routes of a caller who answers), then the others, up to
``max_paths``. The counts, the coverage and the longest waits cover every path, listed or not.

``truncated`` says something was left out: more paths than ``max_paths``, a path past
``max_steps``, or more than ``max_moves`` choices looked at (flows made to defeat the sharing).
``explore_naively`` is the same definition walked path by path, for tests and the benchmark.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache, partial

from core.flow.model import (
    DTMF_KEYS,
    FAILURE_EXITS,
    FALSE,
    INVALID,
    LIMIT,
    NEXT,
    TIMEOUT,
    TRUE,
    Edge,
    Flow,
    Node,
    NodeKind,
)
from core.flow.prompts import NO_PROMPTS, PromptCatalog
from core.flow.timing import DEFAULT_SPEECH_RATE, DIGIT_S, KEYPRESS_S, prompt_seconds

MAX_STEPS_LIMIT = 400
"""The most ``max_steps`` may be: the explorer recurses once per step."""
UNKNOWN_DIGITS = "digits:?"
"""The choice recorded when no invented value matches an input's pattern."""


class Outcome(StrEnum):
    END = "end"
    TRANSFER = "transfer"
    LOOP = "loop"
    STUCK = "stuck"


@dataclass(frozen=True, slots=True)
class PathStep:
    """One node on a path: its prompt plus the caller's wait or keys, and the way out."""

    node_id: str
    edge_id: str | None
    choice: str | None
    seconds: float


@dataclass(frozen=True, slots=True)
class ExploredPath:
    outcome: Outcome
    final_node_id: str
    choices: tuple[str, ...]
    steps: tuple[PathStep, ...]
    seconds: float

    @property
    def failed_attempts(self) -> int:
        return sum(1 for choice in self.choices if choice in FAILURE_EXITS)


@dataclass(frozen=True)
class Exploration:
    """What exploring a flow found. The counts, the coverage and the longest waits take in every
    path; ``paths`` lists up to ``max_paths`` finished ones (END, TRANSFER, and STUCK on a flow
    with errors), clean ones first. The list is put together when first read: validation needs
    only the rest, and listing 10,000 paths costs more than exploring them."""

    loops: int
    edges_covered: frozenset[str]
    edge_count: int
    truncated: bool
    path_count: int = 0
    longest_waits: Mapping[str, ExploredPath] = field(default_factory=dict)
    """For each transfer a clean path reaches: the slowest clean path to it."""
    listing: Callable[[], Iterable[ExploredPath]] = field(default=tuple, repr=False, compare=False)
    """Lists the paths (called once, by ``paths``)."""

    @cached_property
    def paths(self) -> tuple[ExploredPath, ...]:
        return tuple(self.listing())

    @property
    def coverage(self) -> float:
        """Share of the flow's edges some explored path takes (1.0 for a flow without edges)."""
        return len(self.edges_covered) / self.edge_count if self.edge_count else 1.0

    def uncovered_edges(self, flow: Flow) -> tuple[Edge, ...]:
        return tuple(edge for edge in flow.edges if edge.id not in self.edges_covered)


def explore(
    flow: Flow,
    *,
    prompts: PromptCatalog = NO_PROMPTS,
    speech_rate: float = DEFAULT_SPEECH_RATE,
    max_steps: int = 200,
    max_paths: int = 10_000,
    max_moves: int = 200_000,
) -> Exploration:
    """Every path through ``flow`` (see the module docstring); an empty exploration when the
    flow has no start or several (validation reports those)."""
    _check_bounds(max_steps)
    starts = flow.starts()
    if len(starts) != 1:
        return Exploration(0, frozenset(), len(flow.edges), False)
    explorer = _Explorer(flow, prompts, speech_rate, max_steps, max_moves)
    root = explorer.visit(starts[0].id, _NO_COUNTS, _NOTHING, _NOTHING, _NOTHING, 0)
    return Exploration(
        loops=root.loops,
        edges_covered=_covered(root),
        edge_count=len(flow.edges),
        truncated=explorer.truncated or root.paths > max_paths,
        path_count=root.paths,
        longest_waits={
            node.id: _slowest(root, node.id) for node in flow.nodes if node.id in root.longest
        },
        listing=partial(_listed, root, max_paths),
    )


def explore_naively(
    flow: Flow,
    *,
    prompts: PromptCatalog = NO_PROMPTS,
    speech_rate: float = DEFAULT_SPEECH_RATE,
    max_steps: int = 200,
    max_paths: int = 10_000,
    time_limit_s: float | None = None,
) -> Exploration:
    """The definition walked literally, path by path with nothing shared (exponential): the
    check on ``explore`` in the tests and its baseline in the benchmark. Stops (truncated) after
    ``time_limit_s``; ``path_count`` is then the paths found so far."""
    _check_bounds(max_steps)
    starts = flow.starts()
    if len(starts) != 1:
        return Exploration(0, frozenset(), len(flow.edges), False)
    plans = {node.id: _Plan.of(node, flow, prompts, speech_rate) for node in flow.nodes}
    deadline = None if time_limit_s is None else time.perf_counter() + time_limit_s
    listed: list[ExploredPath] = []
    covered: set[str] = set()
    slowest: dict[str, ExploredPath] = {}
    tally = {"paths": 0, "loops": 0}
    truncated = False

    def finish(steps: list[PathStep], outcome: Outcome) -> None:
        path = _path(steps, outcome)
        tally["paths"] += 1
        covered.update(step.edge_id for step in steps if step.edge_id is not None)
        if len(listed) < max_paths:
            listed.append(path)
        clean = path.failed_attempts == 0
        best = slowest.get(path.final_node_id)
        if outcome is Outcome.TRANSFER and clean and (best is None or path.seconds > best.seconds):
            slowest[path.final_node_id] = path

    def walk(
        node_id: str,
        counts: Counts,
        closed: frozenset[str],
        stretch: set[tuple[str, Counts]],
        steps: list[PathStep],
    ) -> None:
        nonlocal truncated
        if deadline is not None and time.perf_counter() > deadline:
            truncated = True
            return
        if node_id in closed or (node_id, counts) in stretch:
            tally["loops"] += 1
            covered.update(step.edge_id for step in steps if step.edge_id is not None)
            return
        if len(steps) >= max_steps:
            truncated = True
            return
        plan = plans[node_id]
        if plan.outcome is not None:
            finish([*steps, PathStep(node_id, None, None, plan.seconds)], plan.outcome)
            return
        for choice in plan.choices(counts):
            step = PathStep(node_id, choice.edge_id, choice.label, plan.seconds + choice.wait_s)
            if choice.target is None or choice.target not in plans:
                finish([*steps, step], Outcome.STUCK)
            elif choice.answer:
                was_here = closed | {node for node, _ in stretch} | {node_id}
                walk(choice.target, _NO_COUNTS, was_here, set(), [*steps, step])
            else:
                after = counts if choice.counts is None else choice.counts
                state = (node_id, counts)
                walk(choice.target, after, closed, stretch | {state}, [*steps, step])

    walk(starts[0].id, _NO_COUNTS, frozenset(), set(), [])
    return Exploration(
        loops=tally["loops"],
        edges_covered=frozenset(covered),
        edge_count=len(flow.edges),
        truncated=truncated or tally["paths"] > max_paths,
        path_count=tally["paths"],
        longest_waits={node.id: slowest[node.id] for node in flow.nodes if node.id in slowest},
        listing=partial(tuple, listed),
    )


def _check_bounds(max_steps: int) -> None:
    if not 1 <= max_steps <= MAX_STEPS_LIMIT:
        raise ValueError(f"max_steps must be 1..{MAX_STEPS_LIMIT}, not {max_steps}")


# -- what can happen at a node ---------------------------------------------------------------

Counts = frozenset[tuple[str, int]]
"""Failed attempts so far at the nodes (with a limit exit) of this stretch; 0 is left out."""
_NO_COUNTS: Counts = frozenset()
_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Choice:
    label: str | None  # as recorded: "1", "timeout", "digits:1111", "true"; None for the way on
    wait_s: float
    edge_id: str | None  # None: the node lacks this exit (the path is STUCK)
    target: str | None
    answer: bool  # the caller's accepted answer: a new stretch starts after it
    failure: bool
    counts: Counts | None  # the counts after it; None: unchanged

    @classmethod
    def along(
        cls, label: str | None, wait_s: float, edge: Edge | None, *, answer: bool = False,
        failure: bool = False, counts: Counts | None = None,
    ) -> _Choice:  # fmt: skip
        """The choice that takes ``edge`` (None: the node lacks that exit)."""
        return cls(label, wait_s, edge.id if edge else None, edge.target if edge else None,
                   answer, failure, counts)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Plan:
    """A node's prompt time and the choices it offers, failures apart (they depend on counts)."""

    node_id: str
    seconds: float
    outcome: Outcome | None  # END or TRANSFER for terminal nodes
    fixed: tuple[_Choice, ...]
    failures: tuple[tuple[str, float, Edge | None], ...]
    limit: Edge | None
    retries: int

    @classmethod
    def of(cls, node: Node, flow: Flow, prompts: PromptCatalog, speech_rate: float) -> _Plan:
        seconds = prompt_seconds(node, prompts, speech_rate=speech_rate)
        outcome = {NodeKind.END: Outcome.END, NodeKind.TRANSFER: Outcome.TRANSFER}.get(node.kind)
        fixed: list[_Choice] = []
        failures: list[tuple[str, float, Edge | None]] = []
        limit = None

        def way(label: str | None, wait_s: float, edge: Edge | None, answer: bool) -> _Choice:
            return _Choice.along(label, wait_s, edge, answer=answer)

        match node.kind:
            case NodeKind.START | NodeKind.MESSAGE:
                fixed.append(way(None, 0.0, flow.exit(node.id, NEXT), False))
            case NodeKind.CONDITION:
                for label in (TRUE, FALSE):
                    fixed.append(way(label, 0.0, flow.exit(node.id, label), False))
            case NodeKind.MENU:
                keys = [edge for edge in _first_by_label(flow, node.id) if edge.label in DTMF_KEYS]
                fixed += [way(edge.label, KEYPRESS_S, edge, True) for edge in keys]
                if len(keys) < len(DTMF_KEYS):
                    failures.append((INVALID, KEYPRESS_S, flow.exit(node.id, INVALID)))
                failures.append((TIMEOUT, node.timeout_s, flow.exit(node.id, TIMEOUT)))
                limit = flow.exit(node.id, LIMIT)
            case NodeKind.INPUT:
                digits = example_digits(node.pattern, node.min_length, node.max_length)
                label = UNKNOWN_DIGITS if digits is None else f"digits:{digits}"
                keyed = len(digits or "1" * node.min_length) + (1 if node.terminator else 0)
                fixed.append(way(label, keyed * DIGIT_S, flow.exit(node.id, NEXT), True))
                failures.append((INVALID, KEYPRESS_S, flow.exit(node.id, INVALID)))
                failures.append((TIMEOUT, node.timeout_s, flow.exit(node.id, TIMEOUT)))
                limit = flow.exit(node.id, LIMIT)
        return cls(node.id, seconds, outcome, tuple(fixed), tuple(failures), limit, node.retries)

    def choices(self, counts: Counts) -> Iterator[_Choice]:
        yield from self.fixed
        if not self.failures:
            return
        if self.limit is None:
            for label, wait_s, edge in self.failures:
                yield _Choice.along(label, wait_s, edge, failure=True)
            return
        count = next((c for node_id, c in counts if node_id == self.node_id), 0) + 1
        if count > self.retries:
            edge_of = dict.fromkeys((label for label, _, _ in self.failures), self.limit)
        else:
            edge_of = {label: edge for label, _, edge in self.failures}
        counted = min(count, self.retries + 1)
        after = frozenset(
            {item for item in counts if item[0] != self.node_id} | {(self.node_id, counted)}
        )
        for label, wait_s, _ in self.failures:
            yield _Choice.along(label, wait_s, edge_of[label], failure=True, counts=after)


def _first_by_label(flow: Flow, node_id: str) -> list[Edge]:
    """A node's exits, the first edge of each label only (the one a call takes)."""
    seen: dict[str, Edge] = {}
    for edge in flow.exits(node_id):
        seen.setdefault(edge.label, edge)
    return list(seen.values())


@lru_cache(maxsize=512)
def example_digits(pattern: str, min_length: int, max_length: int) -> str | None:
    """Digits an input would accept: "1" x min_length, or with a pattern the first of a few
    plain candidates (a digit repeated, counting up, a mobile-number prefix) that matches it;
    None when none does."""
    if not pattern:
        return "1" * min_length
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    for length in range(min_length, max_length + 1):
        for candidate in _candidates(length):
            if compiled.fullmatch(candidate):
                return candidate
    return None


def _candidates(length: int) -> Iterator[str]:
    for digit in "1234567890":
        yield digit * length
    yield ("1234567890" * 4)[:length]
    yield ("0123456789" * 4)[:length]
    for prefix in ("01", "010"):
        if length > len(prefix):
            for digit in "0123456789":
                yield prefix + digit * (length - len(prefix))


# -- the shared exploration ------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Result:
    """What can happen from one state. ``moves`` are (step, failed, result below or None,
    outcome when the path ends at this step). ``probes`` are the nodes it asked about in the
    path above (closed, in this stretch, in this run), ``answers`` the ones that were."""

    moves: list[tuple[PathStep, bool, _Result | None, Outcome | None]]
    paths: int
    clean: int
    loops: int
    length: int
    exact: bool
    longest: dict[str, tuple[float, int]]  # transfer -> (seconds, index of the move toward it)
    probes: tuple[frozenset[str], frozenset[str], frozenset[str]]
    answers: tuple[frozenset[str], frozenset[str], frozenset[str]]

    def fits(self, closed: frozenset[str], stretch: frozenset[str], run: frozenset[str]) -> bool:
        (in_closed, in_stretch, in_run), answers = self.probes, self.answers
        return (
            closed & in_closed == answers[0]
            and stretch & in_stretch == answers[1]
            and run & in_run == answers[2]
        )


_CUT = _Result([], 0, 0, 0, 0, False, {}, (_NOTHING,) * 3, (_NOTHING,) * 3)
"""A path cut by a bound: not counted, and nothing above it is shared."""


class _Explorer:
    """The state of one ``explore`` call. A state's context is the path above it, seen as
    ``closed`` (nodes before the last accepted answer), ``stretch`` (nodes since it) and
    ``run`` (nodes since a counter last moved: reaching one of them repeats a state)."""

    def __init__(
        self,
        flow: Flow,
        prompts: PromptCatalog,
        speech_rate: float,
        max_steps: int,
        max_moves: int,
    ) -> None:
        self.plans = {node.id: _Plan.of(node, flow, prompts, speech_rate) for node in flow.nodes}
        self.max_steps, self.max_moves = max_steps, max_moves
        self.moves = 0
        self.truncated = False
        self.shared: dict[tuple[str, Counts], list[_Result]] = {}
        self.loop_results: dict[tuple[str, bool], _Result] = {}
        self.terminal_results: dict[str, _Result] = {}

    def visit(
        self,
        node_id: str,
        counts: Counts,
        closed: frozenset[str],
        stretch: frozenset[str],
        run: frozenset[str],
        depth: int,
    ) -> _Result:
        if node_id in closed:
            return self._loop(node_id, in_run=False)
        if node_id in run:
            return self._loop(node_id, in_run=True)
        if depth >= self.max_steps or self.moves >= self.max_moves:
            self.truncated = True
            return _CUT
        key = (node_id, counts)
        for result in self.shared.get(key, ()):
            if depth + result.length <= self.max_steps and result.fits(closed, stretch, run):
                return result
        result = self._expand(node_id, counts, closed, stretch, run, depth)
        if result.exact:
            self.shared.setdefault(key, []).append(result)
        return result

    def _loop(self, node_id: str, *, in_run: bool) -> _Result:
        result = self.loop_results.get((node_id, in_run))
        if result is None:
            me = frozenset({node_id})
            probes = (me, _NOTHING, me if in_run else _NOTHING)
            answers = (_NOTHING, _NOTHING, me) if in_run else (me, _NOTHING, _NOTHING)
            result = _Result([], 0, 0, 1, 0, True, {}, probes, answers)
            self.loop_results[(node_id, in_run)] = result
        return result

    def _expand(
        self,
        node_id: str,
        counts: Counts,
        closed: frozenset[str],
        stretch: frozenset[str],
        run: frozenset[str],
        depth: int,
    ) -> _Result:
        plan = self.plans[node_id]
        me = frozenset({node_id})
        if plan.outcome is not None:
            return self._terminal(plan, me)
        asked_closed, asked_stretch, asked_run = set(me), set(), set(me)
        moves: list[tuple[PathStep, bool, _Result | None, Outcome | None]] = []
        paths = clean = loops = 0
        length, exact = 1, True
        longest: dict[str, tuple[float, int]] = {}
        closed_after_answer = None
        for choice in plan.choices(counts):
            self.moves += 1
            step = PathStep(node_id, choice.edge_id, choice.label, plan.seconds + choice.wait_s)
            if choice.target is None or choice.target not in self.plans:
                moves.append((step, choice.failure, None, Outcome.STUCK))
                paths += 1
                clean += not choice.failure
                continue
            if choice.answer:
                if closed_after_answer is None:
                    closed_after_answer = closed | stretch | me
                below = self.visit(
                    choice.target, _NO_COUNTS, closed_after_answer, _NOTHING, _NOTHING, depth + 1
                )
                asked_closed |= below.probes[0]
                asked_stretch |= below.probes[0]
            else:
                after = counts if choice.counts is None else choice.counts
                same_counts = after == counts
                below = self.visit(
                    choice.target,
                    after,
                    closed,
                    stretch | me,
                    run | me if same_counts else _NOTHING,
                    depth + 1,
                )
                asked_closed |= below.probes[0]
                asked_stretch |= below.probes[1]
                if same_counts:
                    asked_run |= below.probes[2]
            moves.append((step, choice.failure, below, None))
            paths += below.paths
            loops += below.loops
            length = max(length, below.length + 1)
            exact = exact and below.exact
            if not choice.failure:
                clean += below.clean
                for transfer, (seconds, _) in below.longest.items():
                    total = step.seconds + seconds
                    if total > longest.get(transfer, (-1.0, 0))[0]:
                        longest[transfer] = (total, len(moves) - 1)
        asked_stretch.discard(node_id)  # whatever the path above, this node is in the stretch
        probes = (frozenset(asked_closed), frozenset(asked_stretch), frozenset(asked_run))
        answers = (closed & probes[0], stretch & probes[1], run & probes[2])
        return _Result(moves, paths, clean, loops, length, exact, longest, probes, answers)

    def _terminal(self, plan: _Plan, me: frozenset[str]) -> _Result:
        result = self.terminal_results.get(plan.node_id)
        if result is None:
            step = PathStep(plan.node_id, None, None, plan.seconds)
            longest = {plan.node_id: (plan.seconds, 0)} if plan.outcome is Outcome.TRANSFER else {}
            result = _Result(
                [(step, False, None, plan.outcome)],
                1,
                1,
                0,
                1,
                True,
                longest,
                (me, _NOTHING, me),
                (_NOTHING,) * 3,
            )
            self.terminal_results[plan.node_id] = result
        return result


# -- reading the results ---------------------------------------------------------------------


def _path(steps: list[PathStep], outcome: Outcome) -> ExploredPath:
    return ExploredPath(
        outcome=outcome,
        final_node_id=steps[-1].node_id,
        choices=tuple(step.choice for step in steps if step.choice is not None),
        steps=tuple(steps),
        seconds=sum(step.seconds for step in steps),
    )


def _listed(root: _Result, max_paths: int) -> list[ExploredPath]:
    """Up to ``max_paths`` finished paths: the clean ones, then those with a failed attempt."""
    listed: list[ExploredPath] = []
    for clean in (True, False):
        for path in _walk(root, clean=clean):
            if len(listed) >= max_paths:
                return listed
            listed.append(path)
    return listed


def _walk(root: _Result, *, clean: bool) -> Iterator[ExploredPath]:
    """Depth first over the shared results, skipping parts with no path of the kind wanted;
    the steps, choices and seconds of the path so far are kept as it goes."""
    steps: list[PathStep] = []
    choices: list[str] = []
    seconds = [0.0]
    stack = [(iter(root.moves), False)]  # the moves left at each result, a failure above
    while stack:
        moves, failed = stack[-1]
        for step, failure, below, outcome in moves:
            if clean and failure:
                continue
            failed_here = failed or failure
            if outcome is not None:
                if failed_here != clean:
                    chosen = tuple(choices) if step.choice is None else (*choices, step.choice)
                    total = seconds[-1] + step.seconds
                    yield ExploredPath(outcome, step.node_id, chosen, (*steps, step), total)
                continue
            if below is None:
                continue
            if clean:
                wanted = below.clean
            elif failed_here:
                wanted = below.paths
            else:
                wanted = below.paths - below.clean
            if wanted:
                steps.append(step)
                seconds.append(seconds[-1] + step.seconds)
                if step.choice is not None:
                    choices.append(step.choice)
                stack.append((iter(below.moves), failed_here))
                break
        else:
            stack.pop()
            if steps:
                seconds.pop()
                if steps.pop().choice is not None:
                    choices.pop()


def _covered(root: _Result) -> frozenset[str]:
    """Edges some counted path takes: moves into finished, stuck or looping paths."""
    covered: set[str] = set()
    seen: set[int] = set()
    todo = [root]
    while todo:
        result = todo.pop()
        if id(result) in seen:
            continue
        seen.add(id(result))
        for step, _, below, _ in result.moves:
            if below is _CUT or step.edge_id is None:
                continue
            if below is None or below.paths or below.loops:
                covered.add(step.edge_id)
            if below is not None:
                todo.append(below)
    return frozenset(covered)


def _slowest(root: _Result, transfer: str) -> ExploredPath:
    """The slowest clean path to ``transfer``, following each result's pointer toward it."""
    steps: list[PathStep] = []
    result: _Result | None = root
    while result is not None:
        _, index = result.longest[transfer]
        step, _, result, _ = result.moves[index]
        steps.append(step)
    return _path(steps, Outcome.TRANSFER)
