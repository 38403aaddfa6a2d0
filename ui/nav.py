"""The app's pages and which permission opens each; Home.py hands the allowed ones to
st.navigation, so a page a role may not use has no URL at all."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import streamlit as st

from core.access import Actor, Permission
from ui.session import tr


@dataclass(frozen=True, slots=True)
class PageSpec:
    path: str
    title_key: str
    icon: str
    url_path: str
    section_key: str
    permission: Permission | None = None  # None: every logged-in user
    in_menu: bool = True  # False: reached from other pages (a call, an agent), not the menu

    def allowed(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/home.py", "nav.home", ":material/home:", "home", "nav.section.main"),
    PageSpec(
        "pages/dashboard.py",
        "nav.dashboard",
        ":material/monitoring:",
        "dashboard",
        "nav.section.qa",
        Permission.VIEW_CALLS,
    ),
    PageSpec(
        "pages/calls.py",
        "nav.calls",
        ":material/call:",
        "calls",
        "nav.section.qa",
        Permission.VIEW_CALLS,
    ),
    PageSpec(
        "pages/call.py",
        "nav.call",
        ":material/headset_mic:",
        "call",
        "nav.section.qa",
        Permission.VIEW_CALLS,
        in_menu=False,
    ),
    PageSpec(
        "pages/politeness.py",
        "nav.politeness",
        ":material/sentiment_satisfied:",
        "politeness",
        "nav.section.qa",
        Permission.VIEW_CALLS,
    ),
    PageSpec(
        "pages/agents.py",
        "nav.agents",
        ":material/groups:",
        "agents",
        "nav.section.qa",
        Permission.VIEW_CALLS,
    ),
    PageSpec(
        "pages/agent.py",
        "nav.agent",
        ":material/badge:",
        "agent",
        "nav.section.qa",
        Permission.VIEW_CALLS,
        in_menu=False,
    ),
    PageSpec(
        "pages/upload.py",
        "nav.upload",
        ":material/upload_file:",
        "upload",
        "nav.section.qa",
        Permission.UPLOAD_CALLS,
    ),
    PageSpec(
        "pages/transcript_import.py",
        "nav.transcript_import",
        ":material/description:",
        "transcript-import",
        "nav.section.qa",
        Permission.UPLOAD_CALLS,
    ),
    PageSpec(
        "pages/jobs.py",
        "nav.jobs",
        ":material/pending_actions:",
        "jobs",
        "nav.section.qa",
        Permission.UPLOAD_CALLS,
    ),
    PageSpec(
        "pages/scenarios.py",
        "nav.scenarios",
        ":material/account_tree:",
        "scenarios",
        "nav.section.scenarios",
        Permission.VIEW_SCENARIOS,
    ),
    PageSpec(
        "pages/scenario_editor.py",
        "nav.scenario_editor",
        ":material/edit_square:",
        "scenario-editor",
        "nav.section.scenarios",
        Permission.VIEW_SCENARIOS,
        in_menu=False,
    ),
    PageSpec(
        "pages/scenario_test.py",
        "nav.scenario_test",
        ":material/dialpad:",
        "scenario-test",
        "nav.section.scenarios",
        Permission.VIEW_SCENARIOS,
        in_menu=False,
    ),
    PageSpec(
        "pages/scenario_versions.py",
        "nav.scenario_versions",
        ":material/history:",
        "scenario-versions",
        "nav.section.scenarios",
        Permission.VIEW_SCENARIOS,
        in_menu=False,
    ),
    PageSpec(
        "pages/voice_studio.py",
        "nav.voice_studio",
        ":material/graphic_eq:",
        "voice-studio",
        "nav.section.voice",
        Permission.EDIT_VOICES,
    ),
    PageSpec(
        "pages/prompt_library.py",
        "nav.prompt_library",
        ":material/library_music:",
        "prompts",
        "nav.section.voice",
        Permission.EDIT_VOICES,
    ),
    PageSpec(
        "pages/voice_actors.py",
        "nav.voice_actors",
        ":material/record_voice_over:",
        "voice-actors",
        "nav.section.voice",
        Permission.EDIT_VOICES,
    ),
    PageSpec(
        "pages/account.py",
        "nav.account",
        ":material/person:",
        "account",
        "nav.section.account",
        Permission.EDIT_OWN_ACCOUNT,
    ),
    PageSpec(
        "pages/admin.py",
        "nav.admin",
        ":material/admin_panel_settings:",
        "admin",
        "nav.section.admin",
        Permission.MANAGE_USERS,
    ),
    PageSpec(
        "pages/models.py",
        "nav.models",
        ":material/model_training:",
        "models",
        "nav.section.admin",
        Permission.MANAGE_RULES,
    ),
    PageSpec(
        "pages/rules.py",
        "nav.rules",
        ":material/rule:",
        "rules",
        "nav.section.admin",
        Permission.MANAGE_RULES,
    ),
)


def pages_for(actor: Actor) -> list[PageSpec]:
    return [spec for spec in PAGES if spec.allowed(actor)]


def navigation(actor: Actor) -> st.navigation:  # type: ignore[valid-type]
    sections: dict[str, list[st.Page]] = {}
    for index, spec in enumerate(pages_for(actor)):
        page = st.Page(
            spec.path,
            title=tr(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=index == 0,
        )
        sections.setdefault(tr(spec.section_key), []).append(page)
    # Our own sidebar menu (below) replaces Streamlit's: it is redrawn on every run, so a
    # session that logged out never keeps a stale menu.
    return st.navigation(sections, position="hidden")


def sidebar_menu(actor: Actor) -> None:
    section = None
    for spec in pages_for(actor):
        if not spec.in_menu:
            continue
        if spec.section_key != section:
            section = spec.section_key
            st.sidebar.caption(tr(section))
        st.sidebar.page_link(spec.path, label=tr(spec.title_key), icon=spec.icon)


WANTED_KEY = "feple_wanted_page"
"""The page (url path and query) a session asked for before its user was known."""


def remember_requested_page() -> None:
    """Before login (or before the login cookie is read) no page is registered, so Streamlit
    would land on Home: keep the address asked for (a shared link to a call, say)."""
    if WANTED_KEY in st.session_state:
        return
    path = _requested_path()
    if path:
        st.session_state[WANTED_KEY] = (path, st.query_params.to_dict())


def _requested_path() -> str:
    """The page part of the address: from the browser's URL when it has sent it, else the page
    name Streamlit was asked for (the browser does not always send its URL on the first run)."""
    if st.context.url:
        return urlparse(st.context.url).path.rstrip("/").rpartition("/")[2]
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(getattr(ctx, "pages_manager", None), "intended_page_name", None) or ""


def resume_requested_page(actor: Actor) -> None:
    """Go to the page remembered before login, if this user may open it (call after
    ``navigation``: switching needs the pages registered)."""
    wanted = st.session_state.pop(WANTED_KEY, None)
    if wanted is None:
        return
    path, params = wanted
    for spec in pages_for(actor):
        if spec.url_path == path:
            st.switch_page(spec.path, query_params=params)
