import json
import re
from pathlib import Path

import pytest

from core.errors import UserError
from core.flow import schema
from core.flow.model import Flow
from core.flow.schema import FlowSchemaError, parse_flow, parse_flow_json
from core.i18n import CATALOG, t
from tests.core.flow.flows import claims_flow


def problems_of(document) -> list[tuple[str, dict]]:
    with pytest.raises(FlowSchemaError) as refused:
        parse_flow(document)
    assert refused.value.params == {"count": len(refused.value.problems)}
    return refused.value.problems


def keys_of(document) -> list[str]:
    return [key for key, _ in problems_of(document)]


def small(**changes) -> dict:
    """A valid document: start -> end, changed by ``changes`` (None removes a key)."""
    document = {
        "variables": ["customer_name"],
        "nodes": [
            {"id": "n1", "kind": "start", "label": "시작"},
            {"id": "n2", "kind": "end", "label": "종료", "prompt_text": "감사합니다."},
        ],
        "edges": [{"id": "e1", "source": "n1", "target": "n2", "label": ""}],
    }
    for name, value in changes.items():
        if value is None:
            document.pop(name)
        else:
            document[name] = value
    return document


def node(**fields) -> dict:
    return {"id": "n3", "kind": "message", "prompt_text": "안내"} | fields


def test_a_flow_survives_writing_and_reading_back():
    flow = claims_flow()
    assert Flow.from_dict(flow.to_dict()) == flow
    assert Flow.from_dict(json.loads(json.dumps(flow.to_dict(), ensure_ascii=False))) == flow


def test_a_minimal_document_is_read_with_defaults():
    flow = parse_flow(small(variables=None))
    assert [n.id for n in flow.nodes] == ["n1", "n2"]
    assert flow.variables == ()
    assert flow.node("n2").prompt_text == "감사합니다."


@pytest.mark.parametrize("document", [[], "flow", None, 3])
def test_a_document_that_is_not_an_object_is_refused(document):
    assert keys_of(document) == ["flow.schema.not_object"]


def test_nodes_and_edges_must_be_lists():
    assert keys_of({"nodes": {"n1": {}}, "edges": "e1"}) == [
        "flow.schema.nodes_list",
        "flow.schema.edges_list",
    ]


def test_every_problem_is_listed_not_just_the_first():
    document = small(
        variables=["ok", "9lives"],
        nodes=[
            {"id": "n1", "kind": "start"},
            {"id": "n1", "kind": "end"},
            {"id": "n2", "kind": "teleport"},
            "not a node",
            {"kind": "end"},
        ],
        edges=[{"id": "e1", "source": "n1", "target": "nx"}, 5, {"id": "e2", "source": "n1"}],
    )
    assert problems_of(document) == [
        ("flow.schema.variable_name", {"name": "9lives"}),
        ("flow.schema.duplicate_node", {"node": "n1"}),
        ("flow.schema.unknown_kind", {"node": "n2", "kind": "teleport"}),
        ("flow.schema.node_object", {"index": 4}),
        ("flow.schema.node_id", {"index": 5}),
        ("flow.schema.dangling_edge", {"edge": "e1", "node": "nx"}),
        ("flow.schema.edge_object", {"index": 2}),
        ("flow.schema.edge_fields", {"index": 3}),
    ]


def test_duplicate_edge_ids_are_refused():
    edge = {"id": "e1", "source": "n1", "target": "n2"}
    assert problems_of(small(edges=[edge, edge])) == [
        ("flow.schema.duplicate_edge", {"edge": "e1"})
    ]


def test_variables_must_be_a_list_of_names():
    assert keys_of(small(variables="customer_name")) == ["flow.schema.variables"]
    assert keys_of(small(variables=[1])) == ["flow.schema.variables"]


