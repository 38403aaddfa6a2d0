"""Jobs (queue ``cpu``): train the outcome model; predict outcomes with the active model."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Engine, delete, select

from core.access import SYSTEM_ACTOR, Actor
from core.call_analysis import PredictionRecord
from core.features import CallFeatures
from core.outcome_model import OutcomeModel, load_model, train_outcome_model
from core.settings import Settings
from db import model_registry, users
from db.models import CallMetrics, Prediction, User
from db.session import transaction
from workers import context

log = logging.getLogger(__name__)

_loaded: dict[tuple[str, int], OutcomeModel] = {}


def active_model(engine: Engine) -> tuple[int, OutcomeModel] | None:
    """The active model, loaded once per process and version."""
    with transaction(engine) as session:
        version = model_registry.active_version(session=session)
        if version is None:
            return None
        key = (str(engine.url), version.id)
        path = version.artifact_path
    if key not in _loaded:
        _loaded[key] = load_model(path)
    return version.id, _loaded[key]


def predictions_for(
    version_id: int, model: OutcomeModel, features: Sequence[CallFeatures]
) -> list[PredictionRecord]:
    return [
        PredictionRecord(version_id, p.label, p.probabilities, p.contributions)
        for p in model.predict_many(features)
    ]


def train_model(requested_by: int | None = None) -> int:
    """Job: train on the reviewed calls, register the version; returns its id."""
    engine = context.engine()
    actor = SYSTEM_ACTOR
    if requested_by is not None:
        with transaction(engine) as session:
            user = session.get(User, requested_by)
            actor = users.actor_for(user) if user is not None else SYSTEM_ACTOR
    return run_training(engine, context.settings(), actor=actor)


def run_training(engine: Engine, settings: Settings, *, actor: Actor) -> int:
    with transaction(engine) as session:
        data = model_registry.training_set(session=session)
    trained = train_outcome_model(data.features, data.labels, seed=settings.demo_seed)
    with transaction(engine) as session:
        version = model_registry.register(
            session=session,
            actor=actor,
            trained=trained,
            artifact_dir=settings.data_dir / "models",
            label_source=data.source,
        )
        log.info("outcome model %s: accuracy %.3f on %d validation calls", version.version,
                 trained.metrics["accuracy"], trained.validation_rows)  # fmt: skip
        return version.id


def predict_calls(call_ids: Sequence[int]) -> int:
    """Job: (re)predict stored calls with the active model, from their stored features."""
    return run_predictions(context.engine(), call_ids)


def run_predictions(engine: Engine, call_ids: Sequence[int], batch_size: int = 500) -> int:
    active = active_model(engine)
    if active is None:
        return 0
    version_id, model = active
    done = 0
    for start in range(0, len(call_ids), batch_size):
        batch = list(call_ids[start : start + batch_size])
        with transaction(engine) as session:
            rows = session.execute(
                select(CallMetrics.call_id, CallMetrics.features).where(
                    CallMetrics.call_id.in_(batch), CallMetrics.features.is_not(None)
                )
            ).all()
            if not rows:
                continue
            records = predictions_for(
                version_id, model, [CallFeatures.from_dict(f) for _, f in rows]
            )
            ids = [call_id for call_id, _ in rows]
            session.execute(delete(Prediction).where(Prediction.call_id.in_(ids)))
            session.add_all(
                Prediction(call_id=call_id, model_version_id=r.model_version_id, label=r.label,
                           probabilities=r.probabilities, contributions=r.contributions)
                for call_id, r in zip(ids, records, strict=True)
            )  # fmt: skip
            done += len(ids)
    return done
