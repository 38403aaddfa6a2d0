"""Validation results as a list under the chart: errors first, each naming its node."""

from __future__ import annotations

import streamlit as st

from core.flow.model import Flow
from core.flow.validation import Issue, ValidationReport
from ui.flow_chart import exit_name
from ui.session import lang, tr
from ui.text import literal


def describe(issue: Issue, flow: Flow) -> str:
    """The issue in words, prefixed with the node it concerns (as Markdown-safe text)."""
    params = {
        name: exit_name(value, lang()) if name == "exit" and isinstance(value, str) else value
        for name, value in issue.params.items()
    }
    text = tr(issue.key, **params)
    node = flow.get(issue.node_id) if issue.node_id else None
    where = f"{node.id} · {node.label}" if node is not None and node.label else issue.node_id
    return literal(f"[{where}] {text}" if where else text)


def show_issues(report: ValidationReport, flow: Flow) -> None:
    st.subheader(tr("studio.validation"))
    if report.ok and not report.warnings:
        st.success(tr("studio.valid"))
        return
    if report.ok:
        st.success(tr("studio.valid_with_warnings", warnings=len(report.warnings)))
    else:
        st.error(tr("studio.invalid", errors=len(report.errors), warnings=len(report.warnings)))
    for issue in report.errors:
        st.markdown(f":red[:material/error:] {describe(issue, flow)}")
    for issue in report.warnings:
        st.markdown(f":orange[:material/warning:] {describe(issue, flow)}")
