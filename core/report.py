"""Reports (an agent's or a team's period) as one self-contained HTML document, and the charts
the pages and the reports draw alike.

The document opens offline: plotly.js is inlined once, with the first chart. Names, review
comments and coaching text come from people and models, so every text that goes into the
document is escaped, in the markup and in the charts (plotly reads a few tags in its labels;
escaped, they show as typed).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from string import Template
from typing import Literal

import plotly.graph_objects as go
import plotly.io as pio

FONT = "Pretendard, 'Noto Sans KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"
CHART_HEIGHT = 320


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """A line or bar chart over categories ``x`` (days, agents, scorecard items)."""

    kind: Literal["line", "bar"]
    x: tuple[str, ...]
    series: tuple[Series, ...]
    title: str = ""
    y_title: str = ""
    y_range: tuple[float, float] | None = None


def figure(chart: Chart, *, escape: bool = False) -> go.Figure:
    """The plotly figure of ``chart``; ``escape`` the labels where the figure goes into HTML
    outside Streamlit."""

    def text(value: str) -> str:
        return html.escape(value) if escape else value

    fig = go.Figure()
    x = [text(value) for value in chart.x]
    for series in chart.series:
        if chart.kind == "line":
            fig.add_trace(
                go.Scatter(x=x, y=list(series.values), name=text(series.name), mode="lines+markers")
            )
        else:
            fig.add_trace(go.Bar(x=x, y=list(series.values), name=text(series.name)))
    fig.update_layout(
        title=text(chart.title) or None,
        height=CHART_HEIGHT,
        margin={"l": 40, "r": 10, "t": 40 if chart.title else 10, "b": 40},
        font={"family": FONT},
        legend={"orientation": "h", "y": -0.2},
        barmode="group",
        showlegend=len(chart.series) > 1,
    )
    if chart.kind == "bar":  # categories (names), even where they look like numbers or dates
        fig.update_xaxes(type="category")
    fig.update_yaxes(title=text(chart.y_title) or None, range=chart.y_range)
    return fig


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    chart: Chart | None = None
    empty: str = ""  # said when the section has nothing to show


@dataclass(frozen=True, slots=True)
class Report:
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value): who, which period, when made
    sections: tuple[Section, ...] = field(default_factory=tuple)
    lang: str = "ko"


def cell(value: object) -> str:
    """How a table cell reads: numbers with one decimal, nothing as '-'."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


_STYLE = Template("""
body { font-family: $font; color: #1f2933; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem;
     margin-top: 2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
           color: #52606d; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f3f5f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.text { white-space: pre-wrap; margin: .3rem 0; }
p.empty { color: #7b8794; }
.chart { height: ${height}px; }
section { break-inside: avoid; page-break-inside: avoid; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
""").substitute(font=FONT, height=CHART_HEIGHT)


def _table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(column)}</th>" for column in table.columns)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{html.escape(cell(value))}</td>'
            if isinstance(value, int | float)
            else f"<td>{html.escape(cell(value))}</td>"
            for value in row
        )
        + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Charts:
    """Renders charts, inlining plotly.js with the first one only."""

    def __init__(self) -> None:
        self.drawn = 0

    def __call__(self, chart: Chart) -> str:
        fig = figure(chart, escape=True)
        # Streamlit sets its own default template, whose colours exist only inside Streamlit.
        fig.update_layout(template="plotly_white")
        markup = pio.to_html(
            fig,
            full_html=False,
            include_plotlyjs=self.drawn == 0,
            config={"displaylogo": False, "responsive": True},
            default_height=f"{CHART_HEIGHT}px",
        )
        self.drawn += 1
        return f'<div class="chart">{markup}</div>'


def _section(section: Section, charts: _Charts) -> str:
    parts = [f"<h2>{html.escape(section.heading)}</h2>"]
    parts += [f'<p class="text">{html.escape(text)}</p>' for text in section.paragraphs]
    if section.chart is not None:
        parts.append(charts(section.chart))
    if section.table is not None and section.table.rows:
        parts.append(_table(section.table))
    elif not section.paragraphs and section.chart is None:
        parts.append(f'<p class="empty">{html.escape(section.empty or "-")}</p>')
    return "<section>" + "".join(parts) + "</section>"


def render_html(report: Report) -> str:
    """The report as a UTF-8 HTML document that needs nothing from the network."""
    charts = _Charts()
    facts = "".join(
        f"<dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd>"
        for label, value in report.facts
    )
    sections = "".join(_section(section, charts) for section in report.sections)
    title = html.escape(report.title)
    lang = html.escape(report.lang, quote=True)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{title}</h1>\n<dl class="facts">{facts}</dl>\n'
        f"{sections}\n</body>\n</html>\n"
    )


def file_name(*parts: str) -> str:
    """A download name from ``parts`` (kept to letters, digits and dashes)."""
    words = ["".join(ch for ch in part if ch.isalnum() or ch in "-_") for part in parts]
    return "-".join(word for word in words if word) + ".html"
