"""Scorecards, evaluations, supervisor reviews, rules, and the outcome model."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.domain import (
    CallCategory,
    EvaluationSource,
    EvaluationStatus,
    Outcome,
    Resolution,
    ReviewAcknowledgement,
    Sentiment,
)
from db.models.base import Base, CreatedAt
from db.types import JSONDocument, UTCDateTime, str_enum, utcnow

CallId = BigInteger().with_variant(Integer, "sqlite")


class ScorecardItem(Base):
    """One line of the QA scorecard (e.g. 인사 및 본인확인), scored 1-5."""

    __tablename__ = "scorecard_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    name_ko: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ComplianceRule(Base):
    """A script requirement for a call category (None: every category). Admins edit these."""

    __tablename__ = "compliance_rules"
    __table_args__ = (UniqueConstraint("category", "code", name="uq_compliance_rules_cat_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[CallCategory | None] = mapped_column(str_enum(CallCategory))
    code: Mapped[str] = mapped_column(String(48))
    name_ko: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    stage: Mapped[str] = mapped_column(String(16))  # opening / identity / notice / closing
    phrases: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    min_similarity: Mapped[float] = mapped_column(Float, default=0.8)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PolitenessRule(Base):
    """A scored expression class: cushion phrase, apology, empathy, rude or forbidden word."""

    __tablename__ = "politeness_rules"
    __table_args__ = (UniqueConstraint("kind", "expression", name="uq_politeness_rules_expr"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    expression: Mapped[str] = mapped_column(String(80))
    score_delta: Mapped[float] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Evaluation(CreatedAt, Base):
    """An automatic scorecard of a call, by an LLM or by the rules."""

    __tablename__ = "evaluations"
    __table_args__ = (Index("ix_evaluations_call", "call_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(CallId, ForeignKey("calls.id", ondelete="CASCADE"))
    source: Mapped[EvaluationSource] = mapped_column(str_enum(EvaluationSource, 8))
    model: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[EvaluationStatus] = mapped_column(
        str_enum(EvaluationStatus, 8), default=EvaluationStatus.OK
    )
    error_text: Mapped[str | None] = mapped_column(Text)
    total_score: Mapped[float | None] = mapped_column(Float)  # 0-100
    summary: Mapped[str] = mapped_column(Text, default="")
    intent: Mapped[str] = mapped_column(String(200), default="")
    resolution: Mapped[Resolution | None] = mapped_column(str_enum(Resolution, 12))
    sentiment_start: Mapped[Sentiment | None] = mapped_column(str_enum(Sentiment, 10))
    sentiment_end: Mapped[Sentiment | None] = mapped_column(str_enum(Sentiment, 10))
    coaching: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[EvaluationItem]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan"
    )


class EvaluationItem(Base):
    __tablename__ = "evaluation_items"
    __table_args__ = (UniqueConstraint("evaluation_id", "item_code", name="uq_eval_items_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    item_code: Mapped[str] = mapped_column(String(48))
    score: Mapped[int] = mapped_column(Integer)  # 1-5
    evidence: Mapped[list[str]] = mapped_column(JSONDocument, default=list)  # quotes
    reason: Mapped[str] = mapped_column(Text, default="")

    evaluation: Mapped[Evaluation] = relationship(back_populates="items")


class Review(CreatedAt, Base):
    """A supervisor's own scoring of a call; several reviewers of one call calibrate."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("call_id", "reviewer_id", name="uq_reviews_call_reviewer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(CallId, ForeignKey("calls.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    item_scores: Mapped[dict[str, int]] = mapped_column(JSONDocument, default=dict)
    total_score: Mapped[float | None] = mapped_column(Float)
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome, 12))  # training label
    comment: Mapped[str] = mapped_column(Text, default="")
    acknowledgement: Mapped[ReviewAcknowledgement] = mapped_column(
        str_enum(ReviewAcknowledgement, 14), default=ReviewAcknowledgement.PENDING
    )
    acknowledgement_comment: Mapped[str] = mapped_column(Text, default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ModelVersion(CreatedAt, Base):
    """A trained outcome model in the registry; exactly one is active."""

    __tablename__ = "model_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(32), unique=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    trained_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    metrics: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    params: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    feature_names: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    labels: Mapped[list[str]] = mapped_column(JSONDocument, default=list)
    train_rows: Mapped[int] = mapped_column(Integer, default=0)
    label_source: Mapped[str] = mapped_column(String(16), default="reviews")  # or demo
    artifact_path: Mapped[str] = mapped_column(String(512))
    active: Mapped[bool] = mapped_column(Boolean, default=False)


class Prediction(CreatedAt, Base):
    """The predicted outcome of a call and why; one per call (a re-run replaces it)."""

    __tablename__ = "predictions"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        CallId, ForeignKey("calls.id", ondelete="CASCADE"), unique=True
    )
    model_version_id: Mapped[int] = mapped_column(ForeignKey("model_versions.id"))
    label: Mapped[Outcome] = mapped_column(str_enum(Outcome, 12))
    probabilities: Mapped[dict[str, float]] = mapped_column(JSONDocument, default=dict)
    # {"feature": contribution} for the predicted label, largest magnitude first.
    contributions: Mapped[dict[str, float]] = mapped_column(JSONDocument, default=dict)
