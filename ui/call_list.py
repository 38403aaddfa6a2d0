"""The call list's widgets: every filter of core.filters, the sort order and the page, all
kept in the URL query string; and the list as a table for the screen and for export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import streamlit as st
from sqlalchemy import Engine

from core.domain import CallCategory, CallDirection, CallStatus, Outcome
from core.export import EXPORT_ROW_CAP, Cell, csv_bytes, xlsx_bytes
from core.filters import QUERY_PARAMS, CallFilter, ScoreRange, from_query
from core.i18n import t
from db import call_list
from db.call_list import CallRow, CallSort
from db.dashboard import AgentChoice, TeamChoice
from db.session import transaction
from ui.dashboard import category_label
from ui.session import tr
from ui.text import clock
from ui.url import write_query

VIEW_PARAMS = ("sort", "order", "page")
"""The list's own query parameters: sort key, asc/desc, page number."""

_SYNCED = "calls_filter_query"
"""The query the widgets were last set from (or wrote): a different one resets them."""
_LISTS = ("team_ids", "agent_ids", "categories", "directions", "statuses", "outcomes")
_RANGES = ("score", "politeness", "compliance")
_FLAGS = ("repeat_only", "transferred_only")
_KEY = "calls_w_"  # widget keys: calls_w_<CallFilter field>


@dataclass(frozen=True, slots=True)
class ListView:
    """How the list is shown: sort key, direction and the page (from 1)."""

    sort: CallSort = CallSort.STARTED
    descending: bool = True
    page: int = 1

    def to_query(self) -> dict[str, str]:
        params = {}
        if self.sort is not CallSort.STARTED:
            params["sort"] = self.sort.value
        if not self.descending:
            params["order"] = "asc"
        if self.page > 1:
            params["page"] = str(self.page)
        return params


def from_url(
    today: date, teams: Sequence[TeamChoice], agents: Sequence[AgentChoice]
) -> tuple[CallFilter, ListView, list[str]]:
    """The filter and view the URL gives, and the catalog keys of what was ignored."""
    params = st.query_params.to_dict()
    call_filter, problems = from_query(params, today=today)
    if any(team_id not in {t.id for t in teams} for team_id in call_filter.team_ids):
        problems.append("filters.bad.team")
        call_filter = replace(call_filter, team_ids=())
    if any(agent_id not in {a.id for a in agents} for agent_id in call_filter.agent_ids):
        problems.append("filters.bad.agent")
        call_filter = replace(call_filter, agent_ids=())
    view = ListView()
    sort, order, page = (params.get(name) for name in VIEW_PARAMS)
    if sort or order:
        if sort not in (None, *CallSort) or order not in (None, "asc", "desc"):
            problems.append("calls.bad.sort")
        else:
            view = replace(view, sort=CallSort(sort or CallSort.STARTED), descending=order != "asc")
    if page is not None:
        if page.isdigit() and 0 < int(page) < 1_000_000:
            view = replace(view, page=int(page))
        else:
            problems.append("calls.bad.page")
    return call_filter, view, problems


def write_url(call_filter: CallFilter, view: ListView) -> None:
    """Put the filter and view in the address bar (other parameters, e.g. lang, stay)."""
    write_query(call_filter.to_query() | view.to_query(), (*QUERY_PARAMS, *VIEW_PARAMS))
    st.session_state[_SYNCED] = call_filter.to_query()


