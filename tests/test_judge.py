"""The judge: features, fitting, calibration, contradiction-first decisions, JSON storage."""

from __future__ import annotations

import numpy as np
import pytest

from contradict.errors import ModelNotFoundError
from contradict.judge import FEATURES, Judge, PairContext, fit_judge, pair_features


def synthetic(n=300, seed=0):
    """Features where the label is readable from the NLI columns, with noise."""
    rng = np.random.default_rng(seed)
    labels = rng.choice(["entailment", "neutral", "contradiction"], size=n)
    x = rng.normal(0, 1, size=(n, len(FEATURES)))
    for i, label in enumerate(labels):
        x[i, FEATURES.index(f"nli_fwd_{label}")] += 2.5
    return x, list(labels)


def test_pair_features_has_one_value_per_feature_name():
    context = PairContext.from_texts("We never met him.", "According to the Post, they met twice in April.")
    vector = pair_features(
        "We never met him.", "According to the Post, they met twice in April.",
        np.array([0.1, 0.2, 0.7]), np.array([0.2, 0.2, 0.6]), 0.55, context,
    )
    assert vector.shape == (len(FEATURES),)
    named = dict(zip(FEATURES, vector))
    assert named["statement_denial"] == 1.0 and named["report_hedged"] == 1.0 and named["report_has_source"] == 1.0
    assert named["nli_max_contradiction"] == pytest.approx(0.7)
    assert named["denial_x_similarity"] == pytest.approx(0.55)


def test_fitted_judge_separates_and_is_calibrated(tmp_path):
    x, y = synthetic()
    judge = fit_judge(x, y, seed=1)
    x_test, y_test = synthetic(600, seed=2)
    probs = judge.predict_proba(x_test)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    accuracy = np.mean([p == t for p, t in zip(judge.decide(probs), y_test)])
    assert accuracy > 0.8
    # calibration: among pairs given ~0.8-1.0 contradiction probability, most are contradictions
    confident = probs[:, 2] > 0.8
    assert np.mean(np.array(y_test)[confident] == "contradiction") > 0.75


def test_contradiction_is_decided_first():
    judge = Judge(np.zeros(3), np.ones(3), np.zeros((3, 3)), np.zeros(3), contradiction_threshold=0.4)
    assert judge.decide(np.array([[0.55, 0.0, 0.45]])) == ["contradiction"]
    assert judge.decide(np.array([[0.55, 0.1, 0.35]])) == ["entailment"]
    assert judge.decide(np.array([[0.1, 0.55, 0.35]])) == ["neutral"]


def test_judge_round_trips_through_json(tmp_path):
    x, y = synthetic()
    judge = fit_judge(x, y, seed=1, metadata={"nli_model": "tiny"})
    judge.save(tmp_path)
    loaded = Judge.load(tmp_path)
    np.testing.assert_allclose(loaded.predict_proba(x[:10]), judge.predict_proba(x[:10]))
    assert loaded.metadata["nli_model"] == "tiny" and loaded.contradiction_threshold == judge.contradiction_threshold


def test_missing_or_stale_judge_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="fit-judge"):
        Judge.load(tmp_path)
    (tmp_path / "judge.json").write_text('{"features": ["something_else"]}')
    with pytest.raises(ModelNotFoundError, match="other features"):
        Judge.load(tmp_path)


def test_judge_fitted_on_a_subset_reads_its_columns_and_round_trips(tmp_path):
    x, y = synthetic()
    names = tuple(name for name in FEATURES if name != "report_hedged")
    judge = fit_judge(x, y, seed=1, feature_names=names, regularisation=None)
    assert judge.features == names and judge.metadata["regularisation_c"] > 0
    judge.save(tmp_path)
    loaded = Judge.load(tmp_path)
    assert loaded.features == names
    np.testing.assert_allclose(loaded.predict_proba(x[:10]), judge.predict_proba(x[:10]))
    # the column it was not fitted on has no effect
    changed = x[:10].copy()
    changed[:, FEATURES.index("report_hedged")] += 5.0
    np.testing.assert_allclose(loaded.predict_proba(changed), judge.predict_proba(x[:10]))


def test_sample_weights_count_but_their_scale_does_not():
    x, y = synthetic(240, seed=3)
    groups = np.repeat(np.arange(60), 4)  # four pairs per article, kept in one fold
    light = fit_judge(x, y, seed=0, groups=groups, sample_weight=np.full(len(y), 0.5))
    plain = fit_judge(x, y, seed=0, groups=groups)
    # weights are rescaled to mean 1, so uniform weights change nothing (C keeps its meaning)
    np.testing.assert_allclose(light.predict_proba(x[:5]), plain.predict_proba(x[:5]), atol=1e-3)
    uneven = np.where(np.arange(len(y)) % 2 == 0, 0.2, 5.0)
    skewed = fit_judge(x, y, seed=0, groups=groups, sample_weight=uneven)
    assert np.abs(skewed.predict_proba(x[:20]) - plain.predict_proba(x[:20])).max() > 1e-3


def test_hedge_counts_only_with_the_reports_relevance():
    context = PairContext.from_texts("We never met him.", "Officials are said to track calls routinely.")
    forward = backward = np.array([0.1, 0.2, 0.7])
    related = dict(zip(FEATURES, pair_features("We never met him.", "They reportedly met twice.", forward, backward, 0.6, context, 0.6)))
    unrelated = dict(zip(FEATURES, pair_features("We never met him.", "Officials are said to track calls routinely.", forward, backward, 0.2, context, 0.1)))
    assert related["hedged_x_claim_similarity"] == pytest.approx(0.6) and unrelated["hedged_x_claim_similarity"] == pytest.approx(0.1)
    assert related["hedged_x_event_overlap"] == 1.0 and unrelated["hedged_x_event_overlap"] == 0.0
    assert related["denial_x_event_overlap"] == 1.0
