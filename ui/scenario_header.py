"""What the scenario pages share: the scenario named in the address, and links between its
editor, test and versions pages."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.flow.prompts import PromptCatalog
from db import scenario_versions, scenarios
from db.session import transaction
from ui.runtime import Runtime
from ui.session import tr
from ui.text import literal

LINKS = (
    ("pages/scenario_editor.py", "nav.scenario_editor", ":material/edit_square:"),
    ("pages/scenario_test.py", "nav.scenario_test", ":material/dialpad:"),
    ("pages/scenario_versions.py", "nav.scenario_versions", ":material/history:"),
)


def scenario_id_from_query() -> int:
    """The ``id`` in the address; without a usable one the page says so and stops."""
    raw = st.query_params.get("id", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    if raw:
        st.warning(tr("studio.bad_id", value=raw[:20]))
    else:
        st.info(tr("studio.pick_scenario"))
    st.page_link("pages/scenarios.py", label=tr("nav.scenarios"), icon=":material/account_tree:")
    st.stop()
    raise AssertionError("st.stop() returned")


def not_found() -> None:
    st.warning(tr("studio.not_found"))
    st.page_link("pages/scenarios.py", label=tr("nav.scenarios"), icon=":material/account_tree:")
    st.stop()


def links(scenario_id: int, current: str) -> None:
    """The scenario's other pages, one row under its title."""
    columns = st.columns(len(LINKS) + 1)
    columns[0].page_link(
        "pages/scenarios.py", label=tr("nav.scenarios"), icon=":material/arrow_back:"
    )
    for column, (path, title_key, icon) in zip(columns[1:], LINKS, strict=True):
        column.page_link(
            path,
            label=tr(title_key),
            icon=icon,
            query_params={"id": str(scenario_id)},
            disabled=path == current,
        )


@dataclass(frozen=True, slots=True)
class ScenarioPage:
    draft: scenarios.DraftView
    versions: list[scenario_versions.VersionRow]
    prompts: PromptCatalog


def open_scenario(rt: Runtime, current: str) -> ScenarioPage:
    """The scenario in the address with its versions and the prompt library, under its name
    and the links to its other pages; a page for a missing one says so and stops."""
    scenario_id = scenario_id_from_query()
    with transaction(rt.engine) as session:
        draft = scenarios.get_draft(session=session, scenario_id=scenario_id)
        versions = scenario_versions.list_versions(session=session, scenario_id=scenario_id)
        prompts = scenarios.prompt_catalog(session=session)
    if draft is None:
        not_found()
    st.title(literal(draft.name))
    links(scenario_id, current)
    return ScenarioPage(draft=draft, versions=versions, prompts=prompts)
