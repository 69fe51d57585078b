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
#: Numeric forms the model can run in (see :class:`NLIModel`).
PRECISIONS = ("fp32", "bf16", "int8")


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
        precision: ``"fp32"``; ``"bf16"`` (bfloat16 weights and activations, fast on CPUs with
            AVX-512 BF16 or AMX); or ``"int8"`` (dynamic quantization of the linear layers, fast
            with VNNI). The faster forms are used only where the labelled set shows no loss.
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
        precision: str = "fp32",
        threads: int | None = None,
    ) -> None:
        self.name = str(model) if model is not None else default_nli_model()
        self.batch_size = batch_size
        self.max_length = max_length
        self.label_order = list(label_order) if label_order else None
        self.device = device
        if precision not in PRECISIONS:
            raise InputError(f"precision must be one of {', '.join(PRECISIONS)}, found {precision!r}")
        self.precision = precision
        self.threads = threads
        self._model = None
        self._tokenizer = None
        self._perm: np.ndarray | None = None

    # -- loading -------------------------------------------------------------------------

    def load(self) -> "NLIModel":
        """Load tokenizer and weights now (otherwise the first :meth:`predict` does)."""
        if self._model is not None:
            return self
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the CLI owns the terminal
        source = self._resolve_source()
        try:
            tokenizer = AutoTokenizer.from_pretrained(source)
            model = AutoModelForSequenceClassification.from_pretrained(source)
        except OSError as exc:
            raise self._not_found(str(exc)) from exc
        self._perm = canonical_order(model.config.id2label, self.label_order)
        # Weights may be stored in half precision to save space; CPUs compute fp32 faster.
        model = model.to(dtype=torch.float32, device=self.device).eval()
        if self.precision == "int8":
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        elif self.precision == "bf16":
            model = model.to(dtype=torch.bfloat16)
        torch.set_num_threads(self.threads or os.cpu_count() or 1)
        self._model = model
        self._tokenizer = tokenizer
        limit = min(
            self.max_length,
            getattr(model.config, "max_position_embeddings", self.max_length),
            tokenizer.model_max_length or self.max_length,
        )
        self.max_length = int(limit)
        logger.info("loaded NLI model %s on %s (max %d tokens)", source, self.device, self.max_length)
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

        Pairs are scored in length-sorted batches with dynamic padding; results come back in
        input order. Pairs longer than the model's limit are truncated and logged.

        Raises:
            InputError: a premise or hypothesis is empty or not a string.
        """
        _validate_pairs(pairs)
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        self.load()
        import torch

        batch_size = batch_size or self.batch_size
        encoded = self._tokenizer(
            [p for p, _ in pairs], [h for _, h in pairs], truncation=True, max_length=self.max_length, verbose=False
        )
        self._warn_truncated(pairs, encoded["input_ids"])
        order = np.argsort([len(ids) for ids in encoded["input_ids"]], kind="stable")
        out = np.empty((len(pairs), 3), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                index = order[start : start + batch_size]
                features = [{key: encoded[key][i] for key in encoded} for i in index]
                batch = self._tokenizer.pad(features, return_tensors="pt").to(self.device)
                logits = self._model(**batch).logits.float()
                out[index] = torch.softmax(logits, dim=-1).cpu().numpy()[:, self._perm]
        return out

    def predict_both(self, pairs: Sequence[Pair], batch_size: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Score each pair in both directions: (premise -> hypothesis, hypothesis -> premise).

        Both directions go through one batched call, so the model sees full batches.
        """
        both = self.predict(list(pairs) + [(h, p) for p, h in pairs], batch_size)
        return both[: len(pairs)], both[len(pairs) :]

    def _warn_truncated(self, pairs: Sequence[Pair], input_ids: list[list[int]]) -> None:
        full = [len(ids) for ids in input_ids]
        near_limit = [i for i, n in enumerate(full) if n >= self.max_length]
        if not near_limit:
            return
        untruncated = self._tokenizer(
            [pairs[i][0] for i in near_limit], [pairs[i][1] for i in near_limit], truncation=False, verbose=False
        )["input_ids"]
        cut = sum(len(ids) > self.max_length for ids in untruncated)
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
