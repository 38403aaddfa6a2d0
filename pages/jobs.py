"""Job monitor: queued, running, failed (with the error), retry and cancel, updated live."""

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from core.access import Permission
from core.domain import JobStatus, QueueName
from core.errors import UserError
from core.i18n import CATALOG
from db.jobs import ACTIVE, JobRow, job_counts, list_jobs
from db.session import transaction
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr
from workers import control
from workers.queue import queue_name

REFRESH_S = 2
SHOWN = 200
FLASH = "jobs_flash"

actor = current_actor()
rt = runtime()
st.title(tr("jobs.title"))
st.caption(tr("jobs.help"))


def job_name(row: JobRow) -> str:
    key = f"jobs.name.{row.name}"
    return tr(key) if key in CATALOG else row.name


def target(row: JobRow) -> str:
    if row.target_type == "call":
        return tr("jobs.target.call", id=row.target_id)
    if row.target_type == "model":
        return tr("jobs.target.model")
    if row.target_type == "import":
        return tr("jobs.target.import", id=row.target_id)
    return tr("jobs.target.other", type=row.target_type, id=row.target_id)


def queue_health() -> None:
    """Workers and waiting jobs per queue, straight from Redis."""
    if rt.settings.jobs_inline:
        st.info(tr("jobs.inline"))
        return
    from redis import Redis
    from rq import Queue, Worker

    try:
        connection = Redis.from_url(rt.settings.redis_url, socket_timeout=2)
        lines = []
        for queue in QueueName:
            rq_queue = Queue(queue_name(rt.settings, queue), connection=connection)
            workers = Worker.count(queue=rq_queue)
            lines.append(
                tr("jobs.workers_on", queue=queue.value, workers=workers, waiting=rq_queue.count)
            )
        st.caption(" · ".join(lines))
    except Exception as error:  # shown, never fatal: the monitor still reads the database
        st.warning(tr("jobs.redis_down", error=type(error).__name__))


statuses = st.multiselect(
    tr("jobs.status_filter"),
    list(JobStatus),
    default=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED],
    format_func=lambda s: tr(f"jobs.status.{s.value}"),
)
queues = st.multiselect(tr("jobs.queue_filter"), list(QueueName), format_func=lambda q: q.value,
                        placeholder=tr("common.choose"))  # fmt: skip
# Inline jobs have finished before the page draws: only a queue has anything to follow live.
live = not rt.settings.jobs_inline and st.toggle(tr("jobs.live"), value=True)


@st.fragment(run_every=REFRESH_S if live else None)
def monitor() -> None:
    since = datetime.now(rt.zone) - timedelta(days=7)
    with transaction(rt.engine) as session:
        counts = job_counts(session=session, since=since)
        rows = list_jobs(session=session, statuses=statuses, queues=queues, limit=SHOWN)
    columns = st.columns(len(JobStatus))
    for column, status in zip(columns, JobStatus, strict=True):
        column.metric(tr(f"jobs.status.{status.value}"), f"{counts[status]:,}")
    queue_health()
    st.caption(tr("jobs.updated", time=datetime.now(rt.zone).strftime("%H:%M:%S")))
    if flash := st.session_state.pop(FLASH, None):
        st.success(flash)
    if not rows:
        st.info(tr("jobs.none"))
        return
    table = pd.DataFrame(
        {
            tr("jobs.col.id"): [r.id for r in rows],
            tr("jobs.col.job"): [job_name(r) for r in rows],
            tr("jobs.col.target"): [target(r) for r in rows],
            tr("jobs.col.queue"): [r.queue.value for r in rows],
            tr("jobs.col.status"): [tr(f"jobs.status.{r.status.value}") for r in rows],
            tr("jobs.col.attempt"): [r.attempt for r in rows],
            tr("jobs.col.progress"): [round(r.progress * 100) for r in rows],
            tr("jobs.col.requested_by"): [r.requested_by or "-" for r in rows],
            tr("jobs.col.created"): [rt.local_time(r.created_at) for r in rows],
            tr("jobs.col.ended"): [rt.local_time(r.ended_at) for r in rows],
            tr("jobs.col.error"): [r.error_text or "" for r in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            tr("jobs.col.progress"): st.column_config.ProgressColumn(
                tr("jobs.col.progress"), min_value=0, max_value=100, format="%d%%"
            ),
            tr("jobs.col.error"): st.column_config.TextColumn(tr("jobs.col.error"), width="large"),
        },
    )
    actionable = [r for r in rows if r.status in (*ACTIVE, JobStatus.FAILED, JobStatus.CANCELED)]
    if not actionable:
        return
    chosen = st.selectbox(
        tr("jobs.choose"),
        actionable,
        format_func=lambda r: (
            f"{r.id} · {job_name(r)} · {target(r)} · " + tr(f"jobs.status.{r.status.value}")
        ),
    )
    may_act = actor.can(control.TARGET_PERMISSIONS.get(chosen.target_type, Permission.MANAGE_USERS))
    first, second, third = st.columns(3)
    if first.button(
        tr("jobs.retry"),
        disabled=not may_act or chosen.status in ACTIVE,
        icon=":material/replay:",
    ):
        try:
            new = control.retry_job(rt.engine, rt.settings, actor=actor, job_run_id=chosen.id)
        except UserError as error:
            show_error(error)
        else:
            st.session_state[FLASH] = tr("jobs.retried", id=chosen.id, new_id=new.id)
            st.rerun()
    if second.button(
        tr("jobs.cancel"),
        disabled=not may_act or chosen.status not in ACTIVE,
        icon=":material/cancel:",
    ):
        try:
            control.cancel_job(rt.engine, rt.settings, actor=actor, job_run_id=chosen.id)
        except UserError as error:
            show_error(error)
        else:
            st.session_state[FLASH] = tr("jobs.canceled_ok", id=chosen.id)
            st.rerun()
    if chosen.target_type == "call":
        third.page_link(
            "pages/call.py",
            label=tr("jobs.open_call", id=chosen.target_id),
            query_params={"id": str(chosen.target_id)},
        )


monitor()
