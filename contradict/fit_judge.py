"""Fit the judge on labelled news pairs and store it with the models.

The judge is fitted on pairs the NLI model never saw in training: the dev split of the
hand-labelled set (gold statement and report spans, read in their articles) and the
held-out dev part of the team's domain pairs. Test splits are refused.

Gold pairs are chosen to be hard, so on their own they teach the judge little about the
many reports retrieval also returns for a statement, most of which speak to another matter.
Two kinds of negatives stand in for those:

* in-article negatives: the candidates retrieval returns for a gold statement in its own
  article, except those whose report is part of a labelled contradiction. The labelling
  rules (design/DATASET-FORMAT.md) require every real contradiction and entailment of an
  article to be listed, so these are neutral; they are the same kind of pair the judge sees
  at run time (hedged reports about a third party, background facts);
* cross-article negatives: a gold statement against a report of another article.
"""

from __future__ import annotations

import hashlib
import logging
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from .dataset import Article, load_dataset
from .detector import Detector, context_of
from .errors import DatasetError
from .judge import DEFAULT_JUDGE_FEATURES, Judge, PairContext, fit_judge
from .labels import CONTRADICTION, NEUTRAL
from .model_registry import models_dir
from .nli_data import read_nli_file
from .pairing import candidate_pairs

logger = logging.getLogger(__name__)

UNRELATED_PER_ARTICLE = 2
"""Cross-article negatives drawn per article."""

IN_ARTICLE_WEIGHT_DEFAULT = 1.0
"""Weight of an in-article negative. Its label is inferred, not read, but the inference rests on
the labelling rules (every real contradiction of an article is listed), so it counts in full."""


@dataclass
class JudgePairs:
    """Labelled pairs as the judge sees them, with the article (group) and weight of each."""

    premises: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)
    contexts: list[PairContext] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)

    def add(self, premise: str, report: str, context: PairContext, label: str, group: str, weight: float = 1.0) -> None:
        self.premises.append(premise)
        self.reports.append(report)
        self.contexts.append(context)
        self.labels.append(label)
        self.groups.append(group)
        self.weights.append(weight)

    def extend(self, other: "JudgePairs") -> None:
        for name in ("premises", "reports", "contexts", "labels", "groups", "weights"):
            getattr(self, name).extend(getattr(other, name))

    def __len__(self) -> int:
        return len(self.labels)


def _refuse_test(path: Path) -> None:
    if "test" in path.name:
        raise DatasetError(f"refusing to fit the judge on {path}: test splits are for reported numbers only")


def gather_article_pairs(
    detector: Detector,
    paths: list[Path],
    unrelated_per_article: int = UNRELATED_PER_ARTICLE,
    in_article_weight: float = 0.0,
    seed: int = 0,
) -> JudgePairs:
    """Every gold pair of labelled-set files, plus the negatives of the module docstring.

    Args:
        unrelated_per_article: cross-article negatives per article.
        in_article_weight: weight of the in-article negatives; 0 leaves them out.
    """
    rng = random.Random(seed)
    pairs = JudgePairs()
    for path in paths:
        _refuse_test(path)
    articles = [article for path in paths for article in load_dataset(path)]
    gold_reports = [(a.id, a.pairs[0].report) for a in articles]
    for article in articles:
        reading = detector.read(article.text, article.subject)
        for gold in article.pairs:
            pair = detector.gold_pair(reading, gold.statement_span, gold.report_span)
            context = context_of(pair)
            pairs.add(pair.premise, pair.report.span.text, context, gold.label, article.id)
        if in_article_weight > 0 and reading.subject is not None:
            for pair in _unlisted_candidates(detector, article, reading):
                context = context_of(pair)
                pairs.add(pair.premise, pair.report.span.text, context, NEUTRAL, article.id, in_article_weight)
        others = [text for article_id, text in gold_reports if article_id != article.id]
        for _ in range(unrelated_per_article if others else 0):
            gold = rng.choice(article.pairs)
            pair = detector.gold_pair(reading, gold.statement_span, gold.report_span)
            other = rng.choice(others)
            pairs.add(pair.premise, other, PairContext.from_texts(pair.premise, other), NEUTRAL, article.id)
    return pairs


