"""Scenario editor: the draft as a flowchart, a palette to add nodes, the selected node's
properties, validation on the nodes and as a list, and saving with a stale-revision check."""

import json

import streamlit as st

from core.access import Permission
from core.flow.editing import add_node
from core.flow.layout import auto_layout
from core.flow.model import NodeKind
from core.flow.validation import validate
from ui import flow_editor, flow_properties, scenario_header
from ui.flow_issues import show_issues
from ui.runtime import runtime
from ui.session import current_actor, tr

actor = current_actor()
rt = runtime()
opened = scenario_header.open_scenario(rt, "pages/scenario_editor.py")
draft, prompts = opened.draft, opened.prompts
scenario_id = draft.scenario_id
can_edit = actor.can(Permission.EDIT_SCENARIOS)
copy = flow_editor.working_copy(scenario_id, draft.flow, draft.revision)

st.caption(
    tr(
        "studio.draft_caption",
        revision=copy.base_revision,
        by=draft.updated_by or "-",
        at=draft.updated_at.astimezone(rt.zone).strftime("%Y-%m-%d %H:%M"),
    )
)
if message := st.session_state.pop(flow_editor.FLASH_KEY, None):
    copy.notice = message
if copy.notice:
    st.success(copy.notice)
if not can_edit:
    st.info(tr("studio.read_only"))
elif copy.dirty:
    st.warning(tr("studio.unsaved"))

report = validate(
    copy.flow,
    prompts=prompts,
    speech_rate=rt.settings.flow_speech_rate,
    max_wait_s=rt.settings.flow_max_wait_s,
)

if can_edit:
    toolbar = st.container(horizontal=True)
    for kind in NodeKind:
        if toolbar.button(tr(f"flow.kind.{kind.value}"), icon=":material/add:", key=f"add_{kind}"):
            near = copy.flow.get(copy.selected) if copy.selected else None
            flow = add_node(copy.flow, kind, tr(f"flow.kind.{kind.value}"), near=near)
            copy.edit(flow, select=flow.nodes[-1].id)
            st.rerun()
    if toolbar.button(tr("studio.auto_layout"), icon=":material/account_tree:"):
        copy.edit(auto_layout(copy.flow))
        st.rerun()
    if toolbar.button(
        tr("studio.save"), icon=":material/save:", type="primary", disabled=not copy.dirty
    ):
        flow_editor.save(copy, rt.engine, actor)
    if toolbar.button(tr("studio.discard"), icon=":material/undo:", disabled=not copy.dirty):
        flow_editor.forget(scenario_id)
        st.rerun()
if copy.stale:
    st.error(tr("studio.stale_help"))
    reload_column, keep_column = st.columns(2)
    if reload_column.button(tr("studio.reload_latest"), icon=":material/refresh:"):
        flow_editor.forget(scenario_id)
        st.rerun()
    keep_column.download_button(
        tr("studio.download_mine"),
        data=json.dumps(copy.flow.to_dict(), ensure_ascii=False, indent=2),
        file_name=f"scenario-{scenario_id}-mine.json",
        mime="application/json",
        icon=":material/download:",
    )

chart_column, panel_column = st.columns([3, 2])
with chart_column:
    flow_editor.chart(copy, report, editable=can_edit)
with panel_column:
    node_ids = [node.id for node in copy.flow.nodes]
    names = {node.id: flow_properties.node_choice(node) for node in copy.flow.nodes}
    chosen = st.selectbox(
        tr("studio.selected_node"),
        [None, *node_ids],
        index=node_ids.index(copy.selected) + 1 if copy.selected in node_ids else 0,
        format_func=lambda node_id: names.get(node_id, tr("studio.no_selection")),
    )
    if chosen != copy.selected:
        copy.selected = chosen
        copy.chart = None
        st.rerun()
    if chosen is not None and can_edit:
        changed = flow_properties.show(copy.flow, chosen, prompts=prompts, key="node_form")
        if changed is not None:
            copy.edit(changed)
            st.rerun()
        if (added := flow_properties.add_exit_form(copy.flow, chosen)) is not None:
            copy.edit(added)
            st.rerun()
        if st.button(tr("studio.delete_node"), icon=":material/delete:", key=f"del_{chosen}"):
            copy.edit(copy.flow.without_node(chosen))
            st.rerun()
    elif chosen is not None:
        st.json(copy.flow.node(chosen).to_dict())
    if can_edit and (changed := flow_properties.variables_form(copy.flow)) is not None:
        copy.edit(changed)
        st.rerun()

show_issues(report, copy.flow)