def filter_widgets(
    call_filter: CallFilter, teams: Sequence[TeamChoice], agents: Sequence[AgentChoice]
) -> CallFilter:
    """A widget for every field of ``call_filter``; returns the filter they now describe."""
    query = call_filter.to_query()
    widget_keys = [f"{_KEY}{name}" for name in ("period", "text", *_LISTS, *_RANGES, *_FLAGS)]
    if st.session_state.get(_SYNCED) != query or any(
        key not in st.session_state for key in widget_keys
    ):
        _set_widgets(call_filter)  # the URL changed (a link, a bookmark): it wins
    else:
        # Their own values again (the user's latest change included): a run cut short by a
        # rerun, as the login cookie causes on a page load, would otherwise leave the browser
        # showing the widgets empty while the list is filtered.
        for key in widget_keys:
            st.session_state[key] = st.session_state[key]
    st.session_state[_SYNCED] = query
    team_names = {t.id: t.name for t in teams}
    agent_names = {a.id: a.label for a in agents}
    choose = {"placeholder": tr("common.choose")}
    top = st.columns([3, 2, 3, 2])
    period = top[0].date_input(tr("filters.period"), key=f"{_KEY}period", format="YYYY-MM-DD")
    chosen = call_filter
    # A range being picked has one date until the second click: keep the old period till then.
    if isinstance(period, tuple) and len(period) == 2:
        chosen = replace(chosen, day_from=period[0], day_to=period[1])
    lists = {
        "team_ids": top[1].multiselect(tr("filters.team"), list(team_names),
                                       format_func=team_names.__getitem__,
                                       key=f"{_KEY}team_ids", **choose),
        "agent_ids": top[2].multiselect(tr("filters.agent"), list(agent_names),
                                        format_func=agent_names.__getitem__,
                                        key=f"{_KEY}agent_ids", **choose),
        "categories": top[3].multiselect(tr("filters.category"), list(CallCategory),
                                         format_func=category_label, key=f"{_KEY}categories",
                                         **choose),
    }  # fmt: skip
    middle = st.columns([3, 2, 3, 2])
    lists |= {
        "directions": middle[0].multiselect(tr("filters.direction"), list(CallDirection),
                                            format_func=lambda d: tr(f"direction.{d.value}"),
                                            key=f"{_KEY}directions", **choose),
        "statuses": middle[1].multiselect(tr("filters.status"), list(CallStatus),
                                          format_func=lambda s: tr(f"status.{s.value}"),
                                          key=f"{_KEY}statuses", **choose),
        "outcomes": middle[3].multiselect(tr("filters.outcome"), list(Outcome),
                                          format_func=outcome_label, key=f"{_KEY}outcomes",
                                          **choose),
    }  # fmt: skip
    words = middle[2].text_input(tr("filters.q"), key=f"{_KEY}text", max_chars=100,
                                 help=tr("calls.q_help"))  # fmt: skip
    chosen = replace(chosen, text=words.strip(), **{k: tuple(v) for k, v in lists.items()})
    with st.expander(tr("calls.more_filters"), expanded=not _only_top(call_filter)):
        columns = st.columns(5)
        labels = {"score": "filters.score", "politeness": "filters.polite",
                  "compliance": "filters.compliance"}  # fmt: skip
        for column, name in zip(columns, _RANGES, strict=False):
            low, high = column.slider(tr(labels[name]), 0.0, 100.0, step=1.0, format="%.0f",
                                      key=f"{_KEY}{name}", help=tr("calls.range_help"))  # fmt: skip
            chosen = replace(chosen, **{name: _range(low, high)})
        chosen = replace(
            chosen,
            repeat_only=columns[3].checkbox(tr("filters.repeat"), key=f"{_KEY}repeat_only"),
            transferred_only=columns[4].checkbox(tr("filters.transferred"),
                                                 key=f"{_KEY}transferred_only"),
        )  # fmt: skip
    return chosen


def outcome_label(outcome: Outcome) -> str:
    return tr(f"calls.outcome.{outcome.name.lower()}")


def _set_widgets(call_filter: CallFilter) -> None:
    state = st.session_state
    state[f"{_KEY}period"] = (call_filter.day_from, call_filter.day_to)
    for name in _LISTS:
        state[f"{_KEY}{name}"] = list(getattr(call_filter, name))
    for name in _RANGES:
        bounds: ScoreRange = getattr(call_filter, name)
        state[f"{_KEY}{name}"] = (
            0.0 if bounds.low is None else float(bounds.low),
            100.0 if bounds.high is None else float(bounds.high),
        )
    for name in _FLAGS:
        state[f"{_KEY}{name}"] = getattr(call_filter, name)
    state[f"{_KEY}text"] = call_filter.text


def _only_top(call_filter: CallFilter) -> bool:
    return all(getattr(call_filter, n).is_open for n in _RANGES) and not any(
        getattr(call_filter, n) for n in _FLAGS
    )


def _range(low: float, high: float) -> ScoreRange:
    """The slider's range; its full extent is no condition at all."""
    return ScoreRange(None if low <= 0 else low, None if high >= 100 else high)


