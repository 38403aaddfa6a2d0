"""The scenario editor's working copy: the designer's unsaved flow, the draft revision it was
based on, and the chart state last pushed to the browser. Kept in st.session_state per
scenario, so edits survive reruns until they are saved or thrown away."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine
from streamlit_flow import streamlit_flow
from streamlit_flow.state import StreamlitFlowState

from core.access import Actor
from core.flow.model import Flow
from core.flow.validation import ValidationReport
from db import scenarios
from db.session import transaction
from ui.flow_chart import NodeMarks, chart_state, merge_browser, selected_node
from ui.session import lang, show_error, tr

FLASH_KEY = "studio_flash"
"""A success message the editor shows once after the rerun that follows a write."""


@dataclass(slots=True)
class WorkingCopy:
    scenario_id: int
    flow: Flow
    saved: Flow  # the draft as last loaded or saved: the copy is unsaved when it differs
    base_revision: int
    chart: StreamlitFlowState | None = None
    chart_marks: dict[str, NodeMarks] | None = None
    selected: str | None = None
    stale: bool = False  # the last save was refused: someone saved a newer revision
    notice: str | None = None  # a success to show until the next change

    @property
    def dirty(self) -> bool:
        return self.flow != self.saved

    def edit(self, flow: Flow, *, select: str | None = None) -> None:
        """Take a change made in Python; the chart is redrawn on the next run."""
        self.flow = flow
        self.chart = None
        self.notice = None
        if select is not None:
            self.selected = select
        if self.selected is not None and flow.get(self.selected) is None:
            self.selected = None

    def saved_as(self, revision: int) -> None:
        self.saved, self.base_revision, self.stale = self.flow, revision, False
        self.notice = tr("studio.saved", revision=revision)


def _key(scenario_id: int) -> str:
    return f"flow_editor_{scenario_id}"


def working_copy(scenario_id: int, flow: Flow, revision: int) -> WorkingCopy:
    """This session's copy of the scenario, started from the stored draft the first time."""
    copy = st.session_state.get(_key(scenario_id))
    if copy is None:
        copy = WorkingCopy(scenario_id=scenario_id, flow=flow, saved=flow, base_revision=revision)
        st.session_state[_key(scenario_id)] = copy
    return copy


def existing_copy(scenario_id: int) -> WorkingCopy | None:
    """The copy this session is editing, if any (the test page can run unsaved changes)."""
    return st.session_state.get(_key(scenario_id))


def forget(scenario_id: int) -> None:
    """Drop the working copy: the next run starts again from the stored draft."""
    st.session_state.pop(_key(scenario_id), None)


def save(copy: WorkingCopy, engine: Engine, actor: Actor) -> None:
    """Save the copy as the draft's next revision; a stale base is refused and explained, and
    the copy is kept so nothing the designer did is lost."""
    try:
        with transaction(engine) as session:
            revision = scenarios.save_draft(
                session=session,
                actor=actor,
                scenario_id=copy.scenario_id,
                flow=copy.flow,
                base_revision=copy.base_revision,
            )
    except scenarios.StaleDraftError as error:
        copy.stale = True
        show_error(error)
    else:
        copy.saved_as(revision)
        st.rerun()


def chart(copy: WorkingCopy, report: ValidationReport, *, editable: bool) -> None:
    """Draw the flow, marking nodes with their issues, and take back what the designer did in
    the browser (moved nodes, drawn edges, the selected node)."""
    marks = {
        node.id: NodeMarks(
            errors=sum(1 for i in report.for_node(node.id) if i in report.errors),
            warnings=sum(1 for i in report.for_node(node.id) if i in report.warnings),
        )
        for node in copy.flow.nodes
    }
    if copy.chart is None or marks != copy.chart_marks:
        copy.chart = chart_state(copy.flow, lang=lang(), marks=marks, selected=copy.selected)
        copy.chart_marks = marks
    returned = streamlit_flow(
        f"flow_chart_{copy.scenario_id}",
        copy.chart,
        height=620,
        fit_view=True,
        show_minimap=True,
        allow_new_edges=editable,
        get_node_on_click=True,
        hide_watermark=True,
    )
    merged = merge_browser(copy.flow, returned, copy.chart.timestamp)
    if returned.timestamp is not None and returned.timestamp > copy.chart.timestamp:
        copy.selected = selected_node(returned, copy.flow) or copy.selected
        copy.chart = returned  # the browser's state is now the newest one
    if editable and merged != copy.flow:
        drawn = merged.edges != copy.flow.edges  # moves need no redraw; new edges get labels
        copy.flow = merged
        if drawn:
            copy.chart = None
            st.rerun()
