"""The predicted outcome of a call (만족 / 미흡 / 추가상담필요 / 해결불가) and why.

A LightGBM multiclass model over ``core.features.CallFeatures``, trained on calls with a
label (supervisor reviews, or demo labels while there are too few reviews). Classes are
always the four of ``Outcome`` in ``CLASSES`` order, whatever the labels hold: a class with
no example starts from a log-probability of about log(1e-15) (LightGBM's multiclass start
score, the class share clipped at its epsilon), gets no trees of its own and so keeps a
probability of about 1e-15 or less: the model never predicts what it has never seen.

Validation: a stratified split (deterministic for the seed) holds out ``validation_share``
of each class; training stops early when the validation log-loss stops improving, and the
reported metrics are on that same split, so they are a little optimistic (the split chose
the number of trees). ``baseline_accuracy`` is what always answering the training set's
majority class scores on it: a useful model beats it.

Why a prediction: per-call SHAP values (LightGBM ``pred_contrib``) toward the predicted
class, in raw-score (log-odds) units; a positive value pushed toward that class. The
artifact is a JSON file holding the booster's own text model and its metadata; never pickle.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lightgbm as lgb
import numpy as np

from core.domain import Outcome
from core.errors import UserError
from core.features import CATEGORICAL_FEATURES, CATEGORY_CODES, FEATURE_NAMES, CallFeatures

CLASSES: tuple[Outcome, ...] = tuple(Outcome)
"""The model's classes, in the order of its probability columns."""

MIN_TRAINING_CALLS = 30
"""Fewer labelled calls than this teach a model nothing a reviewer could trust."""

TOP_CONTRIBUTIONS = 8
"""How many features a prediction names as its reasons."""

PREDICT_THREADS = 1
"""Threads per prediction: workers scale by process, and on a busy 2-core machine a second
thread made LightGBM slower, not faster (../shared/notes/libraries.md)."""

DEFAULT_PARAMS: Mapping[str, Any] = {
    "learning_rate": 0.05,
    "num_leaves": 15,
    "lambda_l2": 1.0,
    "num_iterations": 500,
    "early_stopping_round": 30,
    # LightGBM's 100 calls per category group would never split categories on a few hundred.
    "min_data_per_group": 20,
}
"""Tree settings for a few hundred to a few thousand labelled calls; ``params`` overrides."""

FIXED_PARAMS: Mapping[str, Any] = {
    "objective": "multiclass",
    "num_class": len(CLASSES),
    "metric": "multi_logloss",
    "verbosity": -1,
    "num_threads": 1,
    "deterministic": True,
    "force_col_wise": True,  # LightGBM otherwise picks row/col-wise by timing a trial run
}
"""What makes the model a 4-outcome classifier, reproducible from the same data and seed."""

ARTIFACT_FORMAT = "feple-outcome-model"
ARTIFACT_VERSION = 1
_LOG_LOSS_EPS = 1e-15


def _category_codes() -> dict[str, int]:
    """``CATEGORY_CODES`` as the artifact stores it: category value -> code."""
    return {category.value: code for category, code in CATEGORY_CODES.items()}


class ModelArtifactError(ValueError):
    """A model file this code cannot use: not an artifact, altered, or made for other features."""


