import pytest
from sqlalchemy import func, select, update

from core.access import PermissionDenied
from core.domain import Outcome, ReviewAcknowledgement, Role
from core.errors import UserError
from core.scorecard import ScorecardItemResult, total_score
from db import model_registry
from db.models import AuditEntry, Review, ScorecardItem
from db.reviews import COMMENT_MAX_CHARS, active_specs, answer_review, calibration, save_review
from db.session import transaction
from tests.db.call_rows import AUTOMATIC, analysed_call, user

SCORES = {"greeting": 5, "identity_check": 3, "needs_discovery": 4, "accuracy": 2,
          "empathy": 4, "politeness": 5, "hold_etiquette": 1, "closing": 3}  # fmt: skip


@pytest.fixture
def reviewed(engine):
    """An analysed call whose agent has a login, a supervisor, an admin and a viewer."""
    with transaction(engine) as session:
        agent_user = user(session, "agent1", Role.VIEWER)
        made = analysed_call(session, agent_user_id=agent_user.user_id)
        people = {
            "supervisor": user(session, "kim", Role.SUPERVISOR),
            "admin": user(session, "lee", Role.ADMIN),
            "viewer": user(session, "park", Role.VIEWER),
            "agent": agent_user,
        }
    return engine, made.call_id, people


def save(engine, actor, call_id, scores=SCORES, outcome=Outcome.SATISFIED, comment="좋아요"):
    with transaction(engine) as session:
        review = save_review(session=session, actor=actor, call_id=call_id, item_scores=scores,
                             outcome=outcome, comment=comment)  # fmt: skip
        return review.id


def rows(engine, model):
    with transaction(engine) as session:
        return list(session.scalars(select(model).order_by(model.id)))


def audit_actions(engine):
    return [entry.action for entry in rows(engine, AuditEntry)]


def test_a_saved_review_is_totalled_like_the_automatic_scorecard_and_audited(reviewed):
    engine, call_id, people = reviewed
    save(engine, people["supervisor"], call_id)
    (review,) = rows(engine, Review)
    with transaction(engine) as session:
        specs = active_specs(session=session)
    expected = total_score(
        [ScorecardItemResult(code=c, score=s, evidence=[], reason="") for c, s in SCORES.items()],
        specs,
    )
    assert review.total_score == pytest.approx(expected)
    # by hand: weights 10 15 15 20 10 15 5 10, (score - 1) / 4 each
    assert expected == pytest.approx(
        (10 * 4 + 15 * 2 + 15 * 3 + 20 * 1 + 10 * 3 + 15 * 4 + 5 * 0 + 10 * 2) / 4
    )
    assert review.item_scores == SCORES and review.outcome is Outcome.SATISFIED
    assert review.comment == "좋아요" and review.reviewer_id == people["supervisor"].user_id
    (entry,) = [e for e in rows(engine, AuditEntry) if e.action == "review.save"]
    assert entry.target_id == str(call_id) and entry.details["created"] is True


def test_a_second_save_by_the_same_reviewer_replaces_the_review(reviewed):
    engine, call_id, people = reviewed
    first = save(engine, people["supervisor"], call_id)
    with transaction(engine) as session:
        session.execute(update(Review).values(acknowledgement=ReviewAcknowledgement.ACKNOWLEDGED))
    second = save(engine, people["supervisor"], call_id, scores={**SCORES, "greeting": 1},
                  outcome=None, comment="  다시 봤습니다 ")  # fmt: skip
    (review,) = rows(engine, Review)
    assert first == second == review.id
    assert review.item_scores["greeting"] == 1 and review.outcome is None
    assert review.comment == "다시 봤습니다"
    # the agent answered the old review: the new one asks again
    assert review.acknowledgement is ReviewAcknowledgement.PENDING
    assert audit_actions(engine).count("review.save") == 2


