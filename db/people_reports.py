"""The numbers of an agent's or a team's period, gathered into a ``core.report.Report`` (in
the reader's language) for ``core.report.render_html``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.dashboard import Kpi, RollupSums, format_value
from core.filters import CallFilter
from core.i18n import CATALOG, t
from core.report import Chart, Report, Section, Series, Table
from db import agent_scorecard, period_kpis, politeness_stats
from db.models import Agent, DailyRollup, Team
from db.period_kpis import value
from db.types import utcnow


def code_label(code: str, lang: str) -> str:
    """A politeness rule kind in words; a kind an admin made up is shown as it is."""
    key = f"politeness.code.{code}"
    return t(key, lang) if key in CATALOG else code


REPORT_KPIS = (
    (Kpi.CALLS, "report.kpi.calls"),
    (Kpi.EVALUATION, "report.kpi.score"),
    (Kpi.POLITENESS, "report.kpi.politeness"),
    (Kpi.COMPLIANCE, "report.kpi.compliance"),
    (Kpi.HANDLE_TIME, "report.kpi.handle_time"),
    (Kpi.REPEAT_RATE, "report.kpi.repeat_rate"),
    (Kpi.TRANSFER_RATE, "report.kpi.transfer_rate"),
)
"""The measures a report's first table compares (its rows)."""

TREND_KPIS = REPORT_KPIS[1:4]
"""The 0-100 measures drawn day by day."""


def kpi_rows(columns: list[RollupSums], lang: str) -> tuple[tuple[object, ...], ...]:
    """One row per measure, one column per group of calls (agent, team, centre, ...)."""
    return tuple(
        (t(key, lang), *(format_value(kpi, value(sums, kpi)) for sums in columns))
        for kpi, key in REPORT_KPIS
    )


def trend_chart(by_day: dict[date, RollupSums], lang: str, title: str = "") -> Chart:
    days = sorted(by_day)
    return Chart(
        kind="line",
        x=tuple(day.isoformat() for day in days),
        series=tuple(
            Series(t(key, lang), tuple(value(by_day[day], kpi) for day in days))
            for kpi, key in TREND_KPIS
        ),
        title=title,
        y_range=(0, 100),
    )


def items_chart(items: list[agent_scorecard.ItemScore], lang: str, others: str) -> Chart:
    return Chart(
        kind="bar",
        x=tuple(item.name(lang) for item in items),
        series=(
            Series(t("agent.items.agent", lang), tuple(item.agent for item in items)),
            Series(others, tuple(item.others for item in items)),
        ),
        y_range=(0, 5),
    )


def _facts(call_filter: CallFilter, tz: str, lang: str) -> tuple[tuple[str, str], ...]:
    period = f"{call_filter.day_from.isoformat()} ~ {call_filter.day_to.isoformat()}"
    made = utcnow().astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
    return ((t("report.period", lang), period), (t("report.generated", lang), made))


def _table_section(
    lang: str,
    heading: str,
    columns: tuple[str, ...],
    rows: Iterable[tuple[object, ...]],
    *,
    empty: str = "",
    **more: object,
) -> Section:
    """A section with a table; ``heading``, ``columns`` and ``empty`` (said when there are no
    rows) are catalog keys."""
    return Section(
        t(heading, lang),
        table=Table(tuple(t(key, lang) for key in columns), tuple(rows)),
        empty=t(empty, lang) if empty else "",
        **more,
    )


def _local(value: datetime, tz: str) -> str:
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def agent_report(
    *,
    session: Session,
    agent_id: int,
    call_filter: CallFilter,
    tz: str,
    lang: str,
    team_only: bool = False,
) -> Report | None:
    """The agent's period: numbers, trend, scorecard items, feedback, calls to review."""
    agent = agent_scorecard.agent_profile(session=session, agent_id=agent_id)
    if agent is None:
        return None
    scope = {"session": session, "call_filter": call_filter, "tz": tz}
    numbers = agent_scorecard.comparison(session=session, agent=agent, call_filter=call_filter)
    items = agent_scorecard.item_scores(agent=agent, team_only=team_only, **scope)
    strengths, weaknesses = agent_scorecard.strengths_and_weaknesses(items)
    reviews = agent_scorecard.recent_reviews(agent_id=agent.id, **scope)
    coaching = agent_scorecard.recent_coaching(agent_id=agent.id, **scope)
    to_review = agent_scorecard.calls_to_review(agent_id=agent.id, **scope)
    others = t("agent.items.team" if team_only else "agent.items.centre", lang)

    def named(found: list[agent_scorecard.ItemScore]) -> str:
        return ", ".join(f"{i.name(lang)} ({i.agent:.1f} / {i.others:.1f})" for i in found) or "-"

    state = t("agents.state.active" if agent.active else "agents.state.inactive", lang)
    return Report(
        title=t("report.agent.title", lang, name=agent.name, employee_no=agent.employee_no),
        facts=(
            (t("agents.col.team", lang), agent.team),
            (t("agents.col.state", lang), state),
            *_facts(call_filter, tz, lang),
        ),
        sections=(
            _table_section(
                lang,
                "report.kpis",
                (
                    "report.col.measure",
                    "report.col.agent",
                    "report.col.team",
                    "report.col.centre",
                    "report.col.previous",
                ),
                kpi_rows([numbers.agent, numbers.team, numbers.centre, numbers.previous], lang),
            ),
            Section(
                t("agent.trend", lang),
                chart=trend_chart(numbers.by_day, lang) if numbers.by_day else None,
                empty=t("agent.no_calls", lang),
            ),
            Section(
                t("agent.items", lang),
                paragraphs=(
                    f"{t('agent.strengths', lang)}: {named(strengths)}",
                    f"{t('agent.weaknesses', lang)}: {named(weaknesses)}",
                )
                if items
                else (),
                chart=items_chart(items, lang, others) if items else None,
                empty=t("agent.items.none", lang),
            ),
            _table_section(
                lang,
                "agent.reviews",
                (
                    "report.col.when",
                    "report.col.call",
                    "report.col.reviewer",
                    "report.kpi.score",
                    "report.col.comment",
                ),
                (
                    (_local(r.at, tz), r.call_id, r.reviewer, r.total_score, r.comment)
                    for r in reviews
                ),
                empty="agent.reviews.none",
            ),
            _table_section(
                lang,
                "agent.coaching",
                ("report.col.when", "report.col.call", "report.kpi.score", "report.col.coaching"),
                ((_local(c.started_at, tz), c.call_id, c.total_score, c.text) for c in coaching),
                empty="agent.coaching.none",
            ),
            _table_section(
                lang,
                "agent.to_review",
                (
                    "report.col.call",
                    "report.col.when",
                    "report.col.category",
                    "report.kpi.score",
                    "report.kpi.politeness",
                    "report.col.outcome",
                    "report.col.reasons",
                ),
                (
                    (
                        c.call_id,
                        _local(c.started_at, tz),
                        c.category.value,
                        c.score,
                        c.politeness,
                        c.outcome.value if c.outcome else None,
                        ", ".join(t(key, lang) for key in c.reasons),
                    )
                    for c in to_review
                ),
                empty="agent.to_review.none",
            ),
        ),
        lang=lang,
    )


