"""Import transcripts: a file of calls transcribed elsewhere, how to read it, and what became
of each import -- read, imported, duplicates, rejected records with their reasons, analysis --
followed live while workers run it."""

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from core.access import Permission
from core.domain import ImportStatus
from core.errors import UserError
from core.i18n import CATALOG, t
from core.storage import store_by_content
from db.agents import active_agents
from db.import_batches import BatchRow, batch_calls, batch_rejections, batch_row, recent_batches
from db.session import transaction
from db.transcript_import import BatchSummary, create_batch
from ui import import_form
from ui.runtime import runtime
from ui.session import current_actor, lang, show_error, tr
from ui.text import clock, literal
from workers.transcript_import import queue_import, run_import

REFRESH_S = 2

actor = current_actor()
actor.require(Permission.UPLOAD_CALLS)
rt = runtime()
st.title(tr("imports.title"))
st.caption(tr("imports.help"))


def start(batch_id: int) -> None:
    """Run the batch here (no queue) with a progress bar, or hand it to the workers."""
    st.query_params["batch"] = str(batch_id)
    if not rt.settings.jobs_inline:
        if queue_import(rt.engine, rt.settings, batch_id, requested_by=actor.user_id):
            st.success(tr("imports.started", batch=batch_id))
        return
    bar = st.progress(0.0)

    def show(summary: BatchSummary) -> None:
        bar.progress(summary.fraction, text=tr("imports.working",
                     percent=round(summary.fraction * 100), imported=summary.imported,
                     duplicates=summary.duplicates, rejected=summary.rejected))  # fmt: skip

    summary = run_import(rt.engine, rt.settings, batch_id, requested_by=actor.user_id,
                         progress=show)  # fmt: skip
    bar.empty()
    if summary.status is ImportStatus.DONE:
        st.success(tr("imports.finished", batch=batch_id, imported=summary.imported,
                      duplicates=summary.duplicates, rejected=summary.rejected))  # fmt: skip


with transaction(rt.engine) as session:
    agents = active_agents(session=session)
import_form.examples(agents, key="imports")
upload = st.file_uploader(tr("imports.file"), type=list(import_form.IMPORT_SUFFIXES),
                          key="imports_file")  # fmt: skip
if upload is not None:
    request = import_form.show(upload, agents, rt, key="imports")
    if request is not None:
        stored = store_by_content([upload.getvalue()], root=rt.settings.import_dir,
                                  suffix=Path(upload.name).suffix.lower())  # fmt: skip
        try:
            with transaction(rt.engine) as session:
                new_batch = create_batch(session=session, actor=actor, filename=upload.name,
                                         plan=request.plan, file_path=stored.path,
                                         source_name=request.source_name)  # fmt: skip
        except UserError as error:
            show_error(error)
        else:
            start(new_batch)


def reason(rejection: dict) -> str:
    """Why a record was rejected, in the reader's language (line and call id have columns)."""
    if rejection["key"] in CATALOG:
        return t(rejection["key"], lang(), **rejection["params"])
    return rejection["en" if lang() == "en" else "ko"]


def status_label(row: BatchRow) -> str:
    return tr(f"imports.status.{row.status.value}")


def picked_batch() -> int | None:
    raw = st.query_params.get("batch", "")
    if raw and not re.fullmatch("[0-9]{1,18}", raw):
        st.warning(literal(tr("imports.bad_batch", value=raw[:40])))
        return None
    return int(raw) if raw else None


