"""The evaluation harness: a system, a labelled set, and a run folder of numbers with references.

Evaluation uses only a system's public calls (:class:`EvaluatedSystem`) and the pure
functions of :mod:`contradict.metrics`. It measures at two levels:

* **pair level** (the gold pairs are given): is each (statement, report) pair judged right?
* **end to end** (text alone): are the statements, the reports, the subject's statements,
  the candidate pairs and finally the contradictions found?

The end-to-end matching lives in :mod:`contradict.evaluation_end_to_end`, the run folder's
``report.md`` is rendered by :mod:`contradict.evaluation_report` and its plots drawn by
:mod:`contradict.evaluation_plots`; plain NLI files (``eval-nli``) are read by
:func:`contradict.nli_data.read_nli_eval_file` and scored here by :func:`evaluate_nli_file`.

Every number has a reference beside it, computed in the same run: the majority class, a
negation-cue heuristic and the raw NLI model on the gold pairs, and, end to end, the raw NLI
model over every (subject statement, report) pair with no retrieval.

The primary metric is pair-level macro-F1 (:data:`PRIMARY_METRIC`): it weighs the three
labels equally, so a judge cannot score well by calling everything neutral.

Gold is not exhaustive (pairs not listed are unlabelled, not neutral), which shapes two
end-to-end measures: attribution precision counts only the predicted subject statements that
gold can judge, and finding precision is given both over all findings and over the findings
that match a labelled pair.

Example:
    >>> metrics = evaluate(load_dataset("eval/data/dev.jsonl"), system, "eval/runs/dev")  # doctest: +SKIP
    >>> metrics["primary_metric"]  # doctest: +SKIP
    {'name': 'pairs.system.macro_f1', 'value': 0.61}
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import platform
import re
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .dataset import Article, GoldPair
from .errors import InputError
from .evaluation_end_to_end import (
    EndToEndCounts,
    GoldSpans,
    SystemOutput,
    candidate_miss_reason,
    gold_label_of,
    pooled,
    run_end_to_end,
    timed,
)
from .evaluation_plots import (
    PLOT_FILES,
    plot_confusion_matrix,
    plot_precision_recall,
    plot_reliability,
    require_matplotlib,
)
from .evaluation_report import MAJORITY, NEGATION_CUE, RAW_NLI, RAW_NLI_ALL_PAIRS, RAW_NLI_BOTH, SYSTEM, render_report
from .labels import CONTRADICTION, LABEL_INDEX, LABELS, NEUTRAL
from .metrics import (
    FindingCounts,
    bootstrap_intervals,
    check_probabilities,
    nli_benchmark_metrics,
    pair_metrics,
)
from .nli_data import NLIEvalFile
from .records import Span

logger = logging.getLogger(__name__)

PRIMARY_METRIC = "pairs.system.macro_f1"
RUN_FILES = ("report.md", "metrics.json", "predictions.jsonl", "config.json")


# -- what a system must offer -----------------------------------------------------------------


@runtime_checkable
class EvaluatedSystem(Protocol):
    """The calls the harness makes on a system (the detector implements them)."""

    name: str

    def score_pairs(self, items: Sequence[tuple[Article, GoldPair]]) -> np.ndarray:
        """Calibrated ``(n, 3)`` probabilities (LABELS order) for gold pairs in their articles."""
        ...

    def nli_scores(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """The raw NLI model's ``(n, 3)`` probabilities for (premise, hypothesis) pairs."""
        ...

    def analyze(self, article: Article) -> SystemOutput:
        """Everything the system finds in the article's text."""
        ...

    def describe(self) -> dict:
        """Configuration and model versions, JSON-ready; written into the run folder."""
        ...


# -- baselines --------------------------------------------------------------------------------

