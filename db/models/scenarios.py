"""ARS/IVR call flows: the editable draft, immutable versions, and deployments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.domain import DeploymentStatus, Environment
from db.models.base import Base, CreatedAt
from db.types import JSONDocument, UTCDateTime, str_enum, utcnow


class Scenario(CreatedAt, Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)

    draft: Mapped[ScenarioDraft | None] = relationship(back_populates="scenario")


class ScenarioDraft(Base):
    """The working copy. ``revision`` grows on every save; a stale save is refused."""

    __tablename__ = "scenario_drafts"

    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[dict] = mapped_column(JSONDocument)  # {"nodes": [...], "edges": [...]}
    revision: Mapped[int] = mapped_column(Integer, default=1)
    based_on_version: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    scenario: Mapped[Scenario] = relationship(back_populates="draft")


class ScenarioVersion(CreatedAt, Base):
    """An immutable, numbered snapshot of a flow."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number", name="uq_scenario_versions_num"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    flow: Mapped[dict] = mapped_column(JSONDocument)
    comment: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Deployment(CreatedAt, Base):
    """A version put into an environment; prod needs a second approver unless by an admin."""

    __tablename__ = "deployments"
    __table_args__ = (Index("ix_deployments_scenario_env", "scenario_id", "environment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id"))
    environment: Mapped[Environment] = mapped_column(str_enum(Environment, 8))
    status: Mapped[DeploymentStatus] = mapped_column(str_enum(DeploymentStatus, 18))
    deployed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