def test_too_many_nodes_are_refused_before_reading_them():
    document = small(nodes=[{}] * (schema.MAX_NODES + 1))
    assert problems_of(document) == [
        ("flow.schema.too_many", {"nodes": schema.MAX_NODES, "edges": schema.MAX_EDGES})
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"timeout_s": "5"}, "timeout_s"),
        ({"timeout_s": 500}, "timeout_s"),
        ({"timeout_s": float("nan")}, "timeout_s"),
        ({"retries": 1.5}, "retries"),
        ({"retries": True}, "retries"),
        ({"retries": 10}, "retries"),
        ({"prompt_id": "7"}, "prompt_id"),
        ({"prompt_text": 7}, "prompt_text"),
        ({"prompt_text": "가" * (schema.MAX_TEXT + 1)}, "prompt_text"),
        ({"position": {"x": "left", "y": 0}}, "x"),
        ({"options": "1,2"}, "options"),
        ({"options": [{"label": "키 없음"}]}, "options"),
        ({"kind": "input", "min_length": 4, "max_length": 2}, "min_length"),
        ({"kind": "input", "terminator": "0"}, "terminator"),
        ({"kind": "input", "pattern": "([0-9]"}, "pattern"),
        ({"kind": "input", "variable": "1st"}, "variable"),
        ({"kind": "condition", "test": "moon_phase"}, "test"),
        ({"kind": "condition", "operator": "=~"}, "operator"),
        ({"kind": "condition", "open_days": ["mon", "someday"]}, "open_days"),
        ({"kind": "condition", "open_days": "mon"}, "open_days"),
        ({"kind": "condition", "open_time": "24:00"}, "open_time"),
        ({"kind": "condition", "close_time": "6pm"}, "close_time"),
    ],
)
def test_a_field_of_the_wrong_type_or_out_of_range_is_named(fields, field):
    document = small(nodes=[*small()["nodes"], node(**fields)])
    assert problems_of(document) == [("flow.schema.field", {"node": "n3", "field": field})]


def test_menu_option_keys_must_be_phone_keys():
    document = small(nodes=[*small()["nodes"], node(kind="menu", options=[{"key": "A"}])])
    assert problems_of(document) == [("flow.schema.option_key", {"node": "n3", "phone_key": "A"})]


def test_an_edge_label_may_be_left_out_or_null_for_the_way_on():
    edges = [{"id": "e1", "source": "n1", "target": "n2", "label": None}]
    assert parse_flow(small(edges=edges)).edges[0].label == ""
    assert (
        parse_flow(small(edges=[{"id": "e1", "source": "n1", "target": "n2"}])).edges[0].label == ""
    )


def test_an_exported_bundle_is_read_through_its_flow_wrapper():
    bundle = {"scenario": "자동차 사고 접수", "version": 3, "flow": claims_flow().to_dict()}
    assert parse_flow_json(json.dumps(bundle, ensure_ascii=False)) == claims_flow()
    assert parse_flow_json(json.dumps(claims_flow().to_dict()).encode()) == claims_flow()


def test_a_file_that_is_not_json_says_where():
    with pytest.raises(UserError) as refused:
        parse_flow_json('{"nodes": [\n  {"id": "n1",}\n]}')
    assert refused.value.key == "flow.schema.bad_json"
    assert refused.value.params["line"] == 2


def test_a_file_that_is_not_utf8_or_too_big_is_refused():
    with pytest.raises(UserError) as not_text:
        parse_flow_json(b'{"nodes": ["\xff\xfe\xfa"]}')
    assert not_text.value.key == "flow.schema.not_utf8"
    with pytest.raises(UserError) as too_big:
        parse_flow_json(b" " * (schema.MAX_IMPORT_BYTES + 1))
    assert too_big.value.key == "flow.schema.too_big"
    assert too_big.value.params == {"mb": 5}


def test_every_schema_message_is_in_the_catalog_and_takes_its_parameters():
    used = set(re.findall(r'"(flow\.schema\.\w+)"', Path(schema.__file__).read_text()))
    assert used <= set(CATALOG)
    document = small(
        variables=["9lives"],
        nodes=[{"id": "n1", "kind": "start"}, {"id": "n1", "kind": "x"}, 1, {}, node(retries="2")],
        edges=[{"id": "e1", "source": "n1", "target": "nx"}, 5, {}],
    )
    for key, params in problems_of(document):
        for lang in ("ko", "en"):
            assert "{" not in t(key, lang, **params)
