from dataclasses import replace
from datetime import datetime

import pytest

from core.flow import simulation
from core.flow.exploration import Outcome, explore
from core.flow.model import DTMF_KEYS, ConditionTest, Edge, Flow, MenuOption, Node, NodeKind
from core.flow.prompts import PromptAudio
from core.i18n import t
from tests.core.flow.flows import claims_flow, linear_flow

MONDAY_10 = datetime(2026, 11, 23, 10, 0)
SATURDAY_10 = datetime(2026, 11, 28, 10, 0)
CALL_DATA = {"customer_name": "김민준", "claim_amount": "2500000"}


def call(now: datetime = MONDAY_10, **options) -> simulation.Simulation:
    options.setdefault("variables", CALL_DATA)
    return simulation.start(claims_flow(), now=now, **options)


def trail(sim: simulation.Simulation) -> list[tuple[str, str | None, str | None]]:
    return [(step.node_id, step.caller_action, step.exit) for step in sim.steps]


def test_the_call_runs_by_itself_until_the_main_menu_asks():
    sim = call()
    assert (sim.current, sim.waiting_for, sim.outcome) == ("main", "menu", None)
    assert trail(sim) == [
        ("start", None, ""),
        ("hours", None, "true"),
        ("welcome", None, ""),
        ("main", None, None),
    ]
    assert sim.steps[2].text == "김민준 고객님, 피플생명입니다."
    assert sim.steps[2].kind is NodeKind.MESSAGE and sim.steps[2].label == "환영"


def test_pressing_one_and_keying_a_policy_number_reaches_the_claims_queue():
    sim = simulation.press(call(), "1")
    assert (sim.current, sim.waiting_for) == ("policy", "input")
    sim = simulation.enter(sim, "12345678#")
    assert sim.outcome is Outcome.TRANSFER and sim.finished
    assert trail(sim)[3:] == [
        ("main", "1", "1"),
        ("policy", "digits:12345678#", ""),
        ("amount", None, "true"),
        ("big", None, ""),
        ("claims", None, None),
    ]
    assert sim.variables["policy_no"] == "12345678"
    assert sim.variables["queue"] == "보상"
    assert sim.steps[-2].text == "증권 12345678 고액 청구는 전담 팀이 도와드립니다."
    assert sim.waiting_for is None and sim.current == "claims"


def test_digits_without_the_terminator_are_taken_when_complete():
    sim = simulation.enter(simulation.press(call(), "1"), "12345678")
    assert sim.variables["policy_no"] == "12345678"


def test_wrong_keys_go_round_the_apology_until_the_limit_sends_the_caller_to_an_agent():
    sim = call()
    sim = simulation.press(sim, "7")
    assert (sim.current, sim.attempts) == ("main", {"main": 1})
    sim = simulation.invalid(sim)
    sim = simulation.press(sim, "4")
    assert sim.outcome is Outcome.TRANSFER and sim.current == "agent"
    assert trail(sim)[3:] == [
        ("main", "7", "invalid"),
        ("sorry", None, ""),
        ("main", "invalid", "invalid"),
        ("sorry", None, ""),
        ("main", "4", "limit"),
        ("agent", None, None),
    ]
    assert sim.attempts == {"main": 3}


def test_a_timeout_waits_the_menus_timeout_and_asks_again():
    before = call()
    sim = simulation.time_out(before)
    assert (sim.current, sim.waiting_for) == ("main", "menu")
    assert trail(sim)[-2:] == [("main", "timeout", "timeout"), ("main", None, None)]
    assert sim.elapsed_s - before.elapsed_s == pytest.approx(5.0 + 5.6)


def test_digits_the_input_rejects_count_as_failed_attempts():
    sim = simulation.press(call(), "1")
    sim = simulation.enter(sim, "1234#")  # too short
    assert (sim.current, sim.attempts["policy"]) == ("policy", 1)
    assert trail(sim)[-3:] == [
        ("policy", "digits:1234#", "invalid"),
        ("retry", None, ""),
        ("policy", None, None),
    ]
    sim = simulation.enter(sim, "02345678#")  # the pattern wants a first digit of 1-9
    assert sim.outcome is Outcome.TRANSFER and sim.current == "agent"
    assert trail(sim)[-2] == ("policy", "digits:02345678#", "limit")
    assert "policy_no" not in sim.variables


