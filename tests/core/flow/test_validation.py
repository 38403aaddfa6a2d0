from dataclasses import replace

import pytest

from core.flow.model import ConditionTest, Edge, Flow, MenuOption, Node, NodeKind
from core.flow.prompts import PromptAudio
from core.flow.validation import CODES, Severity, validate
from core.i18n import CATALOG, t
from tests.core.flow.flows import claims_flow, linear_flow


def edges(*triples: tuple[str, str, str]) -> tuple[Edge, ...]:
    return tuple(Edge(f"e{i}", s, t, label) for i, (s, t, label) in enumerate(triples, start=1))


def found(flow: Flow, **options) -> list[tuple[str, str | None]]:
    return [(issue.code, issue.node_id) for issue in validate(flow, **options).issues]


def menu(node_id: str = "m", keys: str = "1", **fields) -> Node:
    return Node(
        node_id,
        NodeKind.MENU,
        prompt_text="1번을 눌러 주세요.",
        options=tuple(MenuOption(key) for key in keys),
        **fields,
    )


START, BYE = Node("s", NodeKind.START), Node("bye", NodeKind.END, prompt_text="감사합니다.")


def menu_flow(menu_node: Node, *extra: tuple[str, str, str], nodes: tuple[Node, ...] = ()) -> Flow:
    """start -> menu; its timeout and invalid go to the end, and ``extra`` edges."""
    return Flow(
        (START, menu_node, BYE, *nodes),
        edges(
            ("s", menu_node.id, ""),
            (menu_node.id, "bye", "timeout"),
            (menu_node.id, "bye", "invalid"),
            *extra,
        ),
    )


def test_a_well_made_flow_has_no_issues():
    report = validate(claims_flow())
    assert report.issues == ()
    assert report.ok
    assert report.exploration.coverage == 1.0


def test_a_flow_without_start_is_an_error_and_is_not_explored():
    flow = Flow(
        (Node("m1", NodeKind.MESSAGE, prompt_text="안녕하세요"), BYE), edges(("m1", "bye", ""))
    )
    report = validate(flow)
    assert [(i.code, i.node_id) for i in report.errors] == [("no_start", None)]
    assert report.exploration.paths == () and report.exploration.path_count == 0


def test_each_extra_start_is_an_error_naming_the_first():
    flow = Flow(
        (START, Node("s2", NodeKind.START), BYE), edges(("s", "bye", ""), ("s2", "bye", ""))
    )
    report = validate(flow)
    assert [(i.code, i.node_id, i.params) for i in report.issues] == [
        ("many_starts", "s2", {"node": "s2", "first": "s"})
    ]


def test_a_node_nothing_leads_to_is_unreachable():
    flow = linear_flow((NodeKind.END, "감사합니다."))
    flow = flow.with_node(Node("lost", NodeKind.END, prompt_text="여기는 아무도 안 옵니다."))
    assert found(flow) == [("unreachable", "lost")]


def test_a_node_reached_only_through_an_exit_the_call_never_takes_is_unreachable():
    flow = linear_flow((NodeKind.MESSAGE, "안내"), (NodeKind.END, "끝"))
    flow = flow.with_node(Node("x", NodeKind.END, prompt_text="끝")).with_edge(
        Edge("bad", "n1", "x", "5")
    )
    assert found(flow) == [("invalid_exit", "n1"), ("unreachable", "x")]


def test_missing_exits_are_named_one_by_one():
    message = Node("m1", NodeKind.MESSAGE, prompt_text="안내")
    flow = Flow((START, message), edges(("s", "m1", "")))
    assert [(i.code, i.params) for i in validate(flow).issues] == [
        ("missing_exit", {"node": "m1", "exit": ""})
    ]
    no_timeout = Flow(
        (START, menu(), BYE), edges(("s", "m", ""), ("m", "bye", "1"), ("m", "bye", "invalid"))
    )
    assert [i.params for i in validate(no_timeout).issues] == [{"node": "m", "exit": "timeout"}]
    condition = Node("c", NodeKind.CONDITION)
    half = Flow((START, condition, BYE), edges(("s", "c", ""), ("c", "bye", "true")))
    assert [i.params["exit"] for i in validate(half).issues] == ["false"]


