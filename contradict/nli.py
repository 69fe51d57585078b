"""One interface to any Hugging Face sequence-classification NLI checkpoint.

Arrays at the core: :meth:`NLIModel.predict` returns an ``(n, 3)`` float array of
probabilities whose columns are always :data:`contradict.labels.LABELS` (entailment,
neutral, contradiction), whatever order the checkpoint itself uses.

Example:
    >>> model = NLIModel("models/contradict-nli-minilm")          # doctest: +SKIP
    >>> model.predict([("He never met the envoy.", "He met the envoy twice.")]).round(2)  # doctest: +SKIP
    array([[0.01, 0.03, 0.96]], dtype=float32)
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from .errors import InputError, LabelMappingError, ModelNotFoundError
from .labels import LABELS
from .model_registry import DEFAULT_NLI_MODEL_NAME, default_nli_model, is_model_folder
from .nli_runners import BertRunner, TransformersRunner, check_precision, resolve_precision, with_precision

logger = logging.getLogger(__name__)

# Names that checkpoints give their labels, reduced to the canonical three.
_LABEL_ALIASES: dict[str, str] = {
    "entailment": "entailment",
    "entail": "entailment",
    "entails": "entailment",
    "entailed": "entailment",
    "neutral": "neutral",
    "neither": "neutral",
    "contradiction": "contradiction",
    "contradict": "contradiction",
    "contradicts": "contradiction",
    "contradictory": "contradiction",
}
_GENERIC_LABEL = re.compile(r"^label_?\d+$", re.IGNORECASE)

Pair = tuple[str, str]


def canonical_order(id2label: Mapping[int, str], label_order: Sequence[str] | None = None) -> np.ndarray:
    """Column permutation that puts a checkpoint's logits in the canonical label order.

    Args:
        id2label: the checkpoint's ``config.id2label`` (index -> name).
        label_order: an override naming each index's label in index order, for checkpoints
            whose labels are ``LABEL_0``, ``LABEL_1``, ... (e.g. ``["contradiction",
            "neutral", "entailment"]``).

    Returns:
        ``perm`` such that ``logits[:, perm]`` has columns (entailment, neutral, contradiction).

    Raises:
        LabelMappingError: the labels cannot be mapped to the three canonical ones.

    Example:
        >>> canonical_order({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}).tolist()
        [2, 1, 0]
    """
    size = len(id2label)
    if label_order is not None:
        names = list(label_order)
        if len(names) != size:
            raise LabelMappingError(
                f"--labels gives {len(names)} names but the model has {size} outputs; expected {size} names"
            )
    else:
        names = [str(id2label[i]) for i in sorted(id2label, key=int)]
        if all(_GENERIC_LABEL.match(n) for n in names):
            raise LabelMappingError(
                f"the model's labels are generic ({', '.join(names)}), so their meaning is unknown; "
                "give the order explicitly, e.g. --labels contradiction,neutral,entailment"
            )
    mapped = [_LABEL_ALIASES.get(n.strip().lower()) for n in names]
    if size != 3 or sorted(filter(None, mapped)) != sorted(LABELS):
        raise LabelMappingError(
            f"expected the three labels entailment, neutral and contradiction; the model has {names}"
        )
    return np.array([mapped.index(label) for label in LABELS])


class NLIModel:
    """A three-way NLI cross-encoder, loaded lazily on first use.

    Args:
        model: local folder or hub id; ``None`` uses ``$CONTRADICT_NLI_MODEL`` or the model
            shipped in ``models/``.
        batch_size: pairs per forward pass.
        max_length: token limit per pair (capped by the model's own limit); longer pairs are
            truncated with a warning.
        label_order: label names in index order, for checkpoints with ``LABEL_k`` labels.
        device: torch device string; CPU by default.
        precision: ``"auto"`` (bf16 where the CPU computes it natively, else fp32); ``"fp32"``;
            ``"bf16"`` (bfloat16 weights and activations, fast on CPUs with AVX-512 BF16 or
            AMX, slow elsewhere); or ``"int8"`` (dynamic quantization of the linear layers).
            See :mod:`contradict.nli_runners` for what each costs in accuracy.
        threads: torch intra-op threads (``None``: one per core).
    """

    def __init__(
        self,
        model: str | os.PathLike | None = None,
        *,
        batch_size: int = 32,
        max_length: int = 256,
        label_order: Sequence[str] | None = None,
        device: str = "cpu",
        precision: str = "auto",
        threads: int | None = None,
    ) -> None:
        self.name = str(model) if model is not None else default_nli_model()
        self.batch_size = batch_size
        self.max_length = max_length
        self.label_order = list(label_order) if label_order else None
        self.device = device
        self.precision = check_precision(precision)  # refused now, not at load time
        self.threads = threads
        self._runner: BertRunner | TransformersRunner | None = None
        self._perm: np.ndarray | None = None

    # -- loading -------------------------------------------------------------------------

    def load(self) -> "NLIModel":
        """Load tokenizer and weights now (otherwise the first :meth:`predict` does)."""
        if self._runner is not None:
            return self
        import torch

        source = self._resolve_source()
        runner = BertRunner.of(source, self.max_length, self.device) or TransformersRunner.of(
            source, self.max_length, self._not_found, self.device
        )
        self._perm = canonical_order(runner.id2label, self.label_order)
        self.precision = resolve_precision(self.precision)
        runner.model = with_precision(runner.model, self.precision)
        torch.set_num_threads(self.threads or os.cpu_count() or 1)
        self.max_length = runner.max_length
        self._runner = runner
        logger.info(
            "loaded NLI model %s on %s with %s in %s (max %d tokens)",
            source, self.device, runner.backend, self.precision, self.max_length,
        )
        return self

    def _resolve_source(self) -> str:
        path = Path(self.name).expanduser()
        if path.exists():
            if not is_model_folder(path):
                raise ModelNotFoundError(
                    f"{path} is not a model folder: expected config.json and *.safetensors (or pytorch_model.bin) weights"
                )
            return str(path)
        if DEFAULT_NLI_MODEL_NAME in self.name:
            raise ModelNotFoundError(
                f"the default NLI model is missing at {self.name}: restore models/ from the repository, "
                "train it with `contradict train-nli`, or pass --model / set $CONTRADICT_NLI_MODEL"
            )
        if self.name.startswith((".", "/", "~")):
            raise ModelNotFoundError(f"model folder not found: {self.name}")
        return self.name  # a hub id

    def _not_found(self, detail: str) -> ModelNotFoundError:
        offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false")
        why = "HF_HUB_OFFLINE is set" if offline else "it is not cached and the hub could not be reached"
        first_line = detail.strip().splitlines()[0] if detail.strip() else ""
        return ModelNotFoundError(
            f"cannot load NLI model {self.name!r}: {why} ({first_line}). "
            f"The shipped default {DEFAULT_NLI_MODEL_NAME!r} works offline: omit --model to use it"
        )

    @property
    def labels(self) -> tuple[str, str, str]:
        """Column names of every array this model returns."""
        return LABELS

    # -- scoring -------------------------------------------------------------------------

    def predict(self, pairs: Sequence[Pair], batch_size: int | None = None) -> np.ndarray:
        """Probabilities for each (premise, hypothesis) pair, shape ``(n, 3)``.

        Each distinct pair is scored once (articles repeat sentences, and a batch chunk holds
        syndicated copies), in length-sorted batches with dynamic padding; results come back
        in input order. Pairs longer than the model's limit are truncated and logged. Nothing
        is kept between calls, so a call's result never depends on what came before it (a
        resumed batch run gives the same bytes as an uninterrupted one).

        Raises:
            InputError: a premise or hypothesis is empty or not a string.
        """
        _validate_pairs(pairs)
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        self.load()
        import torch

        batch_size = batch_size or self.batch_size
        distinct = list(dict.fromkeys(map(tuple, pairs)))
        runner = self._runner
        encoded = runner.encode([p for p, _ in distinct], [h for _, h in distinct])
        self._warn_truncated(distinct, encoded["input_ids"])
        order = np.argsort([len(ids) for ids in encoded["input_ids"]], kind="stable")
        scored = np.empty((len(distinct), 3), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                index = order[start : start + batch_size]
                logits = runner.logits(encoded, index).float()
                scored[index] = torch.softmax(logits, dim=-1).numpy()[:, self._perm]
        row_of = {pair: row for row, pair in enumerate(distinct)}
        return scored[[row_of[tuple(pair)] for pair in pairs]]

    def predict_both(self, pairs: Sequence[Pair], batch_size: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Score each pair in both directions: (premise -> hypothesis, hypothesis -> premise).

        Both directions go through one batched call, so the model sees full batches.
        """
        both = self.predict(list(pairs) + [(h, p) for p, h in pairs], batch_size)
        return both[: len(pairs)], both[len(pairs) :]

    def _warn_truncated(self, pairs: Sequence[Pair], input_ids: list[list[int]]) -> None:
        near_limit = [i for i, ids in enumerate(input_ids) if len(ids) >= self.max_length]
        if not near_limit:
            return
        full = self._runner.untruncated_lengths([pairs[i][0] for i in near_limit], [pairs[i][1] for i in near_limit])
        cut = sum(n > self.max_length for n in full)
        if cut:
            logger.warning("%d pair(s) exceed the model's %d-token limit and were truncated", cut, self.max_length)


def _validate_pairs(pairs: Sequence[Pair]) -> None:
    for i, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise InputError(f"pair {i}: expected a (premise, hypothesis) pair of strings, found {pair!r:.80}")
        for side, text in zip(("premise", "hypothesis"), pair):
            if not isinstance(text, str):
                raise InputError(f"pair {i}: the {side} must be a string, found {type(text).__name__}")
            if not text.strip():
                raise InputError(f"pair {i}: the {side} is empty; expected a sentence")


def label_of(probabilities: np.ndarray) -> list[str]:
    """The arg-max label name of each row of an ``(n, 3)`` probability array."""
    return [LABELS[i] for i in np.asarray(probabilities).argmax(axis=1)]
