"""The evaluation run's ``report.md``: headline with intervals, per-class and baseline tables,
end-to-end measures, timing and dataset counts, with the plots linked.

The report reads only ``metrics.json`` and ``config.json`` as the harness writes them
(:mod:`contradict.evaluation`); the names of their rows are defined here, beside the
words the report shows for them.
"""

from __future__ import annotations

from collections.abc import Sequence

from .labels import CONTRADICTION, LABELS

#: Names of the pair-level rows, the system first.
SYSTEM, MAJORITY, NEGATION_CUE, RAW_NLI = "system", "majority", "negation_cue", "raw_nli"
#: The raw NLI model read both ways round: the direction with the higher contradiction
#: probability gives the row (contradiction is symmetric; which side is the premise is not).
RAW_NLI_BOTH = "raw_nli_both_directions"
#: Name of the end-to-end baseline row: the raw NLI model over every pair, no retrieval.
RAW_NLI_ALL_PAIRS = "raw_nli_all_pairs"


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _fmt_ci(value: float | None, result: dict, name: str) -> str:
    interval = result.get("bootstrap", {}).get("intervals", {}).get(name)
    if interval is None:
        return _fmt(value)
    return f"{_fmt(value)} [{_fmt(interval[0])}, {_fmt(interval[1])}]"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _count_cell(count: dict) -> str:
    return f"{_fmt(count['rate'])} ({count['matched']}/{count['total']})"


_PAIR_ROW_NAMES = {
    SYSTEM: "system",
    MAJORITY: "majority class",
    NEGATION_CUE: "negation-cue heuristic",
    RAW_NLI: "raw NLI model",
    RAW_NLI_BOTH: "raw NLI model, both directions",
}


def render_report(metrics: dict, config: dict) -> str:
    """The run's ``report.md``: headline with intervals, tables, plots and dataset counts."""
    pairs = metrics["pairs"]
    system = pairs[SYSTEM]
    ci = system.get("bootstrap")
    intervals = (
        f"{ci['n_resamples']} bootstrap resamples of {ci['unit']}s, {ci['confidence']:.0%} intervals"
        if ci
        else "no bootstrap"
    )
    lines = [
        f"# Evaluation: {config['system'].get('name', 'system')} on {config['dataset']['name']}",
        "",
        f"{config['date']} · seed {config['seed']} · {intervals}",
        "",
        "## Headline (pair level, gold pairs given)",
        "",
        f"Primary metric `{metrics['primary_metric']['name']}` = **{_fmt(metrics['primary_metric']['value'])}**",
        "",
    ]
    headline = [
        ("accuracy", system["accuracy"], "accuracy"),
        ("macro-F1", system["macro_f1"], "macro_f1"),
        ("contradiction precision", system["per_class"][CONTRADICTION]["precision"], "contradiction_precision"),
        ("contradiction recall", system["per_class"][CONTRADICTION]["recall"], "contradiction_recall"),
        ("contradiction F1", system["per_class"][CONTRADICTION]["f1"], "contradiction_f1"),
        ("contradiction ROC-AUC", system["contradiction_auc"], "contradiction_auc"),
        ("ECE (predicted label)", system["ece"], None),
        ("ECE (contradiction probability)", system["contradiction_ece"], None),
    ]
    lines += _table(["metric", "value [95% CI]"], [(n, _fmt_ci(v, system, k) if k else _fmt(v)) for n, v, k in headline])
    lines += ["## Per class (system)", ""]
    lines += _table(
        ["label", "precision", "recall", "F1", "support"],
        [
            (label, _fmt(s["precision"]), _fmt(s["recall"]), _fmt(s["f1"]), s["support"])
            for label, s in system["per_class"].items()
        ],
    )
    lines += ["## Confusion matrix (system; rows gold, columns predicted)", ""]
    lines += _table(
        ["gold \\ predicted", *LABELS],
        [(label, *row) for label, row in zip(LABELS, system["confusion_matrix"])],
    )
    lines += ["![confusion matrix](confusion_matrix.png)", "", "## Baselines (same gold pairs)", ""]
    lines += _table(
        ["row", "accuracy", "macro-F1", "contr. P", "contr. R", "contr. F1", "contr. AUC", "ECE"],
        [
            (
                _PAIR_ROW_NAMES.get(name, name),
                _fmt_ci(r["accuracy"], r, "accuracy"),
                _fmt_ci(r["macro_f1"], r, "macro_f1"),
                _fmt_ci(r["per_class"][CONTRADICTION]["precision"], r, "contradiction_precision"),
                _fmt_ci(r["per_class"][CONTRADICTION]["recall"], r, "contradiction_recall"),
                _fmt_ci(r["per_class"][CONTRADICTION]["f1"], r, "contradiction_f1"),
                _fmt_ci(r["contradiction_auc"], r, "contradiction_auc"),
                _fmt(r["ece"]),
            )
            for name, r in pairs.items()
        ],
    )
    lines += ["![reliability](reliability.png)", "", "![precision-recall](precision_recall.png)", ""]
    lines += _render_end_to_end(metrics.get("end_to_end"))
    lines += ["## Timing (seconds)", ""]
    lines += _table(["step", "seconds"], [(k.removesuffix("_seconds"), f"{v:.2f}") for k, v in metrics["timing"].items()])
    lines += _render_dataset(metrics["dataset"], config["dataset"])
    return "\n".join(lines)


