"""Scenario versions: publish the draft as a numbered version, compare any two versions as a
list and on the chart, roll the draft back, deploy to dev/staging/prod with approvals, and
export what was deployed."""

import streamlit as st

from core.access import Permission
from core.flow.diff import diff_flows
from core.flow.validation import validate
from db import scenario_versions
from db.session import transaction
from ui import flow_editor, scenario_header
from ui.flow_diff_view import show_diff
from ui.runtime import runtime
from ui.scenario_deploy import FLASH_KEY, deployments, publish_form, restore_form
from ui.session import current_actor, tr

actor = current_actor()
rt = runtime()
opened = scenario_header.open_scenario(rt, "pages/scenario_versions.py")
draft, versions, prompts = opened.draft, opened.versions, opened.prompts
scenario_id = draft.scenario_id
if message := st.session_state.pop(FLASH_KEY, None):
    st.success(message)
copy = flow_editor.existing_copy(scenario_id)
if copy is not None and copy.dirty:
    st.warning(tr("studio.versions.unsaved_edits"))

can_edit = actor.can(Permission.EDIT_SCENARIOS)
if can_edit:
    report = validate(
        draft.flow,
        prompts=prompts,
        speech_rate=rt.settings.flow_speech_rate,
        max_wait_s=rt.settings.flow_max_wait_s,
    )
    publish_form(rt, actor, draft, report)

st.subheader(tr("studio.versions.list"))
if not versions:
    st.info(tr("studio.versions.none"))
else:
    st.dataframe(
        [
            {
                tr("studio.versions.col.number"): f"v{v.number}",
                tr("studio.versions.col.comment"): v.comment,
                tr("studio.versions.col.author"): v.author or "-",
                tr("studio.versions.col.created"): v.created_at.astimezone(rt.zone).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            }
            for v in versions
        ],
        hide_index=True,
        width="stretch",
    )
    if can_edit:
        restore_form(rt, actor, draft, versions)

    st.subheader(tr("studio.diff.title"))
    choices = {f"v{v.number}": v.number for v in versions} | {"draft": None}
    names = {key: tr("studio.diff.draft") if key == "draft" else key for key in choices}
    old_column, new_column = st.columns(2)
    keys = list(choices)
    old_key = old_column.selectbox(
        tr("studio.diff.from"), keys, index=max(0, len(keys) - 3), format_func=names.__getitem__
    )
    new_key = new_column.selectbox(
        tr("studio.diff.to"), keys, index=len(keys) - 1, format_func=names.__getitem__
    )

    def flow_of(key: str):
        if choices[key] is None:
            return draft.flow
        with transaction(rt.engine) as session:
            return scenario_versions.get_version(
                session=session, scenario_id=scenario_id, number=choices[key]
            )[1]

    old_flow, new_flow = flow_of(old_key), flow_of(new_key)
    show_diff(old_flow, new_flow, diff_flows(old_flow, new_flow), key=f"diff_{scenario_id}")

deployments(rt, actor, scenario_id, versions, prompts)
