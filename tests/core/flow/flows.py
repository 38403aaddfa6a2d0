"""Hand-written flows shared by the flow engine's tests."""

from __future__ import annotations

from itertools import pairwise

from core.flow.model import ConditionTest, Edge, Flow, MenuOption, Node, NodeKind


def claims_flow() -> Flow:
    """An insurer's small inbound flow, as a designer would draw it.

    start -> business hours? -- no --> closed message -> end
                             -- yes -> welcome ("{customer_name}") -> main menu
    main menu: 1 claim (policy number input -> amount check -> transfer to claims),
               2 contract info (message -> end), 0 agent;
               wrong key -> apology -> main menu, timeout -> main menu, limit -> agent.
    policy number: 8 digits starting 1-9, "#" ends; wrong -> retry message -> input again,
               timeout -> input again, limit -> agent.
    """
    nodes = (
        Node("start", NodeKind.START, "시작"),
        Node(
            "hours",
            NodeKind.CONDITION,
            "영업시간",
            test=ConditionTest.BUSINESS_HOURS,
            open_days=("mon", "tue", "wed", "thu", "fri"),
            open_time="09:00",
            close_time="18:00",
        ),
        Node("closed", NodeKind.MESSAGE, "영업시간 외", prompt_text="지금은 상담 시간이 아닙니다."),
        Node(
            "welcome",
            NodeKind.MESSAGE,
            "환영",
            prompt_id=1,
            prompt_text="{customer_name} 고객님, 피플생명입니다.",
        ),
        Node(
            "main",
            NodeKind.MENU,
            "주 메뉴",
            prompt_text="사고 접수는 1번, 계약 조회는 2번, 상담원 연결은 0번을 눌러 주세요.",
            options=(MenuOption("1", "사고 접수"), MenuOption("2", "계약 조회"), MenuOption("0")),
            retries=2,
            timeout_s=5.0,
        ),
        Node("sorry", NodeKind.MESSAGE, "오류 안내", prompt_text="잘못 누르셨습니다."),
        Node(
            "policy",
            NodeKind.INPUT,
            "증권번호",
            prompt_text="증권번호 8자리를 누른 뒤 우물정자를 눌러 주세요.",
            variable="policy_no",
            min_length=8,
            max_length=8,
            pattern=r"[1-9]\d{7}",
            retries=1,
            timeout_s=10.0,
        ),
        Node("retry", NodeKind.MESSAGE, "재입력", prompt_text="번호가 올바르지 않습니다."),
        Node(
            "amount",
            NodeKind.CONDITION,
            "고액 여부",
            test=ConditionTest.COMPARE,
            variable="claim_amount",
            operator=">=",
            value="1000000",
        ),
        Node(
            "big",
            NodeKind.MESSAGE,
            "고액 안내",
            prompt_text="증권 {policy_no} 고액 청구는 전담 팀이 도와드립니다.",
        ),
        Node("claims", NodeKind.TRANSFER, "보상 상담", prompt_text="연결합니다.", queue="보상"),
        Node(
            "info", NodeKind.MESSAGE, "계약 안내", prompt_text="계약 내용은 문자로 보내 드립니다."
        ),
        Node(
            "agent", NodeKind.TRANSFER, "상담원", prompt_text="상담원을 연결합니다.", queue="일반"
        ),
        Node("bye", NodeKind.END, "종료", prompt_text="감사합니다."),
    )
    edges = (
        Edge("e1", "start", "hours"),
        Edge("e2", "hours", "welcome", "true"),
        Edge("e3", "hours", "closed", "false"),
        Edge("e4", "closed", "bye"),
        Edge("e5", "welcome", "main"),
        Edge("e6", "main", "policy", "1"),
        Edge("e7", "main", "info", "2"),
        Edge("e8", "main", "agent", "0"),
        Edge("e9", "main", "sorry", "invalid"),
        Edge("e10", "sorry", "main"),
        Edge("e11", "main", "main", "timeout"),
        Edge("e12", "main", "agent", "limit"),
        Edge("e13", "policy", "amount", ""),
        Edge("e14", "policy", "retry", "invalid"),
        Edge("e15", "retry", "policy"),
        Edge("e16", "policy", "policy", "timeout"),
        Edge("e17", "policy", "agent", "limit"),
        Edge("e18", "amount", "big", "true"),
        Edge("e19", "amount", "claims", "false"),
        Edge("e20", "big", "claims"),
        Edge("e21", "info", "bye"),
    )
    return Flow(nodes, edges, variables=("customer_name", "claim_amount"))


def linear_flow(*kinds_and_texts: tuple[NodeKind, str]) -> Flow:
    """start -> each (kind, prompt text) in turn, joined by "" exits."""
    nodes = [Node("s", NodeKind.START)]
    nodes += [
        Node(f"n{i}", kind, prompt_text=text, queue="q" if kind is NodeKind.TRANSFER else "")
        for i, (kind, text) in enumerate(kinds_and_texts, start=1)
    ]
    edges = [Edge(f"e{i}", a.id, b.id) for i, (a, b) in enumerate(pairwise(nodes), start=1)]
    return Flow(tuple(nodes), tuple(edges))