def _render_end_to_end(end_to_end: dict | None) -> list[str]:
    if end_to_end is None:
        return ["## End to end", "", "Not run (--no-end-to-end).", ""]
    system, raw = end_to_end[SYSTEM], end_to_end[RAW_NLI_ALL_PAIRS]
    lines = ["## End to end (text alone)", ""]
    lines += _table(
        ["measure", "system"],
        [
            ("gold statements found (any speaker)", _count_cell(system["statement_recall"])),
            ("gold statements found among subject statements", _count_cell(system["subject_statement_recall"])),
            ("gold reports found", _count_cell(system["report_recall"])),
            ("subject attribution precision (judgeable)", _count_cell(system["subject_attribution_precision"])),
            ("gold pairs among candidates", _count_cell(system["candidate_pair_recall"])),
            ("gold contradiction pairs among candidates", _count_cell(system["contradiction_candidate_recall"])),
        ],
    )
    misses = system["candidate_misses"]
    if any(misses.values()):
        lines += [
            "Gold pairs not among the candidates, by the step that lost them: "
            + ", ".join(f"{reason} {count}" for reason, count in misses.items())
            + " (per pair: `missed_candidates` in predictions.jsonl).",
            "",
        ]
    lines += ["Contradiction findings against gold contradiction pairs:", ""]
    finding_rows = []
    for name, counts in (("system", system["findings"]), ("raw NLI, all pairs, no retrieval", raw["findings"])):
        finding_rows.append(
            (
                name,
                f"{_fmt(counts['precision'])} ({counts['correct']}/{counts['findings']})",
                f"{_fmt(counts['recall'])} ({counts['found']}/{counts['gold_contradictions']})",
                _fmt(counts["f1"]),
                f"{_fmt(counts['judgeable_precision'])} ({counts['correct']}/{counts['judgeable']})",
            )
        )
    lines += _table(["row", "precision", "recall", "F1", "precision on labelled pairs"], finding_rows)
    lines += [
        f"The raw NLI row scored {raw['pairs_scored']} (subject statement, report) pairs.",
        "Gold is not exhaustive: attribution precision counts only predicted subject statements that "
        "match a gold statement or report; 'precision on labelled pairs' counts only findings that "
        "match a labelled pair.",
        "",
    ]
    return lines


def _render_dataset(counts: dict, dataset: dict) -> list[str]:
    lines = ["## Dataset", ""]
    rows = [
        ("file", dataset.get("path") or "–"),
        ("sha256", dataset.get("sha256") or "–"),
        ("articles", counts["articles"]),
        ("pairs", counts["pairs"]),
        *((f"pairs: {label}", n) for label, n in counts["labels"].items()),
        ("distinct gold statements", counts["statements"]),
        ("distinct gold reports", counts["reports"]),
        *((f"articles: domain {d}", n) for d, n in counts["domains"].items()),
        *((f"articles: kind {k}", n) for k, n in counts.get("kinds", {}).items()),
    ]
    return lines + _table(["", "count"], rows)
