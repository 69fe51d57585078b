"""Metric functions against values computed by hand (contradict.metrics)."""

from __future__ import annotations

import numpy as np
import pytest

from contradict.metrics import (
    FindingCounts,
    MatchCount,
    attribution_precision,
    bootstrap_intervals,
    calibration_bins,
    check_probabilities,
    classification_summary,
    expected_calibration_error,
    finding_counts,
    label_indices,
    nli_benchmark_metrics,
    pair_matches,
    pair_metrics,
    span_recall,
    to_two_way,
)
from contradict.records import Span

E, N, C = "entailment", "neutral", "contradiction"

# Six pairs; predictions (arg-max) are E, N, C, N, C, E against gold E, N, C, C, N, E.
GOLD = [E, N, C, C, N, E]
PROBS = np.array(
    [
        [0.85, 0.10, 0.05],
        [0.10, 0.75, 0.15],
        [0.08, 0.20, 0.72],
        [0.20, 0.55, 0.25],
        [0.10, 0.25, 0.65],
        [0.95, 0.03, 0.02],
    ]
)


def span(start: int, end: int) -> Span:
    return Span(start, end, "x" * (end - start))


class TestPairMetrics:
    def test_agrees_with_hand_computed_values(self):
        m = pair_metrics(GOLD, PROBS)
        assert m["n"] == 6
        assert m["accuracy"] == pytest.approx(4 / 6)
        # F1: entailment 1, neutral 1/2, contradiction 1/2.
        assert m["macro_f1"] == pytest.approx(2 / 3)
        assert m["per_class"][E] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
        assert m["per_class"][N] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
        assert m["per_class"][C] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
        assert m["confusion_matrix"] == [[2, 0, 0], [0, 1, 1], [0, 1, 1]]
        # Positives score 0.72 and 0.25; negatives 0.05, 0.15, 0.65, 0.02: 7 of 8 orderings right.
        assert m["contradiction_auc"] == pytest.approx(7 / 8)

    def test_calibration_errors_agree_with_hand_computed_values(self):
        m = pair_metrics(GOLD, PROBS)
        # Confidence bins: 0.85 ok | 0.75, 0.72 ok | 0.55 wrong | 0.65 wrong | 0.95 ok.
        assert m["ece"] == pytest.approx((0.15 + 2 * 0.265 + 0.55 + 0.65 + 0.05) / 6)
        # Contradiction forecasts: {0.05, 0.02} no | 0.15 no | 0.72 yes | 0.25 yes | 0.65 no.
        assert m["contradiction_ece"] == pytest.approx((2 * 0.035 + 0.15 + 0.28 + 0.75 + 0.65) / 6)

    def test_undefined_metrics_are_none_not_zero(self):
        gold = [E, N, N, E]
        probs = np.array([[0.9, 0.1, 0.0], [0.9, 0.1, 0.0], [0.1, 0.9, 0.0], [0.9, 0.1, 0.0]])
        m = pair_metrics(gold, probs)
        assert m["contradiction_auc"] is None  # no gold contradiction
        assert m["per_class"][C] == {"precision": None, "recall": None, "f1": None, "support": 0}
        # Contradiction is absent from gold and predictions, so it is left out of the macro average.
        assert m["macro_f1"] == pytest.approx((0.8 + 2 / 3) / 2)

    def test_never_predicted_label_has_undefined_precision_and_zero_recall(self):
        m = pair_metrics([C, N], np.array([[0.1, 0.8, 0.1], [0.1, 0.8, 0.1]]))
        assert m["per_class"][C]["precision"] is None
        assert m["per_class"][C]["recall"] == 0.0
        assert m["per_class"][C]["f1"] == 0.0

    def test_rejects_bad_input(self):
        with pytest.raises(ValueError, match="unknown label"):
            pair_metrics(["refutes"], np.array([[0.2, 0.3, 0.5]]))
        with pytest.raises(ValueError, match=r"shape \(2, 3\)"):
            pair_metrics([E, N], np.array([[0.2, 0.3, 0.5]]))
        with pytest.raises(ValueError, match="sum to 1"):
            check_probabilities(np.array([[0.5, 0.5, 0.5]]), 1)


def test_label_indices_follow_canonical_order():
    assert label_indices([C, E, N]).tolist() == [2, 0, 1]


def test_calibration_bins_align_counts_with_curve():
    bins = calibration_bins(np.array([0.05, 0.02, 0.15, 0.72]), np.array([0, 0, 1, 1]))
    assert bins["count"] == [2, 1, 1]
    assert bins["mean_probability"] == pytest.approx([0.035, 0.15, 0.72])
    assert bins["observed_rate"] == [0.0, 1.0, 1.0]


def test_expected_calibration_error_edge_cases():
    assert expected_calibration_error(np.array([]), np.array([])) is None
    assert expected_calibration_error(np.array([0.95, 0.95]), np.array([1, 1])) == pytest.approx(0.05)
    assert expected_calibration_error(np.array([0.3, 0.3]), np.array([0, 0])) == pytest.approx(0.3)


