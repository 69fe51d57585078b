"""The ``contradict`` command line: the only module that prints."""

from __future__ import annotations

import logging
import sys

import json

import click

from .errors import ContradictError, InputError


class _Group(click.Group):
    """A click group that turns :class:`ContradictError` into a one-line message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ContradictError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group)
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
def main(verbose: int) -> None:
    """Find where a news article's subject is contradicted by what others report."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)


@main.command("train-nli")
@click.option("--data", "data_dir", default="../shared/nli-data", show_default=True, help="Folder of general NLI training files.")
@click.option("--train-file", "train_files", multiple=True, help="General training file names in --data (default: the recipe's list).")
@click.option("--domain-file", "domain_files", multiple=True, help="News-domain pair files (JSONL), augmented and repeated.")
@click.option("--domain-repeats", default=3, show_default=True)
@click.option("--general-fraction", default=1.0, show_default=True, help="Share of the general pairs to keep.")
@click.option("--no-augment", is_flag=True, help="Do not augment the domain pairs.")
@click.option("--overlap-weight", default=1.0, show_default=True, help="Up-weighting of overlapping neutral/contradiction pairs.")
@click.option("--base-model", default=None, help="Start from this checkpoint (default: the packaged MiniLM encoder).")
@click.option("-o", "--output", "output_dir", default="models/contradict-nli-minilm", show_default=True)
@click.option("--checkpoint-dir", default="~/.cache/contradict/train/contradict-nli-minilm", show_default=True)
@click.option("--epochs", default=2.0, show_default=True)
@click.option("--batch-size", default=32, show_default=True)
@click.option("--learning-rate", default=4e-5, show_default=True)
@click.option("--max-length", default=128, show_default=True)
@click.option("--checkpoint-minutes", default=5.0, show_default=True)
@click.option("--seed", default=42, show_default=True)
def train_nli_command(**options) -> None:
    """Train the default NLI model from a data folder to a model folder, resumably, on CPU."""
    from .train_nli import GENERAL_TRAIN_FILES, TrainConfig, train

    options["train_files"] = tuple(options["train_files"]) or GENERAL_TRAIN_FILES
    options["domain_files"] = tuple(options["domain_files"])
    options["augment"] = not options.pop("no_augment")
    logging.getLogger().setLevel(min(logging.getLogger().level, logging.INFO))
    output = train(TrainConfig(**options))
    click.echo(f"model written to {output}")


def _model_options(command):
    """--model and --labels, shared by every command that runs the NLI model."""
    command = click.option(
        "--labels",
        "label_order",
        default=None,
        help="Label names in the model's index order, for checkpoints labelled LABEL_0.. "
        "(e.g. contradiction,neutral,entailment).",
    )(command)
    return click.option(
        "--model",
        default=None,
        help="NLI model: a local folder or a hub id (default: $CONTRADICT_NLI_MODEL or the shipped model).",
    )(command)


def _load_nli(model: str | None, label_order: str | None):
    from .nli import NLIModel

    order = [name.strip() for name in label_order.split(",")] if label_order else None
    return NLIModel(model, label_order=order).load()


@main.command("pair")
@click.argument("statement")
@click.argument("report")
@_model_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def pair_command(statement: str, report: str, model: str | None, label_order: str | None, as_json: bool) -> None:
    """Score one STATEMENT against one REPORT, in both directions.

    Prints the label and the probabilities of entailment, neutral and contradiction for
    statement -> report (and report -> statement).
    """
    from .labels import LABELS
    from .nli import label_of

    for name, text in (("STATEMENT", statement), ("REPORT", report)):
        if not text.strip():
            raise InputError(f"{name} is empty; expected a sentence")
    nli = _load_nli(model, label_order)
    forward, backward = nli.predict_both([(statement, report)])
    result = {
        "model": nli.name,
        "label": label_of(forward)[0],
        "statement_to_report": dict(zip(LABELS, map(float, forward[0]))),
        "report_to_statement": dict(zip(LABELS, map(float, backward[0]))),
    }
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"label: {result['label']}")
    for direction in ("statement_to_report", "report_to_statement"):
        probs = "  ".join(f"{k} {v:.3f}" for k, v in result[direction].items())
        click.echo(f"{direction.replace('_', ' ')}: {probs}")


@main.command("models")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def models_command(as_json: bool) -> None:
    """List the models available offline and where they come from."""
    from dataclasses import asdict

    from .model_registry import available_models, default_nli_model

    models = available_models()
    if as_json:
        click.echo(json.dumps({"default_nli": default_nli_model(), "models": [asdict(m) for m in models]}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="models available offline")
    for column in ("name", "kind", "origin", "labels", "location"):
        table.add_column(column)
    for m in models:
        table.add_row(m.name, m.kind, m.origin, ", ".join(m.labels), m.location)
    console = Console()
    console.print(table)
    console.print(f"default NLI model: {default_nli_model()}")