def test_a_menu_without_any_key_exit_misses_a_key():
    flow = menu_flow(menu(keys=""))
    assert [(i.code, i.params["exit"]) for i in validate(flow).issues] == [("missing_exit", "key")]


def test_menu_options_and_key_exits_must_match():
    flow = menu_flow(menu(keys="12"), ("m", "bye", "1"), ("m", "bye", "3"))
    report = validate(flow)
    assert [(i.code, i.params.get("phone_key"), i.edge_id) for i in report.issues] == [
        ("menu_key_without_target", "2", None),
        ("undeclared_key", "3", "e5"),
    ]


def test_a_key_used_twice_is_an_error_on_the_second_edge_or_option():
    twice = menu_flow(menu(keys="1"), ("m", "bye", "1"), ("m", "s", "1"))
    assert [(i.code, i.edge_id) for i in validate(twice).issues] == [("duplicate_key", "e5")]
    listed_twice = menu_flow(menu(keys="11"), ("m", "bye", "1"))
    assert [(i.code, i.params) for i in validate(listed_twice).issues] == [
        ("duplicate_key", {"node": "m", "exit": "1"})
    ]


def test_an_exit_the_kind_cannot_have_is_an_error():
    flow = linear_flow((NodeKind.MESSAGE, "안내"), (NodeKind.END, "끝"))
    flow = flow.with_edge(Edge("odd", "n1", "n2", "timeout"))
    report = validate(flow)
    assert [(i.code, i.edge_id, i.params["exit"]) for i in report.issues] == [
        ("invalid_exit", "odd", "timeout")
    ]


def test_an_edge_out_of_an_end_or_transfer_is_an_error():
    flow = linear_flow((NodeKind.TRANSFER, "연결합니다"), (NodeKind.END, "끝"))
    assert [(i.code, i.node_id, i.edge_id) for i in validate(flow).issues] == [
        ("exit_from_terminal", "n1", "e2"),
        ("unreachable", "n2", None),  # the call never leaves the transfer
    ]


def test_kinds_that_speak_need_a_prompt_from_text_or_the_library():
    flow = linear_flow((NodeKind.MESSAGE, "  "), (NodeKind.END, ""))
    assert found(flow) == [("missing_prompt", "n1")]
    linked = flow.with_node(replace(flow.node("n1"), prompt_id=7))
    library = {7: PromptAudio(7, "M07", "라이브러리 멘트입니다.")}
    assert found(linked, prompts=library) == []


def test_a_link_to_a_prompt_missing_from_the_library_is_an_error_only_with_a_library():
    flow = linear_flow((NodeKind.MESSAGE, "안내"), (NodeKind.END, "끝"))
    flow = flow.with_node(replace(flow.node("n1"), prompt_id=99))
    library = {1: PromptAudio(1, "A", "다른 멘트")}
    report = validate(flow, prompts=library)
    assert [(i.code, i.params) for i in report.issues] == [
        ("unknown_prompt", {"node": "n1", "prompt": 99})
    ]
    assert found(flow) == []


def variable_flow(text: str, *, on_timeout: str = "bye") -> Flow:
    """start -> menu: 1 -> input of policy_no -> say(text); 2 -> say(text) directly."""
    ask = Node(
        "ask", NodeKind.INPUT, prompt_text="번호를 눌러 주세요.", variable="policy_no", retries=0
    )
    say = Node("say", NodeKind.MESSAGE, prompt_text=text)
    return menu_flow(
        menu(keys="12"),
        ("m", "ask", "1"),
        ("m", "say", "2"),
        ("ask", "say", ""),
        ("ask", on_timeout, "timeout"),
        ("ask", "bye", "invalid"),
        ("say", "bye", ""),
        nodes=(ask, say),
    )


def test_a_variable_not_set_on_every_path_is_used_before_set():
    report = validate(variable_flow("증권 {policy_no}를 확인했습니다."))
    assert [(i.code, i.node_id, i.params) for i in report.issues] == [
        ("variable_before_set", "say", {"node": "say", "variable": "policy_no"})
    ]


def test_variables_from_the_call_data_and_the_platform_are_set_from_the_start():
    flow = variable_flow("{customer_name}님, {caller_number}로 전화 주셨습니다.")
    assert found(replace(flow, variables=("customer_name",))) == []