def test_an_empty_entry_is_a_failed_attempt():
    sim = simulation.enter(simulation.press(call(), "1"), "")
    assert sim.attempts == {"policy": 1}


@pytest.mark.parametrize(
    ("now", "open_"),
    [
        (MONDAY_10, True),
        (datetime(2026, 11, 23, 9, 0), True),
        (datetime(2026, 11, 23, 17, 59, 59), True),
        (datetime(2026, 11, 23, 18, 0), False),
        (datetime(2026, 11, 23, 8, 59), False),
        (SATURDAY_10, False),
    ],
)
def test_business_hours_follow_the_call_time(now, open_):
    sim = call(now)
    assert trail(sim)[1] == ("hours", None, "true" if open_ else "false")
    if not open_:
        assert sim.outcome is Outcome.END and sim.steps[-1].node_id == "bye"


def test_a_comparison_reads_numbers_as_numbers_and_an_unset_variable_as_false():
    amount = claims_flow().node("amount")
    assert simulation.condition_holds(amount, {"claim_amount": "1000000"}, MONDAY_10)
    assert not simulation.condition_holds(amount, {"claim_amount": "999999.5"}, MONDAY_10)
    assert not simulation.condition_holds(amount, {"claim_amount": "200000"}, MONDAY_10)
    assert not simulation.condition_holds(amount, {}, MONDAY_10)
    as_text = replace(amount, value="b")
    assert simulation.condition_holds(as_text, {"claim_amount": "c"}, MONDAY_10)
    for operator, expected in (
        ("==", False),
        ("!=", True),
        ("<", True),
        ("<=", True),
        (">", False),
    ):
        node = replace(amount, operator=operator)
        assert simulation.condition_holds(node, {"claim_amount": "5"}, MONDAY_10) is expected


def test_a_small_claim_goes_straight_to_the_queue():
    sim = call(variables={**CALL_DATA, "claim_amount": "50000"})
    sim = simulation.enter(simulation.press(sim, "1"), "12345678#")
    assert [step.node_id for step in sim.steps][-2:] == ["amount", "claims"]


def test_unknown_placeholders_stay_and_extra_call_data_is_kept():
    sim = call(variables={"campaign": "가을 특약"})
    assert sim.steps[2].text == "{customer_name} 고객님, 피플생명입니다."
    assert sim.variables == {"campaign": "가을 특약"}


def test_a_prompt_with_approved_audio_gives_its_file_library_text_and_length():
    library = {
        1: PromptAudio(1, "W01", "{customer_name}님 반갑습니다.", "prompts/w01.wav", 3.25),
        2: PromptAudio(2, "M02", "다른 멘트", None, None),
    }
    sim = call(prompts=library)
    welcome = sim.steps[2]
    assert (welcome.text, welcome.audio_path, welcome.seconds) == (
        "김민준님 반갑습니다.",
        "prompts/w01.wav",
        3.25,
    )
    assert sim.steps[3].audio_path is None


def test_a_call_takes_as_long_as_the_explorer_says_for_the_same_keys():
    explored = {p.choices: p.seconds for p in explore(claims_flow()).paths}
    sim = simulation.press(call(), "0")
    assert sim.elapsed_s == pytest.approx(explored[("true", "0")])
    sim = simulation.press(simulation.time_out(call()), "1")
    sim = simulation.enter(simulation.invalid(sim), "11111111#")
    assert sim.elapsed_s == pytest.approx(
        explored[("true", "timeout", "1", "invalid", "digits:11111111", "true")]
    )


