"""The dashboard over 1,000,000 calls in PostgreSQL: its queries, the naive way, a browser.

    PYTHONPATH=. python bench/dashboard.py [--calls 1000000] [--reps 30] [--no-browser]
    PYTHONPATH=. python bench/dashboard.py --database-url URL [--prepare]   # a database kept

1. A fresh database (bench/load_demo_pg.py's ``fresh_database``) gets the demo calls by COPY
   (``seed_demo``, with the demo supervisor's reviews, as a first start does).
2. The COPY path leaves calls "analyzing" with no metrics, predictions or scorecards, and
   running the real analysis over a million calls would take hours. So this writes what the
   analysis would have, by INSERT ... SELECT: status done (0.5% failed), call_metrics,
   predictions and rule evaluations, drawn from each demo agent's habits (rude, skips the
   greeting, talks over, long silences, ...) with rates taken from the real analysis of a
   1,500-call demo. Then ``rebuild_rollups`` over every day, and ANALYZE.
3. Every query the page runs for a 30-day view (``filter_choices`` + ``dashboard_data``), as
   the page runs them (two transactions), ``--reps`` times after two warm-ups: for the whole
   centre, one team, one agent.
4. The naive way in the same run: load the calls of both periods (plus the 7 days before,
   for repeat calls) joined with metrics, predictions and scorecards into pandas, and group.
   Its numbers are checked against the rollups'.
5. ``streamlit run Home.py`` on that database, and headless Chromium: the time from
   navigation to the 12 KPI cards being visible, and to every chart being drawn.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import statistics
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, and_, event, select, text

from bench.load_demo_pg import SERVER_URL, fresh_database
from core.access import SYSTEM_ACTOR
from core.dashboard import Kpi, kpi_values
from core.filters import CallFilter
from db import migrate
from db.dashboard import DashboardData, dashboard_data, filter_choices
from db.demo import seed_demo
from db.demo.generate import SEOUL, build_roster
from db.models import Call, CallMetrics, Evaluation, ModelVersion, Prediction
from db.rollups import call_day_range, rebuild_rollups, utc_bounds
from db.session import create_db_engine, transaction
from db.users import create_user
from tests.e2e.server import start_streamlit

TZ = "Asia/Seoul"
USERNAME = "supervisor"
PASSWORD = "bench-dashboard-7"
VIEW_DAYS = 30
TRAITS = ("rude", "skips_greeting", "skips_identity", "skips_notice", "skips_closing",
          "talks_over", "long_silences")  # fmt: skip
QUERY_NAMES = ("teams", "agents", "SET LOCAL", "by day (both periods)", "by team", "by agent",
               "day x hour")  # fmt: skip

# What the analysis would have written, from each agent's habits. Rates follow the real
# analysis of a 1,500-call demo (e.g. rude agents: politeness 83 on average, 83% "poor").
SYNTHESIS = [
    "SELECT setseed(0.20261122)",
    "UPDATE calls SET status = CASE WHEN random() < 0.005 THEN 'failed' ELSE 'done' END,"
    " analyzed_at = started_at WHERE status = 'analyzing'",
    "CREATE TEMP TABLE synth AS SELECT c.id AS call_id, c.duration_s, t.*,"
    " random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5,"
    " random() AS u6, random() AS u7"
    " FROM calls c JOIN agent_traits t ON t.agent_id = c.agent_id WHERE c.status = 'done'",
    "INSERT INTO call_metrics (call_id, timings_available, silence_s, silence_ratio,"
    " overtalk_count, politeness_score, compliance_pct, dropped_segments, dropped_reasons,"
    " computed_at)"
    " SELECT call_id, true, duration_s * ratio, ratio,"
    " CASE WHEN talks_over = 1 THEN floor(u3 * 2.5)::int ELSE (u3 < 0.15)::int END,"
    " greatest(0, 100 - rude * u4 * 40 - (u4 > 0.985)::int * 10),"
    " greatest(0, 100 - 25 * (skips_greeting * (u5 < 0.9)::int"
    "   + skips_identity * (u6 < 0.8)::int + skips_notice * (u6 > 0.2)::int)"
    "   - 12.5 * skips_closing * (u5 > 0.1)::int),"
    " 0, '{}'::jsonb, now()"
    " FROM (SELECT *, CASE WHEN long_silences = 1 THEN 0.08 + u2 * 0.22 ELSE u2 * 0.01 END"
    "   AS ratio FROM synth) s",
    "INSERT INTO predictions (call_id, model_version_id, label, probabilities, contributions,"
    " created_at)"
    " SELECT call_id, :model, CASE WHEN u7 < poor THEN '미흡'"
    "   WHEN u7 < poor + unresolvable THEN '해결불가'"
    "   WHEN u7 < poor + unresolvable + 0.12 THEN '추가상담필요' ELSE '만족' END,"
    " '{}'::jsonb, '{}'::jsonb, now()"
    " FROM (SELECT *, least(0.9, 0.005 + 0.8 * rude + 0.2 * skips_identity"
    "   + 0.1 * skips_notice + 0.2 * talks_over + 0.17 * long_silences) AS poor,"
    "   0.005 + 0.03 * (skips_identity + skips_notice + skips_closing) AS unresolvable"
    "   FROM synth) s",
    "INSERT INTO evaluations (call_id, source, model, status, total_score, summary, intent,"
    " coaching, created_at)"
    " SELECT call_id, 'rules', '', 'ok', greatest(0, least(100, 96 - 18 * rude"
    "   - 14 * skips_greeting - 20 * skips_identity - 16 * skips_notice - 10 * skips_closing"
    "   - 5 * talks_over - 4 * long_silences + (u1 - 0.5) * 8)), '', '', '', now()"
    " FROM synth",
]


def prepare(engine: Engine, calls: int, days: int, seed: int) -> None:
    """Demo calls by COPY, what their analysis would have written, and the rollups."""
    stages: dict[str, float] = {}
    t0 = time.perf_counter()
    with transaction(engine) as session:
        user = create_user(session=session, actor=SYSTEM_ACTOR, username=USERNAME, name="QA",
                           password=PASSWORD, roles=["supervisor"])  # fmt: skip
        session.flush()
        reviewer_id = user.id
    now = datetime.now(UTC)
    summary = seed_demo(engine, calls=calls, days=days, seed=seed, now=now,
                        reviewer_id=reviewer_id)  # fmt: skip
    stages["COPY load (seed_demo)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    roster = build_roster(calls=calls, days=days, seed=seed, today=now.astimezone(SEOUL).date())
    with transaction(engine) as session:
        session.execute(text(
            "CREATE TEMP TABLE agent_traits (agent_id int PRIMARY KEY, "
            + ", ".join(f"{trait} int" for trait in TRAITS) + ") ON COMMIT DROP"
        ))  # fmt: skip
        # Employee numbers end in the roster index + 1 (db.demo.generate.build_roster).
        agent_ids = {int(no[-4:]) - 1: id_ for id_, no in
                     session.execute(text("SELECT id, employee_no FROM agents"))}  # fmt: skip
        session.execute(
            text(f"INSERT INTO agent_traits VALUES (:agent_id, :{', :'.join(TRAITS)})"),
            [{"agent_id": agent_ids[i], **{t: int(getattr(a.style, t)) for t in TRAITS}}
             for i, a in enumerate(roster.agents)],
        )  # fmt: skip
        model = ModelVersion(version="bench", artifact_path="-", active=True, label_source="demo")
        session.add(model)
        session.flush()
        for statement in SYNTHESIS:
            session.execute(text(statement), {"model": model.id})
    stages["synthetic analysis (SQL)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with transaction(engine) as session:
        first, last = call_day_range(session=session, tz=TZ)
        rebuild_rollups(session=session, day_from=first, day_to=last, tz=TZ)
    stages["rebuild_rollups (every day)"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    stages["VACUUM ANALYZE"] = time.perf_counter() - t0
    print(f"prepared {summary.calls:,} calls, {summary.utterances:,} utterances, "
          f"{summary.reviews:,} reviews over {days} days")  # fmt: skip
    for stage, seconds in stages.items():
        print(f"  {stage:<40} {seconds:7.1f} s")


class StatementTimer:
    """Seconds per SQL statement, in the order run, while ``recording``."""

    def __init__(self, engine: Engine) -> None:
        self.seconds: list[float] = []
        self.recording = False
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, *_args) -> None:
        conn.info["bench_t0"] = time.perf_counter()

    def _after(self, conn, *_args) -> None:
        if self.recording:
            self.seconds.append(time.perf_counter() - conn.info.pop("bench_t0"))


def page_queries(engine: Engine, call_filter: CallFilter) -> DashboardData:
    """What the dashboard page runs, as it runs it."""
    with transaction(engine) as session:
        filter_choices(session=session)
    with transaction(engine) as session:
        return dashboard_data(session=session, call_filter=call_filter)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_queries(
    engine: Engine, timer: StatementTimer, label: str, call_filter: CallFilter, reps: int
) -> tuple[float, DashboardData]:
    totals: list[float] = []
    per_query: list[list[float]] = []
    cold = 0.0
    for rep in range(reps + 2):
        timer.seconds, timer.recording = [], True
        t0 = time.perf_counter()
        data = page_queries(engine, call_filter)
        elapsed = time.perf_counter() - t0
        timer.recording = False
        if rep == 0:
            cold = elapsed
        if rep >= 2:  # two warm-ups
            totals.append(elapsed)
            per_query.append(timer.seconds)
    medians = [statistics.median(run[i] for run in per_query) * 1000
               for i in range(len(QUERY_NAMES))]  # fmt: skip
    median = statistics.median(totals) * 1000
    print(
        f"\n{label}: {data.current.calls:,} calls in the view; all page queries together: "
        f"median {median:.1f} ms, p95 {percentile(totals, 0.95) * 1000:.1f} ms, "
        f"max {max(totals) * 1000:.1f} ms ({reps} runs; first run {cold * 1000:.1f} ms)"
    )
    print(
        "  median per query: "
        + ", ".join(f"{name} {ms:.1f}" for name, ms in zip(QUERY_NAMES, medians, strict=True))
        + " ms"
    )
    return median, data


NAIVE_COLUMNS = (Call.id, Call.agent_id, Call.team_id, Call.customer_key_hash, Call.started_at,
                 Call.duration_s, Call.status, Call.transferred_to, CallMetrics.timings_available,
                 CallMetrics.silence_s, CallMetrics.overtalk_count, CallMetrics.politeness_score,
                 CallMetrics.compliance_pct, Prediction.label, Evaluation.total_score)  # fmt: skip


def naive_dashboard(engine: Engine, call_filter: CallFilter) -> dict[str, object]:
    """The dashboard's numbers the obvious way: the calls into pandas, grouped there."""
    previous = call_filter.previous_period()
    # Repeat calls look 7 days back, so the load starts a week before the previous period.
    start, end = utc_bounds(previous.day_from - timedelta(days=7), call_filter.day_to, TZ)
    period_start = utc_bounds(previous.day_from, previous.day_from, TZ)[0]
    current_start = utc_bounds(call_filter.day_from, call_filter.day_from, TZ)[0]
    query = (
        select(*NAIVE_COLUMNS)
        .outerjoin(CallMetrics, CallMetrics.call_id == Call.id)
        .outerjoin(Prediction, Prediction.call_id == Call.id)
        .outerjoin(Evaluation, and_(Evaluation.call_id == Call.id, Evaluation.status == "ok"))
        .where(Call.started_at >= start, Call.started_at < end)
    )
    with engine.connect() as conn:
        calls = pd.read_sql(query, conn)
    calls = calls.sort_values(["customer_key_hash", "started_at"])
    gap = calls["started_at"] - calls.groupby("customer_key_hash")["started_at"].shift()
    calls["repeat"] = gap <= pd.Timedelta(days=7)
    calls = calls[calls["started_at"] >= period_start].copy()
    local = calls["started_at"].dt.tz_convert(TZ)
    calls["day"], calls["hour"] = local.dt.date, local.dt.hour
    calls["current"] = calls["started_at"] >= current_start
    timed = calls["timings_available"].fillna(False).astype(bool) & calls["silence_s"].notna()
    calls["timed_s"] = calls["duration_s"].where(timed, 0.0)
    calls["silence"] = calls["silence_s"].where(timed, 0.0)
    calls["done"] = calls["status"] == "done"
    calls["transferred"] = calls["transferred_to"].notna()
    sums = {"calls": ("id", "count"), "done": ("done", "sum"), "handle": ("duration_s", "sum"),
            "silence": ("silence", "sum"), "timed": ("timed_s", "sum"),
            "overtalk": ("overtalk_count", "sum"), "polite": ("politeness_score", "mean"),
            "compliance": ("compliance_pct", "mean"), "score": ("total_score", "mean"),
            "repeat": ("repeat", "sum"), "transfers": ("transferred", "sum")}  # fmt: skip
    current = calls[calls["current"]]
    return {
        "periods": calls.groupby("current").agg(**sums),
        "outcomes": calls.groupby(["current", "label"]).size(),
        "by_day": current.groupby("day").agg(**sums),
        "by_team": current.groupby("team_id").agg(**sums),
        "by_agent": current.groupby("agent_id").agg(**sums),
        "day_hour": current.groupby(["day", "hour"]).size(),
        "rows": len(calls),
    }


