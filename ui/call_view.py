"""The call drill-down's (pages/call.py) view of the call itself: header, recording,
transcript with its findings, timeline and metrics.

Transcript, LLM and comment text is untrusted: it reaches Markdown only through
``ui.text.literal``, and tables and charts show it as data.
"""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

from core.domain import CallSource, FindingKind, Speaker
from core.i18n import CATALOG
from core.metrics import Overtalk
from core.pii import PiiKind
from core.timeline import build_timeline
from db.call_detail import CallDetail, Finding
from db.models import CallMetrics, Utterance
from ui.runtime import Runtime
from ui.session import lang, tr
from ui.text import clock, literal

SPEAKER_AVATARS = {Speaker.AGENT: ":material/support_agent:", Speaker.CUSTOMER: ":material/person:"}
"""Material icons (no emoji font here) for each side of the conversation."""

TIMELINE_COLORS = {
    "agent": "#1f77b4",
    "customer": "#ff7f0e",
    "silence": "#bdbdbd",
    "hold": "#8c564b",
    "overtalk": "#d62728",
}


def named(ko: str, en: str) -> str:
    return en if lang() == "en" else ko


def header(detail: CallDetail, rt: Runtime) -> None:
    call = detail.call
    first, second, third, fourth = st.columns(4)
    first.metric(tr("call.agent"), detail.agent.name)
    second.metric(tr("call.team"), detail.team.name)
    third.metric(tr("call.category"), call.category.value)
    fourth.metric(tr("call.duration"), clock(call.duration_s))
    st.caption(
        literal(
            " · ".join(
                (
                    tr("call.employee_no", number=detail.agent.employee_no),
                    tr("call.started", time=rt.local_time(call.started_at)),
                    tr(f"direction.{call.direction.value}"),
                    tr("call.status", status=tr(f"status.{call.status.value}")),
                    tr("call.source", source=tr(f"call.source.{call.source.value}")),
                )
            )
        )
    )
    if call.error_text:
        st.error(literal(tr("call.error", error=call.error_text)))


def audio(detail: CallDetail, rt: Runtime) -> None:
    """The recording, when the call has one that is where the app keeps recordings."""
    call = detail.call
    batch = detail.import_batch
    if call.source is CallSource.TRANSCRIPT_IMPORT and batch is not None:
        source = batch.source_name or batch.filename
        st.info(literal(tr("call.imported", source=source, source_id=call.source_ref or "-",
                           batch=batch.id, when=rt.local_time(batch.created_at))),
                icon=":material/description:")  # fmt: skip
        return
    if not call.audio_path:
        key = "call.audio.demo" if call.source is CallSource.DEMO else "call.audio.none"
        st.info(tr(key), icon=":material/volume_off:")
        return
    path = Path(call.audio_path).resolve()
    if not path.is_relative_to(rt.settings.audio_dir.resolve()) or not path.is_file():
        st.warning(tr("call.audio.missing"), icon=":material/volume_off:")
        return
    st.audio(path)


def transcript(detail: CallDetail) -> None:
    if not detail.utterances:
        st.info(tr("call.transcript.none"))
        return
    for utterance in detail.utterances:
        speaker = utterance.speaker
        with st.chat_message(speaker.value, avatar=SPEAKER_AVATARS[speaker]):
            if utterance.start_s is None:
                times = tr("call.transcript.no_time")
            elif utterance.end_s is None:  # imported with its start only
                times = clock(utterance.start_s)
            else:
                times = f"{clock(utterance.start_s)}–{clock(utterance.end_s)}"
            st.caption(literal(f"{tr(f'call.speaker.{speaker.value}')} · {times}"))
            st.markdown(with_redaction_badges(utterance))
            for finding in detail.findings_by_utterance.get(utterance.id, []):
                st.caption(finding_line(finding))
    if detail.call_findings:
        st.subheader(tr("call.findings.call_level"))
        for finding in detail.call_findings:
            st.caption(finding_line(finding))


def with_redaction_badges(utterance: Utterance) -> str:
    """The utterance as safe Markdown, each redacted span shown as a badge naming the kind."""
    text, parts, at = utterance.text, [], 0
    for span in sorted(utterance.redaction_spans or [], key=lambda s: s["start"]):
        start, end = int(span["start"]), int(span["end"])
        if start < at or end > len(text):
            continue  # a span that does not fit the text: show the text as it is
        parts.append(literal(text[at:start]))
        parts.append(f":gray-badge[:material/lock: {tr(redaction_key(span['kind']))}]")
        at = end
    parts.append(literal(text[at:]))
    return "".join(parts)


def redaction_key(kind: str) -> str:
    return f"call.redacted.{kind}" if kind in {k.value for k in PiiKind} else "call.redacted.other"


