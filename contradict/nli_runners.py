"""How an NLI checkpoint is run: tokenizer, network and numeric precision.

Two runners with one small interface (``id2label``, ``max_length``, ``encode``,
``untruncated_lengths``, ``logits``, ``model``):

- :class:`BertRunner` runs plain BERT classifiers (the shipped model) on torch and
  ``tokenizers`` alone (:mod:`contradict.bert`), which keeps a cold start short;
- :class:`TransformersRunner` runs any other sequence-classification checkpoint, from a
  folder or the hub, with transformers.

Precision: ``auto`` picks bfloat16 where the CPU computes it natively (AVX-512 BF16 or AMX)
and float32 elsewhere, since emulated bfloat16 is slower than float32. On the labelled sets
bfloat16 gives the same labels as float32 (``python eval/bench_precision.py``), while int8
dynamic quantization loses more than the half point the project allows, so it is offered
but never chosen automatically.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .errors import InputError, ModelNotFoundError

logger = logging.getLogger(__name__)

#: Numeric forms an NLI model can run in.
PRECISIONS = ("auto", "fp32", "bf16", "int8")


def native_bf16() -> bool:
    """Whether this CPU has bfloat16 arithmetic in hardware (AVX-512 BF16 or AMX tiles).

    torch answers through private probes; a torch without them is taken to have neither.
    """
    import torch

    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(getattr(torch.cpu, probe, lambda: False)() for probe in probes)


def check_precision(precision: str) -> str:
    """``precision`` itself when it is one of :data:`PRECISIONS`.

    Raises:
        InputError: it is not.
    """
    if precision not in PRECISIONS:
        raise InputError(f"precision must be one of {', '.join(PRECISIONS)}, found {precision!r}")
    return precision


def resolve_precision(precision: str) -> str:
    """The precision actually used: ``auto`` becomes ``bf16`` or ``fp32`` for this CPU.

    Raises:
        InputError: ``precision`` is not one of :data:`PRECISIONS`.
    """
    if check_precision(precision) != "auto":
        return precision
    return "bf16" if native_bf16() else "fp32"


def with_precision(model, precision: str):
    """``model`` (float32, eval mode) converted to ``precision`` (``fp32``, ``bf16`` or ``int8``)."""
    import torch

    if precision == "int8":
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    if precision == "bf16":
        return model.to(dtype=torch.bfloat16)
    return model


class BertRunner:
    """A plain BERT classifier run by :mod:`contradict.bert` (no transformers import)."""

    backend = "torch (contradict.bert)"

    def __init__(self, folder: Path, max_length: int, device: str = "cpu") -> None:
        from . import bert

        self.device = device
        model, config = bert.load_classifier(folder)
        self.model = model.to(device)
        self.id2label = {int(i): name for i, name in config["id2label"].items()}
        self.max_length = min(max_length, config["max_position_embeddings"])
        self.tokenizer = bert.Tokenizer(folder, self.max_length)
        self._pad = config.get("pad_token_id") or 0
        self._padded_batch = bert.padded_batch

    @classmethod
    def of(cls, source: str, max_length: int, device: str = "cpu") -> "BertRunner | None":
        """The runner for ``source`` if it is a local plain BERT classifier, else ``None``."""
        from .bert import supports

        folder = Path(source)
        if folder.is_dir() and supports(folder, "BertForSequenceClassification"):
            return cls(folder, max_length, device)
        return None

    def encode(self, premises: Sequence[str], hypotheses: Sequence[str]) -> Mapping[str, list[list[int]]]:
        return self.tokenizer.encode(premises, hypotheses)

    def untruncated_lengths(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[int]:
        return self.tokenizer.untruncated_lengths(premises, hypotheses)

    def logits(self, encoded: Mapping[str, list[list[int]]], rows: Sequence[int]):
        batch = self._padded_batch(encoded, rows, self._pad)
        return self.model(**{key: value.to(self.device) for key, value in batch.items()})


class TransformersRunner:
    """Any sequence-classification checkpoint (folder or hub id) run by transformers."""

    backend = "transformers"

    def __init__(self, model, tokenizer, max_length: int, device: str = "cpu") -> None:
        self.device = device
        self.model = model.to(device)
        self.tokenizer = tokenizer
        self.id2label = dict(model.config.id2label)
        self.max_length = int(
            min(max_length, getattr(model.config, "max_position_embeddings", max_length), tokenizer.model_max_length or max_length)
        )

    @classmethod
    def of(
        cls, source: str, max_length: int, not_found: Callable[[str], ModelNotFoundError], device: str = "cpu"
    ) -> "TransformersRunner":
        """Load ``source`` with transformers; a missing or unreachable model raises ``not_found(detail)``."""
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the CLI owns the terminal
        try:
            tokenizer = AutoTokenizer.from_pretrained(source)
            model = AutoModelForSequenceClassification.from_pretrained(source)
        except OSError as exc:
            raise not_found(str(exc)) from exc
        # Weights may be stored in half precision to save space; CPUs compute fp32 faster.
        return cls(model.to(dtype=torch.float32).eval(), tokenizer, max_length, device)

    def encode(self, premises: Sequence[str], hypotheses: Sequence[str]) -> Mapping[str, list[list[int]]]:
        return self.tokenizer(list(premises), list(hypotheses), truncation=True, max_length=self.max_length, verbose=False)

    def untruncated_lengths(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[int]:
        encoded = self.tokenizer(list(premises), list(hypotheses), truncation=False, verbose=False)
        return [len(ids) for ids in encoded["input_ids"]]

    def logits(self, encoded: Mapping[str, list[list[int]]], rows: Sequence[int]):
        features = [{key: encoded[key][i] for key in encoded} for i in rows]
        return self.model(**self.tokenizer.pad(features, return_tensors="pt").to(self.device)).logits
