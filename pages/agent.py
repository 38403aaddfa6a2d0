"""An agent's scorecard (?id=<agent id>): the period's numbers and trend against the team and
the centre, strengths and weaknesses by scorecard item, recent coaching feedback, the calls
worth reviewing next, and the agent report to download."""

from datetime import datetime
from functools import partial

import streamlit as st

from core.dashboard import Kpi, format_delta, format_value, kpi_values
from core.filters import CallFilter
from core.report import figure, file_name, render_html
from db import agent_scorecard, people_reports
from db.session import transaction
from ui.period_filter import show as period_filter
from ui.runtime import runtime
from ui.session import current_actor, lang, tr
from ui.text import literal

actor = current_actor()
rt = runtime()
tz = rt.settings.timezone
st.title(tr("agent.title"))

raw_id = str(st.query_params.get("id", "")).strip()
# Up to 9 digits: anything longer is no agent and would overflow the database's integer.
agent_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 9 else None
with transaction(rt.engine) as session:
    agent = agent_scorecard.agent_profile(session=session, agent_id=agent_id) if agent_id else None
if agent is None:
    st.error(tr("agent.bad_id", id=literal(raw_id[:20])))
    st.page_link("pages/agents.py", label=tr("agent.back"), icon=":material/groups:")
    st.stop()

st.subheader(literal(f"{agent.name} ({agent.employee_no})"))
facts = [agent.team, tr("agents.state.active" if agent.active else "agents.state.inactive")]
if agent.hired_on:
    facts.append(tr("agent.hired_on", day=agent.hired_on.isoformat()))
st.caption(literal(" · ".join(facts)))
call_filter = period_filter(key="agent", today=datetime.now(rt.zone).date())
team_only = st.toggle(tr("agent.compare_team"), key="agent_compare_team")
with transaction(rt.engine) as session:
    scope = {"session": session, "call_filter": call_filter, "tz": tz}
    numbers = agent_scorecard.comparison(session=session, agent=agent, call_filter=call_filter)
    items = agent_scorecard.item_scores(agent=agent, team_only=team_only, **scope)
    reviews = agent_scorecard.recent_reviews(agent_id=agent.id, **scope)
    coaching = agent_scorecard.recent_coaching(agent_id=agent.id, **scope)
    to_review = agent_scorecard.calls_to_review(agent_id=agent.id, **scope)


def call_link(call_id: int, where=st) -> None:
    where.page_link(
        "pages/call.py",
        label=tr("politeness.open_call", call=call_id),
        icon=":material/headset_mic:",
        query_params={"id": str(call_id)},
    )


def agent_report(period: CallFilter, language: str, team: bool) -> str:
    """The agent's report as HTML; runs when the download is clicked (on its own thread)."""
    with transaction(rt.engine) as session:
        report = people_reports.agent_report(
            session=session,
            agent_id=agent.id,
            call_filter=period,
            tz=tz,
            lang=language,
            team_only=team,
        )
    return render_html(report) if report is not None else ""


st.download_button(
    tr("agent.download_report"),
    data=partial(agent_report, call_filter, lang(), team_only),
    file_name=file_name(
        "agent-report",
        agent.employee_no,
        call_filter.day_from.isoformat(),
        call_filter.day_to.isoformat(),
    ),
    mime="text/html",
    icon=":material/download:",
)

values = kpi_values(numbers.agent, numbers.previous)
cards = (
    (Kpi.CALLS, "report.kpi.calls"),
    (Kpi.EVALUATION, "report.kpi.score"),
    (Kpi.POLITENESS, "report.kpi.politeness"),
    (Kpi.COMPLIANCE, "report.kpi.compliance"),
)
for column, (kpi, key) in zip(st.columns(len(cards)), cards, strict=True):
    item = values[kpi]
    column.metric(
        tr(key),
        format_value(kpi, item.value),
        delta=format_delta(item),
        delta_color="off" if kpi is Kpi.CALLS else "normal",
    )
st.caption(tr("agent.delta_help"))

st.subheader(tr("agent.trend"))
if numbers.by_day:
    st.plotly_chart(figure(people_reports.trend_chart(numbers.by_day, lang())), width="stretch")
else:
    st.info(tr("agent.no_calls"))
with st.expander(tr("agent.compare_table")):
    columns = (
        "report.col.measure",
        "report.col.agent",
        "report.col.team",
        "report.col.centre",
        "report.col.previous",
    )
    rows = people_reports.kpi_rows(
        [numbers.agent, numbers.team, numbers.centre, numbers.previous], lang()
    )
    st.dataframe(
        [dict(zip([tr(c) for c in columns], row, strict=True)) for row in rows],
        hide_index=True,
        width="stretch",
    )

st.subheader(tr("agent.items"))
if not items:
    st.info(tr("agent.items.none"))
else:
    strengths, weaknesses = agent_scorecard.strengths_and_weaknesses(items)
    others = tr("agent.items.team" if team_only else "agent.items.centre")
    for column, heading, found in zip(
        st.columns(2), ("agent.strengths", "agent.weaknesses"), (strengths, weaknesses), strict=True
    ):
        column.markdown(f"**{tr(heading)}**")
        column.text(
            "\n".join(f"{i.name(lang())}: {i.agent:.2f} ({others} {i.others:.2f})" for i in found)
            or tr("agent.items.too_few", count=agent_scorecard.MIN_EVALUATED_CALLS)
        )
    st.plotly_chart(figure(people_reports.items_chart(items, lang(), others)), width="stretch")

st.subheader(tr("agent.reviews"))
if not reviews:
    st.info(tr("agent.reviews.none"))
for review in reviews:
    with st.container(border=True):
        score = "-" if review.total_score is None else f"{review.total_score:.1f}"
        st.caption(
            literal(
                f"{rt.local_time(review.at)} · {review.reviewer} · {tr('report.kpi.score')} {score}"
            )
        )
        st.text(review.comment)  # a person's words: plain text
        call_link(review.call_id)

st.subheader(tr("agent.coaching"))
if not coaching:
    st.info(tr("agent.coaching.none"))
for advice in coaching:
    with st.container(border=True):
        st.caption(
            literal(
                f"{rt.local_time(advice.started_at)} · {tr(f'agent.source.{advice.source.value}')}"
            )
        )
        st.text(advice.text)  # written by an LLM or the rules: plain text
        call_link(advice.call_id)

st.subheader(tr("agent.to_review"))
st.caption(tr("agent.to_review.help", score=f"{agent_scorecard.LOW_SCORE:g}"))
if not to_review:
    st.info(tr("agent.to_review.none"))
for call in to_review:
    text_column, link_column = st.columns([4, 1], vertical_alignment="center")
    score = "-" if call.score is None else f"{call.score:.1f}"
    text_column.text(
        f"#{call.call_id} · {rt.local_time(call.started_at)} · {call.category.value} · "
        f"{tr('report.kpi.score')} {score} · " + ", ".join(tr(reason) for reason in call.reasons)
    )
    call_link(call.call_id, link_column)
