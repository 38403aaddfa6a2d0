"""The versions page's forms: publish the draft, roll the draft back to a version, deploy a
version (with prod approvals), roll an environment back, and export a deployment's bundle."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from core.access import Actor, Permission
from core.domain import DeploymentStatus, Environment
from core.errors import UserError
from core.flow.prompts import PromptCatalog
from core.flow.validation import ValidationReport
from db import deployments as deployment_db
from db import scenario_bundle, scenario_versions
from db.scenarios import DraftView
from db.session import transaction
from ui import flow_editor
from ui.runtime import Runtime
from ui.session import show_error, tr

FLASH_KEY = "scenario_versions_flash"


def _write(rt: Runtime, write: Callable[..., object], done: Callable[[object], str]) -> None:
    """Run one write in its own transaction; explain a refusal, or rerun with ``done``."""
    try:
        with transaction(rt.engine) as session:
            result = write(session=session)
    except UserError as error:
        show_error(error)
        return
    st.session_state[FLASH_KEY] = done(result)
    st.rerun()


def publish_form(rt: Runtime, actor: Actor, draft: DraftView, report: ValidationReport) -> None:
    st.subheader(tr("studio.publish.title"))
    if not report.ok:
        st.error(tr("studio.publish.blocked", errors=len(report.errors)))
    with st.form("publish", clear_on_submit=True):
        comment = st.text_input(tr("studio.publish.comment"), max_chars=500)
        submitted = st.form_submit_button(
            tr("studio.publish.button", revision=draft.revision),
            type="primary",
            disabled=not report.ok,
        )
    if submitted:
        _write(
            rt,
            partial(
                scenario_versions.publish,
                actor=actor,
                scenario_id=draft.scenario_id,
                base_revision=draft.revision,
                comment=comment,
                speech_rate=rt.settings.flow_speech_rate,
            ),
            lambda number: tr("studio.publish.done", number=number),
        )


def restore_form(rt: Runtime, actor: Actor, draft: DraftView, versions: list) -> None:
    with st.expander(tr("studio.restore.title")):
        st.caption(tr("studio.restore.help"))
        number = st.selectbox(
            tr("studio.restore.version"),
            [v.number for v in versions],
            format_func=lambda n: f"v{n}",
            key="restore_version",
        )
        if st.button(tr("studio.restore.button"), icon=":material/restore:"):
            flow_editor.forget(draft.scenario_id)  # the editor reloads the restored draft
            _write(
                rt,
                partial(
                    scenario_versions.restore_version,
                    actor=actor,
                    scenario_id=draft.scenario_id,
                    number=number,
                    base_revision=draft.revision,
                ),
                lambda revision: tr("studio.restore.done", number=number, revision=revision),
            )


def deployments(
    rt: Runtime, actor: Actor, scenario_id: int, versions: list, prompts: PromptCatalog
) -> None:
    st.subheader(tr("studio.deploy.title"))
    with transaction(rt.engine) as session:
        active = deployment_db.active_deployments(session=session, scenario_id=scenario_id)
        history = deployment_db.deployment_history(session=session, scenario_id=scenario_id)
    columns = st.columns(len(Environment))
    for column, environment in zip(columns, Environment, strict=True):
        row = active.get(environment)
        column.metric(
            tr(f"env.{environment.value}"),
            f"v{row.version_number}" if row is not None else tr("studio.deploy.nothing"),
        )
        if row is not None:
            column.caption(
                tr(
                    "studio.deploy.since",
                    at=row.activated_at.astimezone(rt.zone).strftime("%Y-%m-%d %H:%M"),
                )
            )
    can_deploy = actor.can(Permission.DEPLOY_SCENARIOS)
    if can_deploy and versions:
        _deploy_form(rt, actor, scenario_id, versions)
        _rollback_form(rt, actor, scenario_id, active)
    pending = [row for row in history if row.status is DeploymentStatus.PENDING_APPROVAL]
    if can_deploy and pending:
        _approvals(rt, actor, pending)
    st.markdown(f"**{tr('studio.deploy.history')}**")
    if not history:
        st.caption(tr("studio.deploy.no_history"))
        return
    st.dataframe(
        [
            {
                tr("studio.deploy.col.when"): row.requested_at.astimezone(rt.zone).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                tr("studio.deploy.col.env"): tr(f"env.{row.environment.value}"),
                tr("studio.deploy.col.version"): f"v{row.version_number}",
                tr("studio.deploy.col.status"): tr(f"studio.deploy.status.{row.status.value}"),
                tr("studio.deploy.col.by"): row.requested_by or "-",
                tr("studio.deploy.col.approved_by"): row.approved_by or "-",
                tr("studio.deploy.col.note"): row.note,
            }
            for row in history
        ],
        hide_index=True,
        width="stretch",
    )
    exportable = [row for row in history if row.status is not DeploymentStatus.REJECTED]
    if exportable:
        _export(rt, exportable)


def _deploy_form(rt: Runtime, actor: Actor, scenario_id: int, versions: list) -> None:
    with st.form("deploy"):
        version_column, env_column = st.columns(2)
        number = version_column.selectbox(
            tr("studio.deploy.version"),
            [v.number for v in reversed(versions)],
            format_func=lambda n: f"v{n}",
        )
        environment = env_column.selectbox(
            tr("studio.deploy.env"),
            list(Environment),
            format_func=lambda env: tr(f"env.{env.value}"),
        )
        note = st.text_input(tr("studio.deploy.note"), max_chars=500)
        st.caption(tr("studio.deploy.rules"))
        submitted = st.form_submit_button(tr("studio.deploy.button"), type="primary")
    if submitted:
        _write(
            rt,
            partial(
                deployment_db.deploy,
                actor=actor,
                scenario_id=scenario_id,
                version_number=number,
                environment=environment,
                note=note,
                speech_rate=rt.settings.flow_speech_rate,
            ),
            lambda row: tr(
                "studio.deploy.done"
                if row.status is DeploymentStatus.ACTIVE
                else "studio.deploy.requested",
                number=number,
                env=tr(f"env.{environment.value}"),
            ),
        )


def _rollback_form(rt: Runtime, actor: Actor, scenario_id: int, active: dict) -> None:
    live = [env for env in Environment if env in active]
    if not live:
        return
    with st.expander(tr("studio.rollback.title")):
        st.caption(tr("studio.rollback.help"))
        environment = st.selectbox(
            tr("studio.deploy.env"),
            live,
            format_func=lambda env: tr(f"env.{env.value}"),
            key="rollback_env",
        )
        if st.button(tr("studio.rollback.button"), icon=":material/undo:"):
            _write(
                rt,
                partial(
                    deployment_db.rollback_environment,
                    actor=actor,
                    scenario_id=scenario_id,
                    environment=environment,
                    speech_rate=rt.settings.flow_speech_rate,
                ),
                lambda row: tr(
                    "studio.rollback.done"
                    if row.status is DeploymentStatus.ACTIVE
                    else "studio.deploy.requested",
                    number=row.version_number,
                    env=tr(f"env.{environment.value}"),
                ),
            )


def _approvals(rt: Runtime, actor: Actor, pending: list) -> None:
    st.markdown(f"**{tr('studio.approve.title')}**")
    for row in pending:
        with st.container(border=True):
            st.markdown(
                tr(
                    "studio.approve.request",
                    number=row.version_number,
                    env=tr(f"env.{row.environment.value}"),
                    by=row.requested_by or "-",
                )
            )
            own = row.requested_by == actor.username
            if own:
                st.caption(tr("studio.approve.own"))
            approve_column, reject_column = st.columns(2)
            if approve_column.button(
                tr("studio.approve.button"),
                key=f"approve_{row.id}",
                disabled=own,
                type="primary",
                icon=":material/check:",
            ):
                _write(
                    rt,
                    partial(deployment_db.approve, actor=actor, deployment_id=row.id),
                    partial(_said, "studio.approve.done", number=row.version_number),
                )
            if reject_column.button(
                tr("studio.approve.reject"), key=f"reject_{row.id}", icon=":material/close:"
            ):
                _write(
                    rt,
                    partial(deployment_db.reject, actor=actor, deployment_id=row.id, note=""),
                    partial(_said, "studio.approve.rejected", number=row.version_number),
                )


def _said(key: str, _result: object, **params: object) -> str:
    return tr(key, **params)


def _export(rt: Runtime, rows: list) -> None:
    with st.expander(tr("studio.export.title")):
        st.caption(tr("studio.export.help"))
        chosen = st.selectbox(
            tr("studio.export.deployment"),
            rows,
            format_func=lambda row: " · ".join(
                (
                    f"v{row.version_number}",
                    tr(f"env.{row.environment.value}"),
                    f"{row.requested_at.astimezone(rt.zone):%Y-%m-%d %H:%M}",
                )
            ),
            key="export_deployment",
        )

        def bundle() -> bytes:
            with transaction(rt.engine) as session:
                return scenario_bundle.export_bundle(
                    session=session, deployment_id=chosen.id, data_dir=rt.settings.data_dir
                )[1]

        st.download_button(
            tr("studio.export.button"),
            data=bundle,
            file_name=f"scenario-v{chosen.version_number}-{chosen.environment.value}.zip",
            mime="application/zip",
            icon=":material/download:",
        )
