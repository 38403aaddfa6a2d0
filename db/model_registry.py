"""The outcome models: versions with their artifacts and metrics, one of them active."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import CallSource, Outcome
from core.errors import UserError
from core.features import CallFeatures
from core.outcome_model import TrainedModel, save_model
from db import audit
from db.models import Call, CallMetrics, ModelVersion, Review
from db.types import utcnow

MIN_REAL_REVIEWS = 200
"""Reviews of real (non-demo) calls needed before the demo labels are left out of training."""


@dataclass(frozen=True, slots=True)
class TrainingSet:
    features: list[CallFeatures]
    labels: list[Outcome]
    source: str  # "reviews" or "demo" (demo labels stand in until there are enough reviews)


def training_set(*, session: Session) -> TrainingSet:
    """Each reviewed call's stored features and its label (the latest review's outcome)."""
    latest = (
        select(Review.call_id, func.max(Review.id).label("review_id"))
        .where(Review.outcome.is_not(None))
        .group_by(Review.call_id)
        .subquery()
    )
    rows = session.execute(
        select(CallMetrics.features, Review.outcome, Call.source)
        .join(latest, latest.c.call_id == CallMetrics.call_id)
        .join(Review, Review.id == latest.c.review_id)
        .join(Call, Call.id == CallMetrics.call_id)
        .where(CallMetrics.features.is_not(None))
        .order_by(CallMetrics.call_id)
    ).all()
    real = [row for row in rows if row.source is not CallSource.DEMO]
    chosen = real if len(real) >= MIN_REAL_REVIEWS else rows
    demo_labels = any(row.source is CallSource.DEMO for row in chosen)
    return TrainingSet(
        features=[CallFeatures.from_dict(row.features) for row in chosen],
        labels=[row.outcome for row in chosen],
        source="demo" if demo_labels else "reviews",
    )


def register(
    *,
    session: Session,
    actor: Actor,
    trained: TrainedModel,
    artifact_dir: Path,
    label_source: str,
) -> ModelVersion:
    """Store the artifact and record the version; it becomes active if none is."""
    actor.require(Permission.MANAGE_RULES)
    now = utcnow()
    number = (session.scalar(select(func.count(ModelVersion.id))) or 0) + 1
    version = f"v{number}-{now:%Y%m%d}-{trained.fingerprint[:8]}"
    path = artifact_dir / f"outcome-{version}.json"
    artifact_dir.mkdir(parents=True, exist_ok=True)
    save_model(trained, path)
    has_active = session.scalar(select(ModelVersion.id).where(ModelVersion.active.is_(True)))
    row = ModelVersion(
        version=version,
        trained_at=now,
        trained_by=actor.user_id,
        metrics=trained.metrics,
        params=trained.params,
        feature_names=list(trained.feature_names),
        labels=[label.value for label in trained.labels],
        train_rows=trained.train_rows,
        label_source=label_source,
        artifact_path=str(path),
        active=has_active is None,
    )
    session.add(row)
    session.flush()
    audit.record(session=session, actor=actor, action="model.register", target_type="model",
                 target_id=row.id, version=version, active=row.active,
                 accuracy=trained.metrics.get("accuracy"))  # fmt: skip
    return row


def activate(*, session: Session, actor: Actor, version_id: int) -> ModelVersion:
    actor.require(Permission.MANAGE_RULES)
    row = session.get(ModelVersion, version_id)
    if row is None:
        raise UserError("model.not_found", version=str(version_id))
    session.execute(update(ModelVersion).where(ModelVersion.id != version_id).values(active=False))
    row.active = True
    audit.record(session=session, actor=actor, action="model.activate", target_type="model",
                 target_id=row.id, version=row.version)  # fmt: skip
    return row


def active_version(*, session: Session) -> ModelVersion | None:
    return session.scalar(select(ModelVersion).where(ModelVersion.active.is_(True)))


def versions(*, session: Session) -> list[ModelVersion]:
    return list(session.scalars(select(ModelVersion).order_by(ModelVersion.trained_at.desc())))


def predicted_call_ids(*, session: Session) -> list[int]:
    """Calls with stored features: the ones a newly active model should predict again."""
    return list(
        session.scalars(
            select(CallMetrics.call_id)
            .where(CallMetrics.features.is_not(None))
            .order_by(CallMetrics.call_id)
        )
    )