def test_an_input_sets_its_variable_only_on_its_accepted_exit():
    flow = variable_flow("{policy_no} 확인", on_timeout="say")
    flow = flow.without_edge("e5").with_node(menu(keys="1"))  # only the input leads to say
    assert found(flow) == [("variable_before_set", "say")]
    assert found(variable_flow("{policy_no} 확인").without_edge("e5").with_node(menu())) == []


def test_an_input_prompt_cannot_use_the_variable_it_is_about_to_set():
    flow = variable_flow("안내")
    flow = flow.with_node(replace(flow.node("ask"), prompt_text="{policy_no}를 눌러 주세요."))
    assert found(flow) == [("variable_before_set", "ask")]


def test_a_comparison_needs_its_variable_set_and_named():
    condition = Node(
        "c", NodeKind.CONDITION, test=ConditionTest.COMPARE, variable="grade", value="1"
    )
    flow = Flow(
        (START, condition, BYE), edges(("s", "c", ""), ("c", "bye", "true"), ("c", "bye", "false"))
    )
    assert found(flow) == [("variable_before_set", "c")]
    assert found(replace(flow, variables=("grade",))) == []
    unnamed = flow.with_node(replace(condition, variable=""))
    assert found(unnamed) == [("condition_without_variable", "c")]


def test_an_input_needs_a_variable_and_a_transfer_a_queue():
    flow = variable_flow("안내")
    flow = flow.with_node(replace(flow.node("ask"), variable=" "))
    assert found(flow) == [("input_without_variable", "ask")]
    transfer = linear_flow((NodeKind.TRANSFER, "연결합니다"))
    transfer = transfer.with_node(replace(transfer.node("n1"), queue=""))
    assert found(transfer) == [("empty_queue", "n1")]


def test_a_loop_with_no_caller_choice_is_warned_once_with_its_nodes():
    flow = Flow(
        (
            START,
            Node("a", NodeKind.MESSAGE, prompt_text="하나"),
            Node("b", NodeKind.MESSAGE, prompt_text="둘"),
        ),
        edges(("s", "a", ""), ("a", "b", ""), ("b", "a", "")),
    )
    report = validate(flow)
    assert [(i.severity, i.code, i.node_id, i.params["nodes"]) for i in report.issues] == [
        (Severity.WARNING, "loop_without_counter", "a", "a → b → a")
    ]
    assert report.ok


def test_a_retry_loop_is_warned_unless_a_limit_exit_bounds_it():
    apology = Node("sorry", NodeKind.MESSAGE, prompt_text="잘못 누르셨습니다.")
    loop = Flow(
        (START, menu(), BYE, apology),
        edges(
            ("s", "m", ""),
            ("m", "bye", "1"),
            ("m", "sorry", "invalid"),
            ("sorry", "m", ""),
            ("m", "m", "timeout"),
        ),
    )
    assert [(i.code, i.params["nodes"]) for i in validate(loop).issues] == [
        ("loop_without_counter", "m → m")
    ]
    bounded = loop.with_edge(Edge("limit", "m", "bye", "limit"))
    assert found(bounded) == []


def test_going_back_to_a_menu_by_a_key_is_not_a_loop():
    flow = Flow(
        (START, menu(keys="19"), BYE),
        edges(
            ("s", "m", ""),
            ("m", "bye", "1"),
            ("m", "s", "9"),
            ("m", "bye", "timeout"),
            ("m", "bye", "invalid"),
        ),
    )
    assert found(flow) == []


def test_a_menu_with_more_than_five_choices_is_warned():
    keys = "123456"
    flow = menu_flow(menu(keys=keys), *(("m", "bye", key) for key in keys))
    report = validate(flow)
    assert [(i.code, i.params["count"], i.params["max"]) for i in report.warnings] == [
        ("too_many_options", 6, 5)
    ]
    assert found(menu_flow(menu(keys="12345"), *(("m", "bye", k) for k in "12345"))) == []


def long_transfer_flow(text: str) -> Flow:
    flow = linear_flow((NodeKind.MESSAGE, text), (NodeKind.TRANSFER, "연결합니다"))
    return flow.with_node(replace(flow.node("n1"), prompt_id=5))


