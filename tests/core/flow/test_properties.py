"""Properties of the flow engine over generated flows.

``valid_flows`` draws flows a careful designer could make: trees of menus, inputs, conditions
and messages ending in end or transfer nodes (some transfers shared), retry loops bounded by
limit exits, and menu keys back to a menu higher up. ``any_flows`` draws small graphs with any
exits at all, valid or not, to hold the shared exploration to the path-by-path definition.
"""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from core.flow import simulation
from core.flow.exploration import UNKNOWN_DIGITS, Outcome, explore, explore_naively
from core.flow.model import (
    DTMF_KEYS,
    ConditionTest,
    Edge,
    Flow,
    MenuOption,
    Node,
    NodeKind,
    allowed_exits,
)
from core.flow.validation import validate

CALL_DATA = ("customer_name",)
MONDAY_10 = datetime(2026, 11, 23, 10, 0)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Draft:
    def __init__(self, draw) -> None:
        self.draw = draw
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.transfers: list[str] = []

    def add(self, kind: NodeKind, **fields) -> str:
        node_id = f"n{len(self.nodes) + 1}"
        self.nodes.append(Node(node_id, kind, label=f"{kind.value} {node_id}", **fields))
        return node_id

    def link(self, source: str, target: str, label: str = "") -> None:
        self.edges.append(Edge(f"e{len(self.edges) + 1}", source, target, label))

    def text(self, known: tuple[str, ...]) -> str:
        words = self.draw(
            st.lists(
                st.sampled_from(["안내", "말씀", "드립니다", "번호", "눌러"]),
                min_size=1,
                max_size=4,
            )
        )
        if known and self.draw(st.booleans()):
            words.append("{" + self.draw(st.sampled_from(known)) + "}")
        return " ".join(words)

    def block(self, depth: int, known: tuple[str, ...], menus: tuple[str, ...]) -> str:
        """A sub-flow that always ends at an end or transfer; its first node."""
        kinds = ["end", "transfer"]
        if depth < 3:
            kinds += ["message", "menu", "menu", "input", "condition"]
        match self.draw(st.sampled_from(kinds)):
            case "end":
                return self.add(NodeKind.END, prompt_text=self.text(known))
            case "transfer":
                if self.transfers and self.draw(st.booleans()):
                    return self.draw(st.sampled_from(self.transfers))  # shared by several paths
                node = self.add(NodeKind.TRANSFER, prompt_text=self.text(CALL_DATA), queue="상담")
                self.transfers.append(node)
                return node
            case "message":
                node = self.add(NodeKind.MESSAGE, prompt_text=self.text(known))
                self.link(node, self.block(depth + 1, known, menus))
                return node
            case "condition":
                return self.condition(depth, known, menus)
            case "menu":
                return self.menu(depth, known, menus)
            case _:
                return self.input(depth, known, menus)

    def condition(self, depth: int, known: tuple[str, ...], menus: tuple[str, ...]) -> str:
        keyed = [name for name in known if name.startswith("v")]
        if keyed and self.draw(st.booleans()):
            node = self.add(
                NodeKind.CONDITION,
                test=ConditionTest.COMPARE,
                variable=self.draw(st.sampled_from(keyed)),
                operator=self.draw(st.sampled_from(["==", "!=", "<", ">="])),
                value=self.draw(st.sampled_from(["1", "5", "11"])),
            )
        else:
            node = self.add(NodeKind.CONDITION, test=ConditionTest.BUSINESS_HOURS)
        self.link(node, self.block(depth + 1, known, menus), "true")
        self.link(node, self.block(depth + 1, known, menus), "false")
        return node

    def menu(self, depth: int, known: tuple[str, ...], menus: tuple[str, ...]) -> str:
        keys = self.draw(
            st.lists(st.sampled_from("1234567890*"), min_size=1, max_size=3, unique=True)
        )
        node = self.add(
            NodeKind.MENU,
            prompt_text=self.text(known),
            options=tuple(MenuOption(key) for key in keys),
            timeout_s=self.draw(st.sampled_from([3.0, 5.0])),
            retries=self.draw(st.integers(1, 3)),
        )
        for key in keys:
            if menus and self.draw(st.integers(0, 3)) == 0:
                self.link(node, self.draw(st.sampled_from(menus)), key)  # back to a menu above
            else:
                self.link(node, self.block(depth + 1, known, (*menus, node)), key)
        self.failures(node, depth, known, menus)
        return node

    def input(self, depth: int, known: tuple[str, ...], menus: tuple[str, ...]) -> str:
        shortest = self.draw(st.integers(1, 3))
        longest = shortest + self.draw(st.integers(0, 2))
        variable = f"v{len(self.nodes) + 1}"
        node = self.add(
            NodeKind.INPUT,
            prompt_text=self.text(known),
            variable=variable,
            min_length=shortest,
            max_length=longest,
            terminator=self.draw(st.sampled_from(["#", ""])),
            pattern=self.draw(st.sampled_from(["", r"[1-9]\d*"])),
            retries=self.draw(st.integers(1, 3)),
        )
        self.link(node, self.block(depth + 1, (*known, variable), menus))
        self.failures(node, depth, known, menus)
        return node

    def failures(self, node: str, depth: int, known: tuple[str, ...], menus) -> None:
        """A retry loop bounded by a limit exit, or failures that move on."""
        if self.draw(st.booleans()):
            apology = self.add(NodeKind.MESSAGE, prompt_text="잘못 누르셨습니다")
            self.link(node, apology, "invalid")
            self.link(apology, node)
            self.link(node, node, "timeout")
            self.link(node, self.block(depth + 1, known, menus), "limit")
        else:
            self.link(node, self.block(depth + 1, known, menus), "invalid")
            self.link(node, self.block(depth + 1, known, menus), "timeout")