def test_saving_the_same_review_again_keeps_the_agents_answer(reviewed):
    engine, call_id, people = reviewed
    save(engine, people["supervisor"], call_id)
    with transaction(engine) as session:
        session.execute(update(Review).values(acknowledgement=ReviewAcknowledgement.ACKNOWLEDGED))
    save(engine, people["supervisor"], call_id)
    assert rows(engine, Review)[0].acknowledgement is ReviewAcknowledgement.ACKNOWLEDGED


def test_a_viewer_cannot_review_and_nothing_is_written(reviewed):
    engine, call_id, people = reviewed
    with pytest.raises(PermissionDenied):
        save(engine, people["viewer"], call_id)
    assert rows(engine, Review) == [] and "review.save" not in audit_actions(engine)


@pytest.mark.parametrize(
    ("scores", "comment", "key"),
    [
        ({k: v for k, v in SCORES.items() if k != "closing"}, "", "review.missing_items"),
        ({**SCORES, "closing": None}, "", "review.missing_items"),
        ({**SCORES, "charm": 3}, "", "review.unknown_items"),
        ({**SCORES, "greeting": 0}, "", "review.bad_score"),
        ({**SCORES, "greeting": 6}, "", "review.bad_score"),
        ({**SCORES, "greeting": 4.5}, "", "review.bad_score"),
        ({**SCORES, "greeting": True}, "", "review.bad_score"),
        (SCORES, "가" * (COMMENT_MAX_CHARS + 1), "review.comment_too_long"),
    ],
)
def test_bad_reviews_are_refused_and_change_nothing(reviewed, scores, comment, key):
    engine, call_id, people = reviewed
    with pytest.raises(UserError) as raised:
        save(engine, people["supervisor"], call_id, scores=scores, comment=comment)
    assert raised.value.key == key
    assert rows(engine, Review) == [] and "review.save" not in audit_actions(engine)


def test_a_bad_edit_keeps_the_review_as_it_was(reviewed):
    engine, call_id, people = reviewed
    save(engine, people["supervisor"], call_id)
    with pytest.raises(UserError):
        save(engine, people["supervisor"], call_id, scores={**SCORES, "greeting": 9})
    (review,) = rows(engine, Review)
    assert review.item_scores == SCORES


def test_a_review_of_a_call_that_does_not_exist_is_refused(reviewed):
    engine, _, people = reviewed
    with pytest.raises(UserError) as raised:
        save(engine, people["supervisor"], 424242)
    assert raised.value.key == "call.not_found"


def test_only_active_items_are_scored_and_weigh_in_the_total(reviewed):
    engine, call_id, people = reviewed
    with transaction(engine) as session:
        session.execute(
            update(ScorecardItem).where(ScorecardItem.code != "greeting").values(active=False)
        )
    with pytest.raises(UserError) as raised:
        save(engine, people["supervisor"], call_id)  # scores items no longer on the scorecard
    assert raised.value.key == "review.unknown_items"
    save(engine, people["supervisor"], call_id, scores={"greeting": 4})
    (review,) = rows(engine, Review)
    assert review.total_score == 75.0


def test_calibration_puts_reviewers_beside_the_automatic_score_with_their_spread(reviewed):
    engine, call_id, people = reviewed
    save(engine, people["supervisor"], call_id)
    other = {**SCORES, "greeting": 3, "accuracy": 3, "hold_etiquette": 4}
    save(engine, people["admin"], call_id, scores=other, outcome=Outcome.POOR)
    with transaction(engine) as session:
        result = calibration(session=session, call_id=call_id)
    kim, lee = people["supervisor"].user_id, people["admin"].user_id
    assert [r.reviewer_id for r in result.reviews] == [kim, lee]
    by_code = {line.code: line for line in result.items}
    assert list(by_code) == list(AUTOMATIC)
    greeting = by_code["greeting"]
    assert greeting.automatic == 5 and greeting.scores == {kim: 5, lee: 3}
    assert (greeting.spread, greeting.stdev, greeting.flagged) == (2, 1.0, True)
    accuracy = by_code["accuracy"]
    assert (accuracy.spread, accuracy.flagged) == (1, False)
    assert accuracy.stdev == pytest.approx(0.5)
    hold = by_code["hold_etiquette"]
    assert (hold.spread, hold.flagged) == (3, True)
    assert by_code["closing"].spread == 0 and by_code["closing"].stdev == 0.0
    assert [line.code for line in result.flagged_items] == ["greeting", "hold_etiquette"]
    assert result.automatic_total == 61.25
    totals = [r.total_score for r in result.reviews]
    assert result.total_spread == pytest.approx(max(totals) - min(totals))


