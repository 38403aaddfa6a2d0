"""Outcome models (admins): the trained versions with their validation metrics; choose the
active one, or train a new one from the supervisors' reviews."""

import streamlit as st

from core.access import Permission
from core.domain import QueueName
from core.errors import UserError
from db import model_registry
from db.session import transaction
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr
from workers.queue import enqueue

actor = current_actor()
actor.require(Permission.MANAGE_RULES)
rt = runtime()
st.title(tr("models.title"))
st.caption(tr("models.help"))
if message := st.session_state.pop("models_flash", None):
    st.success(message)

with transaction(rt.engine) as session:
    versions = model_registry.versions(session=session)

if not versions:
    st.info(tr("models.none"))
else:
    st.dataframe(
        [
            {
                tr("models.col.version"): v.version,
                tr("models.col.active"): tr("common.yes") if v.active else "",
                tr("models.col.trained"): rt.local_time(v.trained_at),
                tr("models.col.rows"): v.train_rows,
                tr("models.col.labels"): tr(f"models.labels.{v.label_source}"),
                tr("models.col.accuracy"): round(v.metrics.get("accuracy", 0.0), 3),
                tr("models.col.baseline"): round(v.metrics.get("baseline_accuracy", 0.0), 3),
                tr("models.col.macro_f1"): round(v.metrics.get("macro_f1", 0.0), 3),
            }
            for v in versions
        ],
        hide_index=True,
        width="stretch",
    )
    chosen = st.selectbox(tr("models.choose"), versions, format_func=lambda v: v.version)
    if st.button(tr("models.activate"), disabled=chosen.active):
        with transaction(rt.engine) as session:
            model_registry.activate(session=session, actor=actor, version_id=chosen.id)
            call_ids = model_registry.predicted_call_ids(session=session)
        # Every analysed call is predicted again with the model now active.
        enqueue(
            "workers.outcomes.predict_calls",
            call_ids,
            engine=rt.engine,
            settings=rt.settings,
            queue=QueueName.CPU,
            target_type="model",
            target_id=chosen.id,
            requested_by=actor.user_id,
        )
        st.session_state["models_flash"] = tr("models.activated", version=chosen.version)
        st.rerun()

if st.button(tr("models.train"), type="primary"):
    try:
        job = enqueue(
            "workers.outcomes.train_model",
            actor.user_id,
            engine=rt.engine,
            settings=rt.settings,
            queue=QueueName.CPU,
            target_type="model",
            target_id=0,
            requested_by=actor.user_id,
            retries=0,
        )
    except UserError as error:
        show_error(error)
    else:
        key = "models.train_failed" if job.error_text else "models.train_started"
        st.session_state["models_flash"] = tr(key, error=job.error_text or "")
        st.rerun()