@dataclass(frozen=True, slots=True)
class TrainedModel:
    """A trained model and what the registry records about it (``db.models.ModelVersion``).

    ``metrics``: accuracy, macro_f1 (over the classes that are in the validation labels or
    predictions), log_loss, baseline_accuracy, best_iteration, per_class (outcome ->
    precision, recall, f1, support), confusion (rows: true, columns: predicted, both in
    ``labels`` order) and label_counts (outcome -> labelled calls, both splits)."""

    booster_text: str
    feature_names: tuple[str, ...]
    labels: tuple[Outcome, ...]
    metrics: dict[str, Any]
    params: dict[str, Any]
    train_rows: int
    validation_rows: int
    category_codes: dict[str, int] = field(default_factory=_category_codes)

    @property
    def fingerprint(self) -> str:
        """The booster text's SHA-256: the same model, the same fingerprint."""
        return hashlib.sha256(self.booster_text.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class OutcomePrediction:
    """``probabilities``: outcome value -> p, all four, summing to 1. ``contributions``:
    feature -> SHAP value toward ``label`` (log-odds), largest magnitude first, bias left out,
    features that played no part left out."""

    label: Outcome
    probabilities: dict[str, float]
    contributions: dict[str, float]


def train_outcome_model(
    features: Sequence[CallFeatures],
    labels: Sequence[Outcome],
    *,
    seed: int,
    params: Mapping[str, Any] | None = None,
    validation_share: float = 0.2,
) -> TrainedModel:
    """Learn outcomes from labelled calls; refuses (``UserError``) too few calls or one class."""
    if len(features) != len(labels):
        raise ValueError(f"{len(features)} feature rows but {len(labels)} labels")
    if not 0.0 < validation_share < 1.0:
        raise ValueError(f"validation_share must be in (0, 1), got {validation_share}")
    if len(labels) < MIN_TRAINING_CALLS:
        raise UserError(
            "outcome_model.too_few_labels", count=len(labels), minimum=MIN_TRAINING_CALLS
        )
    label_counts = Counter(Outcome(label) for label in labels)
    if len(label_counts) < 2:
        raise UserError("outcome_model.one_class", outcome=next(iter(label_counts)).value)

    x = _matrix(features, FEATURE_NAMES)
    y = np.array([CLASSES.index(Outcome(label)) for label in labels], dtype=np.int32)
    train, valid = _stratified_split(y, validation_share, seed)
    if not len(valid):
        raise ValueError(f"validation_share {validation_share} leaves no call to validate on")
    settings = {
        **DEFAULT_PARAMS,
        # A leaf of 20 calls (LightGBM's default) cannot split 24 training calls at all.
        "min_data_in_leaf": max(3, min(20, len(train) // 20)),
        **(params or {}),
        **FIXED_PARAMS,
        "seed": seed,
    }
    train_set = lgb.Dataset(
        x[train],
        label=y[train],
        feature_name=list(FEATURE_NAMES),
        categorical_feature=list(CATEGORICAL_FEATURES),
    )
    valid_set = lgb.Dataset(x[valid], label=y[valid], reference=train_set)
    booster = lgb.train(settings, train_set, valid_sets=[valid_set])
    best = booster.best_iteration or booster.current_iteration()
    booster_text = booster.model_to_string(num_iteration=best)

    probabilities = booster.predict(x[valid], num_iteration=best)
    majority = Counter(y[train].tolist()).most_common(1)[0][0]
    metrics = {
        **_validation_metrics(y[valid], probabilities),
        "baseline_accuracy": float(np.mean(y[valid] == majority)),
        "best_iteration": best,
        "label_counts": {outcome.value: label_counts.get(outcome, 0) for outcome in CLASSES},
    }
    return TrainedModel(
        booster_text=booster_text,
        feature_names=FEATURE_NAMES,
        labels=CLASSES,
        metrics=metrics,
        params=settings,
        train_rows=len(train),
        validation_rows=len(valid),
    )


class OutcomeModel:
    """A trained model ready to predict; build with ``load_model`` (or from a ``TrainedModel``)."""

    def __init__(self, trained: TrainedModel, *, num_threads: int = PREDICT_THREADS) -> None:
        if unknown := [name for name in trained.feature_names if name not in FEATURE_NAMES]:
            raise ModelArtifactError(f"the model reads features this code has not: {unknown}")
        current = _category_codes()
        if any(current.get(name) != code for name, code in trained.category_codes.items()):
            raise ModelArtifactError("the model codes call categories differently")
        self.trained = trained
        self.num_threads = num_threads
        self._booster = lgb.Booster(model_str=trained.booster_text)
        if tuple(self._booster.feature_name()) != trained.feature_names:
            raise ModelArtifactError("the booster's features differ from the artifact's")
        if self._booster.num_model_per_iteration() != len(trained.labels):
            raise ModelArtifactError("the booster's classes differ from the artifact's")

    @property
    def fingerprint(self) -> str:
        return self.trained.fingerprint

    def predict(
        self, features: CallFeatures, *, top_k: int = TOP_CONTRIBUTIONS
    ) -> OutcomePrediction:
        return self.predict_many([features], top_k=top_k)[0]

    def predict_many(
        self, features: Sequence[CallFeatures], *, top_k: int = TOP_CONTRIBUTIONS
    ) -> list[OutcomePrediction]:
        """One prediction per call: probabilities for all calls in one booster call, and their
        contributions in another."""
        if not features:
            return []
        names, labels = self.trained.feature_names, self.trained.labels
        x = _matrix(features, names)
        probabilities = self._booster.predict(x, num_threads=self.num_threads)
        # Multiclass contributions: per row, one block of (features + bias) per class.
        contributions = self._booster.predict(
            x, pred_contrib=True, num_threads=self.num_threads
        ).reshape(len(features), len(labels), len(names) + 1)
        predictions = []
        for row, row_contributions in zip(probabilities, contributions, strict=True):
            best = int(np.argmax(row))
            reasons = row_contributions[best, :-1]  # the last column is the bias
            order = np.argsort(-np.abs(reasons), kind="stable")
            predictions.append(
                OutcomePrediction(
                    label=labels[best],
                    probabilities={
                        label.value: float(p)
                        for label, p in zip(labels, row / row.sum(), strict=True)
                    },
                    contributions={
                        names[i]: float(reasons[i]) for i in order[:top_k] if reasons[i] != 0.0
                    },
                )
            )
        return predictions


def save_model(trained: TrainedModel, path: str | os.PathLike[str]) -> None:
    """Write the model's artifact, replacing any file at ``path`` in one step (a worker
    loading it meanwhile reads the old file or the new one, never half of one)."""
    artifact = {
        "format": ARTIFACT_FORMAT,
        "format_version": ARTIFACT_VERSION,
        "fingerprint": trained.fingerprint,
        "feature_names": list(trained.feature_names),
        "labels": [label.value for label in trained.labels],
        "category_codes": trained.category_codes,
        "metrics": trained.metrics,
        "params": trained.params,
        "train_rows": trained.train_rows,
        "validation_rows": trained.validation_rows,
        "booster": trained.booster_text,
    }
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(artifact, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def load_model(path: str | os.PathLike[str], *, num_threads: int = PREDICT_THREADS) -> OutcomeModel:
    """The model saved at ``path``; ``ModelArtifactError`` if it is not one this code can use."""
    try:
        artifact = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ModelArtifactError(f"{path} is not a readable outcome model: {error}") from error
    if not isinstance(artifact, dict) or artifact.get("format") != ARTIFACT_FORMAT:
        raise ModelArtifactError(f"{path} is not an outcome model")
    if artifact.get("format_version") != ARTIFACT_VERSION:
        raise ModelArtifactError(
            f"{path} has artifact version {artifact.get('format_version')}, "
            f"this code reads {ARTIFACT_VERSION}"
        )
    try:
        trained = TrainedModel(
            booster_text=artifact["booster"],
            feature_names=tuple(artifact["feature_names"]),
            labels=tuple(Outcome(label) for label in artifact["labels"]),
            metrics=artifact["metrics"],
            params=artifact["params"],
            train_rows=artifact["train_rows"],
            validation_rows=artifact["validation_rows"],
            category_codes=artifact["category_codes"],
        )
        altered = trained.fingerprint != artifact["fingerprint"]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelArtifactError(f"{path} is an incomplete outcome model: {error!r}") from error
    if altered:
        raise ModelArtifactError(f"{path} was altered after it was saved")
    return OutcomeModel(trained, num_threads=num_threads)


def _matrix(features: Sequence[CallFeatures], names: Sequence[str]) -> np.ndarray:
    return np.array([[call.value(name) for name in names] for call in features], dtype=np.float64)


def _stratified_split(
    y: np.ndarray, validation_share: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Row indexes (train, validation), each class split in ``validation_share``; a class
    keeps at least one call for training."""
    rng = np.random.default_rng(seed)
    train, valid = [], []
    for code in range(len(CLASSES)):
        rows = rng.permutation(np.flatnonzero(y == code))
        held_out = min(round(len(rows) * validation_share), len(rows) - 1)
        valid.extend(rows[:held_out].tolist())
        train.extend(rows[held_out:].tolist())
    return np.array(sorted(train), dtype=np.int64), np.array(sorted(valid), dtype=np.int64)


def _validation_metrics(y: np.ndarray, probabilities: np.ndarray) -> dict[str, Any]:
    predicted = probabilities.argmax(axis=1)
    confusion = np.zeros((len(CLASSES), len(CLASSES)), dtype=np.int64)
    np.add.at(confusion, (y, predicted), 1)
    per_class, f1s = {}, []
    for code, outcome in enumerate(CLASSES):
        hits, said, support = confusion[code, code], confusion[:, code].sum(), confusion[code].sum()
        precision = hits / said if said else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[outcome.value] = {
            "precision": float(precision),
            "recall": float(recall),
            "f1": float(f1),
            "support": int(support),
        }
        if said or support:
            f1s.append(f1)
    p_true = probabilities[np.arange(len(y)), y]
    return {
        "accuracy": float(np.mean(predicted == y)),
        "macro_f1": float(np.mean(f1s)),
        "log_loss": float(-np.mean(np.log(np.clip(p_true, _LOG_LOSS_EPS, 1.0)))),
        "per_class": per_class,
        "confusion": confusion.tolist(),
    }
