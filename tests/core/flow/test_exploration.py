from itertools import product

import pytest

from core.flow.exploration import (
    MAX_STEPS_LIMIT,
    UNKNOWN_DIGITS,
    Outcome,
    PathStep,
    example_digits,
    explore,
    explore_naively,
)
from core.flow.model import DTMF_KEYS, Edge, Flow, MenuOption, Node, NodeKind
from core.flow.prompts import PromptAudio
from tests.core.flow.flows import claims_flow, linear_flow


def edges(*triples: tuple[str, str, str]) -> tuple[Edge, ...]:
    return tuple(Edge(f"e{i}", s, t, label) for i, (s, t, label) in enumerate(triples, start=1))


def routes(exploration) -> list[tuple[tuple[str, ...], Outcome, str]]:
    return [(p.choices, p.outcome, p.final_node_id) for p in exploration.paths]


START = Node("s", NodeKind.START)
BYE = Node("bye", NodeKind.END, prompt_text="감사합니다")  # 5 syllables: 1 s
AGENT = Node("agent", NodeKind.TRANSFER, prompt_text="연결합니다", queue="일반")  # 1 s
SORRY = Node("sorry", NodeKind.MESSAGE, prompt_text="다시 눌러")  # 4 syllables: 0.8 s


def menu(node_id: str = "m", keys: str = "1", **fields) -> Node:
    options = tuple(MenuOption(key) for key in keys)
    # "하나 둘 셋 넷 다섯": 7 syllables, 1.4 s
    return Node(node_id, NodeKind.MENU, prompt_text="하나 둘 셋 넷 다섯", options=options, **fields)


def retry_flow(*, retries: int = 1, limit: bool = True, timeout_s: float = 3.0) -> Flow:
    """start -> menu: 1 -> end; wrong key -> apology -> menu; timeout -> menu; limit -> agent."""
    triples = [("s", "m", ""), ("m", "bye", "1"), ("m", "sorry", "invalid"), ("sorry", "m", "")]
    triples.append(("m", "m", "timeout"))
    if limit:
        triples.append(("m", "agent", "limit"))
    return Flow(
        (START, menu(retries=retries, timeout_s=timeout_s), BYE, AGENT, SORRY), edges(*triples)
    )


def test_every_way_through_a_realistic_flow_is_found_with_its_outcome():
    result = explore(claims_flow())
    assert routes(result)[:5] == [
        (("true", "1", "digits:11111111", "true"), Outcome.TRANSFER, "claims"),
        (("true", "1", "digits:11111111", "false"), Outcome.TRANSFER, "claims"),
        (("true", "2"), Outcome.END, "bye"),
        (("true", "0"), Outcome.TRANSFER, "agent"),
        (("false",), Outcome.END, "bye"),
    ]
    assert result.path_count == len(result.paths) == 93
    assert result.loops == 0
    assert result.coverage == 1.0 and result.uncovered_edges(claims_flow()) == ()
    assert not result.truncated


def test_clean_paths_are_listed_before_those_with_failed_attempts():
    failures = [p.failed_attempts for p in explore(claims_flow()).paths]
    assert failures[:5] == [0] * 5
    assert all(f > 0 for f in failures[5:])


def test_a_path_records_its_steps_and_estimated_seconds():
    (path,) = [p for p in explore(claims_flow()).paths if p.choices == ("true", "0")]
    assert path.steps == (
        PathStep("start", "e1", None, 0.0),
        PathStep("hours", "e2", "true", 0.0),
        PathStep("welcome", "e5", None, 2.8),  # {customer_name} counts 4 + 10 syllables
        PathStep("main", "e8", "0", 5.6 + 1.0),  # 28 syllables, then the key press
        PathStep("agent", None, None, 1.8),
    )
    assert path.seconds == pytest.approx(11.2)


def test_waiting_counts_timeouts_digits_and_the_terminator():
    flow = claims_flow()
    paths = {p.choices: p for p in explore(flow).paths}
    clean = paths[("true", "1", "digits:11111111", "false")]
    with_timeout = paths[("true", "1", "timeout", "digits:11111111", "false")]
    policy = [s.seconds for s in clean.steps if s.node_id == "policy"]
    assert policy == [pytest.approx(4.2 + 9 * 0.5)]  # 21 syllables; 8 digits and "#"
    assert with_timeout.seconds - clean.seconds == pytest.approx(4.2 + 10.0)


def test_approved_audio_sets_a_prompts_time():
    library = {
        1: PromptAudio(1, "W01", "{customer_name} 고객님", audio_path="w.wav", duration_s=7.5)
    }
    paths = {p.choices: p for p in explore(claims_flow(), prompts=library).paths}
    assert paths[("true", "0")].seconds == pytest.approx(7.5 + 6.6 + 1.8)
    slower = {p.choices: p for p in explore(claims_flow(), speech_rate=2.5).paths}
    assert slower[("false",)].seconds == pytest.approx(2 * 3.4)