def test_a_missing_exit_stops_the_call_as_stuck_with_a_note():
    flow = linear_flow((NodeKind.MESSAGE, "안내"))
    sim = simulation.start(flow, now=MONDAY_10)
    assert (sim.outcome, sim.current, sim.note, sim.note_params) == (
        Outcome.STUCK,
        "n1",
        "flow.sim.stuck",
        {"node": "n1", "exit": ""},
    )
    assert "n1" in t(sim.note, "ko", **sim.note_params)
    no_wrong_digits_exit = claims_flow().without_edge("e14")  # the policy input's wrong-digits exit
    sim = simulation.enter(
        simulation.press(simulation.start(no_wrong_digits_exit, now=MONDAY_10), "1"), "1#"
    )
    assert (sim.outcome, sim.note_params) == (Outcome.STUCK, {"node": "policy", "exit": "invalid"})
    assert sim.steps[-1].caller_action == "digits:1#"


def test_a_flow_without_start_cannot_be_called():
    sim = simulation.start(Flow((Node("bye", NodeKind.END),), ()), now=MONDAY_10)
    assert (sim.outcome, sim.current, sim.steps, sim.note) == (
        Outcome.STUCK,
        None,
        (),
        "flow.sim.no_start",
    )


def test_a_call_going_round_without_the_caller_is_stopped_as_a_loop():
    flow = Flow(
        (
            Node("s", NodeKind.START),
            Node("a", NodeKind.MESSAGE, prompt_text="하나"),
            Node("b", NodeKind.MESSAGE),
        ),
        (Edge("e1", "s", "a"), Edge("e2", "a", "b"), Edge("e3", "b", "a")),
    )
    sim = simulation.start(flow, now=MONDAY_10)
    assert (sim.outcome, sim.note) == (Outcome.LOOP, "flow.sim.loop")
    assert len(sim.steps) == simulation.MAX_AUTOMATIC_STEPS
    assert sim.note_params["steps"] == simulation.MAX_AUTOMATIC_STEPS
    assert t(sim.note, "en", **sim.note_params).startswith("The call ran 200 steps")


def test_the_keypad_cannot_act_on_a_finished_call_or_the_wrong_step():
    finished = simulation.press(call(), "0")
    for act in (
        lambda: simulation.press(finished, "1"),
        lambda: simulation.time_out(finished),
        lambda: simulation.invalid(finished),
        lambda: simulation.enter(call(), "1234"),
        lambda: simulation.press(simulation.press(call(), "1"), "1"),
        lambda: simulation.press(call(), "A"),
        lambda: simulation.enter(simulation.press(call(), "1"), "12a"),
    ):
        with pytest.raises(ValueError):
            act()


def test_a_wrong_key_needs_a_key_no_exit_uses():
    menu = Node(
        "m", NodeKind.MENU, prompt_text="아무 키나", options=tuple(MenuOption(k) for k in DTMF_KEYS)
    )
    bye = Node("bye", NodeKind.END)
    flow = Flow(
        (Node("s", NodeKind.START), menu, bye),
        (Edge("e0", "s", "m"), *(Edge(f"e{k}", "m", "bye", k) for k in DTMF_KEYS)),
    )
    with pytest.raises(ValueError, match="every key"):
        simulation.invalid(simulation.start(flow, now=MONDAY_10))


def test_each_step_leaves_the_earlier_simulation_as_it_was():
    first = call()
    second = simulation.press(first, "7")
    assert len(first.steps) == 4 and first.attempts == {}
    assert len(second.steps) == 6


def test_a_compare_condition_uses_digits_keyed_earlier_in_the_call():
    flow = claims_flow()
    flow = flow.with_node(replace(flow.node("amount"), variable="policy_no", value="50000000"))
    assert flow.node("amount").test is ConditionTest.COMPARE
    sim = simulation.start(flow, now=MONDAY_10, variables=CALL_DATA)
    high = simulation.enter(simulation.press(sim, "1"), "90000000#")
    low = simulation.enter(simulation.press(sim, "1"), "10000000#")
    assert "big" in [s.node_id for s in high.steps] and "big" not in [s.node_id for s in low.steps]
