from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select

from core.domain import Role
from core.scorecard import ScorecardItemResult, total_score
from db import model_registry
from db.demo import seed_demo
from db.demo.calibration import COMMENT, SECOND_REVIEW_EVERY, add_second_reviews
from db.demo.labels import SPECS
from db.models import Call, CallMetrics, Review
from db.session import transaction
from tests.db.call_rows import user

NOW = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
CALLS = 400


@pytest.fixture
def demo(engine):
    with transaction(engine) as session:
        first = user(session, "supervisor", Role.SUPERVISOR).user_id
        second = user(session, "admin", Role.ADMIN).user_id
    seed_demo(engine, calls=CALLS, days=7, seed=5, now=NOW, reviewer_id=first)
    with transaction(engine) as session:
        # Features as the analysis would store them, so the training set can be read.
        call_ids = session.scalars(select(Call.id)).all()
        session.execute(insert(CallMetrics), [{"call_id": i, "features": {}} for i in call_ids])
    return engine, first, second


def reviews_by(engine, reviewer_id):
    with transaction(engine) as session:
        rows = session.scalars(select(Review).where(Review.reviewer_id == reviewer_id))
        return {review.call_id: review for review in rows}


def training_labels(engine):
    with transaction(engine) as session:
        return model_registry.training_set(session=session).labels


def test_a_few_demo_calls_get_a_second_review_that_keeps_the_training_labels(demo):
    engine, first, second = demo
    labels = training_labels(engine)
    added = add_second_reviews(engine, first_reviewer_id=first, second_reviewer_id=second, seed=5)
    firsts, seconds = reviews_by(engine, first), reviews_by(engine, second)
    assert added == len(seconds) == sum(r.id % SECOND_REVIEW_EVERY == 0 for r in firsts.values())
    assert 0.03 * len(firsts) <= added <= 0.07 * len(firsts)
    assert training_labels(engine) == labels  # the latest review per call has the same outcome
    differences = []
    for call_id, review in seconds.items():
        original = firsts[call_id]
        assert review.outcome is original.outcome and review.comment == COMMENT
        assert list(review.item_scores) == list(original.item_scores)
        assert all(1 <= score <= 5 for score in review.item_scores.values())
        differences += [abs(review.item_scores[c] - s) for c, s in original.item_scores.items()]
        items = [ScorecardItemResult(code=c, score=s, evidence=[], reason="")
                 for c, s in review.item_scores.items()]  # fmt: skip
        assert review.total_score == pytest.approx(total_score(items, SPECS))
        assert original.created_at <= review.created_at
    assert set(differences) <= {0, 1, 2} and {0, 1, 2} <= set(differences)


def test_adding_the_second_reviews_again_adds_nothing(demo):
    engine, first, second = demo
    assert add_second_reviews(engine, first_reviewer_id=first, second_reviewer_id=second, seed=5)
    assert (
        add_second_reviews(engine, first_reviewer_id=first, second_reviewer_id=second, seed=5) == 0
    )
