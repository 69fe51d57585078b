"""A BERT encoder on plain torch, for the two MiniLM models the command line loads.

Why not transformers here: importing a transformers model class pulls in its model-loading,
masking and distributed-tensor machinery, about 2.5 s of CPU on the project machine, which
is more than half of a cold ``contradict analyze``. The shipped NLI model and the packaged
embedding model are both post-layer-norm BERT encoders (Devlin et al., 2019) whose forward
pass is a few lines of torch, so they run here with ``tokenizers`` (the Rust tokenizer that
transformers' fast tokenizers wrap) and ``safetensors``. The modules mirror transformers'
parameter names, so a checkpoint loads with ``strict=True`` and any mismatch is caught, and
tests check logits, embeddings and token ids against transformers. Any checkpoint this
module does not recognise (:func:`supports`) is run by transformers instead.

Example:
    >>> folder = Path("models/contradict-nli-minilm")                          # doctest: +SKIP
    >>> model, config = load_classifier(folder)                                  # doctest: +SKIP
    >>> encoded = Tokenizer(folder, max_length=256).encode(["He never met her."], ["He met her twice."])  # doctest: +SKIP
    >>> model(**padded_batch(encoded, [0], config["pad_token_id"])).shape       # doctest: +SKIP
    torch.Size([1, 3])
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

logger = logging.getLogger(__name__)

#: Token ids of each text or pair, unpadded: {"input_ids": [[...], ...], "token_type_ids": [[...], ...]}.
Encoded = dict[str, list[list[int]]]

_CLASSIFIER = "BertForSequenceClassification"
_ENCODER = "BertModel"


@dataclass(frozen=True)
class BertShape:
    """The sizes of a BERT checkpoint, read from its ``config.json``."""

    vocab_size: int
    hidden_size: int
    num_layers: int
    num_heads: int
    intermediate_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pad_token_id: int
    num_labels: int

    @classmethod
    def of(cls, config: dict) -> "BertShape":
        return cls(
            vocab_size=config["vocab_size"],
            hidden_size=config["hidden_size"],
            num_layers=config["num_hidden_layers"],
            num_heads=config["num_attention_heads"],
            intermediate_size=config["intermediate_size"],
            max_positions=config["max_position_embeddings"],
            type_vocab_size=config.get("type_vocab_size", 2),
            layer_norm_eps=config.get("layer_norm_eps", 1e-12),
            pad_token_id=config.get("pad_token_id") or 0,
            num_labels=len(config.get("id2label") or {}) or 2,
        )


def supports(folder: Path, architecture: str) -> bool:
    """Whether ``folder`` holds a plain BERT checkpoint of ``architecture`` that this module runs.

    Plain means: absolute positions, exact GELU, an encoder only, one safetensors file and a
    ``tokenizer.json``. Everything else (RoBERTa, DeBERTa, relative positions ...) goes to
    transformers.
    """
    try:
        config = json.loads((folder / "config.json").read_text())
    except (OSError, ValueError):
        return False
    return (
        config.get("model_type") == "bert"
        and architecture in (config.get("architectures") or [_ENCODER])
        and config.get("position_embedding_type", "absolute") == "absolute"
        and config.get("hidden_act") == "gelu"
        and not config.get("is_decoder", False)
        and (folder / "model.safetensors").is_file()
        and (folder / "tokenizer.json").is_file()
    )


# -- the network: module names mirror transformers' so checkpoints load strictly ------------


def _linear_norm(in_features: int, out_features: int, eps: float) -> nn.ModuleDict:
    return nn.ModuleDict({"dense": nn.Linear(in_features, out_features), "LayerNorm": nn.LayerNorm(out_features, eps=eps)})


class _Layer(nn.Module):
    """One post-layer-norm transformer layer: self-attention, then the feed-forward block."""

    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        width = shape.hidden_size
        self.num_heads = shape.num_heads
        self.attention = nn.ModuleDict(
            {
                "self": nn.ModuleDict({name: nn.Linear(width, width) for name in ("query", "key", "value")}),
                "output": _linear_norm(width, width, shape.layer_norm_eps),
            }
        )
        self.intermediate = nn.ModuleDict({"dense": nn.Linear(width, shape.intermediate_size)})
        self.output = _linear_norm(shape.intermediate_size, width, shape.layer_norm_eps)

    def forward(self, hidden: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        batch, length, width = hidden.shape
        heads = self.attention["self"]

        def split(x: torch.Tensor) -> torch.Tensor:
            return x.view(batch, length, self.num_heads, width // self.num_heads).transpose(1, 2)

        context = F.scaled_dot_product_attention(
            split(heads["query"](hidden)), split(heads["key"](hidden)), split(heads["value"](hidden)), attn_mask=keep
        )
        context = context.transpose(1, 2).reshape(batch, length, width)
        out = self.attention["output"]
        attended = out["LayerNorm"](out["dense"](context) + hidden)
        expanded = F.gelu(self.intermediate["dense"](attended))
        return self.output["LayerNorm"](self.output["dense"](expanded) + attended)


class BertEncoder(nn.Module):
    """BERT's embeddings, encoder layers and (optionally) pooler; returns the last hidden states."""

    def __init__(self, shape: BertShape, with_pooler: bool) -> None:
        super().__init__()
        width = shape.hidden_size
        self.embeddings = nn.ModuleDict(
            {
                "word_embeddings": nn.Embedding(shape.vocab_size, width, padding_idx=shape.pad_token_id),
                "position_embeddings": nn.Embedding(shape.max_positions, width),
                "token_type_embeddings": nn.Embedding(shape.type_vocab_size, width),
                "LayerNorm": nn.LayerNorm(width, eps=shape.layer_norm_eps),
            }
        )
        self.encoder = nn.ModuleDict({"layer": nn.ModuleList(_Layer(shape) for _ in range(shape.num_layers))})
        self.pooler = nn.ModuleDict({"dense": nn.Linear(width, width)}) if with_pooler else None

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        table = self.embeddings
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        hidden = table["word_embeddings"](input_ids) + table["token_type_embeddings"](token_type_ids) + table["position_embeddings"](positions)
        hidden = table["LayerNorm"](hidden)
        keep = attention_mask.bool()[:, None, None, :]  # (batch, 1, 1, keys): padding is never attended to
        for layer in self.encoder["layer"]:
            hidden = layer(hidden, keep)
        return hidden

    def pooled(self, hidden: torch.Tensor) -> torch.Tensor:
        """BERT's pooled output: tanh of a dense layer over the first ([CLS]) token."""
        return torch.tanh(self.pooler["dense"](hidden[:, 0]))


