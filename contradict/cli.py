"""The ``contradict`` command line: the only module that prints."""

from __future__ import annotations

import logging
import sys

import json

import click

from .errors import ContradictError, InputError
from .nli_runners import PRECISIONS


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
    _quiet_libraries()


def _quiet_libraries() -> None:
    """Model libraries draw progress bars on load; the CLI keeps the terminal for results.

    Set through the environment, which transformers and huggingface_hub read when (and if)
    they are imported, so that a command that never needs transformers does not pay for
    importing it.
    """
    import os

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


@main.command("train-nli")
@click.option("--data", "data_dir", default="../shared/nli-data", show_default=True, help="Folder of general NLI training files.")
@click.option("--train-file", "train_files", multiple=True, help="General training file names in --data (default: the recipe's list).")
@click.option("--domain-file", "domain_files", multiple=True, help="News-domain pair files (JSONL), augmented and repeated.")
@click.option("--domain-repeats", default=3, show_default=True)
@click.option("--general-fraction", default=1.0, show_default=True, help="Share of the general pairs to keep.")
@click.option("--no-augment", is_flag=True, help="Do not augment the domain pairs.")
@click.option("--overlap-weight", default=1.0, show_default=True, help="Up-weighting of overlapping neutral/contradiction pairs.")
@click.option("--name-edits", is_flag=True, help="Also add domain pairs with the report's shared name swapped, as neutral.")
@click.option(
    "--negation-edits", "negation_fraction", default=0.0, show_default=True,
    help="Share of pairs with a simple hypothesis to add negated (an entailment becomes a contradiction, a neutral pair stays neutral).",
)
@click.option("--base-model", default=None, help="Start from this checkpoint (default: the packaged MiniLM encoder).")
@click.option("-o", "--output", "output_dir", default="models/contradict-nli-minilm", show_default=True)
@click.option("--checkpoint-dir", default="~/.cache/contradict/train/contradict-nli-minilm", show_default=True)
@click.option("--epochs", default=2.0, show_default=True)
@click.option("--batch-size", default=32, show_default=True)
@click.option("--learning-rate", default=4e-5, show_default=True)
@click.option("--max-length", default=128, show_default=True)
@click.option("--checkpoint-minutes", default=5.0, show_default=True)
@click.option("--stop-after-steps", default=None, type=int, help="End after N steps, keeping the full run's schedule.")
@click.option("--seed", default=42, show_default=True)
@click.option(
    "--precision", type=click.Choice(["auto", "fp32", "bf16"]), default="auto", show_default=True,
    help="bf16: bfloat16 autocast with float32 weights, several times faster on CPUs with native bfloat16 "
    "(auto picks it there).",
)
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


def _detector_options(command):
    """Options shared by the commands that run the whole detector."""
    command = click.option(
        "--top-k", type=click.IntRange(min=1), default=None,
        help="Reports kept per statement by retrieval.  [default: the detector's, 15]",
    )(command)
    command = click.option(
        "--threshold", type=click.FloatRange(0.0, 1.0), default=None,
        help="Flag a pair as a contradiction from this calibrated probability on "
        "(lower finds more, less precisely).  [default: the judge's]",
    )(command)
    command = click.option(
        "--precision", type=click.Choice(PRECISIONS), default="auto", show_default=True,
        help="Numeric form of the NLI model: auto is bf16 on CPUs with native bfloat16, else fp32; "
        "int8 is faster still but less accurate.",
    )(command)
    command = click.option(
        "--judge", default=None, help="Judge folder (default: the shipped models/contradict-judge); 'nli-only' skips it."
    )(command)
    command = click.option(
        "--voice", default=None,
        help="Voice model folder (default: the shipped models/contradict-voice); 'off' keeps the reader's attribution alone.",
    )(command)
    return _model_options(command)


def _detector(model, label_order, judge, top_k, precision="auto", threshold=None, voice=None):
    from .detector import Detector, DetectorConfig

    order = tuple(name.strip() for name in label_order.split(",")) if label_order else None
    settings = {name: value for name, value in (("top_k", top_k), ("threshold", threshold), ("voice", voice)) if value is not None}
    return Detector(DetectorConfig(nli_model=model, label_order=order, judge=judge, precision=precision, **settings))


