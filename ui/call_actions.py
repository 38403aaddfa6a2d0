"""What a user can do on the call drill-down (pages/call.py): review the call, answer a review
of their own call, run the call through the pipeline again. The db and worker functions check
the permissions again; these only decide what to offer."""

from __future__ import annotations

import streamlit as st

from core.access import Actor, Permission
from core.domain import JobStatus, Outcome, ReviewAcknowledgement
from core.errors import UserError
from core.scorecard import MAX_SCORE, MIN_SCORE
from db import reviews
from db.call_detail import CallDetail
from db.session import transaction
from ui.call_view import named
from ui.runtime import Runtime
from ui.session import show_error, tr
from workers.rerun import rerun_call

FLASH_KEY = "call_flash"
"""(st function name, message) to show after the rerun that follows a write."""

SCORES = list(range(MIN_SCORE, MAX_SCORE + 1))


def can_rerun(actor: Actor) -> bool:
    return actor.can(Permission.UPLOAD_CALLS) or actor.can(Permission.REVIEW_CALLS)


def show_flash() -> None:
    flash = st.session_state.pop(FLASH_KEY, None)
    if flash:
        kind, message = flash
        getattr(st, kind)(message)


def review_form(detail: CallDetail, actor: Actor, rt: Runtime) -> None:
    """The actor's own review of the call, prefilled with what they saved before."""
    own = detail.review_by(actor.user_id)
    st.subheader(tr("review.form.edit" if own else "review.form.new"))
    with st.form(f"review_{detail.call.id}"):
        scores: dict[str, int | None] = {}
        for item in detail.active_items:
            saved = own.item_scores.get(item.code) if own else None
            scores[item.code] = st.selectbox(
                named(item.name_ko, item.name_en),
                SCORES,
                index=SCORES.index(saved) if saved in SCORES else None,
                placeholder=tr("review.form.score_placeholder"),
                help=item.description or None,
                key=f"review_score_{detail.call.id}_{item.code}",
            )
        outcomes = [None, *Outcome]
        outcome = st.selectbox(
            tr("review.form.outcome"),
            outcomes,
            index=outcomes.index(own.outcome) if own else 0,
            format_func=lambda o: tr("review.no_outcome") if o is None else o.value,
            help=tr("review.form.outcome_help"),
        )
        comment = st.text_area(
            tr("review.form.comment"),
            value=own.comment if own else "",
            max_chars=reviews.COMMENT_MAX_CHARS,
        )
        if not st.form_submit_button(tr("review.form.save"), type="primary"):
            return
    try:
        with transaction(rt.engine) as session:
            reviews.save_review(
                session=session,
                actor=actor,
                call_id=detail.call.id,
                item_scores={code: score for code, score in scores.items() if score is not None},
                outcome=outcome,
                comment=comment,
            )
    except UserError as error:
        show_error(error)
        return
    st.session_state[FLASH_KEY] = ("success", tr("review.saved"))
    st.rerun()


def answer_forms(detail: CallDetail, actor: Actor, rt: Runtime) -> None:
    """For the agent whose call it is: acknowledge or dispute each review."""
    if not detail.reviews:
        return
    st.subheader(tr("review.answer.title"))
    for review in detail.reviews:
        with st.form(f"answer_{review.id}"):
            st.caption(tr("review.answer.of", reviewer=review.reviewer_name))
            answer = st.radio(
                tr("review.answer.choice"),
                [ReviewAcknowledgement.ACKNOWLEDGED, ReviewAcknowledgement.DISPUTED],
                format_func=lambda a: tr(f"review.answer.do.{a.value}"),
                horizontal=True,
            )
            comment = st.text_area(
                tr("review.answer.comment"),
                value=review.acknowledgement_comment,
                max_chars=reviews.COMMENT_MAX_CHARS,
            )
            if not st.form_submit_button(tr("review.answer.send")):
                continue
        try:
            with transaction(rt.engine) as session:
                reviews.answer_review(session=session, actor=actor, review_id=review.id,
                                      answer=answer, comment=comment)  # fmt: skip
        except UserError as error:
            show_error(error)
            return
        st.session_state[FLASH_KEY] = ("success", tr(f"review.answered.{answer.value}"))
        st.rerun()


def rerun_button(detail: CallDetail, actor: Actor, rt: Runtime) -> None:
    if not st.button(tr("call.rerun"), icon=":material/replay:"):
        st.caption(tr("call.rerun.help"))
        return
    try:
        rerun = rerun_call(rt.engine, rt.settings, actor=actor, call_id=detail.call.id)
    except UserError as error:
        show_error(error)
        return
    step = tr(f"call.rerun.step.{rerun.step.value}")
    if rerun.job is None:
        flash = ("warning", tr("call.rerun.waiting", step=step))
    elif rerun.job.status is JobStatus.FINISHED:  # no Redis: it ran at once
        flash = ("success", tr("call.rerun.done", step=step, job=rerun.job.id))
    elif rerun.job.status is JobStatus.FAILED:
        flash = ("warning", tr("call.rerun.failed", step=step, job=rerun.job.id))
    else:
        flash = ("info", tr("call.rerun.queued", step=step, job=rerun.job.id))
    st.session_state[FLASH_KEY] = flash
    st.rerun()