def test_one_reviewer_has_no_spread_and_no_reviewer_shows_the_automatic_scores(reviewed):
    engine, call_id, people = reviewed
    with transaction(engine) as session:
        alone = calibration(session=session, call_id=call_id)
    assert alone.reviews == [] and alone.total_spread is None
    assert {line.code: line.automatic for line in alone.items} == AUTOMATIC
    save(engine, people["supervisor"], call_id)
    with transaction(engine) as session:
        single = calibration(session=session, call_id=call_id)
    assert all(line.spread is None and not line.flagged for line in single.items)


def test_a_saved_reviews_outcome_is_the_training_label(reviewed):
    engine, call_id, people = reviewed
    save(engine, people["supervisor"], call_id, outcome=Outcome.UNRESOLVABLE)
    with transaction(engine) as session:
        training = model_registry.training_set(session=session)
    assert training.labels == [Outcome.UNRESOLVABLE] and training.source == "reviews"
    assert training.features[0].politeness_score == 92.0


# -- the agent's answer ----------------------------------------------------------------------


def answer(engine, actor, review_id, what, comment=""):
    with transaction(engine) as session:
        answer_review(session=session, actor=actor, review_id=review_id, answer=what,
                      comment=comment)  # fmt: skip


def test_the_agent_acknowledges_a_review_of_their_call(reviewed):
    engine, call_id, people = reviewed
    review_id = save(engine, people["supervisor"], call_id)
    answer(engine, people["agent"], review_id, ReviewAcknowledgement.ACKNOWLEDGED)
    (review,) = rows(engine, Review)
    assert review.acknowledgement is ReviewAcknowledgement.ACKNOWLEDGED
    assert review.acknowledged_at is not None
    assert "review.acknowledge" in audit_actions(engine)


def test_a_dispute_needs_a_comment(reviewed):
    engine, call_id, people = reviewed
    review_id = save(engine, people["supervisor"], call_id)
    with pytest.raises(UserError) as raised:
        answer(engine, people["agent"], review_id, ReviewAcknowledgement.DISPUTED, "  ")
    assert raised.value.key == "review.dispute_needs_comment"
    assert rows(engine, Review)[0].acknowledgement is ReviewAcknowledgement.PENDING
    answer(engine, people["agent"], review_id, ReviewAcknowledgement.DISPUTED, "본인 확인 했어요")
    (review,) = rows(engine, Review)
    assert review.acknowledgement is ReviewAcknowledgement.DISPUTED
    assert review.acknowledgement_comment == "본인 확인 했어요"
    assert audit_actions(engine).count("review.dispute") == 1


@pytest.mark.parametrize("who", ["supervisor", "admin", "viewer"])
def test_nobody_but_the_agent_answers_a_review(reviewed, who):
    engine, call_id, people = reviewed
    review_id = save(engine, people["supervisor"], call_id)
    with pytest.raises(UserError) as raised:
        answer(engine, people[who], review_id, ReviewAcknowledgement.ACKNOWLEDGED)
    assert raised.value.key == "review.not_your_call"
    assert rows(engine, Review)[0].acknowledgement is ReviewAcknowledgement.PENDING
    assert "review.acknowledge" not in audit_actions(engine)


def test_answering_a_review_that_does_not_exist_is_refused(reviewed):
    engine, _, people = reviewed
    with pytest.raises(UserError) as raised:
        answer(engine, people["agent"], 999, ReviewAcknowledgement.ACKNOWLEDGED)
    assert raised.value.key == "review.not_found"
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Review.id))) == 0