def _console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 120)


@main.command("extract")
@click.argument("article")
@click.option("--subject", default=None, help="Whose statements to find (default: found automatically).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--voice", default=None,
    help="Voice model folder (default: the shipped models/contradict-voice); 'off' shows the reader's attribution alone.",
)
def extract_command(article: str, subject: str | None, as_json: bool, voice: str | None) -> None:
    """Show who said what in ARTICLE: statements (speaker, denial) and reports (source, hedge).

    ARTICLE is a text file, a JSON record in the labelled-set format, or - for stdin.
    Statements the voice model gave to the subject carry the flag "voice-model".
    """
    from .article_input import load_article_input
    from .detector import Detector, DetectorConfig

    loaded = load_article_input(article)
    reading = Detector(DetectorConfig(voice=voice)).read(loaded.text, subject or loaded.subject)  # loads no NLI model
    if as_json:
        click.echo(
            json.dumps(
                {
                    "subject": reading.subject.name if reading.subject else None,
                    "statements": [s.to_dict() for s in reading.all_statements],
                    "reports": [r.to_dict() for r in reading.reports],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    from .render import reading_tables

    _console().print(reading_tables(reading))


@main.command("analyze")
@click.argument("article")
@click.option("--subject", default=None, help="Whose statements to test (default: found automatically).")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "html"]), default="table", show_default=True)
@click.option("--top", default=None, type=int, help="Show at most N findings.")
@click.option("--all-pairs", is_flag=True, help="Table: show every judged pair, not only contradictions.")
@click.option("-o", "--output", default=None, help="Write to this file (html default: ARTICLE-ID.html).")
@_detector_options
def analyze_command(
    article, subject, output_format, top, all_pairs, output, model, label_order, judge, top_k, precision, threshold, voice
) -> None:
    """Find where the subject of ARTICLE is contradicted by what others report.

    ARTICLE is a text file, a JSON record in the labelled-set format, or - for stdin.
    """
    from .article_input import load_article_input

    loaded = load_article_input(article)
    detector = _detector(model, label_order, judge, top_k, precision, threshold, voice)
    analysis = detector.analyze(loaded.text, subject or loaded.subject)
    if output_format == "json":
        _emit(json.dumps({"id": loaded.id, **analysis.to_dict(top)}, indent=2, ensure_ascii=False), output)
    elif output_format == "html":
        from .render import analysis_html

        path = output or f"{loaded.id}.html"
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(analysis_html(analysis, title=f"contradict: {loaded.id}", top=top))
        click.echo(f"wrote {path}", err=True)
    else:
        from .render import findings_table

        _console().print(findings_table(analysis, top, show_all=all_pairs))


@main.command("compare")
@click.argument("article_a")
@click.argument("article_b")
@click.option("--subject", default=None, help="Whose statements to test (default: found in ARTICLE_A).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--top", default=None, type=int, help="Show at most N findings.")
@_detector_options
def compare_command(article_a, article_b, subject, as_json, top, model, label_order, judge, top_k, precision, threshold, voice) -> None:
    """The subject's statements in each article against the reports in the other."""
    from .article_input import load_article_input

    first, second = load_article_input(article_a), load_article_input(article_b)
    detector = _detector(model, label_order, judge, top_k, precision, threshold, voice)
    analysis = detector.compare(first.text, second.text, subject or first.subject or second.subject)
    if as_json:
        click.echo(json.dumps({"ids": [first.id, second.id], **analysis.to_dict(top)}, indent=2, ensure_ascii=False))
        return
    from .render import findings_table

    _console().print(findings_table(analysis, top))


