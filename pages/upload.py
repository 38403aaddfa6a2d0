"""Upload recordings: one or many files with the call's details; each is checked, stored and
queued for speech-to-text, and says what became of it."""

from datetime import datetime, time

import streamlit as st

from core.access import Permission
from core.domain import CallCategory, CallDirection, CallStatus
from core.errors import UserError
from core.i18n import say
from core.storage import AUDIO_SUFFIXES
from db.agents import active_agents
from db.calls import CallMetadata, call_state
from db.ingest import ingest_recording
from db.recent import recent_uploads
from db.session import transaction
from ui.runtime import runtime
from ui.session import current_actor, lang, tr
from workers.intake import queue_transcription

# What the uploader is told, by the call's status right after queueing. (A comment, not a
# docstring: Streamlit's magic would print a bare string on the page.)
UPLOAD_OUTCOMES = {
    CallStatus.UPLOADED: ("upload.mark.waiting", "upload.waiting"),
    CallStatus.QUEUED: ("upload.mark.accepted", "upload.queued"),
    CallStatus.TRANSCRIBING: ("upload.mark.accepted", "upload.queued"),
    CallStatus.ANALYZING: ("upload.mark.accepted", "upload.queued"),
    CallStatus.DONE: ("upload.mark.accepted", "upload.analysed"),
    CallStatus.FAILED: ("upload.mark.failed", "upload.failed"),
}

RECENT_REFRESH_S = 3

actor = current_actor()
actor.require(Permission.UPLOAD_CALLS)
rt = runtime()
st.title(tr("upload.title"))
st.caption(tr("upload.help", formats=", ".join(s[1:].upper() for s in AUDIO_SUFFIXES)))

with transaction(rt.engine) as session:
    agents = active_agents(session=session)

with st.form("upload", clear_on_submit=True):
    files = st.file_uploader(tr("upload.files"), type=[s[1:] for s in AUDIO_SUFFIXES],
                             accept_multiple_files=True)  # fmt: skip
    left, right = st.columns(2)
    agent = left.selectbox(tr("upload.agent"), agents, format_func=lambda a: a.label)
    category = right.selectbox(tr("upload.category"), list(CallCategory), format_func=str)
    direction = left.radio(tr("upload.direction"), list(CallDirection), horizontal=True,
                           format_func=lambda d: tr(f"direction.{d.value}"))  # fmt: skip
    customer_key = right.text_input(tr("upload.customer_key"))
    now = datetime.now(rt.zone)
    day = left.date_input(tr("upload.date"), now.date())
    clock = right.time_input(tr("upload.time"), time(now.hour, now.minute))
    submitted = st.form_submit_button(tr("upload.submit"), type="primary")

if submitted:
    if not files:
        st.warning(tr("upload.no_files"))
    elif agent is None:
        st.error(tr("upload.no_agents"))
    else:
        metadata = CallMetadata(agent.employee_no, category, direction, customer_key,
                                datetime.combine(day, clock, rt.zone))  # fmt: skip
        bar = st.progress(0.0)
        results = []
        for index, upload in enumerate(files):
            bar.progress(index / len(files), text=tr("upload.working", name=upload.name))
            try:
                ingested = ingest_recording(engine=rt.engine, settings=rt.settings, actor=actor,
                                            filename=upload.name, chunks=[upload.getvalue()],
                                            metadata=metadata)  # fmt: skip
            except UserError as error:
                results.append((upload.name, tr("upload.mark.refused"), say(error, lang())))
                continue
            if ingested.duplicate:
                results.append(
                    (
                        upload.name,
                        tr("upload.mark.duplicate"),
                        tr("upload.duplicate", call=ingested.call_id),
                    )
                )
                continue
            queue_transcription(rt.engine, rt.settings, ingested.call_id,
                                requested_by=actor.user_id)  # fmt: skip
            with transaction(rt.engine) as session:  # inline jobs have already run by now
                status, error_text = call_state(session=session, call_id=ingested.call_id)
            mark, key = UPLOAD_OUTCOMES[status]
            results.append(
                (upload.name, tr(mark), tr(key, call=ingested.call_id, error=error_text))
            )
        bar.progress(1.0, text=tr("upload.done", count=len(files)))
        columns = (tr("upload.col.file"), tr("upload.col.status"), tr("upload.col.result"))
        st.dataframe(
            [dict(zip(columns, result, strict=True)) for result in results],
            hide_index=True,
            width="stretch",
        )


# With a queue, calls move on after the upload: the list follows them without a page reload.
@st.fragment(run_every=None if rt.settings.jobs_inline else RECENT_REFRESH_S)
def recent_calls() -> None:
    st.subheader(tr("upload.recent"))
    with transaction(rt.engine) as session:
        recent = recent_uploads(session=session)
    if not recent:
        st.caption(tr("upload.none_yet"))
        return
    st.dataframe(
        [{"#": c.call_id, tr("upload.col.when"): rt.local_time(c.created_at),
          tr("upload.agent"): c.agent, tr("upload.col.status"): tr(f"status.{c.status.value}"),
          tr("upload.col.progress"): round(c.progress * 100),
          tr("upload.col.dropped"): ", ".join(f"{tr('stt.drop.' + reason)} {count}"
                                              for reason, count in c.dropped_reasons.items()),
          tr("upload.col.error"): c.error_text or ""} for c in recent],
        hide_index=True, width="stretch",
        column_config={tr("upload.col.progress"): st.column_config.ProgressColumn(
            tr("upload.col.progress"), min_value=0, max_value=100, format="%d%%")},
    )  # fmt: skip
    if actor.can(Permission.UPLOAD_CALLS):
        st.page_link("pages/jobs.py", label=tr("nav.jobs"), icon=":material/pending_actions:")


recent_calls()
