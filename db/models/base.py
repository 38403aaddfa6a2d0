"""The declarative base, with constraint names Alembic can find again on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CreatedAt:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def declared_for(dialect: str) -> Callable[..., bool]:
    """Alembic's ``include_object`` for a ``dialect`` database: a schema item the models
    declare for another database only (``.ddl_if(dialect=...)``, e.g. the GIN index of
    the call search terms) is neither expected nor generated there."""

    def include(
        item: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        condition = getattr(item, "_ddl_if", None)  # set by .ddl_if(); SQLAlchemy keeps it private
        return condition is None or condition.dialect in (None, dialect)

    return include
