"""The evaluation commands, ``eval`` and ``eval-nli``, added to the main group by :mod:`contradict.cli`.

Like :mod:`contradict.cli`, this module prints: results to stdout, logs to stderr.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

import click

from .labels import CONTRADICTION
from .nli_runners import PRECISIONS


def _console():
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        # Piped output has no width to fit; 80 columns would wrap the interval cells.
        console.width = max(console.width, 160)
    return console


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _default_run_folder(dataset: Path) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("eval") / "runs" / f"{dataset.stem}-{stamp}"


# -- eval -------------------------------------------------------------------------------------


@click.command("eval")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Run folder (default: eval/runs/<dataset name>-<timestamp>).")
@click.option("--model", default=None, help="NLI model: a local folder or a hub id (default: the shipped model).")
@click.option("--judge", default=None, help="Judge folder (default: the shipped one); 'nli-only' scores with the NLI model alone.")
@click.option("--precision", type=click.Choice(PRECISIONS), default="auto", show_default=True,
              help="Numeric form of the NLI model (auto: bf16 on CPUs with native bfloat16, else fp32).")
@click.option("--voice", default=None, help="Voice model folder (default: the shipped one); 'off' keeps the reader's attribution alone.")
@click.option("--top-k", default=None, type=int, help="Reports kept per statement by retrieval (default: the detector's).")
@click.option("--seed", default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("--bootstrap", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Bootstrap resamples for confidence intervals (0: none).")
@click.option("--no-end-to-end", is_flag=True, help="Score the gold pairs only; skip running the detector on the texts.")
@click.option("--ids", "id_pattern", default=None, metavar="REGEX",
              help="Evaluate only the articles whose id matches this regular expression (e.g. '^[de]-').")
@click.option("--json", "as_json", is_flag=True, help="Print every number as JSON instead of a summary table.")
def eval_command(
    dataset: Path,
    out_dir: Path | None,
    model: str | None,
    judge: str | None,
    precision: str,
    voice: str | None,
    top_k: int | None,
    seed: int,
    bootstrap: int,
    no_end_to_end: bool,
    id_pattern: str | None,
    as_json: bool,
) -> None:
    """Evaluate the detector on a labelled article set (JSON Lines, see design/DATASET-FORMAT.md).

    The set is validated in full before anything is scored. Writes report.md, metrics.json,
    predictions.jsonl, config.json and plots into the run folder, and prints a summary.
    """
    from .dataset import load_dataset
    from .evaluation import evaluate

    articles = load_dataset(dataset)  # fails here, before any model loads, on any problem
    if id_pattern is not None:
        articles = _matching(articles, id_pattern, dataset)
    from contradict.detector import load_evaluated_system

    settings = {name: value for name, value in (("top_k", top_k), ("voice", voice)) if value}
    system = load_evaluated_system(model=model, judge=judge, precision=precision, **settings)
    out_dir = out_dir or _default_run_folder(dataset)
    metrics = evaluate(
        articles, system, out_dir, end_to_end=not no_end_to_end, seed=seed, bootstrap=bootstrap, dataset_path=dataset
    )
    if as_json:
        click.echo(json.dumps({"out_dir": str(out_dir), **metrics}, indent=2, ensure_ascii=False))
        return
    _print_eval_summary(metrics, out_dir)


def _matching(articles: list, id_pattern: str, dataset: Path) -> list:
    """The articles whose id matches ``id_pattern``; a usage error when none does."""
    try:
        pattern = re.compile(id_pattern)
    except re.error as exc:
        raise click.BadParameter(f"not a regular expression: {exc}", param_hint="--ids") from exc
    chosen = [a for a in articles if pattern.search(a.id)]
    if not chosen:
        raise click.BadParameter(f"no article id of {dataset} matches {id_pattern!r}", param_hint="--ids")
    return chosen


def _with_interval(result: dict, name: str, value: float | None) -> str:
    interval = (result.get("bootstrap") or {}).get("intervals", {}).get(name)
    if interval is None:
        return _fmt(value)
    return f"{_fmt(value)} [{_fmt(interval[0])}–{_fmt(interval[1])}]"


def _print_eval_summary(metrics: dict, out_dir: Path) -> None:
    from rich.table import Table

    console = _console()
    counts = metrics["dataset"]
    table = Table(title=f"pair level: {counts['pairs']} gold pairs in {counts['articles']} articles (95% CI)")
    for column in ("row", "accuracy", "macro-F1", "contr. F1", "contr. AUC", "ECE"):
        table.add_column(column, justify="left" if column == "row" else "right")
    for name, result in metrics["pairs"].items():
        contradiction = result["per_class"][CONTRADICTION]
        table.add_row(
            name,
            _with_interval(result, "accuracy", result["accuracy"]),
            _with_interval(result, "macro_f1", result["macro_f1"]),
            _with_interval(result, "contradiction_f1", contradiction["f1"]),
            _with_interval(result, "contradiction_auc", result["contradiction_auc"]),
            _fmt(result["ece"]),
        )
    console.print(table)
    end_to_end = metrics.get("end_to_end")
    if end_to_end:
        system, raw = end_to_end["system"], end_to_end["raw_nli_all_pairs"]["findings"]
        e2e = Table(title="end to end (text alone)")
        e2e.add_column("measure")
        e2e.add_column("system", justify="right")
        e2e.add_column("raw NLI, all pairs", justify="right")
        for label, key in (
            ("statement recall", "statement_recall"),
            ("report recall", "report_recall"),
            ("subject attribution precision", "subject_attribution_precision"),
            ("candidate pair recall", "candidate_pair_recall"),
            ("contradiction candidate recall", "contradiction_candidate_recall"),
        ):
            e2e.add_row(label, _fmt(system[key]["rate"]), "")
        for label, key in (("finding precision", "precision"), ("finding recall", "recall"), ("finding F1", "f1")):
            e2e.add_row(label, _fmt(system["findings"][key]), _fmt(raw[key]))
        console.print(e2e)
    primary = metrics["primary_metric"]
    timing = metrics["timing"]
    console.print(f"primary metric {primary['name']} = {_fmt(primary['value'])}; took {timing['total_seconds']:.1f} s")
    console.print(f"written to {out_dir}")


# -- eval-nli ---------------------------------------------------------------------------------


@click.command("eval-nli")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--model", default=None,
              help="NLI model: a local folder or a hub id (default: $CONTRADICT_NLI_MODEL or the shipped model).")
@click.option("--labels", "label_order", default=None,
              help="Label names in the model's index order, for checkpoints labelled LABEL_0.. "
              "(e.g. contradiction,neutral,entailment).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N usable pairs of each file.")
@click.option("--precision", type=click.Choice(PRECISIONS), default="auto", show_default=True,
              help="Numeric form of the NLI model (auto: bf16 on CPUs with native bfloat16, else fp32).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON instead of tables.")
@click.option("--out", "out_file", type=click.Path(path_type=Path), default=None,
              help="Also write the results to this JSON file.")
def eval_nli_command(
    files: tuple[Path, ...],
    model: str | None,
    label_order: str | None,
    limit: int | None,
    precision: str,
    as_json: bool,
    out_file: Path | None,
) -> None:
    """Score the NLI model on plain NLI files (JSON Lines: premise, hypothesis, label).

    Files labelled entailment / not_entailment (two_way/) are scored by folding the model's
    neutral and contradiction predictions into not_entailment. Bad lines are reported and
    skipped.
    """
    from .evaluation import evaluate_nli_file
    from .nli_data import read_nli_eval_file
    from .nli import NLIModel

    nli_files = [read_nli_eval_file(path, limit) for path in files]  # every file checked before the model loads
    for nli_file in nli_files:
        for skipped in nli_file.skipped:
            click.echo(f"skipped {skipped}", err=True)
    order = [name.strip() for name in label_order.split(",")] if label_order else None
    nli = NLIModel(model, label_order=order, precision=precision).load()
    results = {"model": nli.name, "precision": nli.precision, "files": [evaluate_nli_file(nli_file, nli.predict) for nli_file in nli_files]}
    if out_file is not None:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if as_json:
        click.echo(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        _print_nli_results(results)
        if out_file is not None:
            click.echo(f"written to {out_file}")


def _print_nli_results(results: dict) -> None:
    from rich.table import Table

    console = _console()
    summary = Table(title=f"NLI model {results['model']}")
    for column in ("file", "pairs", "scheme", "accuracy", "macro-F1", "contr. recall", "skipped"):
        summary.add_column(column, justify="left" if column in ("file", "scheme") else "right")
    for result in results["files"]:
        summary.add_row(
            Path(result["file"]).name,
            str(result["n"]),
            "2-way" if result["two_way"] else "3-way",
            _fmt(result["accuracy"]),
            _fmt(result["macro_f1"]),
            _fmt(result["contradiction_recall"]),
            str(len(result["skipped"])),
        )
    console.print(summary)
    for result in results["files"]:
        console.print(_confusion_table(result))


def _confusion_table(result: dict):
    from rich.table import Table

    table = Table(title=f"{Path(result['file']).name}: confusion matrix", caption="rows gold, columns predicted")
    table.add_column("gold \\ predicted")
    for label in result["labels"]:
        table.add_column(label, justify="right")
    table.add_column("recall", justify="right")
    for label, row in zip(result["labels"], result["confusion_matrix"]):
        table.add_row(label, *map(str, row), _fmt(result["per_class_recall"][label]))
    return table
