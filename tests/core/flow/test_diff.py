from dataclasses import replace

from core.flow.diff import FieldChange, diff_flows
from core.flow.model import Edge, Flow, MenuOption, Node, NodeKind


def menu_flow() -> Flow:
    return Flow(
        nodes=(
            Node("n1", NodeKind.START, "시작"),
            Node(
                "n2",
                NodeKind.MENU,
                "메인 메뉴",
                prompt_text="사고 접수는 1번을 눌러 주세요.",
                options=(MenuOption("1", "사고 접수"),),
            ),
            Node("n3", NodeKind.TRANSFER, "사고접수 연결", queue="사고접수"),
            Node("n4", NodeKind.END, "종료", prompt_text="이용해 주셔서 감사합니다."),
        ),
        edges=(
            Edge("e1", "n1", "n2"),
            Edge("e2", "n2", "n3", "1"),
            Edge("e3", "n2", "n4", "timeout"),
            Edge("e4", "n2", "n4", "invalid"),
        ),
        variables=("customer_name",),
    )


def test_the_same_flow_has_an_empty_diff_even_when_nodes_moved_and_edges_renumbered():
    old = menu_flow()
    new = old.moved({"n2": (400.0, 80.0)})
    new = replace(new, edges=tuple(replace(e, id=f"x{e.id}") for e in reversed(new.edges)))
    diff = diff_flows(old, new)
    assert diff.is_empty
    assert diff.highlight() == {}


def test_added_removed_and_changed_nodes_are_listed_with_their_fields():
    old = menu_flow()
    new = old.with_node(replace(old.node("n3"), queue="긴급", label="긴급출동 연결"))
    new = new.without_node("n4").with_node(Node("n5", NodeKind.END, "끝"))
    new = new.with_edge(Edge("e9", "n2", "n5", "timeout"))
    diff = diff_flows(old, new)
    assert [n.id for n in diff.added_nodes] == ["n5"]
    assert [n.id for n in diff.removed_nodes] == ["n4"]
    [change] = diff.changed_nodes
    assert change.node_id == "n3" and change.label == "긴급출동 연결"
    assert change.changes == (
        FieldChange("label", "사고접수 연결", "긴급출동 연결"),
        FieldChange("queue", "사고접수", "긴급"),
    )
    # n4's edges went with it; the new timeout edge has the same key as a removed one.
    assert [e.label for e in diff.removed_edges] == ["invalid"]
    assert [(r.label, r.before, r.after) for r in diff.retargeted_edges] == [
        ("timeout", "n4", "n5")
    ]
    assert diff.highlight() == {
        "n5": "added",
        "n4": "removed",
        "n3": "changed",
        ("n2", "invalid"): "removed",
        ("n2", "timeout"): "changed",
    }


def test_a_node_whose_kind_changed_is_a_change_with_fields_that_apply_to_either_kind():
    old = menu_flow()
    new = old.with_node(Node("n3", NodeKind.END, "사고접수 연결", prompt_text="안녕히 계세요."))
    [change] = diff_flows(old, new).changed_nodes
    by_field = {c.field: (c.before, c.after) for c in change.changes}
    assert by_field["kind"] == ("transfer", "end")
    assert by_field["queue"] == ("사고접수", None)
    assert by_field["prompt_text"] == ("", "안녕히 계세요.")
    assert "label" not in by_field


def test_prompt_text_changes_are_listed_on_their_own_as_well():
    old = menu_flow()
    reworded = replace(old.node("n2"), prompt_text="사고 접수는 1번, 상담원은 0번을 눌러 주세요.")
    diff = diff_flows(old, old.with_node(reworded))
    [prompt] = diff.prompt_changes
    assert (prompt.node_id, prompt.label) == ("n2", "메인 메뉴")
    assert prompt.before == "사고 접수는 1번을 눌러 주세요."
    assert prompt.after.endswith("0번을 눌러 주세요.")
    assert diff.changed_nodes[0].fields == ("prompt_text",)


def test_menu_options_and_added_key_exits_are_changes():
    old = menu_flow()
    menu = replace(
        old.node("n2"), options=(MenuOption("1", "사고 접수"), MenuOption("0", "상담원"))
    )
    new = old.with_node(menu).with_edge(Edge("e5", "n2", "n3", "0"))
    diff = diff_flows(old, new)
    assert diff.changed_nodes[0].fields == ("options",)
    assert [(e.source, e.label, e.target) for e in diff.added_edges] == [("n2", "0", "n3")]
    assert diff.highlight()[("n2", "0")] == "added"


def test_variables_added_and_removed():
    old = menu_flow()
    diff = diff_flows(old, replace(old, variables=("amount", "due_date")))
    assert diff.added_variables == ("amount", "due_date")
    assert diff.removed_variables == ("customer_name",)
    assert not diff.is_empty


def test_duplicate_exits_are_matched_by_target_first():
    old = menu_flow().with_edge(Edge("e5", "n2", "n3", "invalid"))  # two "invalid" exits
    new = old.without_edge("e4")
    diff = diff_flows(old, new)
    assert [(e.id, e.target) for e in diff.removed_edges] == [("e4", "n4")]
    assert diff.retargeted_edges == () and diff.added_edges == ()
