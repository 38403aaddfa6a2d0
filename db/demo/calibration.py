"""Second demo reviews, so the drill-down's calibration view has something to compare.

A share of the calls the demo supervisor reviewed (``db.demo.labels``) gets a review by a
second demo user whose item scores sometimes lie a point or two away. The second review keeps
the first one's outcome: the training set takes a call's latest review as its label
(``db.model_registry.training_set``), and the demo labels must stay the demo supervisor's.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import Engine, insert, select

from core.domain import CallSource, ReviewAcknowledgement
from core.scorecard import MAX_SCORE, MIN_SCORE, ScorecardItemResult, total_score
from db.demo.labels import SPECS
from db.models import Call, Review
from db.session import transaction
from db.types import utcnow

SECOND_REVIEW_EVERY = 20
"""One in this many of the first reviewer's reviews (by id) gets a second review: 5 %."""

SHIFT_CHANCES = (0.55, 0.33, 0.12)
"""Chances that a second reviewer's item score is the same, one point away, two points away."""

SECOND_REVIEW_DELAY_H = (1, 48)
"""Hours after the first review that the second one is written: from, to (never after now)."""

COMMENT = "데모 보정 검토(두 번째 검토자): 같은 통화를 다시 채점해 기준을 맞춰 봅니다."


def add_second_reviews(
    engine: Engine, *, first_reviewer_id: int, second_reviewer_id: int, seed: int
) -> int:
    """Add the second reviews (once: calls the second user reviewed already are skipped);
    returns how many were added."""
    rng = np.random.default_rng([seed, 0x63616C6962])  # "calib": a stream of its own
    with transaction(engine) as session:
        already = select(Review.call_id).where(Review.reviewer_id == second_reviewer_id)
        firsts = session.execute(
            select(Review.call_id, Review.item_scores, Review.outcome, Review.created_at)
            .join(Call, Call.id == Review.call_id)
            .where(
                Review.reviewer_id == first_reviewer_id,
                Review.id % SECOND_REVIEW_EVERY == 0,
                Call.source == CallSource.DEMO,
                Review.call_id.not_in(already),
            )
            .order_by(Review.id)
        ).all()
        now = utcnow()
        rows = []
        for call_id, first_scores, outcome, first_at in firsts:
            scores = {code: _shifted(score, rng) for code, score in first_scores.items()}
            written = min(
                now, first_at + timedelta(hours=float(rng.uniform(*SECOND_REVIEW_DELAY_H)))
            )
            rows.append(
                {
                    "call_id": call_id,
                    "reviewer_id": second_reviewer_id,
                    "item_scores": scores,
                    "total_score": _total(scores),
                    "outcome": outcome,
                    "comment": COMMENT,
                    "acknowledgement": ReviewAcknowledgement.PENDING,
                    "created_at": written,
                    "updated_at": written,
                }
            )
        if rows:
            session.execute(insert(Review), rows)
    return len(rows)


def _shifted(score: int, rng: np.random.Generator) -> int:
    """The first score moved 0, 1 or 2 points (``SHIFT_CHANCES``), either way, kept in 1-5."""
    step = int(rng.choice(len(SHIFT_CHANCES), p=SHIFT_CHANCES))
    if step == 0:
        return score
    up = bool(rng.random() < 0.5)
    for candidate in (score + step if up else score - step, score - step if up else score + step):
        if MIN_SCORE <= candidate <= MAX_SCORE:
            return candidate
    return score


def _total(scores: dict[str, int]) -> float:
    items = [ScorecardItemResult(code=code, score=score, evidence=[], reason="")
             for code, score in scores.items()]  # fmt: skip
    return total_score(items, SPECS)
