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
)


@dataclass(frozen=True)
class PairContext:
    """What the judge knows about a pair beyond the two texts."""

    statement_denial: bool
    statement_non_denial: bool
    statement_bare_denial: bool
    report_hedged: bool
    report_has_source: bool
    report_names_subject: bool = False

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
) -> np.ndarray:
    """The feature vector of one pair, in the order of :data:`FEATURES`.

    Args:
        premise: the statement as given to the NLI model (made explicit if it was bare).
        report: the report text.
        forward: NLI probabilities premise -> report, canonical order.
        backward: NLI probabilities report -> premise.
        similarity: cosine similarity of their embeddings.
        context: cues read from the article.
    """
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

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, shape ``(n, 3)``, canonical label order."""
        features = np.atleast_2d(features)
        logits = ((features - self.mean) / self.scale) @ self.coef.T + self.intercept
        logits = logits / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def decide(self, probabilities: np.ndarray) -> list[str]:
        """Labels with contradiction decided first, then the likelier of the other two."""
        labels = []
        for row in np.atleast_2d(probabilities):
            if row[LABEL_INDEX[CONTRADICTION]] >= self.contradiction_threshold:
                labels.append(CONTRADICTION)
            else:
                labels.append(LABELS[int(np.argmax(row[:2]))])
        return labels

    def to_dict(self) -> dict:
        return {
            "format": "contradict-judge/1",
            "features": list(FEATURES),
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
        if data.get("features") != list(FEATURES):
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
        )


def fit_judge(features: np.ndarray, labels: list[str], seed: int = 0, regularisation: float = 1.0, metadata: dict | None = None) -> Judge:
    """Fit the logistic regression, its temperature and the contradiction threshold.

    The temperature and threshold are chosen on 5-fold out-of-fold predictions, so they are
    not tuned on the same predictions the coefficients were fitted to.
    """
    from scipy.optimize import minimize_scalar
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    y = np.array([LABEL_INDEX[label] for label in labels])
    counts = np.bincount(y, minlength=3)
    if (counts < 5).any():
        raise DatasetError(
            "the judge needs at least 5 pairs of each label; found "
            + ", ".join(f"{name} {count}" for name, count in zip(LABELS, counts))
        )
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    x = (features - mean) / scale

    def model() -> LogisticRegression:
        return LogisticRegression(C=regularisation, max_iter=2000, class_weight="balanced", random_state=seed)

    oof_logits = np.zeros((len(y), 3))
    for train, held in StratifiedKFold(5, shuffle=True, random_state=seed).split(x, y):
        fold = model().fit(x[train], y[train])
        oof_logits[held] = fold.decision_function(x[held])

    def nll(temperature: float) -> float:
        z = oof_logits / temperature
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return -log_p[np.arange(len(y)), y].mean()

    temperature = float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)
    z = oof_logits / temperature
    oof = np.exp(z - z.max(axis=1, keepdims=True))
    oof /= oof.sum(axis=1, keepdims=True)
    is_c = (y == LABEL_INDEX[CONTRADICTION]).astype(int)
    thresholds = np.linspace(0.2, 0.8, 25)
    scores = [f1_score(is_c, (oof[:, 2] >= t).astype(int)) for t in thresholds]
    threshold = float(thresholds[int(np.argmax(scores))])

    final = model().fit(x, y)
    return Judge(
        mean=mean,
        scale=scale,
        coef=final.coef_,
        intercept=final.intercept_,
        temperature=temperature,
        contradiction_threshold=threshold,
        metadata={**(metadata or {}), "n_pairs": int(len(y)), "oof_contradiction_f1": float(max(scores))},
    )