def team_report(
    *, session: Session, team_id: int, call_filter: CallFilter, tz: str, lang: str
) -> Report | None:
    """The team's period: its numbers against the centre, its agents, politeness."""
    team = session.get(Team, team_id)
    if team is None:
        return None
    centre = CallFilter(call_filter.day_from, call_filter.day_to)
    own = replace(centre, team_ids=(team.id,))
    numbers = [
        period_kpis.totals(session=session, call_filter=own),
        period_kpis.totals(session=session, call_filter=centre),
        period_kpis.totals(session=session, call_filter=own.previous_period()),
    ]
    by_agent = period_kpis.grouped(session=session, call_filter=own, by=DailyRollup.agent_id)
    agents = session.scalars(
        select(Agent)
        .where(or_(Agent.team_id == team.id, Agent.id.in_(list(by_agent))))
        .order_by(Agent.name)
    ).all()
    ranking = politeness_stats.agent_ranking(session=session, call_filter=own)
    expressions = politeness_stats.impolite_expressions(
        session=session, call_filter=own, tz=tz, examples=1
    )
    by_day = period_kpis.by_day(session=session, call_filter=own)
    agent_kpis = [(agent, by_agent.get(agent.id, RollupSums())) for agent in agents]
    return Report(
        title=t("report.team.title", lang, team=team.name),
        facts=(
            (
                t("agents.col.active_agents", lang),
                str(sum(a.active and a.team_id == team.id for a in agents)),
            ),
            *_facts(call_filter, tz, lang),
        ),
        sections=(
            _table_section(
                lang,
                "report.kpis",
                (
                    "report.col.measure",
                    "report.col.team",
                    "report.col.centre",
                    "report.col.previous",
                ),
                kpi_rows(numbers, lang),
            ),
            Section(
                t("agent.trend", lang),
                chart=trend_chart(by_day, lang) if by_day else None,
                empty=t("agent.no_calls", lang),
            ),
            _table_section(
                lang,
                "report.team.agents",
                (
                    "agents.col.employee_no",
                    "agents.col.name",
                    "agents.col.state",
                    "report.kpi.calls",
                    "report.kpi.score",
                    "report.kpi.politeness",
                    "report.kpi.compliance",
                ),
                (
                    (
                        a.employee_no,
                        a.name,
                        t("agents.state.active" if a.active else "agents.state.inactive", lang),
                        k.calls,
                        *(value(k, kpi) for kpi, _ in TREND_KPIS),
                    )
                    for a, k in agent_kpis
                ),
                empty="agents.none",
                chart=Chart(
                    kind="bar",
                    x=tuple(f"{a.name} ({a.employee_no})" for a, _ in agent_kpis),
                    series=tuple(
                        Series(t(key, lang), tuple(value(k, kpi) for _, k in agent_kpis))
                        for kpi, key in TREND_KPIS[:2]
                    ),
                    y_range=(0, 100),
                )
                if agent_kpis
                else None,
            ),
            _table_section(
                lang,
                "politeness.agent_ranking",
                (
                    "politeness.col.rank",
                    "agents.col.name",
                    "politeness.col.scored",
                    "report.kpi.politeness",
                ),
                (
                    (i + 1, f"{a.name} ({a.employee_no})", a.scored_calls, a.average)
                    for i, a in enumerate(ranking.ranked)
                ),
                paragraphs=(t("politeness.min_calls", lang, count=ranking.min_calls),),
            ),
            _table_section(
                lang,
                "politeness.expressions",
                (
                    "politeness.col.kind",
                    "politeness.col.expression",
                    "politeness.col.count",
                    "politeness.col.calls",
                    "politeness.col.example",
                ),
                (
                    (
                        code_label(e.code, lang),
                        e.expression,
                        e.count,
                        e.calls,
                        e.examples[0].text if e.examples else "",
                    )
                    for e in expressions
                ),
                empty="politeness.expressions.none",
            ),
        ),
        lang=lang,
    )
