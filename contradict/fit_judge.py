"""Fit the judge on labelled news pairs and store it with the models.

The judge is fitted on pairs the NLI model never saw in training: the dev split of the
hand-labelled set (gold statement and report spans, read in their articles) and the
held-out dev part of the team's domain pairs. Test splits are refused.
"""

from __future__ import annotations

import hashlib
import logging
import random
from datetime import date
from pathlib import Path

import numpy as np

from .attribution import read_article
from .dataset import load_dataset
from .detector import Detector, context_of
from .errors import DatasetError
from .judge import Judge, PairContext, fit_judge
from .nli_data import read_nli_file

logger = logging.getLogger(__name__)


def _refuse_test(path: Path) -> None:
    if "test" in path.name:
        raise DatasetError(f"refusing to fit the judge on {path}: test splits are for reported numbers only")


def gather_article_pairs(
    detector: Detector, paths: list[Path], unrelated_per_article: int = 2, seed: int = 0
) -> tuple[list[str], list[str], list[PairContext], list[str]]:
    """Premises, reports, contexts and labels of every gold pair in labelled-set files.

    Gold pairs are chosen to be hard, so they teach the judge little about the many unrelated
    reports that retrieval also returns. Each article therefore adds ``unrelated_per_article``
    neutral pairs: one of its gold statements against a report of another article, which
    cannot speak to the same matter.
    """
    rng = random.Random(seed)
    premises, reports, contexts, labels = [], [], [], []
    for path in paths:
        _refuse_test(path)
    articles = [article for path in paths for article in load_dataset(path)]
    gold_reports = [(a.id, a.pairs[0].report) for a in articles]
    for article in articles:
        reading = read_article(article.text, article.subject)
        for gold in article.pairs:
            pair = detector.gold_pair(reading, gold.statement_span, gold.report_span)
            premises.append(pair.premise)
            reports.append(pair.report.span.text)
            contexts.append(context_of(pair.statement, pair.report, pair.premise != pair.statement.span.text))
            labels.append(gold.label)
        others = [text for article_id, text in gold_reports if article_id != article.id]
        for _ in range(unrelated_per_article if others else 0):
            gold = rng.choice(article.pairs)
            pair = detector.gold_pair(reading, gold.statement_span, gold.report_span)
            other = rng.choice(others)
            premises.append(pair.premise)
            reports.append(other)
            contexts.append(PairContext.from_texts(pair.premise, other))
            labels.append("neutral")
    return premises, reports, contexts, labels


def gather_nli_pairs(paths: list[Path]) -> tuple[list[str], list[str], list[PairContext], list[str]]:
    """Premises, reports, contexts and labels of plain NLI pair files (statement, report)."""
    premises, reports, contexts, labels = [], [], [], []
    for path in paths:
        _refuse_test(path)
        for example in read_nli_file(path).examples:
            premises.append(example.premise)
            reports.append(example.hypothesis)
            contexts.append(PairContext.from_texts(example.premise, example.hypothesis))
            labels.append(example.label)
    return premises, reports, contexts, labels


def fit_and_save(detector: Detector, article_files: list[Path], pair_files: list[Path], output: Path, seed: int = 0) -> Judge:
    """Compute the features of every pair, fit the judge, and write ``output/judge.json``."""
    parts = [gather_article_pairs(detector, article_files), gather_nli_pairs(pair_files)]
    premises = [p for part in parts for p in part[0]]
    reports = [r for part in parts for r in part[1]]
    contexts = [c for part in parts for c in part[2]]
    labels = [label for part in parts for label in part[3]]
    if not labels:
        raise DatasetError("no labelled pairs to fit the judge on")
    logger.info("computing features of %d pairs", len(labels))
    features = detector.features(premises, reports, contexts)
    judge = fit_judge(
        features,
        labels,
        seed=seed,
        metadata={
            "nli_model": detector.nli.name,
            "fitted_on": [_describe(p) for p in article_files + pair_files],
            "date": date.today().isoformat(),
            "seed": seed,
            "label_counts": {label: labels.count(label) for label in sorted(set(labels))},
        },
    )
    judge.save(output)
    return judge


def _describe(path: Path) -> dict:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return {"file": str(path), "sha256_16": digest}


