"""Call list: every call the filter selects (period, team, agent, category, direction,
status, predicted outcome, score ranges, repeat and transferred calls, transcript text),
sorted and paged in the database; a selected row opens the call. The view lives in the URL.
CSV and Excel of the whole list. Read-only for everyone (exporting is reading)."""

from datetime import datetime

import pandas as pd
import streamlit as st

from core.access import Permission
from core.errors import UserError
from core.export import EXPORT_ROW_CAP
from db import call_list
from db.dashboard import filter_choices
from db.session import transaction
from ui import call_list as view
from ui.runtime import runtime
from ui.session import current_actor, lang, show_error, tr

PAGE_SIZE = 50

actor = current_actor()
actor.require(Permission.VIEW_CALLS)  # navigation hides the page; this guards direct use
rt = runtime()
language = lang()
today = datetime.now(rt.zone).date()
st.title(tr("calls.title"))
st.caption(tr("calls.help"))

with transaction(rt.engine) as session:
    teams, agents = filter_choices(session=session)
call_filter, shown, problems = view.from_url(today, teams, agents)
for key in dict.fromkeys(problems):
    st.warning(tr(key))
chosen = view.filter_widgets(call_filter, teams, agents)
if chosen != call_filter:
    shown = view.ListView(sort=shown.sort, descending=shown.descending, page=1)
call_filter = chosen
shown = view.order_widgets(shown)


def load(wanted: view.ListView) -> call_list.CallPage:
    try:
        with transaction(rt.engine) as session:
            return call_list.search(session=session, call_filter=call_filter,
                                    tz=rt.settings.timezone, sort=wanted.sort,
                                    descending=wanted.descending, page=wanted.page,
                                    page_size=PAGE_SIZE)  # fmt: skip
    except UserError as error:
        show_error(error)
        st.stop()


page = load(shown)
if not page.rows and shown.page > 1:
    st.warning(tr("calls.past_end", page=shown.page))
    shown = view.ListView(sort=shown.sort, descending=shown.descending, page=1)
    page = load(shown)
view.write_url(call_filter, shown)

if not page.rows:
    st.info(tr("calls.none"))
    st.stop()

if page.total is None:
    st.caption(tr("calls.total_unknown"))
elif page.total_capped:
    st.markdown(f"**{tr('calls.total_capped', total=f'{call_list.COUNT_CAP:,}')}**")
else:
    st.markdown(f"**{tr('calls.total', total=f'{page.total:,}')}**")
table = pd.DataFrame([view.cells(row, language) for row in page.rows],
                     columns=view.header(language))  # fmt: skip
event = st.dataframe(table, hide_index=True, width="stretch", key="calls_table",
                     on_select="rerun", selection_mode="single-row")  # fmt: skip
if event.selection.rows:
    picked = page.rows[event.selection.rows[0]]
    st.switch_page("pages/call.py", query_params={"id": str(picked.call_id)})

previous_column, label_column, next_column = st.columns([1, 3, 1], vertical_alignment="center")
if previous_column.button(tr("calls.previous"), icon=":material/chevron_left:",
                          disabled=page.page == 1, width="stretch"):  # fmt: skip
    view.write_url(call_filter, view.ListView(shown.sort, shown.descending, page.page - 1))
    st.rerun()
label_column.caption(view.pages_label(page))
if next_column.button(tr("calls.next"), icon=":material/chevron_right:",
                      disabled=not page.has_next, width="stretch"):  # fmt: skip
    view.write_url(call_filter, view.ListView(shown.sort, shown.descending, page.page + 1))
    st.rerun()

st.subheader(tr("calls.export.title"))
st.caption(tr("calls.export.cap", cap=f"{EXPORT_ROW_CAP:,}"))


def export(kind: str) -> bytes:
    return view.export_file(rt.engine, call_filter, shown, tz=rt.settings.timezone,
                            lang=language, kind=kind)  # fmt: skip


csv_column, xlsx_column, _ = st.columns([1, 1, 3])
# The files are made when a button is clicked, not on every rerun of the page.
csv_column.download_button(
    tr("calls.export.csv"), lambda: export("csv"), file_name=view.file_name(call_filter, "csv"),
    mime="text/csv", on_click="ignore", icon=":material/download:", width="stretch",
)  # fmt: skip
xlsx_column.download_button(
    tr("calls.export.xlsx"), lambda: export("xlsx"), file_name=view.file_name(call_filter, "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", on_click="ignore",
    icon=":material/download:", width="stretch",
)  # fmt: skip
