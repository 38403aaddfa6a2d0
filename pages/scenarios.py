"""ARS scenarios: every call flow with its draft, latest version and what runs in each
environment; designers create new ones and import a flow from JSON."""

import streamlit as st

from core.access import Permission
from core.domain import Environment
from core.errors import UserError
from core.flow.schema import FlowSchemaError
from db import scenario_bundle, scenarios
from db.session import transaction
from ui.flow_editor import FLASH_KEY as EDITOR_FLASH_KEY
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr
from ui.text import literal

FLASH_KEY = "scenarios_flash"

actor = current_actor()
rt = runtime()
st.title(tr("studio.list.title"))
st.caption(tr("studio.list.help"))
if message := st.session_state.pop(FLASH_KEY, None):
    st.success(message)
can_edit = actor.can(Permission.EDIT_SCENARIOS)
show_archived = st.toggle(tr("studio.list.show_archived"))
with transaction(rt.engine) as session:
    rows = scenarios.list_scenarios(session=session, include_archived=show_archived)


def deployed(row: scenarios.ScenarioSummary, environment: Environment) -> str:
    number = row.active_versions.get(environment)
    return f"v{number}" if number is not None else "-"


if not rows:
    st.info(tr("studio.list.empty"))
for row in rows:
    with st.container(border=True):
        name_column, state_column, link_column = st.columns([3, 3, 2], vertical_alignment="center")
        name_column.markdown(f"**{literal(row.name)}**" if not row.archived else literal(row.name))
        name_column.caption(literal(row.description) or "-")
        state_column.markdown(
            tr(
                "studio.list.state",
                revision=row.revision,
                version=f"v{row.latest_version}" if row.latest_version else "-",
                dev=deployed(row, Environment.DEV),
                staging=deployed(row, Environment.STAGING),
                prod=deployed(row, Environment.PROD),
            )
        )
        if row.pending_approvals:
            state_column.caption(tr("studio.list.pending", count=row.pending_approvals))
        link_column.page_link(
            "pages/scenario_editor.py",
            label=tr("studio.list.open"),
            icon=":material/edit_square:",
            query_params={"id": str(row.id)},
        )
        link_column.page_link(
            "pages/scenario_test.py",
            label=tr("nav.scenario_test"),
            icon=":material/dialpad:",
            query_params={"id": str(row.id)},
        )

if can_edit:
    st.subheader(tr("studio.list.create"))
    with st.form("new_scenario", clear_on_submit=True):
        name = st.text_input(tr("studio.field.name"), max_chars=120)
        description = st.text_area(tr("studio.field.description"), max_chars=500)
        if st.form_submit_button(tr("studio.list.create_button"), type="primary"):
            try:
                with transaction(rt.engine) as session:
                    new_id = scenarios.create_scenario(
                        session=session, actor=actor, name=name, description=description
                    )
            except UserError as error:
                show_error(error)
            else:
                st.switch_page("pages/scenario_editor.py", query_params={"id": str(new_id)})

    st.subheader(tr("studio.import.title"))
    st.caption(tr("studio.import.help"))
    with st.form("import_flow"):
        upload = st.file_uploader(tr("studio.import.file"), type=["json"])
        targets = {None: tr("studio.import.as_new")} | {row.id: row.name for row in rows}
        target = st.selectbox(
            tr("studio.import.target"), list(targets), format_func=targets.__getitem__
        )
        new_name = st.text_input(tr("studio.import.new_name"), max_chars=120)
        if st.form_submit_button(tr("studio.import.button")):
            by_id = {row.id: row for row in rows}
            try:
                if upload is None:
                    raise UserError("studio.import.no_file")
                with transaction(rt.engine) as session:
                    result = scenario_bundle.import_flow(
                        session=session,
                        actor=actor,
                        text=upload.getvalue(),
                        name=new_name if target is None else None,
                        scenario_id=target,
                        base_revision=(by_id[target].revision if target is not None else None),
                    )
            except FlowSchemaError as error:
                show_error(error)
                for key, params in error.problems[:30]:
                    st.markdown(f"- {literal(tr(key, **params))}")
            except UserError as error:
                show_error(error)
            else:
                st.session_state[EDITOR_FLASH_KEY] = tr("studio.import.done", name=result.name)
                st.switch_page(
                    "pages/scenario_editor.py", query_params={"id": str(result.scenario_id)}
                )
