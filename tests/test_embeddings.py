"""Embeddings: the direct path gives sentence-transformers' vectors; the cache embeds once."""

from __future__ import annotations

import numpy as np

from contradict.embeddings import Embedder
from contradict.model_registry import embedding_model_path

SENTENCES = [
    "The minister denied meeting the ambassador.",
    "According to the Post, the two men met twice in April and July.",
    "Shares of the company rose 4 percent on Friday.",
    "A short one.",
]


def test_direct_path_equals_sentence_transformers():
    from sentence_transformers import SentenceTransformer

    reference = SentenceTransformer(str(embedding_model_path()), device="cpu").encode(SENTENCES, normalize_embeddings=True)
    ours = Embedder().encode(SENTENCES)
    np.testing.assert_allclose(ours, reference, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_each_text_is_embedded_once():
    embedder = Embedder()
    calls = []
    embedder.load()
    inner = embedder._encode
    embedder._encode = lambda texts: calls.append(list(texts)) or inner(texts)
    embedder.encode(SENTENCES[:2])
    embedder.encode(SENTENCES[:3])
    assert calls == [SENTENCES[:2], SENTENCES[2:3]]
    assert embedder.encode([]).shape == (0, 384)


def test_similar_sentences_are_closer():
    vectors = Embedder().encode(SENTENCES[:3])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