def _unlisted_candidates(detector: Detector, article: Article, reading) -> list:
    """Retrieval's candidates for the article's gold statements that no labelled pair covers
    and whose report is not part of any labelled contradiction (it might answer a statement
    whose span attribution drew differently)."""
    gold_statements = [g.statement_span for g in article.pairs]
    contradicting_reports = [g.report_span for g in article.pairs if g.label == CONTRADICTION]
    labelled = [(g.statement_span, g.report_span) for g in article.pairs]
    unlisted = []
    for pair in candidate_pairs(reading, detector.embedder, detector._pairing()):
        statement, report = pair.statement.span, pair.report.span
        if not any(statement.matches(s) for s in gold_statements):
            continue
        if any(report.matches(r) for r in contradicting_reports):
            continue
        if any(statement.matches(s) and report.matches(r) for s, r in labelled):
            continue
        unlisted.append(pair)
    return unlisted


def gather_nli_pairs(paths: list[Path]) -> JudgePairs:
    """Labelled pairs of plain NLI pair files (premise = statement, hypothesis = report).

    Pairs that share a premise form one group (one matter written up by the team).
    """
    pairs = JudgePairs()
    for path in paths:
        _refuse_test(path)
        for example in read_nli_file(path).examples:
            context = PairContext.from_texts(example.premise, example.hypothesis)
            pairs.add(example.premise, example.hypothesis, context, example.label, f"{path.name}:{example.premise}", example.weight)
    return pairs


def fit_and_save(
    detector: Detector,
    article_files: list[Path],
    pair_files: list[Path],
    output: Path,
    seed: int = 0,
    feature_names: tuple[str, ...] = DEFAULT_JUDGE_FEATURES,
    regularisation: float | None = None,
    in_article_weight: float = IN_ARTICLE_WEIGHT_DEFAULT,
) -> Judge:
    """Compute the features of every pair, fit the judge, and write ``output/judge.json``.

    Args:
        feature_names: the features the judge is fitted on.
        regularisation: the logistic regression's ``C``; ``None`` chooses it by
            article-grouped cross-validation (see :func:`contradict.judge.fit_judge`).
        in_article_weight: weight of the in-article negatives of the module docstring; 0
            leaves them out. They teach the judge the run-time mix of candidates, most of which
            are about another matter (see the judge's model card for what they change).
    """
    pairs = gather_article_pairs(detector, article_files, in_article_weight=in_article_weight, seed=seed)
    pairs.extend(gather_nli_pairs(pair_files))
    if not pairs:
        raise DatasetError("no labelled pairs to fit the judge on")
    logger.info("computing features of %d pairs", len(pairs))
    features = detector.features(pairs.premises, pairs.reports, pairs.contexts)
    judge = fit_judge(
        features,
        pairs.labels,
        seed=seed,
        regularisation=regularisation,
        feature_names=feature_names,
        groups=np.array(pairs.groups),
        sample_weight=np.array(pairs.weights),
        metadata={
            "nli_model": _portable(detector.nli.name),
            "nli_precision": detector.nli.precision,  # resolved by features(): what the fit saw
            "fitted_on": [_describe(p) for p in article_files + pair_files],
            "negatives": {
                "cross_article_per_article": UNRELATED_PER_ARTICLE,
                "in_article": in_article_weight > 0,
                "in_article_weight": in_article_weight if in_article_weight > 0 else None,
            },
            "date": date.today().isoformat(),
            "seed": seed,
            "label_counts": {label: pairs.labels.count(label) for label in sorted(set(pairs.labels))},
        },
    )
    judge.save(output)
    return judge


def _portable(model: str) -> str:
    """A shipped model as ``models/<name>`` (the same on every checkout); anything else as given."""
    path = Path(model)
    if path.is_absolute() and path.parent == models_dir().resolve():
        return f"models/{path.name}"
    return model


def _describe(path: Path) -> dict:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return {"file": str(path), "sha256_16": digest}
