"""Call drill-down: the recording, the transcript with its findings, timeline and metrics, the
automatic scorecard, the predicted outcome, the reviews side by side, and the job history."""

import re

import streamlit as st

from core.access import Permission
from core.errors import UserError
from db.call_detail import load_call_detail
from db.reviews import calibration
from db.session import transaction
from ui import call_actions, call_quality, call_view
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr
from ui.text import literal

actor = current_actor()
actor.require(Permission.VIEW_CALLS)  # navigation hides the page; this guards direct use
rt = runtime()


def back_to_list() -> None:
    st.page_link("pages/calls.py", label=tr("call.back"), icon=":material/arrow_back:")


raw_id = st.query_params.get("id", "")
if not re.fullmatch("[0-9]{1,18}", raw_id) or int(raw_id) == 0:
    st.title(tr("nav.call"))
    st.error(literal(tr("call.bad_id", value=raw_id[:40])) if raw_id else tr("call.no_id"))
    back_to_list()
    st.stop()

call_id = int(raw_id)
try:
    with transaction(rt.engine) as session:
        detail = load_call_detail(session=session, call_id=call_id)
        calibrated = calibration(session=session, call_id=call_id)
except UserError as error:
    st.title(tr("nav.call"))
    show_error(error)
    back_to_list()
    st.stop()

st.title(tr("call.title", call=call_id))
back_to_list()
call_actions.show_flash()
call_view.header(detail, rt)
call_view.audio(detail, rt)

transcript_tab, timeline_tab, quality_tab, review_tab, jobs_tab = st.tabs(
    [tr("call.tab.transcript"), tr("call.tab.timeline"), tr("call.tab.quality"),
     tr("call.tab.reviews"), tr("call.tab.jobs")]
)  # fmt: skip

with transcript_tab:
    call_view.transcript(detail)

with timeline_tab:
    call_view.timeline_chart(detail, rt)
    call_view.metrics(detail.metrics)

with quality_tab:
    scorecard_column, prediction_column = st.columns([3, 2])
    with scorecard_column:
        st.subheader(tr("call.scorecard.title"))
        call_quality.scorecard(detail)
    with prediction_column:
        st.subheader(tr("call.prediction.title"))
        call_quality.prediction(detail)

with review_tab:
    st.subheader(tr("review.calibration"))
    call_quality.calibration_table(calibrated)
    call_quality.reviews_list(detail.reviews, rt)
    if actor.can(Permission.REVIEW_CALLS):
        call_actions.review_form(detail, actor, rt)
    else:
        st.caption(tr("review.read_only"))
    if detail.agent.user_id is not None and detail.agent.user_id == actor.user_id:
        call_actions.answer_forms(detail, actor, rt)

with jobs_tab:
    call_quality.job_history(detail.jobs, rt)
    if call_actions.can_rerun(actor):
        call_actions.rerun_button(detail, actor, rt)