# Denial and negation cues, after the negation-cue lists of Hossain et al. (EMNLP 2020) and
# the denial verbs of news attribution; "not" also catches contractions via n't.
NEGATION_CUE_PATTERN = re.compile(
    r"\b(?:not|no|never|nothing|none|nobody|nowhere|neither|nor|cannot|without"
    r"|den(?:y|ies|ied|ying|ial)|refut(?:e|es|ed|ing)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?"
    r"|false|untrue|baseless|unfounded|groundless|fake|lies?)\b"
    r"|n['\u2019]t\b",
    re.IGNORECASE,
)


def has_negation_cue(text: str) -> bool:
    """Whether ``text`` carries a negation or denial cue.

    Example:
        >>> has_negation_cue("I didn't meet him"), has_negation_cue("They met twice")
        (True, False)
    """
    return NEGATION_CUE_PATTERN.search(text) is not None


def _one_hot(label_names: Sequence[str]) -> np.ndarray:
    probabilities = np.zeros((len(label_names), len(LABELS)))
    probabilities[np.arange(len(label_names)), [LABEL_INDEX[name] for name in label_names]] = 1.0
    return probabilities


def majority_class_probabilities(gold_labels: Sequence[str]) -> np.ndarray:
    """Probability 1 on the most frequent gold label (ties: canonical order), for every pair.

    It reads the gold distribution of the set it is scored on, so it is the strongest
    constant guess, an upper bound for any label-blind system.
    """
    counts = Counter(gold_labels)
    majority = max(LABELS, key=lambda label: counts[label])  # max keeps the first of ties
    return _one_hot([majority] * len(gold_labels))