def test_a_transfer_reached_after_more_than_the_maximum_wait_is_warned():
    flow = long_transfer_flow("가" * 300)  # 60 s at 5 syllables a second, +1 s for the transfer
    report = validate(flow)
    assert [(i.code, i.node_id, i.params) for i in report.warnings] == [
        ("long_wait", "n2", {"node": "n2", "seconds": 61, "limit": "60", "keys": "-"})
    ]
    assert report.ok
    assert found(flow, speech_rate=10.0) == []
    assert found(flow, max_wait_s=90.0) == []


def test_the_wait_uses_approved_audio_lengths_over_the_text_estimate():
    library = {5: PromptAudio(5, "M05", "가" * 300, audio_path="prompts/m05.wav", duration_s=20.0)}
    assert found(long_transfer_flow("가" * 300), prompts=library) == []
    slow = {5: PromptAudio(5, "M05", "짧은 멘트", audio_path="prompts/m05.wav", duration_s=75.0)}
    report = validate(long_transfer_flow("짧은 멘트"), prompts=slow)
    assert [i.params["seconds"] for i in report.warnings] == [76]  # 75 s + 1 s to connect
    unapproved = {5: PromptAudio(5, "M05", "짧은 멘트", audio_path=None, duration_s=75.0)}
    assert found(long_transfer_flow("짧은 멘트"), prompts=unapproved) == []


def test_the_long_wait_names_the_keys_of_the_slowest_clean_path():
    slow = Node("slow", NodeKind.MESSAGE, prompt_text="나" * 320)
    agent = Node("agent", NodeKind.TRANSFER, prompt_text="연결", queue="q")
    flow = menu_flow(
        menu(keys="12"),
        ("m", "agent", "1"),
        ("m", "slow", "2"),
        ("slow", "agent", ""),
        nodes=(slow, agent),
    )
    (issue,) = validate(flow).warnings
    assert (issue.node_id, issue.params["keys"]) == ("agent", "2")


def test_issues_list_errors_first_then_by_node_order():
    flow = Flow(
        (
            START,
            Node("a", NodeKind.MESSAGE, prompt_text="하나"),
            Node("b", NodeKind.MESSAGE, prompt_text="둘"),
            Node("t", NodeKind.TRANSFER, prompt_text="연결"),
            Node("c", NodeKind.MESSAGE, prompt_text=""),
        ),
        edges(("s", "a", ""), ("a", "b", ""), ("b", "a", ""), ("c", "t", "")),
    )
    report = validate(flow)
    assert [(i.severity.value, i.code, i.node_id) for i in report.issues] == [
        ("error", "unreachable", "t"),
        ("error", "empty_queue", "t"),
        ("error", "unreachable", "c"),
        ("error", "missing_prompt", "c"),
        ("warning", "loop_without_counter", "a"),
    ]
    assert len(report.errors) == 4
    assert [i.code for i in report.for_node("c")] == ["unreachable", "missing_prompt"]
    assert not report.ok


def test_every_issue_code_has_a_message_that_takes_its_parameters():
    broken = Flow(
        (
            START,
            Node("s2", NodeKind.START),
            replace(menu(keys="1123456"), prompt_text="{nobody}"),
            Node("a", NodeKind.MESSAGE, prompt_text="", prompt_id=3),
            Node("b", NodeKind.MESSAGE, prompt_text="둘"),
            Node("i", NodeKind.INPUT, prompt_text="번호"),
            Node("c", NodeKind.CONDITION, test=ConditionTest.COMPARE),
            Node("t", NodeKind.TRANSFER, prompt_text="가" * 400),
            BYE,
        ),
        edges(
            ("s", "m", ""),
            ("m", "t", "7"),
            ("m", "t", "7"),
            ("m", "a", "timeout"),
            ("a", "b", "5"),
            ("b", "a", ""),
            ("a", "b", ""),
            ("t", "bye", ""),
            ("m", "a", "invalid"),
        ),
    )
    issues = (
        *validate(broken, prompts={1: PromptAudio(1, "X", "x")}).issues,
        *validate(Flow((), ())).issues,  # no start
        *validate(long_transfer_flow("가" * 400)).issues,  # explored: one start only
    )
    assert {issue.code for issue in issues} == set(CODES)
    for issue in issues:
        for lang in ("ko", "en"):
            assert issue.key in CATALOG
            assert "{" not in t(issue.key, lang, **issue.params)


@pytest.mark.parametrize("code", CODES)
def test_every_issue_code_is_in_the_catalog(code):
    assert f"flow.issue.{code}" in CATALOG
