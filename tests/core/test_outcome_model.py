import json
import math

import numpy as np
import pytest

from core.compliance import ComplianceResult, RuleHit
from core.domain import (
    CallCategory,
    EvaluationSource,
    EvaluationStatus,
    Outcome,
    Resolution,
    Sentiment,
)
from core.errors import UserError
from core.evaluation import EvaluationResult
from core.features import (
    CATEGORY_CODES,
    FEATURE_NAMES,
    SCORECARD_ITEM_CODES,
    CallFeatures,
    features_from,
)
from core.metrics import CallMetricsResult
from core.outcome_model import (
    CLASSES,
    MIN_TRAINING_CALLS,
    ModelArtifactError,
    OutcomeModel,
    load_model,
    save_model,
    train_outcome_model,
)
from core.politeness import PolitenessFinding, PolitenessResult, SpeechLevel, UtteranceSpeech
from core.scorecard import Scorecard, ScorecardItemResult

POLITENESS_FEATURES = {
    "politeness_score",
    "banmal_share",
    "no_honorific_count",
    "rude_count",
    "forbidden_count",
    "polite_expression_count",
    "item_politeness",
}


def synthetic_call(rng: np.random.Generator, *, missing_share: float = 0.1) -> CallFeatures:
    """A call whose politeness features move together, as the real stages' do."""
    politeness = float(rng.uniform(20, 100))
    rude = int(rng.poisson(max(0.0, (70 - politeness) / 10)))
    values = {
        "duration_s": float(rng.uniform(60, 600)),
        "agent_talk_ratio": float(rng.uniform(0.3, 0.8)),
        "silence_ratio": float(rng.uniform(0, 0.2)),
        "hold_count": float(rng.integers(0, 4)),
        "agent_speech_rate": float(rng.uniform(4, 8)),
        "politeness_score": politeness,
        "banmal_share": max(0.0, (60 - politeness) / 100),
        "rude_count": float(rude),
        "item_politeness": float(np.clip(round(politeness / 20), 1, 5)),
        "compliance_pct": float(rng.choice([0, 25, 50, 75, 100])),
        "evaluation_total_score": float(rng.uniform(30, 100)),
        "resolution": float(rng.integers(0, 3)),
        "transferred": float(rng.integers(0, 2)),
    }
    for name in list(values):
        if name != "politeness_score" and rng.random() < missing_share:
            values[name] = None
    return CallFeatures(**values, category=rng.choice(list(CallCategory)))


def outcome_of(call: CallFeatures, rng: np.random.Generator, *, noise: float = 0.1) -> Outcome:
    """Rude calls are poor; calls that missed the script need follow-up; unresolved ones
    could not be solved; the rest satisfied. ``noise`` of the labels are random."""
    if rng.random() < noise:
        return CLASSES[int(rng.integers(0, len(CLASSES)))]
    if call.politeness_score < 55:
        return Outcome.POOR
    if call.compliance_pct is not None and call.compliance_pct < 40:
        return Outcome.NEEDS_FOLLOW_UP
    if call.resolution == 0:
        return Outcome.UNRESOLVABLE
    return Outcome.SATISFIED


def labelled_calls(count: int, seed: int) -> tuple[list[CallFeatures], list[Outcome]]:
    rng = np.random.default_rng(seed)
    calls = [synthetic_call(rng) for _ in range(count)]
    return calls, [outcome_of(call, rng) for call in calls]


@pytest.fixture(scope="module")
def trained():
    calls, labels = labelled_calls(400, seed=1)
    return train_outcome_model(calls, labels, seed=7)


@pytest.fixture(scope="module")
def model(trained):
    return OutcomeModel(trained)


RUDE_CALL = CallFeatures(
    politeness_score=25.0,
    banmal_share=0.35,
    rude_count=5.0,
    item_politeness=1.0,
    compliance_pct=100.0,
    resolution=2.0,
    category=CallCategory.CLAIM,
)


def test_model_beats_the_majority_class_on_validation(trained):
    metrics = trained.metrics
    assert metrics["accuracy"] > metrics["baseline_accuracy"] + 0.2
    assert metrics["macro_f1"] > 0.5
    assert 0 < metrics["log_loss"] < math.log(len(CLASSES))  # better than guessing uniformly


def test_metrics_account_for_every_validation_call_and_the_split_is_stratified(trained):
    metrics = trained.metrics
    assert trained.train_rows + trained.validation_rows == 400
    confusion = np.array(metrics["confusion"])
    assert confusion.shape == (4, 4) and confusion.sum() == trained.validation_rows
    assert np.trace(confusion) / confusion.sum() == pytest.approx(metrics["accuracy"])
    for code, outcome in enumerate(CLASSES):
        support = metrics["per_class"][outcome.value]["support"]
        assert support == confusion[code].sum()
        assert support == round(metrics["label_counts"][outcome.value] * 0.2)
    assert list(trained.labels) == list(Outcome)
    assert json.loads(json.dumps(metrics)) == metrics  # stored as JSON by the registry


