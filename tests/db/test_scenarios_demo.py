"""The demo scenarios, as seeded, are flows the editor opens cleanly and that pass validation."""

import pytest
from sqlalchemy import select

from core.flow.model import DTMF_KEYS, LIMIT, ConditionTest, Flow, NodeKind
from core.flow.validation import validate
from db import scenarios
from db.demo.reference import SCENARIOS, seed_reference
from db.models import ScenarioVersion
from db.session import transaction


@pytest.fixture
def demo(engine) -> dict[str, tuple[Flow, dict]]:
    """Each demo scenario's version 1 by name, with the library's prompt catalog."""
    with transaction(engine) as session:
        seed_reference(session=session)
    with transaction(engine) as session:
        catalog = scenarios.prompt_catalog(session=session)
        by_id = {row.id: row.name for row in scenarios.list_scenarios(session=session)}
        versions = session.execute(select(ScenarioVersion.scenario_id, ScenarioVersion.flow))
        return {
            by_id[scenario_id]: (Flow.from_dict(flow), catalog) for scenario_id, flow in versions
        }


def test_every_demo_flow_validates_without_errors(demo):
    assert len(demo) == len(SCENARIOS) == 3
    for name, (flow, catalog) in demo.items():
        report = validate(flow, prompts=catalog)
        assert report.ok, (name, report.errors)


def test_menus_declare_the_keys_they_have_exits_for(demo):
    for flow, _ in demo.values():
        for node in flow.nodes:
            if node.kind is NodeKind.MENU:
                keys = [e.label for e in flow.exits(node.id) if e.label in DTMF_KEYS]
                assert [o.key for o in node.options] == keys and all(o.label for o in node.options)


def test_the_main_menu_bounds_its_retries_and_the_accident_menu_shows_the_loop_warning(demo):
    main, catalog = demo["대표번호 메인 메뉴"]
    accident, _ = demo["사고접수·긴급출동"]
    menu = next(n for n in main.nodes if n.kind is NodeKind.MENU)
    assert main.exit(menu.id, LIMIT).target == "n9"  # the general agents' queue
    [hours] = [n for n in main.nodes if n.kind is NodeKind.CONDITION]
    assert hours.test is ConditionTest.BUSINESS_HOURS
    assert (hours.open_days, hours.open_time, hours.close_time) == (
        ("mon", "tue", "wed", "thu", "fri"), "09:00", "18:00")  # fmt: skip
    assert not [w for w in validate(main, prompts=catalog).warnings
                if w.key == "flow.issue.loop_without_counter"]  # fmt: skip
    loops = [w for w in validate(accident, prompts=catalog).warnings
             if w.key == "flow.issue.loop_without_counter"]  # fmt: skip
    assert len(loops) == 1


def test_call_data_variables_are_declared_at_flow_level(demo):
    assert demo["보험료 납입 안내(아웃바운드)"][0].variables == (
        "customer_name",
        "amount",
        "due_date",
    )
    assert demo["사고접수·긴급출동"][0].variables == ("customer_name",)
    assert demo["대표번호 메인 메뉴"][0].variables == ()
