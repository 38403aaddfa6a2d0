"""ARS flow engine speed: validation (with its full path exploration) of a realistic 300-node
flow, against walking every path one by one.

    PYTHONPATH=. python bench/flow_engine.py [--nodes 300] [--runs 50] [--naive-seconds 10]

The flow is built deterministically: a business-hours check, a main menu of five sub-menus,
each with two deeper menus and services (policy-number input with a pattern, a comparison on the
keyed value, messages, a closing menu), shared transfer queues, retry loops (wrong key -> apology
-> the menu again, timeouts back to the menu) bounded by limit exits, and "9: back" / "*: main
menu" keys. The target is validation + exploration under 100 ms on a 2-core machine. Paths are
listed only when read, so validation and "explore and list" are timed apart.

The naive way is ``core.flow.exploration.explore_naively``: the same definition walked path by
path with nothing shared, stopped after ``--naive-seconds``; its full time is estimated from the
rate it found paths at and the number of paths the shared exploration counted.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.timing import p95, timed_ms
from core.flow.exploration import explore, explore_naively
from core.flow.model import ConditionTest, Edge, Flow, MenuOption, Node, NodeKind
from core.flow.validation import validate

QUEUES = ("보상", "계약", "대출", "연금", "일반")
MENU_NODES = 2  # a menu and its apology message
SERVICE_NODES = 5 + MENU_NODES  # input, retry message, comparison, two answers, closing menu
LEVEL_NODES = 2 * (3 * SERVICE_NODES + MENU_NODES) + SERVICE_NODES + MENU_NODES


class _Builder:
    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.edges: list[Edge] = []
        self.back_keys: list[tuple[str, str]] = []

    def node(self, kind: NodeKind, label: str, **fields: object) -> str:
        node_id = f"n{len(self.nodes) + 1}"
        self.nodes.append(Node(node_id, kind, label, **fields))
        return node_id

    def edge(self, source: str, target: str, label: str = "") -> None:
        self.edges.append(Edge(f"e{len(self.edges) + 1}", source, target, label))

    def menu(
        self, label: str, keys: dict[str, str], *, limit_to: str, back: str | None = None
    ) -> str:
        """A menu with its retry loop: wrong key -> apology -> menu, timeout -> menu; a ``back``
        key is declared now and connected to the main menu once it exists."""
        options = [MenuOption(key, f"{label} {key}") for key in keys]
        if back:
            options.append(MenuOption(back, "처음으로"))
        spoken = ", ".join(f"{key}번" for key in keys)
        menu = self.node(
            NodeKind.MENU,
            label,
            prompt_text=f"{label}입니다. {spoken}을 눌러 주세요.",
            options=tuple(options),
            retries=2,
            timeout_s=5.0,
        )
        if back:
            self.back_keys.append((menu, back))
        for key, target in keys.items():
            self.edge(menu, target, key)
        apology = self.node(
            NodeKind.MESSAGE, f"{label} 오류", prompt_text="잘못 누르셨습니다. 다시 들려 드립니다."
        )
        self.edge(menu, apology, "invalid")
        self.edge(apology, menu)
        self.edge(menu, menu, "timeout")
        self.edge(menu, limit_to, "limit")
        return menu


def realistic_flow(target_nodes: int = 300) -> Flow:
    """A deterministic flow of about ``target_nodes`` nodes (see the module docstring)."""
    b = _Builder()
    start = b.node(NodeKind.START, "시작")
    hours = b.node(NodeKind.CONDITION, "영업시간", test=ConditionTest.BUSINESS_HOURS)
    closed = b.node(
        NodeKind.MESSAGE,
        "영업시간 외",
        prompt_text="지금은 상담 시간이 아닙니다. 평일 9시부터 18시까지 전화 주세요.",
    )
    goodbye = b.node(NodeKind.END, "종료", prompt_text="이용해 주셔서 감사합니다.")
    welcome = b.node(
        NodeKind.MESSAGE, "환영", prompt_text="{customer_name} 고객님, 피플생명입니다."
    )
    queues = {
        queue: b.node(
            NodeKind.TRANSFER,
            f"{queue} 상담",
            prompt_text=f"{queue} 상담원을 연결해 드리겠습니다. 잠시만 기다려 주세요.",
            queue=queue,
        )
        for queue in QUEUES
    }
    b.edge(start, hours)
    b.edge(hours, welcome, "true")
    b.edge(hours, closed, "false")
    b.edge(closed, goodbye)
    main_placeholder = b.node(NodeKind.MESSAGE, "메인 안내", prompt_text="주요 메뉴를 안내합니다.")
    b.edge(welcome, main_placeholder)

    submenus: dict[str, str] = {}
    for level in range(1, 10):
        room = target_nodes - len(b.nodes) - MENU_NODES  # the main menu comes last
        queue = queues[QUEUES[(level - 1) % len(QUEUES)]]
        keys: dict[str, str] = {}
        if room >= LEVEL_NODES:  # two deeper menus of three services each, and one service
            for sub in (1, 2):
                services = {
                    str(k): _service(b, f"업무{level}-{sub}-{k}", queue, goodbye) for k in (1, 2, 3)
                }
                services["0"] = queue
                deeper = b.menu(f"세부 메뉴 {level}-{sub}", services, limit_to=queue, back="*")
                keys[str(sub)] = deeper
            keys["3"] = _service(b, f"업무{level}-조회", queue, goodbye)
        else:  # what room is left: services straight under one last sub-menu
            fits = min(3, (room - MENU_NODES) // SERVICE_NODES)
            if fits < 1:
                break
            for key in range(1, fits + 1):
                keys[str(key)] = _service(b, f"업무{level}-{key}", queue, goodbye)
        keys["0"] = queue
        submenus[str(level)] = b.menu(f"하위 메뉴 {level}", keys, limit_to=queue, back="9")
    main = b.menu("주 메뉴", submenus | {"0": queues["일반"]}, limit_to=queues["일반"])
    b.edge(main_placeholder, main)
    for menu, key in b.back_keys:
        b.edge(menu, main, key)
    used = {edge.target for edge in b.edges} | {start}  # a small flow leaves some queues out
    nodes = tuple(node for node in b.nodes if node.id in used)
    return Flow(nodes, tuple(b.edges), variables=("customer_name",))


def _service(b: _Builder, label: str, queue: str, goodbye: str) -> str:
    """Policy number input (retry loop, limit to an agent), a comparison on it, an answer, and
    a closing menu: 1 hear again, 0 agent."""
    ask = b.node(
        NodeKind.INPUT,
        f"{label} 증권번호",
        prompt_text="증권번호 8자리를 누르고 우물정자를 눌러 주세요.",
        variable="policy",
        min_length=8,
        max_length=8,
        pattern=r"[1-9]\d{7}",
        timeout_s=10.0,
    )
    retry = b.node(NodeKind.MESSAGE, f"{label} 재입력", prompt_text="번호가 맞지 않습니다.")
    check = b.node(
        NodeKind.CONDITION,
        f"{label} 확인",
        test=ConditionTest.COMPARE,
        variable="policy",
        operator=">=",
        value="50000000",
    )
    new = b.node(NodeKind.MESSAGE, f"{label} 신계약", prompt_text="증권 {policy}은 신계약입니다.")
    old = b.node(NodeKind.MESSAGE, f"{label} 기존", prompt_text="증권 {policy}의 안내입니다.")
    closing = b.menu(f"{label} 마무리", {"1": ask, "0": queue}, limit_to=goodbye)
    b.edge(ask, check)
    b.edge(ask, retry, "invalid")
    b.edge(retry, ask)
    b.edge(ask, ask, "timeout")
    b.edge(ask, queue, "limit")
    b.edge(check, new, "true")
    b.edge(check, old, "false")
    b.edge(new, closing)
    b.edge(old, closing)
    return ask


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--naive-seconds", type=float, default=10.0)
    args = parser.parse_args()
    flow = realistic_flow(args.nodes)
    report = validate(flow)
    result = report.exploration
    validate(flow)  # warm up (regex caches, imports)
    validation = timed_ms(lambda: validate(flow), args.runs)
    listing = timed_ms(lambda: explore(flow).paths, args.runs)
    naive_began = time.perf_counter()
    naive = explore_naively(flow, time_limit_s=args.naive_seconds)
    naive_s = time.perf_counter() - naive_began
    naive_rate = naive.path_count / naive_s

    print(
        f"flow: {len(flow.nodes)} nodes, {len(flow.edges)} edges; {result.path_count:,} finished "
        f"paths, {result.loops:,} cut as loops; coverage {result.coverage:.0%}; "
        f"{len(result.paths):,} listed; issues: {len(report.errors)} errors, "
        f"{len(report.warnings)} warnings"
    )
    print()
    print("| what | median | p95 | runs |")
    print("|---|---:|---:|---:|")
    for name, times in (
        ("validate: every check, the exploration, counts, coverage, waits", validation),
        (f"explore and list {len(result.paths):,} paths (the test page)", listing),
    ):
        median = statistics.median(times)
        print(f"| {name} | **{median:.1f} ms** | {p95(times):.1f} ms | {args.runs} |")
    if naive.path_count < result.path_count:  # stopped by the time limit
        estimate = result.path_count / naive_rate
        ratio = estimate * 1e3 / statistics.median(listing)
        print(
            f"| naive path-by-path walk, stopped after {naive_s:.1f} s | {naive.path_count:,} "
            f"paths ({naive_rate:,.0f}/s): all {result.path_count:,} would take about "
            f"{estimate:,.0f} s, {ratio:,.0f}x explore and list | | 1 |"
        )
    else:
        ratio = naive_s * 1e3 / statistics.median(listing)
        print(f"| naive path-by-path walk | {naive_s * 1e3:,.0f} ms ({ratio:,.0f}x) | | 1 |")


if __name__ == "__main__":
    main()