def test_probabilities_cover_every_outcome_sum_to_one_and_pick_the_label(model):
    rng = np.random.default_rng(3)
    for prediction in model.predict_many([synthetic_call(rng) for _ in range(50)]):
        assert set(prediction.probabilities) == {outcome.value for outcome in Outcome}
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-9)
        assert all(0.0 <= p <= 1.0 for p in prediction.probabilities.values())
        best = max(prediction.probabilities, key=prediction.probabilities.get)
        assert prediction.label == Outcome(best)


def test_contributions_name_real_features_largest_first_at_most_k(model):
    rng = np.random.default_rng(4)
    for prediction in model.predict_many([synthetic_call(rng) for _ in range(20)], top_k=5):
        assert 0 < len(prediction.contributions) <= 5
        assert set(prediction.contributions) <= set(FEATURE_NAMES)
        sizes = [abs(value) for value in prediction.contributions.values()]
        assert sizes == sorted(sizes, reverse=True)
        assert all(value != 0.0 for value in prediction.contributions.values())


def test_a_clearly_rude_call_is_poor_because_of_its_politeness(model):
    prediction = model.predict(RUDE_CALL)
    assert prediction.label is Outcome.POOR
    assert prediction.probabilities[Outcome.POOR.value] > 0.5
    top_feature, top_value = next(iter(prediction.contributions.items()))
    assert top_feature in POLITENESS_FEATURES
    assert top_value > 0  # it pushed toward 미흡


def test_one_call_predicts_as_it_does_in_a_batch(model):
    rng = np.random.default_rng(5)
    calls = [synthetic_call(rng) for _ in range(10)]
    batch = model.predict_many(calls)
    for call, in_batch in zip(calls, batch, strict=True):
        alone = model.predict(call)
        assert alone.label == in_batch.label
        assert alone.probabilities == pytest.approx(in_batch.probabilities, abs=1e-12)
        assert alone.contributions == pytest.approx(in_batch.contributions, abs=1e-12)
    assert model.predict_many([]) == []


def test_a_call_with_every_feature_unknown_still_gets_a_prediction(model):
    prediction = model.predict(CallFeatures())
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0)
    assert prediction.label in Outcome


def test_saved_model_loads_and_predicts_identically(trained, model, tmp_path):
    path = tmp_path / "outcome-v1.json"
    save_model(trained, path)
    loaded = load_model(path)
    assert loaded.fingerprint == model.fingerprint
    assert loaded.trained == trained
    rng = np.random.default_rng(6)
    calls = [RUDE_CALL, *(synthetic_call(rng) for _ in range(20))]
    assert loaded.predict_many(calls) == model.predict_many(calls)
    assert not list(tmp_path.glob(".*partial"))


def test_an_altered_or_foreign_file_is_not_loaded(trained, tmp_path):
    path = tmp_path / "model.json"
    save_model(trained, path)
    artifact = json.loads(path.read_text())
    artifact["booster"] = artifact["booster"].replace("learning_rate", "learning_rat", 1)
    path.write_text(json.dumps(artifact))
    with pytest.raises(ModelArtifactError, match="altered"):
        load_model(path)
    path.write_text('{"weights": [1, 2]}')
    with pytest.raises(ModelArtifactError, match="not an outcome model"):
        load_model(path)
    path.write_text("tree\nversion=v4\n")  # a bare LightGBM model file
    with pytest.raises(ModelArtifactError, match="not a readable"):
        load_model(path)
    del artifact["labels"]
    path.write_text(json.dumps(artifact))
    with pytest.raises(ModelArtifactError, match="incomplete"):
        load_model(path)


def test_a_model_reading_a_feature_this_code_lacks_is_refused(trained):
    renamed = trained.booster_text.replace("duration_s", "call_length_s")
    with pytest.raises(ModelArtifactError, match="call_length_s"):
        OutcomeModel(
            type(trained)(
                booster_text=renamed,
                feature_names=tuple(
                    n.replace("duration_s", "call_length_s") for n in FEATURE_NAMES
                ),
                labels=trained.labels,
                metrics=trained.metrics,
                params=trained.params,
                train_rows=trained.train_rows,
                validation_rows=trained.validation_rows,
            )
        )


def test_same_calls_and_seed_train_the_same_model():
    calls, labels = labelled_calls(120, seed=2)
    first = train_outcome_model(calls, labels, seed=11)
    again = train_outcome_model(calls, labels, seed=11)
    other_seed = train_outcome_model(calls, labels, seed=12)
    assert first.booster_text == again.booster_text
    assert first.metrics == again.metrics
    assert other_seed.booster_text != first.booster_text  # another split


def test_too_few_labelled_calls_are_refused():
    calls, labels = labelled_calls(MIN_TRAINING_CALLS - 1, seed=3)
    with pytest.raises(UserError) as refused:
        train_outcome_model(calls, labels, seed=1)
    assert refused.value.key == "outcome_model.too_few_labels"
    assert refused.value.params == {"count": MIN_TRAINING_CALLS - 1, "minimum": MIN_TRAINING_CALLS}


def test_labels_of_one_outcome_only_are_refused():
    calls, _ = labelled_calls(50, seed=4)
    with pytest.raises(UserError) as refused:
        train_outcome_model(calls, [Outcome.SATISFIED] * 50, seed=1)
    assert refused.value.key == "outcome_model.one_class"
    assert refused.value.params == {"outcome": "만족"}


