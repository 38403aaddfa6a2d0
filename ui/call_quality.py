"""The call drill-down's (pages/call.py) view of how the call was judged: the automatic
scorecard, the predicted outcome, the reviews side by side, and the job history."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.i18n import CATALOG
from db.call_detail import CallDetail, ReviewView
from db.models import JobRun
from db.reviews import Calibration
from ui.call_view import named
from ui.runtime import Runtime
from ui.session import tr
from ui.text import literal


def scorecard(detail: CallDetail) -> None:
    card = detail.scorecard
    if card is None:
        st.info(tr("call.scorecard.none"))
        return
    evaluation = card.evaluation
    source = tr(f"call.scorecard.source.{evaluation.source.value}")
    if evaluation.status.value != "ok":
        st.warning(literal(tr("call.scorecard.failed", source=source,
                              error=evaluation.error_text or "")))  # fmt: skip
        return
    total = "-" if evaluation.total_score is None else f"{evaluation.total_score:.0f}"
    st.metric(tr("call.scorecard.total"), total, help=source)
    for item in card.items:
        with st.container(border=True):
            st.markdown(literal(tr("call.scorecard.item", name=named(item.name_ko, item.name_en),
                                   score=item.score, weight=f"{item.weight:g}")))  # fmt: skip
            if item.reason:
                st.caption(literal(item.reason))
            for quote in item.evidence:
                st.caption(f":material/format_quote: {literal(quote)}")
    for key, text in (("call.summary", evaluation.summary), ("call.coaching", evaluation.coaching)):
        if text:
            st.markdown(f"**{tr(key)}**")
            st.markdown(literal(text))


def feature_label(name: str) -> str:
    key = f"call.feature.{name}"
    return tr(key) if key in CATALOG else name


def prediction(detail: CallDetail) -> None:
    predicted = detail.prediction
    if predicted is None:
        st.info(tr("call.prediction.none"))
        return
    st.metric(
        tr("call.prediction.label"),
        predicted.label.value,
        help=tr("call.prediction.model", version=predicted.model_version),
    )
    st.dataframe(
        [{tr("call.prediction.outcome"): outcome, tr("call.prediction.probability"): p}
         for outcome, p in sorted(predicted.probabilities.items(), key=lambda kv: -kv[1])],
        hide_index=True,
        column_config={tr("call.prediction.probability"): st.column_config.ProgressColumn(
            format="percent", min_value=0.0, max_value=1.0)},
    )  # fmt: skip
    top = list(predicted.contributions.items())[:8]
    if not top:
        return
    st.caption(tr("call.prediction.contributions", outcome=predicted.label.value))
    labels = [feature_label(name) for name, _ in reversed(top)]
    values = [value for _, value in reversed(top)]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            marker_color=["#2ca02c" if v >= 0 else "#d62728" for v in values],
        )
    )
    figure.update_layout(height=40 + 32 * len(top), margin={"l": 10, "r": 10, "t": 10, "b": 30})
    st.plotly_chart(figure, width="stretch")


def reviewer_label(review: ReviewView) -> str:
    return f"{review.reviewer_name} ({review.reviewer_username})"


def calibration_table(calibration: Calibration) -> None:
    """Each reviewer's score of each item beside the automatic one, and their spread."""
    if not calibration.reviews:
        st.info(tr("review.none"))
        return
    item, automatic = tr("review.col.item"), tr("review.col.automatic")
    spread, stdev, flag = tr("review.col.spread"), tr("review.col.stdev"), tr("review.col.flag")
    reviewers = [(review.reviewer_id, reviewer_label(review)) for review in calibration.reviews]
    rows = []
    for line in calibration.items:
        row = {item: named(line.name_ko, line.name_en), automatic: line.automatic}
        row.update({label: line.scores.get(reviewer_id) for reviewer_id, label in reviewers})
        row.update({spread: line.spread, stdev: line.stdev, flag: line.flagged})
        rows.append(row)
    total = {item: tr("review.total"), automatic: _rounded(calibration.automatic_total)}
    total.update({reviewer_label(r): _rounded(r.total_score) for r in calibration.reviews})
    total.update({spread: _rounded(calibration.total_spread), stdev: None, flag: False})
    rows.append(total)
    # Numbers as numbers (a missing one shows blank, never "None").
    table = pd.DataFrame(rows)
    numeric = [automatic, *(label for _, label in reviewers), spread, stdev]
    table[numeric] = table[numeric].apply(pd.to_numeric, errors="coerce")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            stdev: st.column_config.NumberColumn(format="%.2f"),
            flag: st.column_config.CheckboxColumn(help=tr("review.flag_help")),
        },
    )
    flagged = calibration.flagged_items
    if flagged:
        names = ", ".join(named(line.name_ko, line.name_en) for line in flagged)
        st.warning(literal(tr("review.flagged", items=names)), icon=":material/balance:")
    elif len(calibration.reviews) < 2:
        st.caption(tr("review.single"))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def reviews_list(reviews: list[ReviewView], rt: Runtime) -> None:
    """Each review's outcome, comment, and the agent's answer to it."""
    for review in reviews:
        with st.container(border=True):
            outcome = review.outcome.value if review.outcome else tr("review.no_outcome")
            total = "-" if review.total_score is None else f"{review.total_score:.0f}"
            summary = tr("review.summary", reviewer=reviewer_label(review), total=total,
                         outcome=outcome, time=rt.local_time(review.updated_at))  # fmt: skip
            st.markdown(literal(summary))
            if review.comment:
                st.caption(literal(review.comment))
            answer = tr(f"review.answer.{review.acknowledgement.value}")
            line = tr("review.answer_line", answer=answer)
            if review.acknowledged_at is not None:
                line += f" ({rt.local_time(review.acknowledged_at)})"
            if review.acknowledgement_comment:
                line += f": {review.acknowledgement_comment}"
            st.caption(literal(line))


def job_history(jobs: list[JobRun], rt: Runtime) -> None:
    if not jobs:
        st.caption(tr("call.jobs.none"))
        return
    st.dataframe(
        [
            {
                tr("call.jobs.col.id"): job.id,
                tr("call.jobs.col.step"): job_step(job.function),
                tr("call.jobs.col.status"): tr(f"call.jobs.status.{job.status.value}"),
                tr("call.jobs.col.attempt"): job.attempt,
                tr("call.jobs.col.created"): rt.local_time(job.created_at),
                tr("call.jobs.col.ended"): rt.local_time(job.ended_at),
                tr("call.jobs.col.error"): job.error_text or "",
            }
            for job in jobs
        ],
        hide_index=True,
        width="stretch",
    )


def job_step(function_path: str) -> str:
    key = f"call.jobs.step.{function_path.rpartition('.')[2]}"
    return tr(key) if key in CATALOG else function_path
