"""Pure metric functions: arrays and spans in, JSON-ready numbers out.

Classification metrics come from scikit-learn; this module only chooses them, names them
and makes them JSON-safe. A metric that is undefined on the data (precision of a label
never predicted, ROC-AUC with one class present) is ``None``, never a silent 0.

Label columns of every probability array are :data:`contradict.labels.LABELS`.

Example:
    >>> import numpy as np
    >>> probs = np.array([[0.8, 0.1, 0.1], [0.1, 0.2, 0.7], [0.2, 0.5, 0.3]])
    >>> m = pair_metrics(["entailment", "contradiction", "contradiction"], probs)
    >>> m["accuracy"], m["confusion_matrix"]
    (0.6666666666666666, [[1, 0, 0], [0, 0, 0], [0, 1, 1]])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support, roc_auc_score

from .labels import CONTRADICTION, ENTAILMENT, LABEL_INDEX, LABELS, NOT_ENTAILMENT, TWO_WAY_LABELS
from .records import Span
CONTRADICTION_INDEX = LABEL_INDEX[CONTRADICTION]

#: The metrics :func:`bootstrap_intervals` gives intervals for.
BOOTSTRAP_METRICS: tuple[str, ...] = (
    "accuracy",
    "macro_f1",
    "contradiction_precision",
    "contradiction_recall",
    "contradiction_f1",
    "contradiction_auc",
)


def _number(value: float) -> float | None:
    """A plain float, or ``None`` for an undefined (NaN) value, so JSON stays valid."""
    value = float(value)
    return None if math.isnan(value) else value


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# -- label arrays -----------------------------------------------------------------------------


def label_indices(labels: Sequence[str]) -> np.ndarray:
    """Canonical column index of each label name.

    Raises:
        ValueError: a name is not one of :data:`LABELS`.
    """
    unknown = sorted({label for label in labels if label not in LABEL_INDEX})
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; expected {', '.join(LABELS)}")
    return np.array([LABEL_INDEX[label] for label in labels], dtype=int)


def check_probabilities(probabilities: np.ndarray, n_rows: int, who: str = "probabilities") -> np.ndarray:
    """``probabilities`` as a float array, checked to be ``(n_rows, 3)`` rows of probabilities.

    Raises:
        ValueError: wrong shape, non-finite values, or rows that do not sum to 1.
    """
    array = np.asarray(probabilities, dtype=float)
    if array.shape != (n_rows, len(LABELS)):
        raise ValueError(f"{who}: expected an array of shape ({n_rows}, {len(LABELS)}), found {array.shape}")
    if n_rows and (not np.isfinite(array).all() or array.min() < 0 or not np.allclose(array.sum(axis=1), 1, atol=1e-3)):
        raise ValueError(f"{who}: expected rows of probabilities in [0, 1] that sum to 1")
    return array


def to_two_way(labels: Sequence[str]) -> list[str]:
    """Fold three-way label names into two-way ones: neutral and contradiction become
    not_entailment (the HANS / RTE convention of scoring a three-way model on two-way data).

    Example:
        >>> to_two_way(["entailment", "neutral", "contradiction"])
        ['entailment', 'not_entailment', 'not_entailment']
    """
    return [ENTAILMENT if label == ENTAILMENT else NOT_ENTAILMENT for label in labels]


# -- classification ---------------------------------------------------------------------------


def classification_summary(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] = LABELS) -> dict:
    """Accuracy, macro-F1, per-label precision/recall/F1/support and the confusion matrix.

    Args:
        y_true: gold label names.
        y_pred: predicted label names.
        labels: the label set and its order (rows and columns of the confusion matrix).

    Returns:
        ``{"n", "labels", "accuracy", "macro_f1", "per_class": {label: {precision, recall,
        f1, support}}, "confusion_matrix"}``; the matrix has gold labels as rows and
        predicted labels as columns. A label absent from both gold and predictions has
        undefined F1 (``None``) and is left out of the macro average.
    """
    labels = list(labels)
    if len(y_true) == 0:
        return {"n": 0, "labels": labels, "accuracy": None, "macro_f1": None, "per_class": {}, "confusion_matrix": []}
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, zero_division=np.nan
    )
    return {
        "n": len(y_true),
        "labels": labels,
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": _number(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=np.nan)),
        "per_class": {
            label: {
                "precision": _number(precision[i]),
                "recall": _number(recall[i]),
                "f1": _number(f1[i]),
                "support": int(support[i]),
            }
            for i, label in enumerate(labels)
        },
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def contradiction_auc(y_true: Sequence[str], probabilities: np.ndarray) -> float | None:
    """ROC-AUC of the contradiction column, one class against the rest (None with one class)."""
    is_contradiction = np.asarray(y_true) == CONTRADICTION
    if is_contradiction.all() or not is_contradiction.any():
        return None
    return float(roc_auc_score(is_contradiction, np.asarray(probabilities)[:, CONTRADICTION_INDEX]))


def calibration_bins(probabilities: np.ndarray, outcomes: np.ndarray, n_bins: int = 10) -> dict:
    """Reliability-diagram data: per non-empty uniform bin, mean probability, hit rate, count.

    Args:
        probabilities: the forecast probability of an event, one per item.
        outcomes: whether the event happened (bool or 0/1), one per item.
        n_bins: uniform bins on [0, 1].

    Returns:
        ``{"mean_probability", "observed_rate", "count"}``, lists aligned by bin, empty
        bins left out (the convention of :func:`sklearn.calibration.calibration_curve`).
    """
    probabilities = np.asarray(probabilities, dtype=float)
    outcomes = np.asarray(outcomes, dtype=int)
    if probabilities.size == 0:
        return {"mean_probability": [], "observed_rate": [], "count": []}
    observed, mean_probability = calibration_curve(outcomes, probabilities, n_bins=n_bins, strategy="uniform")
    # calibration_curve drops the counts; recount with its own bin assignment so they align.
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], probabilities), minlength=n_bins)
    return {
        "mean_probability": mean_probability.tolist(),
        "observed_rate": observed.tolist(),
        "count": counts[counts > 0].tolist(),
    }


def expected_calibration_error(probabilities: np.ndarray, outcomes: np.ndarray, n_bins: int = 10) -> float | None:
    """Expected calibration error (Guo et al. 2017): bin-weighted mean |hit rate - probability|.

    scikit-learn has the reliability curve but no ECE, so this weights its bins by size.

    Example:
        >>> expected_calibration_error(np.array([0.9, 0.9, 0.2, 0.2]), np.array([1, 0, 0, 0]))
        0.3
    """
    bins = calibration_bins(probabilities, outcomes, n_bins)
    total = sum(bins["count"])
    if not total:
        return None
    gaps = np.abs(np.array(bins["observed_rate"]) - np.array(bins["mean_probability"]))
    return float(np.round(np.dot(gaps, bins["count"]) / total, 12))


def pair_metrics(y_true: Sequence[str], probabilities: np.ndarray, *, n_bins: int = 10) -> dict:
    """Every pair-level number of a three-way classifier, from gold labels and probabilities.

    The prediction is the arg-max column. Calibration is measured twice: ``ece`` for the
    confidence of the predicted label, ``contradiction_ece`` for the contradiction
    probability as a forecast of "this pair is a contradiction".

    Args:
        y_true: gold label names, one per pair.
        probabilities: ``(n, 3)`` probabilities in :data:`LABELS` order.
        n_bins: uniform calibration bins.

    Returns:
        :func:`classification_summary` plus ``contradiction_auc``, ``ece`` and
        ``contradiction_ece``.

    Raises:
        ValueError: an unknown gold label or a malformed probability array.
    """
    gold = label_indices(y_true)
    probabilities = check_probabilities(probabilities, len(gold))
    predicted = probabilities.argmax(axis=1)
    summary = classification_summary([LABELS[i] for i in gold], [LABELS[i] for i in predicted], LABELS)
    summary["contradiction_auc"] = contradiction_auc(y_true, probabilities)
    summary["ece"] = expected_calibration_error(probabilities.max(axis=1), predicted == gold, n_bins)
    summary["contradiction_ece"] = expected_calibration_error(
        probabilities[:, CONTRADICTION_INDEX], gold == CONTRADICTION_INDEX, n_bins
    )
    return summary


def nli_benchmark_metrics(y_true: Sequence[str], probabilities: np.ndarray, *, two_way: bool = False) -> dict:
    """Scores of an NLI model on a plain NLI file.

    Args:
        y_true: gold label names: :data:`LABELS`, or :data:`TWO_WAY_LABELS` when ``two_way``.
        probabilities: the model's ``(n, 3)`` probabilities in :data:`LABELS` order.
        two_way: the gold labels are entailment / not_entailment; the model's arg-max label
            is folded with :func:`to_two_way` before scoring.

    Returns:
        :func:`classification_summary` plus ``two_way``, ``per_class_recall`` and
        ``contradiction_recall`` (``None`` for two-way data, which has no contradiction class).
    """
    probabilities = check_probabilities(probabilities, len(y_true))
    predicted = [LABELS[i] for i in probabilities.argmax(axis=1)]
    labels = TWO_WAY_LABELS if two_way else LABELS
    if two_way:
        predicted = to_two_way(predicted)
    summary = classification_summary(list(y_true), predicted, labels)
    summary["two_way"] = two_way
    summary["per_class_recall"] = {label: scores["recall"] for label, scores in summary["per_class"].items()}
    summary["contradiction_recall"] = None if two_way else summary["per_class_recall"].get(CONTRADICTION)
    return summary


# -- bootstrap --------------------------------------------------------------------------------


def _resample_scores(gold: np.ndarray, predicted: np.ndarray, contradiction_probability: np.ndarray) -> list[float]:
    """The :data:`BOOTSTRAP_METRICS` of one resample, NaN where undefined."""
    classes = list(range(len(LABELS)))
    precision, recall, f1, _ = precision_recall_fscore_support(
        gold, predicted, labels=[CONTRADICTION_INDEX], average=None, zero_division=np.nan
    )
    is_contradiction = gold == CONTRADICTION_INDEX
    auc = (
        roc_auc_score(is_contradiction, contradiction_probability)
        if 0 < is_contradiction.sum() < len(gold)
        else np.nan
    )
    return [
        accuracy_score(gold, predicted),
        f1_score(gold, predicted, labels=classes, average="macro", zero_division=np.nan),
        precision[0],
        recall[0],
        f1[0],
        auc,
    ]


def _resample_indices(rng: np.random.Generator, members: list[np.ndarray] | None, n_items: int) -> np.ndarray:
    """Item indices of one resample: whole groups drawn with replacement, or single items."""
    if members is None:
        return rng.integers(0, n_items, size=n_items)
    return np.concatenate([members[i] for i in rng.integers(0, len(members), size=len(members))])


def _group_members(groups: Sequence[str]) -> list[np.ndarray]:
    _, inverse = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)
    return [np.flatnonzero(inverse == g) for g in range(inverse.max() + 1)]


def bootstrap_intervals(
    y_true: Sequence[str],
    probabilities: np.ndarray,
    *,
    groups: Sequence[str] | None = None,
    n_resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> dict:
    """Percentile bootstrap confidence intervals for :data:`BOOTSTRAP_METRICS`.

    Pairs of one article are not independent (they share a text and often a statement), so
    when ``groups`` (article ids) are given whole articles are resampled, which gives honest,
    wider intervals; otherwise single pairs are.

    Args:
        y_true: gold label names.
        probabilities: ``(n, 3)`` probabilities in :data:`LABELS` order.
        groups: the article id of each pair, or ``None`` to resample pairs.
        n_resamples: number of bootstrap resamples.
        seed: seed of the random generator; the same seed gives the same intervals.
        confidence: coverage of the two-sided interval.

    Returns:
        ``{"unit", "n_resamples", "seed", "confidence", "intervals": {metric: [low, high] or
        None}}``. A resample where a metric is undefined (no contradiction in it, say) is left
        out of that metric's interval.
    """
    gold = label_indices(y_true)
    probabilities = check_probabilities(probabilities, len(gold))
    if groups is not None and len(groups) != len(gold):
        raise ValueError(f"groups: expected one group per pair ({len(gold)}), found {len(groups)}")
    predicted = probabilities.argmax(axis=1)
    contradiction_probability = probabilities[:, CONTRADICTION_INDEX]
    rng = np.random.default_rng(seed)
    scores = np.full((n_resamples, len(BOOTSTRAP_METRICS)), np.nan)
    if len(gold):
        members = _group_members(groups) if groups is not None else None
        for r in range(n_resamples):
            index = _resample_indices(rng, members, len(gold))
            scores[r] = _resample_scores(gold[index], predicted[index], contradiction_probability[index])
    tail = (1.0 - confidence) / 2 * 100
    intervals = {}
    for column, name in enumerate(BOOTSTRAP_METRICS):
        defined = scores[:, column][~np.isnan(scores[:, column])]
        intervals[name] = (
            [float(np.percentile(defined, tail)), float(np.percentile(defined, 100 - tail))] if defined.size else None
        )
    return {
        "unit": "article" if groups is not None else "pair",
        "n_resamples": n_resamples,
        "seed": seed,
        "confidence": confidence,
        "intervals": intervals,
    }


# -- spans ------------------------------------------------------------------------------------


def add_fields(a, b):
    """A count record whose every field is the sum of ``a``'s and ``b``'s (records of one
    dataclass, pooled over articles); a field added later is summed too."""
    return type(a)(**{f.name: getattr(a, f.name) + getattr(b, f.name) for f in fields(a)})


@dataclass
class MatchCount:
    """How many of ``total`` items were matched; add counts to pool them over articles."""

    matched: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return _ratio(self.matched, self.total)

    def __add__(self, other: "MatchCount") -> "MatchCount":
        return add_fields(self, other)

    def to_dict(self) -> dict:
        return {"rate": self.rate, "matched": self.matched, "total": self.total}


def span_recall(gold: Sequence[Span], predicted: Sequence[Span]) -> MatchCount:
    """How many gold spans are matched by at least one predicted span (:meth:`Span.matches`).

    Example:
        >>> span_recall([Span(0, 10, "a" * 10), Span(20, 30, "b" * 10)], [Span(2, 9, "a" * 7)])
        MatchCount(matched=1, total=2)
    """
    return MatchCount(sum(any(g.matches(p) for p in predicted) for g in gold), len(gold))


def pair_matches(predicted: tuple[Span, Span], gold: tuple[Span, Span]) -> bool:
    """A predicted (statement, report) pair matches a gold pair when both spans match."""
    return predicted[0].matches(gold[0]) and predicted[1].matches(gold[1])


def pair_recall(gold: Sequence[tuple[Span, Span]], predicted: Sequence[tuple[Span, Span]]) -> MatchCount:
    """How many gold pairs are matched by at least one predicted pair."""
    return MatchCount(sum(any(pair_matches(p, g) for p in predicted) for g in gold), len(gold))


@dataclass
class FindingCounts:
    """Counts behind the precision and recall of contradiction findings.

    Attributes:
        findings: findings flagged.
        correct: findings that match a gold contradiction pair.
        judgeable: findings that match any labelled pair (of any label).
        gold: gold contradiction pairs.
        found: gold contradiction pairs matched by at least one finding.
    """

    findings: int = 0
    correct: int = 0
    judgeable: int = 0
    gold: int = 0
    found: int = 0

    def __add__(self, other: "FindingCounts") -> "FindingCounts":
        return add_fields(self, other)

    @property
    def precision(self) -> float | None:
        return _ratio(self.correct, self.findings)

    @property
    def recall(self) -> float | None:
        return _ratio(self.found, self.gold)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def judgeable_precision(self) -> float | None:
        """Precision over the findings that match a labelled pair, where gold can judge them."""
        return _ratio(self.correct, self.judgeable)

    def to_dict(self) -> dict:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "judgeable_precision": self.judgeable_precision,
            "findings": self.findings,
            "correct": self.correct,
            "judgeable": self.judgeable,
            "gold_contradictions": self.gold,
            "found": self.found,
        }


def finding_counts(
    gold_contradictions: Sequence[tuple[Span, Span]],
    findings: Sequence[tuple[Span, Span]],
    labelled_pairs: Sequence[tuple[Span, Span]] = (),
) -> FindingCounts:
    """Compare flagged contradictions with the gold contradiction pairs of one article.

    A finding is correct when its statement and report spans both match those of a gold
    contradiction pair. Several findings may match one gold pair (overlapping extractions);
    each counts as correct, while recall counts each gold pair once.

    Args:
        gold_contradictions: (statement, report) spans of the gold contradiction pairs.
        findings: (statement, report) spans of the flagged contradictions.
        labelled_pairs: spans of every labelled pair (any label), to count judgeable findings.

    Example:
        >>> s, r, x = Span(0, 5, "abcde"), Span(10, 15, "fghij"), Span(30, 35, "klmno")
        >>> finding_counts([(s, r)], [(s, r), (s, x)]).to_dict()["precision"]
        0.5
    """
    correct = sum(any(pair_matches(f, g) for g in gold_contradictions) for f in findings)
    judgeable = sum(any(pair_matches(f, g) for g in labelled_pairs) for f in findings)
    return FindingCounts(
        findings=len(findings),
        correct=correct,
        judgeable=max(judgeable, correct),
        gold=len(gold_contradictions),
        found=pair_recall(gold_contradictions, findings).matched,
    )


def attribution_precision(
    subject_statements: Sequence[Span], gold_statements: Sequence[Span], gold_reports: Sequence[Span]
) -> MatchCount:
    """How many predicted subject statements that gold can judge really are the subject's.

    Gold lists the subject's statements and others' reports but is not exhaustive, so a
    predicted subject statement that matches neither cannot be judged. Of those that match a
    gold statement or a gold report, the share that match a gold statement is the
    attribution precision (one matching a gold report was given to the subject wrongly).

    Returns:
        ``MatchCount(matched=judgeable statements matching a gold statement, total=judgeable)``.
    """
    matched = total = 0
    for predicted in subject_statements:
        is_statement = any(predicted.matches(g) for g in gold_statements)
        if is_statement or any(predicted.matches(g) for g in gold_reports):
            total += 1
            matched += is_statement
    return MatchCount(matched, total)
