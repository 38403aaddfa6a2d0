from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from core.access import SYSTEM_ACTOR, Actor
from core.domain import CallSource, Outcome, Role
from core.errors import UserError
from core.settings import get_settings
from db import model_registry
from db.demo.load import seed_demo
from db.models import Call, CallMetrics, ModelVersion, Prediction, Review, User
from db.session import transaction
from workers.analyze import run_analysis
from workers.outcomes import run_predictions, run_training

NOW = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


@pytest.fixture
def analysed(sqlite_engine, tmp_path, monkeypatch):
    monkeypatch.setenv("FEPLE_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("FEPLE_DEMO", "1")
    monkeypatch.setenv("FEPLE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    seed_demo(sqlite_engine, calls=160, days=10, seed=5, now=NOW)
    with transaction(sqlite_engine) as session:
        ids = list(session.scalars(select(Call.id).where(Call.source == CallSource.DEMO)))
    run_analysis(sqlite_engine, get_settings(), ids)
    yield sqlite_engine, ids
    get_settings.cache_clear()


def label_by_review(engine, call_ids) -> None:
    """A reviewer's verdicts, following what the analysis can see (learnable)."""
    with transaction(engine) as session:
        reviewer = User(username="qa", name="QA", password_hash="x", roles=["supervisor"])
        session.add(reviewer)
        session.flush()
        for call_id in call_ids:
            metrics = session.get(CallMetrics, call_id)
            if metrics.politeness_score < 95:
                outcome = Outcome.POOR
            elif metrics.features["transferred"]:
                outcome = Outcome.NEEDS_FOLLOW_UP
            else:
                outcome = Outcome.SATISFIED
            session.add(Review(call_id=call_id, reviewer_id=reviewer.id, outcome=outcome))


def test_train_register_activate_and_predict(analysed):
    engine, ids = analysed
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Prediction.id))) == 0  # no model yet
        assert all(m.features for m in session.scalars(select(CallMetrics)))
    label_by_review(engine, ids[:120])
    version_id = run_training(engine, get_settings(), actor=SYSTEM_ACTOR)
    with transaction(engine) as session:
        version = session.get(ModelVersion, version_id)
        assert version.active and version.label_source == "demo"  # demo calls' reviews
        assert version.train_rows > 0 and "accuracy" in version.metrics
    assert run_predictions(engine, ids) == len(ids)
    with transaction(engine) as session:
        predictions = session.scalars(select(Prediction)).all()
        assert len(predictions) == len(ids)
        assert {p.model_version_id for p in predictions} == {version_id}
        assert all(abs(sum(p.probabilities.values()) - 1) < 1e-6 for p in predictions)
        assert all(p.contributions for p in predictions)
    # A re-analysis predicts with the active model and replaces, never duplicates.
    run_analysis(engine, get_settings(), ids[:10])
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Prediction.id))) == len(ids)


def test_too_few_labels_is_a_clear_refusal(analysed):
    engine, ids = analysed
    label_by_review(engine, ids[:5])
    with pytest.raises(UserError) as raised:
        run_training(engine, get_settings(), actor=SYSTEM_ACTOR)
    assert raised.value.key == "outcome_model.too_few_labels"


def test_only_admins_register_or_activate_models(analysed):
    from core.access import PermissionDenied

    engine, ids = analysed
    label_by_review(engine, ids[:120])
    supervisor = Actor(user_id=None, username="qa", roles=[Role.SUPERVISOR])
    with pytest.raises(PermissionDenied):
        run_training(engine, get_settings(), actor=supervisor)
    first = run_training(engine, get_settings(), actor=SYSTEM_ACTOR)
    second = run_training(engine, get_settings(), actor=SYSTEM_ACTOR)
    with transaction(engine) as session:
        assert session.get(ModelVersion, second).active is False  # the first stays active
        model_registry.activate(session=session, actor=SYSTEM_ACTOR, version_id=second)
    with transaction(engine) as session:
        assert [v.id for v in session.scalars(select(ModelVersion).where(ModelVersion.active))] == [
            second
        ]
        assert first != second
