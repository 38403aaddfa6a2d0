"""Landing page: who is logged in, the counts that matter to their roles, their pages."""

import streamlit as st

from core.access import Permission
from core.domain import CallStatus, Environment
from db.home import HomeCounts, home_counts
from db.session import transaction
from db.users import count_users
from ui import nav
from ui.runtime import runtime
from ui.session import current_actor, tr

COUNTS_TTL_S = 30  # the counts scan the calls table: not on every rerun


@st.cache_data(ttl=COUNTS_TTL_S, show_spinner=False)
def landing_counts(database_url: str) -> tuple[HomeCounts, int, int]:
    """Keyed by the database, so two installs (or tests) never share a cached answer."""
    with transaction(runtime().engine) as session:
        return home_counts(session=session), *count_users(session=session)


actor = current_actor()
rt = runtime()
counts, users_total, users_locked = landing_counts(rt.settings.sqlalchemy_url)

st.title(tr("home.welcome", name=st.session_state.get("name", actor.username)))
st.caption(
    f"{tr('app.tagline')} · {tr('home.roles')}: "
    + ", ".join(tr(f"role.{role}") for role in sorted(actor.roles))
)

if actor.can(Permission.VIEW_CALLS):
    st.subheader(tr("home.calls_by_status"))
    first, second = st.columns(2)
    first.metric(tr("home.calls_total"), f"{counts.calls_total:,}")
    second.metric(tr("home.calls_last_7d"), f"{counts.calls_last_7d:,}")
    columns = st.columns(len(CallStatus))
    for column, status in zip(columns, CallStatus, strict=True):
        column.metric(tr(f"status.{status.value}"), f"{counts.calls_by_status[status]:,}")

if actor.can(Permission.VIEW_SCENARIOS):
    st.subheader(tr("home.scenarios_by_env"))
    deployed = sum(counts.scenarios_by_env.values())
    columns = st.columns(len(Environment) + 1)
    columns[0].metric(tr("home.scenarios_total"), counts.scenarios_total)
    for column, env in zip(columns[1:], Environment, strict=True):
        column.metric(tr(f"env.{env.value}"), counts.scenarios_by_env[env])
    if counts.scenarios_total and not deployed:
        st.caption(tr("home.scenarios_undeployed"))

if actor.can(Permission.EDIT_VOICES) or actor.can(Permission.VIEW_SCENARIOS):
    st.subheader(tr("home.prompts"))
    first, second = st.columns(2)
    first.metric(tr("home.prompts_without_audio"), counts.prompts_without_audio)
    second.metric(tr("home.prompts_total"), counts.prompts_total)

if actor.can(Permission.MANAGE_USERS):
    st.subheader(tr("nav.admin"))
    first, second, third = st.columns(3)
    first.metric(tr("home.users_total"), users_total)
    second.metric(tr("home.locked_users"), users_locked)
    third.metric(tr("home.audit_today"), counts.audit_today)

st.subheader(tr("home.your_pages"))
for spec in nav.pages_for(actor):
    if spec.in_menu:
        st.page_link(spec.path, label=tr(spec.title_key), icon=spec.icon)