def check_naive(naive: dict[str, object], data: DashboardData) -> None:
    periods = naive["periods"]
    assert int(periods.loc[True, "calls"]) == data.current.calls
    assert int(periods.loc[False, "calls"]) == data.previous.calls
    assert int(periods.loc[True, "repeat"]) == data.current.repeat_calls
    assert int(periods.loc[True, "transfers"]) == data.current.transfers
    politeness = kpi_values(data.current, data.previous)[Kpi.POLITENESS].value
    assert abs(periods.loc[True, "polite"] - politeness) < 1e-6
    assert len(naive["by_agent"]) == len(data.by_agent)
    assert int(naive["day_hour"].sum()) == data.current.calls


def time_naive(engine: Engine, call_filter: CallFilter, data: DashboardData, reps: int) -> float:
    seconds = []
    for _ in range(reps):
        t0 = time.perf_counter()
        naive = naive_dashboard(engine, call_filter)
        seconds.append(time.perf_counter() - t0)
    check_naive(naive, data)
    median = statistics.median(seconds) * 1000
    print(
        f"\nnaive (pandas), whole centre: {naive['rows']:,} rows loaded; median {median:,.0f} ms,"
        f" min {min(seconds) * 1000:,.0f} ms ({reps} runs); its numbers equal the rollups'"
    )
    return median


