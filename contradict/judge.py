"""The judge: one calibrated decision per pair from NLI and discourse signals.

NLI models trained on general data rank news contradictions barely above chance, while a
denial cue combined with similarity is already a strong signal; contradiction in news is a
discourse relation. The judge therefore is a small multinomial logistic regression over the
signals of a pair (NLI both ways, denial and non-denial cues, hedges, similarity, clash of
names, numbers and dates, speaker and source), fitted on labelled news pairs and calibrated
by temperature scaling (Guo et al., 2017) on out-of-fold predictions. The decision puts
contradiction first: a pair whose calibrated contradiction probability reaches the threshold
is a contradiction even when it also looks entailed.

The fitted judge is plain JSON (``models/contradict-judge/judge.json``): feature names,
standardisation, coefficients, temperature and threshold; nothing is pickled.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .cues import denial_cues, hedge_cues, is_denial, non_denial_cues
from .errors import DatasetError, ModelNotFoundError
from .labels import CONTRADICTION, LABEL_INDEX, LABELS
from .signals import SurfaceSignals, entities

FEATURES: tuple[str, ...] = (
    "nli_fwd_entailment",
    "nli_fwd_neutral",
    "nli_fwd_contradiction",
    "nli_bwd_entailment",
    "nli_bwd_neutral",
    "nli_bwd_contradiction",
    "nli_max_contradiction",
    "statement_denial",
    "statement_non_denial",
    "statement_bare_denial",
    "report_hedged",
    "report_has_source",
    "report_negated",
    "similarity",
    "entity_overlap",
    "event_overlap",
    "number_clash",
    "number_match",
    "date_clash",
    "date_match",
    "report_names_subject",
    "denial_x_similarity",
    "denial_x_nli_contradiction",
    "non_denial_x_similarity",
    "claim_similarity",
    "denial_x_claim_similarity",
    "hedged_x_claim_similarity",
    "hedged_x_event_overlap",
    "denial_x_event_overlap",
    "retrieval_top",
    "denial_x_retrieval_top",
)
"""Every feature this version computes, in the order of :func:`pair_features`. A fitted judge
uses the subset it was fitted on (named in its JSON), so older judges keep loading."""

DEFAULT_JUDGE_FEATURES: tuple[str, ...] = tuple(name for name in FEATURES if name != "report_hedged")
"""What ``contradict fit-judge`` fits on. The bare hedge flag is left out: in labelled sets
most contradicted reports are hedged, so alone it became the judge's strongest push towards
contradiction and flagged hedged reports about other matters; the hedge enters through its
products with claim similarity and event overlap instead (measured in the judge's model card)."""


@dataclass(frozen=True)
class PairContext:
    """What the judge knows about a pair beyond the two texts."""

    statement_denial: bool
    statement_non_denial: bool
    statement_bare_denial: bool
    report_hedged: bool
    report_has_source: bool
    report_names_subject: bool = False
    retrieval_rank: int = 0  # where retrieval put the report for this statement (0: first)

    @classmethod
    def from_texts(cls, statement: str, report: str) -> "PairContext":
        """Context read from the texts alone (for pairs without an article)."""
        return cls(
            statement_denial=is_denial(statement),
            statement_non_denial=bool(non_denial_cues(statement)),
            statement_bare_denial=False,
            report_hedged=bool(hedge_cues(report)),
            report_has_source=bool(_SOURCE_HINT.search(report)),
            report_names_subject=bool(entities(statement) & entities(report)),
        )


_SOURCE_HINT = re.compile(
    r"\b(?:according to|reported|reports|said|says|told|wrote|found|show(?:s|ed)?|revealed|documents?|records?|filings?)\b",
    re.IGNORECASE,
)


def pair_features(
    premise: str,
    report: str,
    forward: np.ndarray,
    backward: np.ndarray,
    similarity: float,
    context: PairContext,
    claim_similarity: float | None = None,
) -> np.ndarray:
    """The feature vector of one pair, in the order of :data:`FEATURES`.

    Args:
        premise: the statement as given to the NLI model (made explicit if it was bare).
        report: the report text.
        forward: NLI probabilities premise -> report, canonical order.
        backward: NLI probabilities report -> premise.
        similarity: cosine similarity of their embeddings.
        context: cues read from the article.
        claim_similarity: cosine similarity of the two claims without their attributions
            ("X insisted that P" vs "Q, the Post reported"): whether the report speaks to
            what the statement asserts or denies. Defaults to ``similarity``.
    """
    if claim_similarity is None:
        claim_similarity = similarity
    surface = SurfaceSignals.of(premise, report)
    denial = float(context.statement_denial)
    non_denial = float(context.statement_non_denial)
    max_c = max(forward[2], backward[2])
    return np.array(
        [
            *forward,
            *backward,
            max_c,
            denial,
            non_denial,
            float(context.statement_bare_denial),
            float(context.report_hedged),
            float(context.report_has_source),
            float(bool(denial_cues(report))),
            similarity,
            surface.entity_overlap,
            surface.event_overlap,
            float(surface.number_clash),
            float(surface.number_match),
            float(surface.date_clash),
            float(surface.date_match),
            float(context.report_names_subject),
            denial * similarity,
            denial * max_c,
            non_denial * similarity,
            claim_similarity,
            denial * claim_similarity,
            # A hedge ("reportedly", "is said to") marks the contested claims that denials
            # answer, but only when the report is about the statement's matter: alone it made
            # the judge flag hedged, unrelated reports (issue 5).
            float(context.report_hedged) * claim_similarity,
            float(context.report_hedged) * surface.event_overlap,
            # A denial contradicts a report of the event it denies ("never met" vs "met
            # twice"), not any report that shares its names.
            denial * surface.event_overlap,
            # A statement is contradicted by one or two reports of an article, rarely more:
            # the report retrieval ranks first for it is far likelier to be the one.
            1.0 / (1.0 + context.retrieval_rank),
            denial / (1.0 + context.retrieval_rank),
        ],
        dtype=np.float64,
    )


@dataclass
class Judge:
    """A fitted, calibrated judge (see the module docstring)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (3, n_features), canonical label order
    intercept: np.ndarray  # (3,)
    temperature: float = 1.0
    contradiction_threshold: float = 0.5
    metadata: dict | None = None
    features: tuple[str, ...] = FEATURES  # the columns of FEATURES it was fitted on, in order

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 3)``, canonical label order.

        Args:
            features: rows of every feature in :data:`FEATURES` (as :func:`pair_features`
                returns them); the judge reads the columns it was fitted on.
        """
        features = select_features(np.atleast_2d(features), self.features)
        logits = ((features - self.mean) / self.scale) @ self.coef.T + self.intercept
        logits = logits / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def decide(self, probabilities: np.ndarray, threshold: float | None = None) -> list[str]:
        """Labels with contradiction decided first, then the likelier of the other two.

        Args:
            threshold: contradiction probability from which a pair is a contradiction
                (``None``: the fitted threshold).
        """
        threshold = self.contradiction_threshold if threshold is None else threshold
        labels = []
        for row in np.atleast_2d(probabilities):
            if row[LABEL_INDEX[CONTRADICTION]] >= threshold:
                labels.append(CONTRADICTION)
            else:
                labels.append(LABELS[int(np.argmax(row[:2]))])
        return labels

    def to_dict(self) -> dict:
        return {
            "format": "contradict-judge/1",
            "features": list(self.features),
            "labels": list(LABELS),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
            "temperature": self.temperature,
            "contradiction_threshold": self.contradiction_threshold,
            "metadata": self.metadata or {},
        }

    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "judge.json"
        path.write_text(json.dumps(self.to_dict(), indent=2))
        return path

    @classmethod
    def load(cls, folder: str | Path) -> "Judge":
        """Load ``judge.json`` from ``folder`` (or the file itself)."""
        path = Path(folder)
        if path.is_dir():
            path = path / "judge.json"
        if not path.is_file():
            raise ModelNotFoundError(f"no fitted judge at {path}: run `contradict fit-judge` to create it")
        data = json.loads(path.read_text())
        names = data.get("features") or []
        if not names or not set(names) <= set(FEATURES):
            raise ModelNotFoundError(
                f"the judge at {path} was fitted on other features than this version computes; refit it with `contradict fit-judge`"
            )
        return cls(
            mean=np.array(data["mean"]),
            scale=np.array(data["scale"]),
            coef=np.array(data["coef"]),
            intercept=np.array(data["intercept"]),
            temperature=float(data["temperature"]),
            contradiction_threshold=float(data["contradiction_threshold"]),
            metadata=data.get("metadata"),
            features=tuple(names),
        )


def select_features(features: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """The columns ``names`` of a matrix holding every feature of :data:`FEATURES`."""
    if tuple(names) == FEATURES:
        return features
    return features[:, [FEATURES.index(name) for name in names]]


REGULARISATION_GRID: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def fit_judge(
    features: np.ndarray,
    labels: list[str],
    seed: int = 0,
    regularisation: float | None = 1.0,
    metadata: dict | None = None,
    feature_names: tuple[str, ...] = FEATURES,
    groups: np.ndarray | None = None,
    sample_weight: np.ndarray | None = None,
) -> Judge:
    """Fit the logistic regression, its temperature and the contradiction threshold.

    The temperature and threshold are chosen on 5-fold out-of-fold predictions, so they are
    not tuned on the same predictions the coefficients were fitted to; the threshold is the
    one that maximises contradiction F1 there (the decision puts contradiction first).

    Args:
        features: rows of every feature in :data:`FEATURES`.
        labels: the label of each row.
        regularisation: inverse regularisation strength ``C``; ``None`` picks it from
            :data:`REGULARISATION_GRID` by out-of-fold log loss.
        feature_names: the features to fit on (a subset of :data:`FEATURES`).
        groups: a group id per row (its article); folds never split a group, so pairs of
            one article are not used to predict each other.
        sample_weight: a weight per row (e.g. lower for pairs whose label is inferred).
    """
    from scipy.optimize import minimize_scalar
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.array([LABEL_INDEX[label] for label in labels])
    counts = np.bincount(y, minlength=3)
    if (counts < 5).any():
        raise DatasetError(
            "the judge needs at least 5 pairs of each label; found "
            + ", ".join(f"{name} {count}" for name, count in zip(LABELS, counts))
        )
    features = select_features(features, tuple(feature_names))
    weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    groups = np.arange(len(y)) if groups is None else np.asarray(groups)
    # The fit balances the classes (on the weighted counts) so that no label dominates it;
    # calibration and threshold are chosen on the rows as they are, weighted as given.
    weighted_counts = np.bincount(y, weights=weights, minlength=3)
    fit_weights = weights * (weighted_counts.sum() / (3 * weighted_counts))[y]
    fit_weights *= len(y) / fit_weights.sum()  # mean 1, so C means the same whatever the weights
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    x = (features - mean) / scale
    folds = list(StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(x, y, groups))

    def model(strength: float) -> LogisticRegression:
        return LogisticRegression(C=strength, max_iter=5000, random_state=seed)

    def out_of_fold_logits(strength: float) -> np.ndarray:
        logits = np.zeros((len(y), 3))
        for train, held in folds:
            logits[held] = model(strength).fit(x[train], y[train], sample_weight=fit_weights[train]).decision_function(x[held])
        return logits

    def nll(logits: np.ndarray, temperature: float = 1.0) -> float:
        z = logits / temperature
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-(weights * log_p[np.arange(len(y)), y]).sum() / weights.sum())

    grid = REGULARISATION_GRID if regularisation is None else (regularisation,)
    candidates = {strength: out_of_fold_logits(strength) for strength in grid}
    strength = min(grid, key=lambda c: min(nll(candidates[c], t) for t in (0.5, 1.0, 2.0)))
    oof_logits = candidates[strength]
    temperature = float(minimize_scalar(lambda t: nll(oof_logits, t), bounds=(0.05, 20.0), method="bounded").x)
    z = oof_logits / temperature
    oof = np.exp(z - z.max(axis=1, keepdims=True))
    oof /= oof.sum(axis=1, keepdims=True)
    is_c = (y == LABEL_INDEX[CONTRADICTION]).astype(int)
    thresholds = np.linspace(0.2, 0.8, 25)
    scores = [f1_score(is_c, (oof[:, 2] >= t).astype(int), sample_weight=weights) for t in thresholds]
    threshold = float(thresholds[int(np.argmax(scores))])

    final = model(strength).fit(x, y, sample_weight=fit_weights)
    return Judge(
        mean=mean,
        scale=scale,
        coef=final.coef_,
        intercept=final.intercept_,
        temperature=temperature,
        contradiction_threshold=threshold,
        metadata={
            **(metadata or {}),
            "n_pairs": int(len(y)),
            "regularisation_c": strength,
            "oof_contradiction_f1": float(max(scores)),
        },
        features=tuple(feature_names),
    )
