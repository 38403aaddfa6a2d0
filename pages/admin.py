"""Admin: users (create, roles, disable, unlock, reset password) and the audit log."""

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

import streamlit as st

from core.access import Permission
from core.domain import Role
from core.errors import UserError
from db import audit, users
from db.session import transaction
from db.types import utcnow
from ui.runtime import runtime
from ui.session import current_actor, show_error, tr
from ui.writes import audited_write

AUDIT_PAGE_SIZE = 50

actor = current_actor()
actor.require(Permission.MANAGE_USERS)  # navigation hides the page; this guards direct use
rt = runtime()
local = rt.local_time


def write(action: Callable[..., object], done_message: str, **kwargs: object) -> None:
    audited_write(rt.engine, actor, action, done_message, flash_key="admin_flash", **kwargs)


def role_label(role: str) -> str:
    return tr(f"role.{role}")


st.title(tr("nav.admin"))
if message := st.session_state.pop("admin_flash", None):
    st.success(message)
users_tab, audit_tab = st.tabs([tr("admin.users"), tr("admin.audit")])

with users_tab:
    with transaction(rt.engine) as session:
        all_users = users.list_users(session=session)
    now = utcnow()

    def state(user: users.User) -> str:
        if user.disabled:
            return tr("admin.state.disabled")
        if user.locked_until and user.locked_until > now:
            return f"{tr('admin.state.locked')} ~{local(user.locked_until)}"
        return tr("admin.state.active")

    st.dataframe(
        [
            {
                tr("admin.username"): u.username,
                tr("admin.name"): u.name,
                tr("admin.email"): u.email,
                tr("admin.roles"): ", ".join(role_label(r) for r in u.roles),
                tr("admin.col.state"): state(u),
                tr("admin.col.failed"): u.failed_login_count,
                tr("admin.col.last_login"): local(u.last_login_at),
            }
            for u in all_users
        ],
        hide_index=True,
        width="stretch",
    )

    role_values = [r.value for r in Role]
    left, right = st.columns(2)
    with left, st.form("create_user", clear_on_submit=False):
        st.subheader(tr("admin.create_user"))
        new_username = st.text_input(tr("admin.username"))
        new_name = st.text_input(tr("admin.name"))
        new_email = st.text_input(tr("admin.email"))
        new_password = st.text_input(tr("admin.password"), type="password")
        new_roles = st.multiselect(
            tr("admin.roles"), role_values, format_func=role_label, placeholder=tr("common.choose")
        )
        if st.form_submit_button(tr("admin.create"), type="primary"):
            write(
                users.create_user,
                tr("admin.created", username=new_username.strip().lower()),
                username=new_username,
                name=new_name,
                email=new_email,
                password=new_password,
                roles=new_roles,
            )

    with right:
        st.subheader(tr("admin.edit_user"))
        names = [u.username for u in all_users]
        picked = st.selectbox(tr("admin.pick_user"), names, key="admin_pick_user")
        target = next(u for u in all_users if u.username == picked)
        with st.form("edit_roles"):
            roles = st.multiselect(
                tr("admin.roles"),
                role_values,
                default=target.roles,
                format_func=role_label,
                placeholder=tr("common.choose"),
            )
            if st.form_submit_button(tr("admin.save_roles")):
                write(
                    users.set_roles,
                    tr("admin.roles_saved", username=picked),
                    username=picked,
                    roles=roles,
                )
        buttons = st.columns(2)
        if target.disabled:
            if buttons[0].button(tr("admin.enable"), key="admin_enable"):
                write(users.set_disabled, tr("admin.enabled_done", username=picked),
                      username=picked, disabled=False)  # fmt: skip
        elif buttons[0].button(tr("admin.disable"), key="admin_disable"):
            write(users.set_disabled, tr("admin.disabled_done", username=picked),
                  username=picked, disabled=True)  # fmt: skip
        if buttons[1].button(tr("admin.unlock"), key="admin_unlock"):
            write(users.unlock, tr("admin.unlocked", username=picked), username=picked)
        with st.form("reset_password", clear_on_submit=True):
            password = st.text_input(tr("admin.new_password"), type="password")
            if st.form_submit_button(tr("admin.reset_password")):
                write(
                    users.reset_password,
                    tr("admin.password_reset_done", username=picked),
                    username=picked,
                    password=password,
                )

with audit_tab:
    today = datetime.now(rt.zone).date()
    columns = st.columns(4)
    day_from = columns[0].date_input(tr("admin.audit.from"), today - timedelta(days=7))
    day_to = columns[1].date_input(tr("admin.audit.to"), today)
    with transaction(rt.engine) as session:
        actions = audit.distinct_actions(session=session)
    any_label = tr("admin.audit.any")
    who = columns[2].selectbox(
        tr("admin.audit.user"), [any_label, *(u.username for u in all_users)]
    )
    what = columns[3].selectbox(tr("admin.audit.action"), [any_label, *actions])
    if day_from > day_to:
        show_error(UserError("error.date_range"))
        st.stop()
    where = audit.AuditFilter(
        since=datetime.combine(day_from, time.min, rt.zone).astimezone(UTC),
        until=datetime.combine(day_to + timedelta(days=1), time.min, rt.zone).astimezone(UTC),
        username=None if who == any_label else who,
        action_prefix=None if what == any_label else what,
    )
    page = st.number_input(tr("admin.audit.page"), min_value=1, value=1, step=1)
    with transaction(rt.engine) as session:
        entries, total = audit.list_entries(
            session=session, where=where, limit=AUDIT_PAGE_SIZE, offset=(page - 1) * AUDIT_PAGE_SIZE
        )
    st.caption(tr("admin.audit.count", total=total, shown=len(entries)))
    st.dataframe(
        [
            {
                tr("admin.audit.at"): local(e.at),
                tr("admin.audit.user"): e.username,
                tr("admin.audit.action"): e.action,
                tr("admin.audit.target"): f"{e.target_type}:{e.target_id}" if e.target_type else "",
                tr("admin.audit.details"): str(e.details) if e.details else "",
            }
            for e in entries
        ],
        hide_index=True,
        width="stretch",
    )
