"""Supervisor reviews of a call: saving one, calibrating several, and the agent's answer.

A review scores every active scorecard item 1-5 and totals them the way the automatic
scorecard does (``core.scorecard.total_score``). Its outcome is the outcome model's training
label (``db.model_registry.training_set`` reads ``Review.outcome``).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.access import Actor, Permission
from core.domain import Outcome, ReviewAcknowledgement
from core.errors import UserError
from core.scorecard import MAX_SCORE, MIN_SCORE, ScorecardItemResult, ScorecardItemSpec, total_score
from db import audit
from db.call_detail import ReviewView, reviews_of
from db.models import Agent, Call, Evaluation, EvaluationItem, Review, ScorecardItem
from db.types import utcnow

COMMENT_MAX_CHARS = 2000
"""Longest review comment, and longest acknowledgement or dispute comment."""

CALIBRATION_FLAG_SPREAD = 2
"""Reviewers whose scores of one item lie this far apart (max - min) need to calibrate."""


def save_review(
    *,
    session: Session,
    actor: Actor,
    call_id: int,
    item_scores: Mapping[str, int],
    outcome: Outcome | None,
    comment: str,
) -> Review:
    """Create or replace the actor's review of the call (one per reviewer and call).

    Every active scorecard item must be scored 1-5, and nothing else. A changed review asks the
    agent again: its acknowledgement goes back to pending."""
    actor.require(Permission.REVIEW_CALLS)
    if actor.user_id is None:
        raise ValueError("a review needs a reviewer who is a user")
    if session.get(Call, call_id) is None:
        raise UserError("call.not_found", call=call_id)
    comment = _checked_comment(comment)
    specs = active_specs(session=session)
    if not specs:
        raise UserError("review.no_items")
    scores = _checked_scores(item_scores, specs)
    if outcome is not None:
        outcome = Outcome(outcome)
    total = total_score(
        [ScorecardItemResult(code=code, score=score, evidence=[], reason="")
         for code, score in scores.items()],
        specs,
    )  # fmt: skip
    review = session.scalars(
        select(Review).where(Review.call_id == call_id, Review.reviewer_id == actor.user_id)
    ).one_or_none()
    created = review is None
    if review is None:
        review = Review(call_id=call_id, reviewer_id=actor.user_id)
        session.add(review)
    elif (review.item_scores, review.outcome, review.comment) != (scores, outcome, comment):
        # The agent answered the review as it was; the changed one asks them again.
        review.acknowledgement = ReviewAcknowledgement.PENDING
        review.acknowledgement_comment = ""
        review.acknowledged_at = None
    review.item_scores = scores
    review.total_score = total
    review.outcome = outcome
    review.comment = comment
    session.flush()
    audit.record(session=session, actor=actor, action="review.save", target_type="call",
                 target_id=call_id, review=review.id, created=created, total=round(total, 1),
                 outcome=outcome.value if outcome else None)  # fmt: skip
    return review


def active_specs(*, session: Session) -> list[ScorecardItemSpec]:
    """The scorecard items a review scores now, in their order."""
    rows = session.scalars(
        select(ScorecardItem)
        .where(ScorecardItem.active.is_(True))
        .order_by(ScorecardItem.sort_order, ScorecardItem.id)
    )
    return [
        ScorecardItemSpec(code=r.code, name_ko=r.name_ko, name_en=r.name_en,
                          description=r.description, weight=r.weight)
        for r in rows
    ]  # fmt: skip


def _checked_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_CHARS:
        raise UserError("review.comment_too_long", max=COMMENT_MAX_CHARS, length=len(comment))
    return comment


def _checked_scores(
    item_scores: Mapping[str, int], specs: list[ScorecardItemSpec]
) -> dict[str, int]:
    """The scores in scorecard order, or a UserError naming what is wrong."""
    codes = [spec.code for spec in specs]
    unknown = sorted(set(item_scores) - set(codes))
    if unknown:
        raise UserError("review.unknown_items", items=", ".join(unknown))
    missing = [spec.name_ko for spec in specs if item_scores.get(spec.code) is None]
    if missing:
        raise UserError("review.missing_items", items=", ".join(missing))
    scores: dict[str, int] = {}
    for spec in specs:
        score = item_scores[spec.code]
        if (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not (MIN_SCORE <= score <= MAX_SCORE)
        ):
            raise UserError("review.bad_score", item=spec.name_ko, min=MIN_SCORE, max=MAX_SCORE)
        scores[spec.code] = score
    return scores


# -- calibration -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemCalibration:
    """One scorecard item across the call's reviewers. ``scores``: reviewer id -> score (None:
    that reviewer did not score the item). The spread is over the reviewers' scores only (the
    automatic score is shown beside it, not counted): max - min and the population standard
    deviation; None with fewer than two reviewer scores."""

    code: str
    name_ko: str
    name_en: str
    weight: float
    automatic: int | None
    scores: dict[int, int | None]
    spread: int | None
    stdev: float | None

    @property
    def flagged(self) -> bool:
        return self.spread is not None and self.spread >= CALIBRATION_FLAG_SPREAD


@dataclass(frozen=True, slots=True)
class Calibration:
    reviews: list[ReviewView]  # the columns, oldest review first
    items: list[ItemCalibration]
    automatic_total: float | None
    total_spread: float | None  # max - min of the reviewers' totals

    @property
    def flagged_items(self) -> list[ItemCalibration]:
        return [item for item in self.items if item.flagged]


def calibration(*, session: Session, call_id: int) -> Calibration:
    """Every reviewer's score of each item of the call next to the automatic score, with how
    far the reviewers lie apart. Items: the active ones, and any other a review or the
    automatic scorecard scored."""
    reviews = reviews_of(session=session, call_id=call_id)
    evaluation = session.scalars(
        select(Evaluation).where(Evaluation.call_id == call_id).order_by(Evaluation.id.desc())
    ).first()
    automatic: dict[str, int] = {}
    if evaluation is not None:
        automatic = {
            code: score
            for code, score in session.execute(
                select(EvaluationItem.item_code, EvaluationItem.score).where(
                    EvaluationItem.evaluation_id == evaluation.id
                )
            )
        }
    scored = set(automatic).union(*(review.item_scores for review in reviews))
    items = session.scalars(
        select(ScorecardItem)
        .where(ScorecardItem.active.is_(True) | ScorecardItem.code.in_(scored))
        .order_by(ScorecardItem.sort_order, ScorecardItem.id)
    )
    rows = []
    for item in items:
        by_reviewer = {r.reviewer_id: r.item_scores.get(item.code) for r in reviews}
        given = [score for score in by_reviewer.values() if score is not None]
        two = len(given) >= 2
        rows.append(
            ItemCalibration(
                code=item.code,
                name_ko=item.name_ko,
                name_en=item.name_en,
                weight=item.weight,
                automatic=automatic.get(item.code),
                scores=by_reviewer,
                spread=max(given) - min(given) if two else None,
                stdev=statistics.pstdev(given) if two else None,
            )
        )
    totals = [r.total_score for r in reviews if r.total_score is not None]
    return Calibration(
        reviews=reviews,
        items=rows,
        automatic_total=evaluation.total_score if evaluation is not None else None,
        total_spread=max(totals) - min(totals) if len(totals) >= 2 else None,
    )


# -- the agent's answer ----------------------------------------------------------------------


def answer_review(
    *,
    session: Session,
    actor: Actor,
    review_id: int,
    answer: ReviewAcknowledgement,
    comment: str = "",
) -> Review:
    """The reviewed agent acknowledges or disputes a review of their call. Only the user linked
    to the call's agent (``Agent.user_id``) may; a dispute needs a comment saying why."""
    row = session.execute(
        select(Review, Agent.user_id)
        .join(Call, Call.id == Review.call_id)
        .join(Agent, Agent.id == Call.agent_id)
        .where(Review.id == review_id)
    ).one_or_none()
    if row is None:
        raise UserError("review.not_found", review=review_id)
    review, agent_user_id = row
    if actor.user_id is None or agent_user_id != actor.user_id:
        raise UserError("review.not_your_call")
    answer = ReviewAcknowledgement(answer)
    if answer is ReviewAcknowledgement.PENDING:
        raise ValueError("an answer acknowledges or disputes; pending is no answer")
    comment = _checked_comment(comment)
    if answer is ReviewAcknowledgement.DISPUTED and not comment:
        raise UserError("review.dispute_needs_comment")
    review.acknowledgement = answer
    review.acknowledgement_comment = comment
    review.acknowledged_at = utcnow()
    session.flush()
    action = "review.dispute" if answer is ReviewAcknowledgement.DISPUTED else "review.acknowledge"
    audit.record(session=session, actor=actor, action=action, target_type="call",
                 target_id=review.call_id, review=review.id)  # fmt: skip
    return review
