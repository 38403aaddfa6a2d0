import random
import time
from itertools import combinations, pairwise

from core.flow.layout import auto_layout
from core.flow.model import Edge, Flow, Node, NodeKind


def call_flow() -> Flow:
    """Start, greeting, a menu with three branches (one nested), a retry loop, an orphan."""
    kinds = {"n1": NodeKind.START, "n2": NodeKind.MESSAGE, "n3": NodeKind.MENU,
             "n4": NodeKind.TRANSFER, "n5": NodeKind.INPUT, "n6": NodeKind.MESSAGE,
             "n7": NodeKind.END, "n8": NodeKind.MESSAGE, "n9": NodeKind.MESSAGE}  # fmt: skip
    edges = [("n1", "n2", ""), ("n2", "n3", ""), ("n3", "n4", "1"), ("n3", "n5", "2"),
             ("n3", "n7", "timeout"), ("n3", "n8", "invalid"), ("n8", "n3", ""),
             ("n5", "n6", ""), ("n6", "n7", ""), ("n5", "n8", "invalid"),
             ("n9", "n7", "")]  # fmt: skip
    return Flow(
        nodes=tuple(Node(i, k, i) for i, k in kinds.items()),
        edges=tuple(Edge(f"e{n}", s, t, label) for n, (s, t, label) in enumerate(edges, 1)),
    )


def generated_flow(size: int, seed: int) -> Flow:
    """A tree of menus with retry loops back to their menu and cross links further down."""
    rng = random.Random(seed)
    nodes = [Node("n0", NodeKind.START)]
    edges: list[Edge] = []
    for index in range(1, size):
        parent = rng.randrange(max(0, index - 12), index)
        nodes.append(Node(f"n{index}", NodeKind.MENU))
        edges.append(Edge(f"e{len(edges)}", f"n{parent}", f"n{index}", str(index % 10)))
        if rng.random() < 0.3:  # "잘못 누르셨습니다" back to an earlier menu
            edges.append(Edge(f"e{len(edges)}", f"n{index}", f"n{parent}", "invalid"))
        if rng.random() < 0.2 and index > 2:
            edges.append(Edge(f"e{len(edges)}", f"n{rng.randrange(index)}", f"n{index}", "#"))
    return Flow(nodes=tuple(nodes), edges=tuple(edges))


def positions(flow: Flow) -> dict[str, tuple[float, float]]:
    return {node.id: (node.x, node.y) for node in flow.nodes}


def assert_no_overlap(flow: Flow, x_gap: float, y_gap: float) -> None:
    for a, b in combinations(flow.nodes, 2):
        assert abs(a.x - b.x) >= x_gap or abs(a.y - b.y) >= y_gap, (a.id, b.id)


def test_nodes_are_layered_down_from_the_start_and_never_overlap():
    laid = auto_layout(call_flow())
    at = positions(laid)
    assert at["n1"] == (0.0, 0.0)
    assert at["n2"][1] == 150 and at["n3"][1] == 300
    # The end is below the longest way to it (start, greeting, menu, input, message, end).
    assert at["n7"][1] == 5 * 150
    assert_no_overlap(laid, 260, 150)
    # Only the positions change.
    assert laid.edges == call_flow().edges
    assert [(n.id, n.kind, n.label) for n in laid.nodes] == [
        (n.id, n.kind, n.label) for n in call_flow().nodes
    ]


def test_every_edge_but_the_loops_back_goes_down_and_unreachable_nodes_sit_in_a_last_row():
    laid = auto_layout(call_flow())
    at = positions(laid)
    back = {("n8", "n3")}
    for edge in laid.edges:
        if (edge.source, edge.target) in back or edge.source == "n9":
            continue
        assert at[edge.target][1] > at[edge.source][1], edge
    assert at["n9"][1] > max(y for node_id, (_, y) in at.items() if node_id != "n9")


def test_each_layer_is_centred_on_zero():
    laid = auto_layout(call_flow(), x_gap=200, y_gap=100)
    rows: dict[float, list[float]] = {}
    for node in laid.nodes:
        rows.setdefault(node.y, []).append(node.x)
    for xs in rows.values():
        assert abs(sum(xs)) < 1e-9
        xs.sort()
        assert [b - a for a, b in pairwise(xs)] == [200] * (len(xs) - 1)


def test_layout_is_deterministic_and_does_not_depend_on_where_nodes_were():
    flow = generated_flow(120, seed=7)
    rng = random.Random(1)
    scattered = flow.moved({n.id: (rng.random() * 900, -rng.random() * 900) for n in flow.nodes})
    assert positions(auto_layout(flow)) == positions(auto_layout(scattered))
    assert positions(auto_layout(auto_layout(flow))) == positions(auto_layout(flow))


def test_branches_keep_their_children_side_by_side_without_crossing():
    # A menu with two sub-menus, each with two leaves: the leaves sit under their own parent.
    edges = [("s", "m", ""), ("m", "a", "1"), ("m", "b", "2"),
             ("b", "b1", "1"), ("a", "a1", "1"), ("b", "b2", "2"), ("a", "a2", "2")]  # fmt: skip
    ids = ["s", "m", "a", "b", "a1", "a2", "b1", "b2"]
    flow = Flow(
        nodes=tuple(Node(i, NodeKind.START if i == "s" else NodeKind.MENU) for i in ids),
        edges=tuple(Edge(f"e{n}", s, t, label) for n, (s, t, label) in enumerate(edges)),
    )
    at = positions(auto_layout(flow))
    left, right = sorted(("a", "b"), key=lambda i: at[i][0])
    assert max(at[f"{left}1"][0], at[f"{left}2"][0]) < min(at[f"{right}1"][0], at[f"{right}2"][0])


def test_a_flow_without_a_start_is_laid_out_from_the_nodes_nothing_leads_to():
    flow = Flow(
        nodes=(Node("a", NodeKind.MESSAGE), Node("b", NodeKind.END)),
        edges=(Edge("e1", "a", "b"),),
    )
    at = positions(auto_layout(flow))
    assert at == {"a": (0.0, 0.0), "b": (0.0, 150.0)}
    assert auto_layout(Flow(nodes=(), edges=())).nodes == ()


def test_300_nodes_are_laid_out_quickly_with_no_overlap():
    flow = generated_flow(300, seed=3)
    started = time.perf_counter()
    laid = auto_layout(flow)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.1, elapsed
    assert_no_overlap(laid, 260, 150)
    assert len({(n.x, n.y) for n in laid.nodes}) == 300


def test_an_edge_goes_up_only_where_it_loops_back_to_a_node_above_it():
    for seed in range(20):
        laid = auto_layout(generated_flow(80, seed))
        at = positions(laid)
        down: dict[str, list[str]] = {}
        for edge in laid.edges:
            if at[edge.target][1] > at[edge.source][1]:
                down.setdefault(edge.source, []).append(edge.target)
        for edge in laid.edges:
            if at[edge.target][1] > at[edge.source][1]:
                continue
            # Not downward: it must close a loop, i.e. its source lies below its target.
            reached, frontier = set(), [edge.target]
            while frontier:
                node_id = frontier.pop()
                if node_id not in reached:
                    reached.add(node_id)
                    frontier.extend(down.get(node_id, []))
            assert edge.source in reached, (seed, edge)