@st.composite
def valid_flows(draw) -> Flow:
    draft = _Draft(draw)
    start = draft.add(NodeKind.START)
    draft.link(start, draft.block(0, CALL_DATA, ()))
    return Flow(tuple(draft.nodes), tuple(draft.edges), variables=CALL_DATA)


@st.composite
def any_flows(draw) -> Flow:
    """Up to 7 nodes of any kinds with any exits, doubled or missing, to any node."""
    size = draw(st.integers(1, 7))
    kinds = [
        NodeKind.START,
        *draw(st.lists(st.sampled_from(list(NodeKind)), min_size=size - 1, max_size=size - 1)),
    ]
    nodes = tuple(
        Node(
            f"n{i}",
            kind,
            prompt_text="가" * draw(st.integers(0, 3)),
            retries=draw(st.integers(0, 2)),
            timeout_s=draw(st.sampled_from([1.0, 2.0])),
            min_length=2,
            max_length=2,
        )
        for i, kind in enumerate(kinds)
    )
    targets = st.sampled_from([node.id for node in nodes])
    edges = []
    for node in nodes:
        labels = [*sorted(allowed_exits(node.kind) - set(DTMF_KEYS)), "1", "2", "5"]
        for label in draw(st.lists(st.sampled_from(labels), max_size=6)):
            edges.append(Edge(f"e{len(edges)}", node.id, draw(targets), label))
    return Flow(nodes, tuple(edges))


def acyclic(flow: Flow) -> bool:
    state: dict[str, int] = {}

    def visit(node_id: str) -> bool:
        state[node_id] = 1
        for edge in flow.exits(node_id):
            mark = state.get(edge.target, 0)
            if mark == 1 or (mark == 0 and not visit(edge.target)):
                return False
        state[node_id] = 2
        return True

    return all(state.get(node.id, 0) == 2 or visit(node.id) for node in flow.nodes)


@SETTINGS
@given(valid_flows())
def test_generated_flows_are_valid_without_unbounded_loops(flow):
    report = validate(flow)
    assert report.ok, report.errors
    assert "loop_without_counter" not in {issue.code for issue in report.warnings}