def test_failed_attempts_follow_their_exits_until_the_limit():
    result = explore(retry_flow(retries=1))
    assert sorted(routes(result)) == sorted(
        [
            (("1",), Outcome.END, "bye"),
            (("invalid", "1"), Outcome.END, "bye"),
            (("timeout", "1"), Outcome.END, "bye"),
            (("invalid", "invalid"), Outcome.TRANSFER, "agent"),
            (("invalid", "timeout"), Outcome.TRANSFER, "agent"),
            (("timeout", "invalid"), Outcome.TRANSFER, "agent"),
            (("timeout", "timeout"), Outcome.TRANSFER, "agent"),
        ]
    )
    (limit_path,) = [p for p in result.paths if p.choices == ("invalid", "timeout")]
    assert [s.edge_id for s in limit_path.steps] == ["e1", "e3", "e4", "e6", None]
    assert limit_path.seconds == pytest.approx((1.4 + 1.0) + 0.8 + (1.4 + 3.0) + 1.0)
    assert result.coverage == 1.0 and result.loops == 0


def test_failed_attempts_add_up_however_the_call_comes_back_to_the_menu():
    paths = explore(retry_flow(retries=2)).paths
    assert max(len(p.choices) for p in paths) == 3
    to_agent = [p.choices for p in paths if p.outcome is Outcome.TRANSFER]
    assert to_agent == list(product(("invalid", "timeout"), repeat=3))


def test_with_no_retries_a_failure_takes_the_limit_at_once():
    flow = retry_flow(retries=0)
    result = explore(flow)
    assert sorted(routes(result)) == [
        (("1",), Outcome.END, "bye"),
        (("invalid",), Outcome.TRANSFER, "agent"),
        (("timeout",), Outcome.TRANSFER, "agent"),
    ]
    assert [e.id for e in result.uncovered_edges(flow)] == ["e3", "e4", "e5"]
    assert result.coverage == pytest.approx(3 / 6)


def test_a_retry_loop_without_a_limit_is_cut_as_a_loop():
    result = explore(retry_flow(limit=False))
    assert routes(result) == [(("1",), Outcome.END, "bye")]
    assert result.loops == 2  # wrong key -> apology -> menu, timeout -> menu
    assert result.coverage == 1.0


def test_going_back_to_an_earlier_menu_ends_the_path_as_a_loop():
    sub = menu("sub", keys="19")
    flow = Flow(
        (START, menu(keys="12"), sub, BYE, AGENT),
        edges(
            ("s", "m", ""),
            ("m", "sub", "1"),
            ("m", "agent", "2"),
            ("sub", "bye", "1"),
            ("sub", "m", "9"),
            ("m", "bye", "invalid"),
            ("m", "bye", "timeout"),
            ("sub", "bye", "invalid"),
            ("sub", "bye", "timeout"),
        ),
    )
    result = explore(flow)
    assert [p.choices for p in result.paths if p.failed_attempts == 0] == [("1", "1"), ("2",)]
    assert result.loops == 1
    assert "e5" in result.edges_covered


def test_a_limit_reached_only_by_failing_again_after_going_back_stays_unexplored():
    sub = menu("sub", keys="1", retries=1)
    flow = Flow(
        (START, menu(keys="1"), sub, BYE, AGENT),
        edges(
            ("s", "m", ""),
            ("m", "sub", "1"),
            ("m", "bye", "invalid"),
            ("m", "bye", "timeout"),
            ("sub", "bye", "1"),
            ("sub", "m", "invalid"),
            ("sub", "m", "timeout"),
            ("sub", "agent", "limit"),
        ),
    )
    result = explore(flow)
    assert [e.id for e in result.uncovered_edges(flow)] == ["e8"]
    assert result.loops == 2


def test_an_automatic_loop_is_cut_and_not_listed():
    flow = Flow(
        (START, Node("a", NodeKind.MESSAGE, prompt_text="하나"), Node("b", NodeKind.MESSAGE)),
        edges(("s", "a", ""), ("a", "b", ""), ("b", "a", "")),
    )
    result = explore(flow)
    assert (result.paths, result.path_count, result.loops) == ((), 0, 1)
    assert result.coverage == 1.0


def test_a_missing_exit_leaves_the_path_stuck_there():
    flow = linear_flow((NodeKind.MESSAGE, "안내"))
    result = explore(flow)
    assert routes(result) == [((), Outcome.STUCK, "n1")]
    assert result.paths[0].steps[-1] == PathStep("n1", None, None, 0.4)
    menu_without_timeout = Flow(
        (START, menu(), BYE), edges(("s", "m", ""), ("m", "bye", "1"), ("m", "bye", "invalid"))
    )
    assert routes(explore(menu_without_timeout))[-1] == (("timeout",), Outcome.STUCK, "m")