@st.fragment(run_every=None if rt.settings.jobs_inline else REFRESH_S)
def recent() -> None:
    st.subheader(tr("imports.recent"))
    with transaction(rt.engine) as session:
        rows = recent_batches(session=session)
    if not rows:
        st.caption(tr("imports.none_yet"))
        return
    st.caption(tr("imports.pick"))
    table = pd.DataFrame(
        [{tr("imports.col.batch"): r.id, tr("imports.col.when"): rt.local_time(r.created_at),
          tr("imports.col.file"): r.filename, tr("imports.col.source"): r.source_name or "",
          tr("imports.col.status"): status_label(r),
          tr("imports.col.read"): round(r.read_fraction * 100),
          tr("imports.col.analysed"): round(r.analysis_fraction * 100),
          tr("imports.col.imported"): r.imported, tr("imports.col.duplicates"): r.duplicates,
          tr("imports.col.rejected"): r.rejected, tr("imports.col.by"): r.created_by or ""}
         for r in rows])  # fmt: skip
    percent = {name: st.column_config.ProgressColumn(name, min_value=0, max_value=100,
                                                     format="%d%%")
               for name in (tr("imports.col.read"), tr("imports.col.analysed"))}  # fmt: skip
    event = st.dataframe(table, hide_index=True, width="stretch", column_config=percent,
                         key="imports_recent", on_select="rerun",
                         selection_mode="single-row")  # fmt: skip
    if event.selection.rows:
        chosen = rows[event.selection.rows[0]].id
        if str(chosen) != st.query_params.get("batch"):
            st.query_params["batch"] = str(chosen)
            st.rerun(scope="app")


recent()
batch_id = picked_batch()
if batch_id is None:
    st.stop()
try:
    with transaction(rt.engine) as session:
        row = batch_row(session=session, batch_id=batch_id)
        rejections = batch_rejections(session=session, batch_id=batch_id)
        calls = batch_calls(session=session, batch_id=batch_id)
except UserError as error:
    show_error(error)
    st.stop()

st.subheader(literal(tr("imports.batch_title", batch=row.id, file=row.filename)))


@st.fragment(run_every=REFRESH_S if row.in_progress and not rt.settings.jobs_inline else None)
def batch_numbers() -> None:
    with transaction(rt.engine) as session:
        now = batch_row(session=session, batch_id=batch_id)
    first, second, third, fourth, fifth = st.columns(5)
    first.metric(tr("imports.col.status"), status_label(now))
    second.metric(tr("imports.col.imported"), f"{now.imported:,}")
    third.metric(tr("imports.col.duplicates"), f"{now.duplicates:,}")
    fourth.metric(tr("imports.col.rejected"), f"{now.rejected:,}")
    fifth.metric(tr("imports.analysed_calls"), f"{now.analysed:,}")
    if now.failed:
        st.warning(tr("imports.analysis_failed") + f": {now.failed:,}")
    if now.error_text:
        st.error(literal(tr("imports.failed", batch=now.id, error=now.error_text)))


batch_numbers()
restart = row.status is ImportStatus.FAILED and st.button(
    tr("imports.restart"), help=tr("imports.restart_help"), key="imports_restart"
)
if restart:
    start(batch_id)
    st.rerun()

if rejections:
    st.markdown(f"**{tr('imports.rejections')}**")
    if row.rejected > len(rejections):
        st.caption(tr("imports.rejections_kept", kept=len(rejections), total=row.rejected))
    st.dataframe(
        pd.DataFrame([{tr("imports.col.line"): r["line"], tr("imports.col.record"): r["record"],
                       tr("imports.col.call_id"): r["source_id"] or "",
                       tr("imports.col.reason"): reason(r)}
                      for r in rejections]),
        hide_index=True, width="stretch",
    )  # fmt: skip

if calls:
    st.markdown(f"**{tr('imports.calls')}**")
    st.caption(tr("imports.calls_pick", shown=len(calls)))
    picked = st.dataframe(
        pd.DataFrame([{tr("imports.col.call"): c.call_id, tr("imports.col.call_id"): c.source_ref,
                       tr("imports.col.agent"): c.agent,
                       tr("imports.col.started_at"): rt.local_time(c.started_at),
                       tr("imports.col.duration"): clock(c.duration_s),
                       tr("imports.col.status"): tr(f"status.{c.status.value}")}
                      for c in calls]),
        hide_index=True, width="stretch", key="imports_calls", on_select="rerun",
        selection_mode="single-row",
    )  # fmt: skip
    if picked.selection.rows:
        call_id = calls[picked.selection.rows[0]].call_id
        st.switch_page("pages/call.py", query_params={"id": str(call_id)})