@SETTINGS
@given(valid_flows())
def test_every_path_of_a_valid_flow_ends_at_an_end_or_a_transfer_and_every_edge_is_taken(flow):
    result = explore(flow)
    assert result.path_count > 0
    assert {path.outcome for path in result.paths} <= {Outcome.END, Outcome.TRANSFER}
    assert result.coverage == 1.0, result.uncovered_edges(flow)
    assert len(result.paths) == min(result.path_count, 10_000)
    if acyclic(flow):
        assert result.loops == 0


@SETTINGS
@given(valid_flows(), st.data())
def test_a_valid_flow_simulates_to_its_end_whatever_the_caller_does(flow, data):
    sim = simulation.start(flow, variables={"customer_name": "김민준"}, now=MONDAY_10)
    for turn in range(500):
        if sim.finished:
            break
        node = flow.node(sim.current)
        if turn >= 30:  # enough wandering: a caller who stops pressing reaches an ending
            sim = simulation.time_out(sim)
        elif sim.waiting_for == "menu":
            key = data.draw(st.sampled_from([*DTMF_KEYS, "timeout"]), label="key")
            sim = simulation.time_out(sim) if key == "timeout" else simulation.press(sim, key)
        else:
            good = "1" * node.min_length + node.terminator
            digits = data.draw(st.sampled_from([good, "", "9" * (node.max_length + 1), "0"]))
            sim = simulation.enter(sim, digits)
    assert sim.outcome in (Outcome.END, Outcome.TRANSFER)
    assert sim.elapsed_s >= 0


@SETTINGS
@given(valid_flows())
def test_the_simulation_retraces_explored_paths_in_the_same_time(flow):
    actions = {"timeout": simulation.time_out, "invalid": simulation.invalid}
    for path in explore(flow, max_paths=50).paths:
        if any(c in ("true", "false") or c == UNKNOWN_DIGITS for c in path.choices):
            continue  # the simulation decides conditions from the clock and the values
        sim = simulation.start(flow, variables={"customer_name": "김민준"}, now=MONDAY_10)
        for choice in path.choices:
            if choice in actions:
                sim = actions[choice](sim)
            elif choice.startswith("digits:"):
                digits = choice.removeprefix("digits:") + flow.node(sim.current).terminator
                sim = simulation.enter(sim, digits)
            else:
                sim = simulation.press(sim, choice)
        assert (sim.outcome, sim.current) == (path.outcome, path.final_node_id)
        assert [s.edge_id for s in sim.steps] == [s.edge_id for s in path.steps]
        assert abs(sim.elapsed_s - path.seconds) < 1e-9


@settings(max_examples=200, deadline=None)
@given(any_flows())
def test_shared_exploration_finds_what_walking_every_path_finds(flow):
    naive = explore_naively(flow, max_paths=100_000, time_limit_s=2.0)
    assume(not naive.truncated)
    shared = explore(flow, max_paths=100_000)

    def listing(result):
        return sorted((p.choices, p.outcome, p.final_node_id, p.steps) for p in result.paths)

    assert listing(shared) == listing(naive)
    assert (shared.path_count, shared.loops) == (naive.path_count, naive.loops)
    assert shared.edges_covered == naive.edges_covered
    assert {k: round(p.seconds, 9) for k, p in shared.longest_waits.items()} == {
        k: round(p.seconds, 9) for k, p in naive.longest_waits.items()
    }


@settings(max_examples=100, deadline=None)
@given(any_flows(), st.integers(1, 6))
def test_shared_exploration_cuts_long_paths_as_the_definition_does(flow, max_steps):
    naive = explore_naively(flow, max_steps=max_steps, max_paths=100_000, time_limit_s=2.0)
    shared = explore(flow, max_steps=max_steps, max_paths=100_000)
    assert sorted(p.choices for p in shared.paths) == sorted(p.choices for p in naive.paths)
    assert (shared.loops, shared.truncated) == (naive.loops, naive.truncated)
    assert shared.edges_covered == naive.edges_covered