class BertClassifier(nn.Module):
    """``BertForSequenceClassification`` at inference: logits from the pooled [CLS] state."""

    def __init__(self, shape: BertShape) -> None:
        super().__init__()
        self.bert = BertEncoder(shape, with_pooler=True)
        self.classifier = nn.Linear(shape.hidden_size, shape.num_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.bert.pooled(self.bert(input_ids, attention_mask, token_type_ids)))


# -- tokenizer and batches ---------------------------------------------------------------------


class Tokenizer:
    """The checkpoint's ``tokenizer.json`` run by ``tokenizers``, truncating longest-first.

    Args:
        folder: the checkpoint folder.
        max_length: token limit per text or pair, special tokens included.
    """

    def __init__(self, folder: Path, max_length: int) -> None:
        from tokenizers import Tokenizer as RustTokenizer

        self._tokenizer = RustTokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self.max_length = max_length
        self._tokenizer.enable_truncation(max_length, strategy="longest_first")

    def encode(self, texts: Sequence[str], pairs_with: Sequence[str] | None = None) -> Encoded:
        """Token ids of each text, or of each (text, pairs_with[i]) pair, truncated, unpadded."""
        inputs = list(texts) if pairs_with is None else list(zip(texts, pairs_with))
        encodings = self._tokenizer.encode_batch(inputs)
        return {"input_ids": [e.ids for e in encodings], "token_type_ids": [e.type_ids for e in encodings]}

    def untruncated_lengths(self, texts: Sequence[str], pairs_with: Sequence[str]) -> list[int]:
        """Token counts of pairs before truncation (for the truncation warning)."""
        self._tokenizer.no_truncation()
        try:
            return [len(e.ids) for e in self._tokenizer.encode_batch(list(zip(texts, pairs_with)))]
        finally:
            self._tokenizer.enable_truncation(self.max_length, strategy="longest_first")


def padded_batch(encoded: Encoded, rows: Sequence[int], pad_token_id: int) -> dict[str, torch.Tensor]:
    """The given rows of ``encoded`` padded to their longest, as model inputs."""
    width = max(len(encoded["input_ids"][i]) for i in rows)
    ids = np.full((len(rows), width), pad_token_id, dtype=np.int64)
    types = np.zeros((len(rows), width), dtype=np.int64)
    mask = np.zeros((len(rows), width), dtype=np.int64)
    for out_row, i in enumerate(rows):
        n = len(encoded["input_ids"][i])
        ids[out_row, :n] = encoded["input_ids"][i]
        types[out_row, :n] = encoded["token_type_ids"][i]
        mask[out_row, :n] = 1
    return {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask), "token_type_ids": torch.from_numpy(types)}


# -- loading -----------------------------------------------------------------------------------


def _load(module: nn.Module, folder: Path, prefix: str = "") -> nn.Module:
    from safetensors.torch import load_file

    weights = load_file(str(folder / "model.safetensors"))
    weights = {prefix + name: value for name, value in weights.items() if not name.endswith("position_ids")}
    module.load_state_dict(weights, strict=True)  # any name or shape mismatch is an error, not a guess
    return module.float().eval()


def load_classifier(folder: Path) -> tuple[BertClassifier, dict]:
    """A ``BertForSequenceClassification`` checkpoint as a :class:`BertClassifier` (fp32) and its config."""
    config = json.loads((folder / "config.json").read_text())
    return _load(BertClassifier(BertShape.of(config)), folder), config


def load_encoder(folder: Path) -> tuple[BertEncoder, dict]:
    """A ``BertModel`` checkpoint (a sentence-transformers encoder) as a :class:`BertEncoder` (fp32)."""
    config = json.loads((folder / "config.json").read_text())
    with_pooler = _has_pooler(folder)
    return _load(BertEncoder(BertShape.of(config), with_pooler=with_pooler), folder), config


def _has_pooler(folder: Path) -> bool:
    from safetensors import safe_open

    with safe_open(str(folder / "model.safetensors"), "pt") as weights:
        return any(name.startswith("pooler.") for name in weights.keys())