@pytest.mark.parametrize(
    "flow",
    [
        Flow((BYE,), ()),
        Flow((START, Node("s2", NodeKind.START), BYE), edges(("s", "bye", ""), ("s2", "bye", ""))),
    ],
)
def test_a_flow_without_exactly_one_start_is_not_explored(flow):
    result = explore(flow)
    assert (result.paths, result.path_count, result.loops, result.truncated) == ((), 0, 0, False)
    assert result.coverage == (1.0 if not flow.edges else 0.0)


def test_listing_stops_at_max_paths_but_counts_and_coverage_cover_all():
    full = explore(claims_flow())
    some = explore(claims_flow(), max_paths=3)
    assert routes(some) == routes(full)[:3]
    assert some.truncated and some.path_count == 93
    assert some.edges_covered == full.edges_covered
    assert some.longest_waits == full.longest_waits


def test_paths_longer_than_max_steps_are_cut_and_not_counted():
    short = explore(claims_flow(), max_steps=5)
    assert short.truncated
    assert routes(short) == [
        (("true", "0"), Outcome.TRANSFER, "agent"),
        (("false",), Outcome.END, "bye"),
    ]
    assert all(len(p.steps) <= 5 for p in short.paths)
    with pytest.raises(ValueError, match="max_steps"):
        explore(claims_flow(), max_steps=MAX_STEPS_LIMIT + 1)


def test_exploration_stops_after_max_moves():
    result = explore(claims_flow(), max_moves=5)
    assert result.truncated
    assert result.path_count < 93


def test_an_input_gets_digits_its_pattern_accepts():
    assert example_digits("", 4, 6) == "1111"
    assert example_digits(r"[1-9]\d{7}", 8, 8) == "11111111"
    assert example_digits(r"0\d{3}", 4, 4) == "0000"
    assert example_digits(r"01[016789]\d{7,8}", 10, 11) == "0100000000"
    assert example_digits(r"(19|20)\d{2}(0[1-9]|1[0-2])", 6, 6) is None
    assert example_digits("(", 1, 1) is None


def test_an_input_whose_pattern_no_invented_value_matches_still_goes_on():
    flow = linear_flow((NodeKind.END, "끝"))
    ask = Node(
        "ask",
        NodeKind.INPUT,
        prompt_text="연월",
        variable="ym",
        min_length=6,
        max_length=6,
        pattern=r"(19|20)\d{2}(0[1-9]|1[0-2])",
    )
    flow = Flow(
        (START, ask, BYE),
        edges(
            ("s", "ask", ""),
            ("ask", "bye", ""),
            ("ask", "bye", "invalid"),
            ("ask", "bye", "timeout"),
        ),
    )
    assert routes(explore(flow))[0] == ((UNKNOWN_DIGITS,), Outcome.END, "bye")


def test_a_menu_using_every_key_offers_no_wrong_key():
    flow = Flow(
        (START, menu(keys="".join(DTMF_KEYS)), BYE),
        edges(("s", "m", ""), *(("m", "bye", key) for key in DTMF_KEYS), ("m", "bye", "timeout")),
    )
    choices = {p.choices[0] for p in explore(flow).paths}
    assert choices == {*DTMF_KEYS, "timeout"}


def test_the_slowest_clean_path_to_each_transfer_is_kept():
    waits = explore(claims_flow()).longest_waits
    assert list(waits) == ["claims", "agent"]
    assert waits["claims"].choices == ("true", "1", "digits:11111111", "true")
    assert waits["claims"].seconds == pytest.approx(23.3)
    assert waits["agent"].choices == ("true", "0")


def test_sharing_finds_exactly_what_walking_each_path_finds():
    sub = menu("sub", keys="129", retries=1)
    flow = Flow(
        (START, menu(keys="12", retries=2), sub, BYE, AGENT, SORRY),
        edges(
            ("s", "m", ""),
            ("m", "sub", "1"),
            ("m", "agent", "2"),
            ("m", "sorry", "invalid"),
            ("sorry", "m", ""),
            ("m", "m", "timeout"),
            ("m", "agent", "limit"),
            ("sub", "bye", "1"),
            ("sub", "m", "9"),
            ("sub", "agent", "2"),
            ("sub", "sorry", "invalid"),
            ("sub", "sub", "timeout"),
            ("sub", "bye", "limit"),
        ),
    )
    shared, naive = explore(flow), explore_naively(flow)
    assert sorted(routes(shared)) == sorted(routes(naive))
    assert (shared.loops, shared.edges_covered) == (naive.loops, naive.edges_covered)
    assert shared.path_count == naive.path_count > 50
