"""What a job needs from its process: settings and the database engine, made once."""

from __future__ import annotations

from sqlalchemy import Engine

from core.settings import Settings, get_settings
from db.session import engine_for


def settings() -> Settings:
    return get_settings()


def engine() -> Engine:
    return engine_for(get_settings().sqlalchemy_url)