def test_an_outcome_never_labelled_gets_almost_no_probability():
    calls, labels = labelled_calls(200, seed=5)
    labels = [Outcome.POOR if label is Outcome.UNRESOLVABLE else label for label in labels]
    trained = train_outcome_model(calls, labels, seed=1)
    assert trained.metrics["label_counts"][Outcome.UNRESOLVABLE.value] == 0
    assert trained.metrics["per_class"][Outcome.UNRESOLVABLE.value]["support"] == 0
    rng = np.random.default_rng(6)
    for prediction in OutcomeModel(trained).predict_many([synthetic_call(rng) for _ in range(30)]):
        assert prediction.probabilities[Outcome.UNRESOLVABLE.value] < 1e-9
        assert prediction.label is not Outcome.UNRESOLVABLE
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0)


def test_features_come_from_the_stage_results():
    metrics = CallMetricsResult(
        timings_available=True,
        agent_talk_ratio=0.6,
        silence_ratio=0.05,
        longest_silence_s=4.0,
        hold_count=1,
        hold_s=20.0,
        overtalk_count=2,
        agent_interruptions=1,
        agent_speech_rate=6.5,
        agent_response_latency_s=0.8,
    )
    levels = [SpeechLevel.FORMAL, SpeechLevel.BANMAL, SpeechLevel.POLITE, None]
    politeness = PolitenessResult(
        score=81.0,
        speech_level=SpeechLevel.FORMAL,
        level_counts={SpeechLevel.FORMAL: 1, SpeechLevel.POLITE: 1, SpeechLevel.BANMAL: 1},
        honorific_count=2,
        utterances=tuple(UtteranceSpeech(seq, level, False) for seq, level in enumerate(levels)),
        findings=(
            PolitenessFinding(1, "banmal", "알았어", -5.0),
            PolitenessFinding(1, "forbidden", "알았어", -10.0),
            PolitenessFinding(2, "rude", "잠깐만요", -5.0),
            PolitenessFinding(2, "no_honorific", "뭐예요?", -2.0),
            PolitenessFinding(3, "apology", "죄송합니다", 2.0),
        ),
    )
    compliance = ComplianceResult(
        pct=75.0, passed=tuple(RuleHit(c, 0, 1.0) for c in "abc"), missed=("closing_offer",)
    )
    scorecard = Scorecard(
        items=[
            ScorecardItemResult(code=code, score=score, evidence=[], reason="")
            for code, score in zip(SCORECARD_ITEM_CODES, [5, 4, 3, 2, 1, 2, 3, 4], strict=True)
        ],
        summary="",
        intent="",
        resolution=Resolution.NEEDS_FOLLOW_UP,
        sentiment_start=Sentiment.NEGATIVE,
        sentiment_end=Sentiment.POSITIVE,
        coaching="",
    )
    evaluation = EvaluationResult(
        EvaluationSource.RULES, "", EvaluationStatus.OK, scorecard, 62.5, None
    )
    features = features_from(
        duration_s=300.0,
        metrics=metrics,
        politeness=politeness,
        compliance=compliance,
        evaluation=evaluation,
        category=CallCategory.ACCIDENT,
        repeat_caller=True,
        transferred=False,
    )
    assert features.agent_talk_ratio == 0.6 and features.hold_s == 20.0
    assert features.politeness_score == 81.0
    assert features.banmal_share == 0.25  # one of four agent utterances
    assert (features.rude_count, features.forbidden_count, features.no_honorific_count) == (1, 1, 1)
    assert features.polite_expression_count == 1
    assert (features.compliance_pct, features.missed_rule_count) == (75.0, 1)
    assert features.evaluation_total_score == 62.5
    assert (features.item_greeting, features.item_empathy, features.item_closing) == (5, 1, 4)
    assert (features.resolution, features.sentiment_start, features.sentiment_end) == (1, 0, 2)
    assert (features.repeat_caller, features.transferred) == (1.0, 0.0)
    assert features.value("category") == CATEGORY_CODES[CallCategory.ACCIDENT]
    assert CallFeatures.from_dict(json.loads(json.dumps(features.as_dict()))) == features


def test_stages_that_could_not_measure_leave_their_features_unknown():
    failed = EvaluationResult(EvaluationSource.LLM, "m", EvaluationStatus.FAILED, None, None, "x")
    features = features_from(
        metrics=CallMetricsResult(timings_available=False),
        compliance=ComplianceResult(pct=None, passed=(), missed=()),
        evaluation=failed,
    )
    assert features == CallFeatures()
    assert all(math.isnan(features.value(name)) for name in FEATURE_NAMES)


def test_scorecard_features_are_the_seeded_items_and_categories_have_fixed_codes():
    from db.default_rules import SCORECARD_ITEMS

    assert tuple(item[0] for item in SCORECARD_ITEMS) == SCORECARD_ITEM_CODES
    assert set(CATEGORY_CODES) == set(CallCategory)
    assert sorted(CATEGORY_CODES.values()) == list(range(len(CallCategory)))