@main.command("fit-voice")
@click.option("--labelled", "labelled_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              default=["eval/data/dev.jsonl"], show_default=True, help="Labelled article set(s); never a test split.")
@click.option("--voices", "voice_paths", multiple=True, type=click.Path(exists=True),
              default=["models/recipe/voice"], show_default=True, help="Voice-labelled set(s), files or folders of *.jsonl.")
@click.option("-o", "--output", default="models/contradict-voice", show_default=True)
@click.option("--epochs", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--learning-rate", type=float, default=5e-5, show_default=True)
@click.option("--trained-layers", type=click.IntRange(min=1, max=6), default=6, show_default=True,
              help="Top encoder layers fine-tuned; the others and the embeddings stay the base's.")
@click.option("--base", default="contradict-nli-minilm", show_default=True,
              help="Model folder under models/ to fine-tune from; 'encoder' starts from the packaged MiniLM encoder.")
@click.option("--seed", default=0, show_default=True)
@click.option("--precision", type=click.Choice(["auto", "fp32", "bf16"]), default="auto", show_default=True,
              help="bf16: bfloat16 autocast, several times faster on CPUs with native bfloat16; auto picks it there.")
def fit_voice_command(labelled_files, voice_paths, output, epochs, learning_rate, trained_layers, base, seed, precision) -> None:
    """Fit the voice model that gives back to the subject the statements the reader gave away."""
    from pathlib import Path

    from .fit_voice import VoiceTraining, fit_voice_model

    logging.getLogger().setLevel(min(logging.getLogger().level, logging.INFO))  # fitting reports its progress
    settings = VoiceTraining(
        trained_layers=trained_layers, epochs=epochs, learning_rate=learning_rate, seed=seed,
        base=None if base == "encoder" else base, precision=precision,
    )  # fmt: skip
    folder = fit_voice_model([Path(p) for p in labelled_files], [Path(p) for p in voice_paths], Path(output), settings)
    card = json.loads((folder / "voice.json").read_text())
    held = card["held_out"]
    click.echo(
        f"voice model written to {folder}: threshold {card['threshold']:.2f}; on held-out articles, of "
        f"{held['statements_given_away_by_reader']} statements the reader gave away, AUC {held.get('auc')}, "
        f"precision {held.get('precision_at_threshold')}, recall {held.get('recall_at_threshold')}"
    )


@main.command("fit-judge")
@click.option("--articles", "article_files", multiple=True, default=["eval/data/dev.jsonl"], show_default=True,
              help="Labelled-set files (dev splits only).")
@click.option("--pairs", "pair_files", multiple=True, default=["models/recipe/data/domain_dev.jsonl"], show_default=True,
              help="Statement/report pair files (premise, hypothesis, label) the NLI model was not trained on.")
@click.option("-o", "--output", default="models/contradict-judge", show_default=True)
@click.option("--seed", default=0, show_default=True)
@click.option("--in-article-weight", type=click.FloatRange(min=0.0), default=None,
              help="Weight of the in-article negatives (retrieval's unlisted candidates of each dev article, "
                   "neutral by the labelling rules); 0 leaves them out.  [default: 1.0]")
@_model_options
def fit_judge_command(article_files, pair_files, output, seed, in_article_weight, model, label_order) -> None:
    """Fit the calibrated judge on labelled dev pairs and store it with the models."""
    from pathlib import Path

    from .detector import Detector, DetectorConfig
    from .fit_judge import fit_and_save

    order = tuple(name.strip() for name in label_order.split(",")) if label_order else None
    detector = Detector(DetectorConfig(nli_model=model, label_order=order, judge="nli-only"))
    judge = fit_and_save(
        detector,
        [Path(p) for p in article_files],
        [Path(p) for p in pair_files],
        Path(output),
        seed,
        **({} if in_article_weight is None else {"in_article_weight": in_article_weight}),
    )
    meta = judge.metadata or {}
    click.echo(
        f"judge written to {output}/judge.json: {meta.get('n_pairs')} pairs, temperature {judge.temperature:.2f}, "
        f"contradiction threshold {judge.contradiction_threshold:.2f}, out-of-fold contradiction F1 {meta.get('oof_contradiction_f1', 0):.3f}"
    )


def _emit(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


def _register_evaluation_commands() -> None:
    from .cli_eval import eval_command, eval_nli_command

    main.add_command(eval_command)
    main.add_command(eval_nli_command)


_register_evaluation_commands()


def _quiet_ray_data() -> None:
    """Ray Data logs each run's plan to the console; the batch command draws its own progress.

    Its log file in the Ray session folder keeps everything; ``-v`` keeps the console lines.
    """
    from .batch_ray import import_ray

    import_ray()  # the import configures Ray Data's logging, and fails clearly without the extra
    if logging.getLogger().level <= logging.INFO:
        return
    for handler in logging.getLogger("ray.data").handlers:
        if not isinstance(handler, logging.FileHandler):
            handler.setLevel(logging.ERROR)


@main.command("batch")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False), help="Run folder (created if missing).")
@click.option("--input-format", type=click.Choice(["jsonl", "csv", "parquet"]), default=None,
              help="Format of INPUT (default: from its extension; - is JSONL).")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True,
              help="jsonl: results.jsonl; parquet: also articles.parquet and findings.parquet.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Articles read, scored and committed together.")