class TestBootstrap:
    def test_same_seed_same_intervals_other_seed_other_intervals(self):
        rng = np.random.default_rng(7)
        gold = list(rng.choice([E, N, C], 60))
        probs = rng.dirichlet([1, 1, 1], 60)
        groups = [f"a{i // 3}" for i in range(60)]
        first = bootstrap_intervals(gold, probs, groups=groups, n_resamples=60, seed=3)
        again = bootstrap_intervals(gold, probs, groups=groups, n_resamples=60, seed=3)
        other = bootstrap_intervals(gold, probs, groups=groups, n_resamples=60, seed=4)
        assert first == again
        assert first["intervals"] != other["intervals"]
        assert (first["unit"], first["n_resamples"], first["seed"]) == ("article", 60, 3)
        point = pair_metrics(gold, probs)
        low, high = first["intervals"]["accuracy"]
        assert low <= point["accuracy"] <= high

    def test_articles_are_resampled_whole(self):
        # Article a: five pairs all right; article b: five pairs all wrong.
        gold = [C] * 10
        probs = np.array([[0.0, 0.0, 1.0]] * 5 + [[0.0, 1.0, 0.0]] * 5)
        groups = ["a"] * 5 + ["b"] * 5
        by_article = bootstrap_intervals(gold, probs, groups=groups, n_resamples=150, seed=0)
        by_pair = bootstrap_intervals(gold, probs, n_resamples=150, seed=0)
        # Drawing two whole articles gives accuracy 0, 1/2 or 1 only, each end with p = 1/4.
        assert by_article["intervals"]["accuracy"] == [0.0, 1.0]
        low, high = by_pair["intervals"]["accuracy"]
        assert 0.0 < low < 0.5 < high < 1.0
        assert by_pair["unit"] == "pair"

    def test_undefined_resamples_are_left_out(self):
        # AUC is undefined whenever a resample holds one class; the interval still exists.
        gold = [C, N, N, N]
        probs = np.array([[0.1, 0.1, 0.8], [0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.1, 0.6, 0.3]])
        result = bootstrap_intervals(gold, probs, n_resamples=40, seed=1)
        assert result["intervals"]["contradiction_auc"] == [1.0, 1.0]
        none = bootstrap_intervals([N, N], np.array([[0.1, 0.8, 0.1]] * 2), n_resamples=20)
        assert none["intervals"]["contradiction_auc"] is None


class TestSpans:
    def test_span_recall_uses_the_dataset_match_rule(self):
        gold = [span(0, 10), span(20, 30), span(40, 50)]
        predicted = [span(2, 8), span(24, 40)]  # inside the first; overlaps the second by 6 of 16
        assert span_recall(gold, predicted) == MatchCount(1, 3)
        assert span_recall(gold, [span(23, 33)]) == MatchCount(1, 3)  # 7 of 10 shared
        assert span_recall([], predicted).rate is None

    def test_pair_matches_needs_both_spans(self):
        gold = (span(0, 10), span(20, 30))
        assert pair_matches((span(0, 12), span(21, 29)), gold)
        assert not pair_matches((span(0, 12), span(40, 50)), gold)

    def test_finding_counts(self):
        s1, r1, s2, r2, r3 = span(0, 10), span(20, 30), span(40, 50), span(60, 70), span(80, 90)
        gold_contradictions = [(s1, r1), (s2, r2)]
        labelled = gold_contradictions + [(s1, r3)]  # (s1, r3) is labelled neutral
        findings = [(s1, r1), (span(1, 9), r1), (s1, r3), (s2, r3)]
        counts = finding_counts(gold_contradictions, findings, labelled)
        assert counts == FindingCounts(findings=4, correct=2, judgeable=3, gold=2, found=1)
        assert counts.precision == 0.5
        assert counts.recall == 0.5
        assert counts.f1 == 0.5
        assert counts.judgeable_precision == pytest.approx(2 / 3)

    def test_finding_counts_pool_over_articles(self):
        total = FindingCounts(2, 1, 1, 2, 1) + FindingCounts(0, 0, 0, 2, 0)
        assert (total.precision, total.recall) == (0.5, 0.25)
        assert total.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
        assert FindingCounts(0, 0, 0, 3, 0).to_dict()["precision"] is None
        assert FindingCounts(1, 0, 0, 3, 0).f1 == 0.0

    def test_attribution_precision_counts_only_judgeable_statements(self):
        gold_statements, gold_reports = [span(0, 10)], [span(20, 30)]
        predicted = [span(0, 10), span(20, 30), span(50, 60)]  # right, a report, unjudgeable
        assert attribution_precision(predicted, gold_statements, gold_reports) == MatchCount(1, 2)


class TestNLIBenchmark:
    def test_three_way(self):
        m = nli_benchmark_metrics(GOLD, PROBS)
        assert m["two_way"] is False
        assert m["contradiction_recall"] == 0.5
        assert m["per_class_recall"] == {E: 1.0, N: 0.5, C: 0.5}

    def test_two_way_folds_neutral_and_contradiction_predictions(self):
        assert to_two_way([E, N, C]) == [E, "not_entailment", "not_entailment"]
        gold = [E, "not_entailment", "not_entailment", E]
        probs = np.array([[0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [0.4, 0.0, 0.6], [0.3, 0.3, 0.4]])
        m = nli_benchmark_metrics(gold, probs, two_way=True)
        assert m["labels"] == [E, "not_entailment"]
        assert m["confusion_matrix"] == [[1, 1], [0, 2]]
        assert m["accuracy"] == 0.75
        assert m["contradiction_recall"] is None

    def test_classification_summary_of_nothing(self):
        assert classification_summary([], [])["accuracy"] is None