def time_browser(database_url: str, bookmark: CallFilter, team_name: str, reps: int) -> None:
    """Seconds from a click to the dashboard's 12 KPI cards (and all its charts) on screen:
    opening it from the menu, choosing a team in its filter, and opening a bookmarked view
    (a new page load: the login cookie is read again)."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.e2e.test_roles_in_browser import wait_until_idle

    cards = '[data-testid="stMetric"]'
    first_value = '[data-testid="stMetricValue"]'
    charts = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 5"
    menu = '[data-testid="stSidebar"] a[href="{}"]'
    opened: list[tuple[float, float]] = []
    filtered: list[float] = []
    loaded: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        process, url = start_streamlit(
            Path(tmp),
            DATABASE_URL=database_url,
            FEPLE_COOKIE_KEY=secrets.token_urlsafe(48),
            FEPLE_CUSTOMER_KEY_SECRET=secrets.token_urlsafe(48),
            FEPLE_DATA_DIR=tmp,
        )
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=CHROMIUM_ARGS)  # fmt: skip
                page = browser.new_context(viewport={"width": 1400, "height": 1000},
                                           locale="ko-KR").new_page()  # fmt: skip
                page.goto(url)
                page.get_by_label("아이디").wait_for(timeout=60_000)
                wait_until_idle(page)
                page.get_by_label("아이디").fill(USERNAME)
                page.get_by_label("비밀번호").fill(PASSWORD)
                page.get_by_role("button", name="로그인").click()
                page.locator(menu.format("dashboard")).wait_for()
                wait_until_idle(page)
                for _ in range(reps + 1):
                    page.locator(menu.format("account")).click()
                    page.locator(cards).first.wait_for(state="detached")
                    wait_until_idle(page)
                    t0 = time.perf_counter()
                    page.locator(menu.format("dashboard")).click()
                    page.locator(cards).nth(11).wait_for(timeout=30_000)
                    visible = time.perf_counter() - t0
                    page.wait_for_function(charts, timeout=30_000)
                    opened.append((visible, time.perf_counter() - t0))
                    wait_until_idle(page)
                    before = page.locator(first_value).first.inner_text()
                    page.locator('[data-testid="stMultiSelect"]').first.click()
                    page.keyboard.type(team_name)
                    t0 = time.perf_counter()
                    page.keyboard.press("Enter")
                    page.wait_for_function(
                        "([selector, before]) => document.querySelector(selector)?.innerText"
                        " !== before",
                        arg=[first_value, before],
                        timeout=30_000,
                    )
                    page.locator(cards).nth(11).wait_for(timeout=30_000)
                    filtered.append(time.perf_counter() - t0)
                    page.keyboard.press("Escape")
                address = f"{url}/dashboard?{urllib.parse.urlencode(bookmark.to_query())}"
                for _ in range(reps + 1):
                    t0 = time.perf_counter()
                    page.goto(address)
                    page.locator(cards).nth(11).wait_for(timeout=30_000)
                    loaded.append(time.perf_counter() - t0)
                    wait_until_idle(page)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=20)
    visible = [v for v, _ in opened[1:]]
    drawn = [d for _, d in opened[1:]]
    print(f"\nbrowser (headless Chromium, Streamlit on this machine), {reps} runs after a first:")
    print(
        f"  dashboard opened from the menu: KPI cards visible median "
        f"{statistics.median(visible):.2f} s, max {max(visible):.2f} s (first {opened[0][0]:.2f}"
        f" s); every chart drawn median {statistics.median(drawn):.2f} s, max {max(drawn):.2f} s"
    )
    print(
        f"  a team chosen in the filter: new KPI values visible median "
        f"{statistics.median(filtered[1:]):.2f} s, max {max(filtered[1:]):.2f} s"
    )
    print(f"  a bookmarked view of one team opened (new page load): KPI cards visible median "
          f"{statistics.median(loaded[1:]):.2f} s, max {max(loaded[1:]):.2f} s "
          f"(first {loaded[0]:.2f} s)")  # fmt: skip


def measure(engine: Engine, database_url: str, reps: int, browser: bool) -> None:
    timer = StatementTimer(engine)
    with transaction(engine) as session:
        last = call_day_range(session=session, tz=TZ)[1]
        teams, agents = filter_choices(session=session)
        size = session.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        server = session.scalar(text("SHOW server_version"))
        rollup_rows = session.scalar(text("SELECT count(*) FROM daily_rollups"))
        hourly_rows = session.scalar(text("SELECT count(*) FROM hourly_call_counts"))
    view = CallFilter(day_from=last - timedelta(days=VIEW_DAYS - 1), day_to=last)
    print(
        f"\nPostgreSQL {server}, database {size}; rollup rows: {rollup_rows:,} daily, "
        f"{hourly_rows:,} hourly; "
        f"{len(teams)} teams, {len(agents)} agents; view {view.day_from} to {view.day_to}"
    )
    whole, data = time_queries(engine, timer, "whole centre", view, reps)
    team = max(data.by_team, key=lambda t: data.by_team[t].calls)
    agent = max(data.by_agent, key=lambda a: data.by_agent[a].calls)
    time_queries(engine, timer, "one team", CallFilter(view.day_from, view.day_to,
                                                      team_ids=(team,)), reps)  # fmt: skip
    time_queries(engine, timer, "one agent", CallFilter(view.day_from, view.day_to,
                                                       agent_ids=(agent,)), reps)  # fmt: skip
    naive = time_naive(engine, view, data, reps=3)
    print(f"\nthe naive way takes {naive / whole:,.0f}x as long as the rollup queries")
    if browser:
        team_name = next(t.name for t in teams if t.id == team)
        bookmark = CallFilter(view.day_from, view.day_to, team_ids=(team,))
        time_browser(database_url, bookmark, team_name, reps=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--database-url", help="measure this database instead of a fresh one")
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="with --database-url: migrate and load it first (it must be empty)",
    )
    args = parser.parse_args()
    print(f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")  # fmt: skip
    started = time.perf_counter()
    if args.database_url:
        engine = create_db_engine(args.database_url)
        if args.prepare:
            migrate.upgrade(engine)
            prepare(engine, args.calls, args.days, args.seed)
        measure(engine, args.database_url, args.reps, args.browser)
        engine.dispose()
    else:
        with fresh_database("dashboard") as engine:
            prepare(engine, args.calls, args.days, args.seed)
            url = engine.url.render_as_string(hide_password=False)
            measure(engine, url, args.reps, args.browser)
    print(f"\nwhole run {time.perf_counter() - started:.0f} s (server {SERVER_URL})")


if __name__ == "__main__":
    main()
