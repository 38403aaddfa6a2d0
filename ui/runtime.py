"""The process-wide settings and database engine, and the first-start preparation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st
from sqlalchemy import Engine

from core.i18n import t
from core.settings import Settings, get_settings
from db import bootstrap
from db.session import engine_for


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    ready: bool = False

    @property
    def zone(self) -> ZoneInfo:
        """The contact centre's time zone: every time on screen is in it."""
        return ZoneInfo(self.settings.timezone)

    def local_time(self, value: datetime | None) -> str:
        return value.astimezone(self.zone).strftime("%Y-%m-%d %H:%M") if value else "-"


@st.cache_resource
def runtime() -> Runtime:
    settings = get_settings()
    return Runtime(settings=settings, engine=engine_for(settings.sqlalchemy_url))


def ensure_ready(rt: Runtime, lang: str) -> None:
    """On the first start: schema, demo users and demo data, with a progress bar."""
    if rt.ready:
        return
    if bootstrap.needs_preparation(rt.engine, rt.settings):
        with st.status(t("setup.title", lang), expanded=True) as status:
            bar = st.progress(0.0)

            def show(stage: str, fraction: float) -> None:
                bar.progress(min(max(fraction, 0.0), 1.0), text=t(stage, lang))

            bootstrap.prepare_database(rt.engine, rt.settings, progress=show)
            status.update(label=t("setup.done", lang), state="complete", expanded=False)
    rt.ready = True