def negation_cue_probabilities(pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """Contradiction when the statement carries a denial cue and the report none, else neutral.

    The shallow signal most news contradictions show: a denial facing a plain assertion.
    """
    return _one_hot(
        [
            CONTRADICTION if has_negation_cue(statement) and not has_negation_cue(report) else NEUTRAL
            for statement, report in pairs
        ]
    )


# -- pair level -------------------------------------------------------------------------------


def more_contradicting(forward: np.ndarray, backward: np.ndarray) -> np.ndarray:
    """Per pair, the direction's probabilities whose contradiction probability is higher."""
    column = LABELS.index(CONTRADICTION)
    return np.where((backward[:, column] > forward[:, column])[:, None], backward, forward)


def gold_items(articles: Sequence[Article]) -> list[tuple[Article, GoldPair]]:
    """Every (article, gold pair) of the set, in file order."""
    return [(article, pair) for article in articles for pair in article.pairs]


def score_pair_level(
    items: Sequence[tuple[Article, GoldPair]], system: EvaluatedSystem
) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Probabilities of the system and each baseline on the gold pairs, and the seconds taken.

    Returns:
        ``({row name: (n, 3) probabilities}, {timing name: seconds})``.
    """
    texts = [(pair.statement, pair.report) for _, pair in items]
    system_probabilities, system_seconds = timed(system.score_pairs, items)
    nli_probabilities, nli_seconds = timed(system.nli_scores, texts)
    forward = check_probabilities(nli_probabilities, len(items), f"{system.name}.nli_scores")
    backward = check_probabilities(system.nli_scores([(r, s) for s, r in texts]), len(items), f"{system.name}.nli_scores")
    probabilities = {
        SYSTEM: check_probabilities(system_probabilities, len(items), f"{system.name}.score_pairs"),
        MAJORITY: majority_class_probabilities([pair.label for _, pair in items]),
        NEGATION_CUE: negation_cue_probabilities(texts),
        RAW_NLI: forward,
        RAW_NLI_BOTH: more_contradicting(forward, backward),
    }
    return probabilities, {"pair_scoring_seconds": system_seconds, "raw_nli_pair_seconds": nli_seconds}


def pair_level_results(
    items: Sequence[tuple[Article, GoldPair]], probabilities: dict[str, np.ndarray], *, seed: int, bootstrap: int
) -> dict[str, dict]:
    """:func:`~contradict.metrics.pair_metrics` with article-level bootstrap intervals, per row."""
    gold = [pair.label for _, pair in items]
    article_ids = [article.id for article, _ in items]
    results = {}
    for name, row in probabilities.items():
        results[name] = pair_metrics(gold, row)
        if bootstrap > 0:
            results[name]["bootstrap"] = bootstrap_intervals(
                gold, row, groups=article_ids, n_resamples=bootstrap, seed=seed
            )
    return results


# -- records for error analysis ---------------------------------------------------------------


def _probability_dict(row: np.ndarray) -> dict[str, float]:
    return {label: round(float(p), 6) for label, p in zip(LABELS, row)}


def _span_dict(span: Span) -> dict:
    return {"start": span.start, "end": span.end, "text": span.text}


def pair_prediction_records(
    items: Sequence[tuple[Article, GoldPair]], probabilities: dict[str, np.ndarray]
) -> list[dict]:
    """One record per gold pair: gold, the system's prediction and every baseline's."""
    records = []
    index_in_article: Counter = Counter()
    for row, (article, pair) in enumerate(items):
        index = index_in_article[article.id]
        index_in_article[article.id] += 1
        system_row = probabilities[SYSTEM][row]
        predicted = LABELS[int(system_row.argmax())]
        records.append(
            {
                "type": "pair",
                "article_id": article.id,
                "pair_id": article.pair_id(index),
                "statement": pair.statement,
                "report": pair.report,
                "gold": pair.label,
                "predicted": predicted,
                "correct": predicted == pair.label,
                "probabilities": _probability_dict(system_row),
                "baselines": {
                    name: {
                        "predicted": LABELS[int(rows[row].argmax())],
                        "probabilities": _probability_dict(rows[row]),
                    }
                    for name, rows in probabilities.items()
                    if name != SYSTEM
                },
                "note": pair.note,
            }
        )
    return records


def article_prediction_records(
    articles: Sequence[Article], pair_records: Sequence[dict], end_to_end: dict | None
) -> list[dict]:
    """One record per article: pair-level hits and, end to end, what was found and missed."""
    by_article: dict[str, list[dict]] = {}
    for record in pair_records:
        by_article.setdefault(record["article_id"], []).append(record)
    records = []
    for position, article in enumerate(articles):
        pairs = by_article.get(article.id, [])
        record = {
            "type": "article",
            "article_id": article.id,
            "domain": article.domain,
            **({"kind": article.extra["kind"]} if "kind" in article.extra else {}),
            "pairs": len(pairs),
            "pairs_correct": sum(r["correct"] for r in pairs),
            "wrong_pairs": [r["pair_id"] for r in pairs if not r["correct"]],
        }
        if end_to_end is not None:
            record["end_to_end"] = _article_end_to_end_record(
                article, end_to_end["outputs"][position], end_to_end["counts"][position],
                end_to_end["raw_nli_counts"][position],
            )
        records.append(record)
    return records


def _article_end_to_end_record(
    article: Article, output: SystemOutput, counts: EndToEndCounts, raw_nli: FindingCounts
) -> dict:
    flagged = [(s, r) for s, r, _ in output.findings]
    missed = [
        article.pair_id(i)
        for i, pair in enumerate(article.pairs)
        if pair.label == CONTRADICTION
        and not any(s.matches(pair.statement_span) and r.matches(pair.report_span) for s, r in flagged)
    ]
    return {
        **counts.to_dict(),
        "found": {
            "statements": len(output.statements),
            "subject_statements": len(output.subject_statements),
            "reports": len(output.reports),
            "candidates": len(output.candidates),
        },
        "findings_list": [
            {
                "statement": _span_dict(s),
                "report": _span_dict(r),
                "probability": round(float(p), 6),
                "gold_label": gold_label_of((s, r), article),
            }
            for s, r, p in output.findings
        ],
        "missed_contradictions": missed,
        "missed_candidates": [
            {"pair_id": article.pair_id(i), "label": pair.label, "reason": reason}
            for i, pair in enumerate(article.pairs)
            if (reason := candidate_miss_reason((pair.statement_span, pair.report_span), output))
        ],
        "raw_nli_all_pairs": raw_nli.to_dict(),
    }


# -- dataset description ----------------------------------------------------------------------


def dataset_counts(articles: Sequence[Article]) -> dict:
    """Articles, pairs and their split by label, domain and (when given) kind."""
    labels = Counter(pair.label for article in articles for pair in article.pairs)
    counts = {
        "articles": len(articles),
        "pairs": sum(labels.values()),
        "labels": {label: labels[label] for label in LABELS},
        "domains": dict(sorted(Counter(a.domain or "unknown" for a in articles).items())),
        "statements": sum(len(GoldSpans.of(a).statements) for a in articles),
        "reports": sum(len(GoldSpans.of(a).reports) for a in articles),
    }
    kinds = Counter(a.extra["kind"] for a in articles if "kind" in a.extra)
    if kinds:
        counts["kinds"] = dict(sorted(kinds.items()))
    return counts


def content_sha256(articles: Sequence[Article]) -> str:
    """A fingerprint of what is scored (ids, texts, pairs), independent of file layout."""
    digest = hashlib.sha256()
    for article in articles:
        content = [article.id, article.subject, article.text, [p.to_dict() for p in article.pairs]]
        digest.update(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- writing the run folder -------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    """JSON for the non-JSON values a system's ``describe()`` may hold (numpy scalars, paths, sets)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n", encoding="utf-8")


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": platform.python_version()}
    for package in ("contradict", "numpy", "scikit-learn", "torch", "transformers"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return versions


# -- the harness ------------------------------------------------------------------------------


def _check_system(system: Any) -> None:
    missing = [name for name in ("name", "score_pairs", "nli_scores", "analyze", "describe") if not hasattr(system, name)]
    if missing:
        raise TypeError(f"{type(system).__name__} is not an EvaluatedSystem: it lacks {', '.join(missing)}")


def evaluate(
    articles: Sequence[Article],
    system: EvaluatedSystem,
    out_dir: str | Path,
    *,
    end_to_end: bool = True,
    seed: int = 0,
    bootstrap: int = 1000,
    dataset_path: str | Path | None = None,
) -> dict:
    """Evaluate ``system`` on a labelled set and write the run folder.

    Args:
        articles: the validated set (:func:`contradict.dataset.load_dataset`).
        system: the system under test.
        out_dir: the run folder (created; existing files of the same names are replaced).
        end_to_end: also run the system on the texts alone (slower).
        seed: seed of the bootstrap.
        bootstrap: resamples for confidence intervals (0 for none).
        dataset_path: the file ``articles`` came from, recorded with its sha256.

    Returns:
        Every number, as written to ``metrics.json``.

    Raises:
        InputError: no articles or no labelled pairs.
        ContradictError: matplotlib is missing (checked before any scoring).
        ValueError: the system returned malformed probabilities or spans (a bug in it).
    """
    _check_system(system)
    require_matplotlib()
    items = gold_items(articles)
    if not items:
        raise InputError("nothing to evaluate: the set has no articles with labelled pairs")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    logger.info("scoring %d gold pairs of %d articles with %s", len(items), len(articles), system.name)
    probabilities, timing = score_pair_level(items, system)
    metrics: dict[str, Any] = {
        "primary_metric": {"name": PRIMARY_METRIC, "value": None},
        "dataset": dataset_counts(articles),
        "pairs": pair_level_results(items, probabilities, seed=seed, bootstrap=bootstrap),
    }
    metrics["primary_metric"]["value"] = metrics["pairs"][SYSTEM]["macro_f1"]

    end_to_end_run = None
    if end_to_end:
        logger.info("running %s end to end on %d articles", system.name, len(articles))
        end_to_end_run = run_end_to_end(articles, system)
        timing.update(end_to_end_run["timing"])
        metrics["end_to_end"] = {
            SYSTEM: pooled(end_to_end_run["counts"], EndToEndCounts()).to_dict(),
            RAW_NLI_ALL_PAIRS: {
                "findings": pooled(end_to_end_run["raw_nli_counts"], FindingCounts()).to_dict(),
                "pairs_scored": end_to_end_run["raw_nli_pairs_scored"],
            },
        }
    else:
        metrics["end_to_end"] = None
    timing["total_seconds"] = time.perf_counter() - started
    metrics["timing"] = {name: round(seconds, 3) for name, seconds in timing.items()}

    config = run_config(articles, system, seed=seed, bootstrap=bootstrap, end_to_end=end_to_end, dataset_path=dataset_path)
    pair_records = pair_prediction_records(items, probabilities)
    write_run(out_dir, metrics, config, pair_records + article_prediction_records(articles, pair_records, end_to_end_run))
    gold = [pair.label for _, pair in items]
    plot_confusion_matrix(
        metrics["pairs"][SYSTEM]["confusion_matrix"], out_dir / PLOT_FILES[0], f"{system.name}: confusion matrix"
    )
    plot_reliability(gold, {SYSTEM: probabilities[SYSTEM], RAW_NLI: probabilities[RAW_NLI]}, out_dir / PLOT_FILES[1])
    plot_precision_recall(gold, {SYSTEM: probabilities[SYSTEM], RAW_NLI: probabilities[RAW_NLI]}, out_dir / PLOT_FILES[2])
    logger.info("evaluation written to %s", out_dir)
    return metrics


def run_config(
    articles: Sequence[Article],
    system: EvaluatedSystem,
    *,
    seed: int,
    bootstrap: int,
    end_to_end: bool,
    dataset_path: str | Path | None,
) -> dict:
    """What makes the run reproducible: the system's own description, the data, the settings."""
    return {
        "system": {"name": system.name, **system.describe()},
        "dataset": {
            "name": Path(dataset_path).stem if dataset_path else "articles",
            "path": str(dataset_path) if dataset_path else None,
            "sha256": file_sha256(dataset_path) if dataset_path else None,
            "content_sha256": content_sha256(articles),
            "articles": len(articles),
            "pairs": sum(len(a.pairs) for a in articles),
        },
        "seed": seed,
        "bootstrap": bootstrap,
        "end_to_end": end_to_end,
        "primary_metric": PRIMARY_METRIC,
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
    }


def write_run(out_dir: Path, metrics: dict, config: dict, predictions: Sequence[dict]) -> None:
    """Write ``metrics.json``, ``config.json``, ``predictions.jsonl`` and ``report.md``."""
    _write_json(out_dir / "metrics.json", metrics)
    _write_json(out_dir / "config.json", config)
    with (out_dir / "predictions.jsonl").open("w", encoding="utf-8") as handle:
        for record in predictions:
            handle.write(json.dumps(record, ensure_ascii=False, default=_json_default) + "\n")
    (out_dir / "report.md").write_text(render_report(metrics, config), encoding="utf-8")


# -- plain NLI files (eval-nli) ---------------------------------------------------------------


def evaluate_nli_file(nli_file: NLIEvalFile, predict) -> dict:
    """Score one NLI file with ``predict(pairs) -> (n, 3)`` and summarise it.

    Returns:
        :func:`~contradict.metrics.nli_benchmark_metrics` plus ``file``, ``skipped`` (each
        ``{"line", "reason"}``) and ``seconds``.
    """
    pairs = [(example.premise, example.hypothesis) for example in nli_file.examples]
    probabilities, seconds = timed(predict, pairs)
    summary = nli_benchmark_metrics([e.label for e in nli_file.examples], probabilities, two_way=nli_file.two_way)
    return {
        "file": str(nli_file.path),
        **summary,
        "skipped": [{"line": s.line, "reason": s.reason} for s in nli_file.skipped],
        "seconds": round(seconds, 3),
    }