def finding_line(finding: Finding) -> str:
    """A finding as one caption line: trusted icon and labels, the found words escaped."""
    if finding.kind is FindingKind.COMPLIANCE:
        name = named(finding.name_ko or finding.code, finding.name_en or finding.code)
        met = finding.passed is not False
        icon = ":green[:material/check_circle:]" if met else ":red[:material/cancel:]"
        text = tr("call.finding.met" if met else "call.finding.missed", rule=name)
    else:
        key = f"call.finding.kind.{finding.code}"
        kind = tr(key) if key in CATALOG else finding.code
        icon = (
            ":green[:material/add_circle:]"
            if finding.score_delta >= 0
            else ":red[:material/remove_circle:]"
        )
        text = tr("call.finding.politeness", kind=kind, expression=finding.expression,
                  delta=f"{finding.score_delta:+g}")  # fmt: skip
    return f"{icon} {literal(text)}"


def timeline_chart(detail: CallDetail, rt: Runtime) -> None:
    timeline = build_timeline(
        detail.turns(),
        duration_s=detail.call.duration_s,
        thresholds=rt.settings.metric_thresholds(),
    )
    if not timeline.available:
        st.info(tr("call.timeline.not_available"))
        return
    rows = [
        ("agent", tr("call.speaker.agent"), timeline.speech[Speaker.AGENT]),
        ("customer", tr("call.speaker.customer"), timeline.speech[Speaker.CUSTOMER]),
        ("silence", tr("call.timeline.silence"), timeline.silences),
        ("hold", tr("call.timeline.hold"), timeline.holds),
        ("overtalk", tr("call.timeline.overtalk"), timeline.overtalks),
    ]
    figure = go.Figure()
    for key, label, spans in rows:
        # Hover: when, and for overtalk who cut in (catalog text only, never transcript).
        notes = [
            tr("call.timeline.cut_in", speaker=tr(f"call.speaker.{span.interrupter.value}"))
            if isinstance(span, Overtalk)
            else ""
            for span in spans
        ]
        figure.add_trace(
            go.Bar(
                name=label,
                y=[label] * len(spans),
                base=[span.start_s for span in spans],
                x=[span.end_s - span.start_s for span in spans],
                orientation="h",
                marker_color=TIMELINE_COLORS[key],
                customdata=[
                    (clock(span.start_s), clock(span.end_s), note)
                    for span, note in zip(spans, notes, strict=True)
                ],
                hovertemplate="%{customdata[0]}–%{customdata[1]} %{customdata[2]}"
                f"<extra>{label}</extra>",
            )
        )
    figure.update_layout(
        barmode="overlay",
        height=280,
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        xaxis={"title": tr("call.timeline.seconds"), "range": [0, timeline.end_s]},
        yaxis={"categoryorder": "array", "categoryarray": [r[1] for r in reversed(rows)]},
        showlegend=False,
    )
    st.plotly_chart(figure, width="stretch")


METRIC_ROWS: tuple[tuple[str, str], ...] = (
    ("agent_talk_ratio", "percent"),
    ("silence_ratio", "percent"),
    ("longest_silence_s", "seconds"),
    ("hold_count", "count"),
    ("hold_s", "seconds"),
    ("overtalk_count", "count"),
    ("agent_interruptions", "count"),
    ("customer_interruptions", "count"),
    ("agent_speech_rate", "rate"),
    ("agent_response_latency_s", "seconds"),
    ("politeness_score", "score"),
    ("compliance_pct", "score"),
)
"""The call_metrics columns the drill-down shows, and how each is written."""


def metric_value(value: float | None, unit: str) -> str:
    if value is None:
        return tr("call.not_available")
    if unit == "percent":
        return f"{value:.0%}"
    if unit == "seconds":
        return tr("call.unit.seconds", value=f"{value:.1f}")
    if unit == "rate":
        return tr("call.unit.rate", value=f"{value:.1f}")
    return f"{value:.0f}"


def metrics(metrics_row: CallMetrics | None) -> None:
    if metrics_row is None:
        st.info(tr("call.metrics.none"))
        return
    if not metrics_row.timings_available:
        st.caption(tr("call.metrics.no_timings"))
    columns = st.columns(4)
    for index, (name, unit) in enumerate(METRIC_ROWS):
        columns[index % 4].metric(
            tr(f"call.metric.{name}"), metric_value(getattr(metrics_row, name), unit)
        )
    if metrics_row.speech_level:
        st.caption(literal(tr("call.metric.speech_level", level=metrics_row.speech_level)))
    if metrics_row.dropped_segments:
        st.caption(tr("call.metric.dropped", count=metrics_row.dropped_segments))