@click.option("--max-chars", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="Longer texts are set aside.")
@click.option("--all-pairs", is_flag=True, help="Write every judged pair, not only contradictions.")
@click.option("--resume", is_flag=True, help="Continue the run in OUTDIR (refused if its config or input differ).")
@click.option("--overwrite", is_flag=True, help="Delete a previous run's files in OUTDIR and start over.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="ray: score on a Ray cluster (pip install 'contradict[ray]').")
@click.option("--ray-address", default=None,
              help="Ray cluster to join, e.g. ray://head:10001 (default: start a local Ray with this machine's CPUs).")
@click.option("--ray-num-cpus", type=click.IntRange(min=1), default=None, help="CPUs of the local Ray (default: all).")
@click.option("--ray-actors", type=click.IntRange(min=1), default=None, help="Scoring actors (default: one per CPU).")
@click.option("--log-every", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="Seconds between progress lines when stderr is not a terminal.")
@_detector_options
@click.pass_context
def batch_command(ctx, input_path, outdir, input_format, output_format, chunk_size, max_chars, all_pairs, resume, overwrite,
                  engine, ray_address, ray_num_cpus, ray_actors, log_every, **detector_options) -> None:
    """Score an archive of articles, streaming and resumably, into the folder OUTDIR.

    INPUT is JSONL (one article a line: id, text, optional subject, other fields passed
    through), CSV or Parquet, or - for JSONL on stdin. Writes OUTDIR/results.jsonl (a
    summary record per article followed by its flagged pairs, in input order),
    errors.jsonl, summary.json and manifest.json. Exit code 0: all scored; 7: some records
    were set aside (see errors.jsonl); 8: OUTDIR not usable; 9: --resume refused.
    """
    from pathlib import Path

    from .batch import BatchOptions
    from .batch_local import run_batch
    from .batch_progress import progress_for

    if resume and overwrite:
        raise click.UsageError("--resume and --overwrite exclude each other")
    options = BatchOptions(
        input=input_path, outdir=Path(outdir), input_format=input_format, output_format=output_format,
        chunk_size=chunk_size, max_chars=max_chars, all_pairs=all_pairs, resume=resume, overwrite=overwrite,
    )  # fmt: skip
    detector = _detector(**detector_options)
    progress = progress_for(sys.stderr, lambda line: click.echo(line, err=True), log_every)
    if engine == "ray":
        from .batch_ray import run_batch_ray

        _quiet_ray_data()
        summary = run_batch_ray(options, detector.config, progress=progress, address=ray_address,
                                num_cpus=ray_num_cpus, actors=ray_actors)  # fmt: skip
    else:
        summary = run_batch(options, detector.config, progress=progress, detector=detector)
    see = f" (see {Path(outdir) / 'errors.jsonl'})" if summary.set_aside else ""
    click.echo(
        f"batch: {summary.records_read:,} records read, {summary.articles_scored:,} scored, "
        f"{summary.set_aside:,} set aside{see}; "
        f"{summary.findings_flagged:,} pairs flagged in {summary.articles_contradicted:,} articles, "
        f"{summary.pairs_scored:,} pairs scored in {summary.seconds:.1f} s of scoring; "
        f"results in {Path(outdir) / 'results.jsonl'}",
        err=True,
    )
    ctx.exit(summary.exit_code)