def order_widgets(view: ListView) -> ListView:
    """Sort key and direction; a change goes back to the first page."""
    sort_column, order_column = st.columns([3, 2])
    sort = sort_column.selectbox(tr("calls.sort"), list(CallSort), index=list(CallSort).index(
        view.sort), format_func=lambda s: tr(_SORT_LABELS[s]))  # fmt: skip
    descending = order_column.segmented_control(
        tr("calls.order"), [True, False], default=view.descending,
        format_func=lambda d: tr("calls.order.desc" if d else "calls.order.asc"),
    )  # fmt: skip
    descending = view.descending if descending is None else descending
    if (sort, descending) != (view.sort, view.descending):
        return ListView(sort=sort, descending=descending, page=1)
    return view


_SORT_LABELS = {
    CallSort.STARTED: "calls.sort.started",
    CallSort.DURATION: "calls.col.duration",
    CallSort.SCORE: "filters.score",
    CallSort.POLITENESS: "filters.polite",
    CallSort.COMPLIANCE: "calls.sort.compliance",
    CallSort.AGENT: "filters.agent",
}
"""Catalog keys of the sort choices: the filter's or the column's label where it says the same."""

COLUMNS = {
    "id": "calls.col.id",
    "started": "calls.col.started",
    "agent": "filters.agent",
    "team": "filters.team",
    "category": "filters.category",
    "direction": "filters.direction",
    "duration": "calls.col.duration",
    "status": "filters.status",
    "score": "filters.score",
    "politeness": "calls.col.politeness",
    "compliance": "calls.col.compliance",
    "outcome": "filters.outcome",
    "source": "calls.col.source",
    "reviewed": "calls.col.reviewed",
}
"""The table's columns, in order, and the catalog keys of their headings (the filter's label
where it says the same)."""


def header(lang: str, *, for_export: bool = False) -> list[str]:
    return [t("calls.col.duration_s" if for_export and c == "duration" else key, lang)
            for c, key in COLUMNS.items()]  # fmt: skip


def cells(row: CallRow, lang: str, *, for_export: bool = False) -> list[Cell]:
    """``row`` as the table shows it (export: seconds as a number, the time as a time).
    Takes the language rather than reading the session: an export runs outside the page."""

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 1)

    def whole(seconds: float | None) -> int | None:  # None: imported without timings
        return None if seconds is None else round(seconds)

    return [
        row.call_id,
        row.started_at if for_export else row.started_at.strftime("%Y-%m-%d %H:%M"),
        row.agent,
        row.team,
        t(f"category.{row.category.name.lower()}", lang),
        t(f"direction.{row.direction.value}", lang),
        (whole(row.duration_s) if for_export else clock(row.duration_s)),
        t(f"status.{row.status.value}", lang),
        rounded(row.score),
        rounded(row.politeness),
        rounded(row.compliance),
        t(f"calls.outcome.{row.outcome.name.lower()}", lang) if row.outcome else None,
        t(f"calls.source.{row.source.value}", lang),
        t("common.yes" if row.reviewed else "common.no", lang),
    ]


def export_file(
    engine: Engine, call_filter: CallFilter, view: ListView, *, tz: str, lang: str, kind: str
) -> bytes:
    """The whole list (up to the export cap) in the order shown, as a "csv" or "xlsx" file.
    Runs when a download button is clicked, outside the page's run: no streamlit here."""
    with transaction(engine) as session:
        rows = call_list.rows_of(session=session, call_filter=call_filter, tz=tz, sort=view.sort,
                                 descending=view.descending, limit=EXPORT_ROW_CAP)  # fmt: skip
    header_row = header(lang, for_export=True)
    table = [cells(row, lang, for_export=True) for row in rows]
    if kind == "csv":
        return csv_bytes(header_row, table)
    return xlsx_bytes(header_row, table, sheet=t("calls.export.sheet", lang))


def file_name(call_filter: CallFilter, extension: str) -> str:
    return f"calls_{call_filter.day_from:%Y%m%d}-{call_filter.day_to:%Y%m%d}.{extension}"


def pages_label(page: call_list.CallPage) -> str:
    if page.total is None or page.total_capped:
        return tr("calls.page_capped", page=page.page)
    return tr("calls.page", page=page.page, pages=max(1, -(-page.total // page.page_size)))
