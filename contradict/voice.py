"""Whose voice is a statement? A learned second opinion on the reader's attribution.

The reader (:mod:`contradict.attribution`) attributes statements by rule. On writing it was
not tuned on it gives many of the subject's statements to someone else: an organisation's
officer whom no rule links to it ("Superintendent Keith Ambrose said" in an article about a
school district), a descriptor or pronoun resolved to the wrong person. The voice model is a
cross-encoder that reads the subject's name against what the reader knows of a statement
(its speaker, the sentence with the statement marked, the sentence before, the sentence that
introduced the speaker) and gives the probability that the statement is the subject's or
said on its behalf. A statement the reader gave to someone else comes back to the subject
when that probability reaches the model's threshold; the reader's own subject statements are
kept as they are.

The model is a MiniLM cross-encoder fine-tuned from a base the project already ships (the
NLI model, or the packaged sentence encoder) by :mod:`contradict.fit_voice`; only the
fine-tuned layers and the classifier are stored (``models/contradict-voice/``), the rest is
read from the base at load time, and a base whose weights have changed since is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .attribution import ArticleReading
from .errors import ModelNotFoundError
from .records import Statement

#: Marks around the statement in its sentence (plain ASCII: the tokenizer knows them).
OPEN_MARK, CLOSE_MARK = "<<", ">>"
#: Separates the parts of the second text; " || " tokenizes to two pipes.
SEPARATOR = " || "
#: Files of a stored voice model beside its ``voice.json``.
ADAPTER_FILE = "adapter.safetensors"
CARD_FILE = "voice.json"
#: The flag a statement carries when the voice model, not the reader, gave it to the subject.
VOICE_FLAG = "voice-model"

_CAPITALISED = re.compile(r"[A-Z][\w'-]+")


@dataclass(frozen=True)
class VoiceInput:
    """The two texts the cross-encoder reads for one statement."""

    subject: str
    context: str


def voice_inputs(reading: ArticleReading, statements: Sequence[Statement]) -> list[VoiceInput]:
    """What the voice model reads for each statement of ``reading``.

    The context is: the speaker the reader found; the statement's sentence with the statement
    between ``<<`` and ``>>``; the sentence before it; the first sentence of the article that
    names the speaker (where a title or affiliation is usually given). The most telling part
    comes first, so truncation cuts the least telling.
    """
    subject = reading.subject.name if reading.subject else ""
    sentences = reading.sentences
    inputs = []
    for statement in statements:
        sentence = statement.sentence
        index = next((i for i, s in enumerate(sentences) if sentence and s.span.start == sentence.start), None)
        previous = sentences[index - 1].text if index else ""
        marked = _marked(statement, reading.text)
        surname = _surname(statement.voice)
        introduction = next((s.text for s in sentences if surname and surname in s.text), "")
        if sentence and introduction == sentence.text:
            introduction = ""
        parts = [statement.voice or "unknown", marked, previous, introduction]
        inputs.append(VoiceInput(subject, SEPARATOR.join(parts)))
    return inputs


def _marked(statement: Statement, text: str) -> str:
    """The statement's sentence (or the statement alone) with the statement marked."""
    outer = statement.sentence or statement.span
    start = max(outer.start, statement.span.start)
    end = min(outer.end, statement.span.end)
    return f"{text[outer.start : start]}{OPEN_MARK}{text[start:end]}{CLOSE_MARK}{text[end : outer.end]}"


def _surname(voice: str | None) -> str | None:
    capitalised = _CAPITALISED.findall(voice or "")
    return capitalised[-1] if capitalised else None


class VoiceModel:
    """A stored voice model: its base's weights (the shipped NLI model) with the fine-tuned layers put over them.

    Args:
        folder: a folder written by :func:`contradict.fit_voice.fit_voice_model`.
        threshold: probability from which a statement is given to the subject; default the
            one stored with the model.
    """

    def __init__(self, folder: str | Path, threshold: float | None = None, batch_size: int = 32) -> None:
        self.folder = Path(folder)
        card_path = self.folder / CARD_FILE
        if not card_path.is_file() or not (self.folder / ADAPTER_FILE).is_file():
            raise ModelNotFoundError(
                f"{self.folder} is not a voice model: expected {CARD_FILE} and {ADAPTER_FILE} "
                "(written by `contradict fit-voice`)"
            )
        self.card = json.loads(card_path.read_text())
        self.threshold = float(self.card["threshold"] if threshold is None else threshold)
        self.batch_size = batch_size
        self._model = None
        self._tokenizer = None

    def load(self) -> "VoiceModel":
        if self._model is None:
            self._model, self._tokenizer = _load_adapted_classifier(self.folder, self.card)
        return self

    def probabilities(self, inputs: Sequence[VoiceInput]) -> np.ndarray:
        """Probability that each statement is the subject's, shape ``(n,)``."""
        if not inputs:
            return np.zeros(0, dtype=np.float32)
        import torch

        from .bert import padded_batch

        self.load()
        encoded = self._tokenizer.encode([i.subject for i in inputs], [i.context for i in inputs])
        order = np.argsort([len(ids) for ids in encoded["input_ids"]], kind="stable")
        out = np.zeros(len(inputs), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size].tolist()
                logits = self._model(**padded_batch(encoded, rows, self._model.pad_token_id))
                out[rows] = torch.softmax(logits, dim=-1)[:, 1].numpy()
        return out

    def reattribute(self, reading: ArticleReading) -> ArticleReading:
        """``reading`` with the statements the model gives the subject moved to its statements.

        The reports stay as they are, the moved statements' own words included (the reader
        counts another speaker's words as a report): on writers it has not seen the model
        is wrong about nearly half the statements it moves (``eval/attribution_probe.py``),
        and a report dropped with a wrong move loses every pair the report was in, while one
        kept with a right move can only be paired with the subject's other statements.
        """
        if reading.subject is None or not reading.other_statements:
            return reading
        probabilities = self.probabilities(voice_inputs(reading, reading.other_statements))
        moved = [
            replace(s, is_subject=True, flags=(*s.flags, VOICE_FLAG))
            for s, p in zip(reading.other_statements, probabilities)
            if p >= self.threshold
        ]
        if not moved:
            return reading
        kept = [s for s, p in zip(reading.other_statements, probabilities) if p < self.threshold]
        return replace(
            reading, statements=sorted(reading.statements + moved, key=lambda s: s.span.start), other_statements=kept
        )


def base_folder(name: str | None) -> Path:
    """The model a voice model was fine-tuned from: a folder of ``models/`` by name, or the
    packaged MiniLM encoder."""
    from .model_registry import embedding_model_path, models_dir

    return models_dir() / name if name else embedding_model_path()


def weights_digest(folder: Path) -> str:
    """SHA-256 of a model folder's weights: a voice model refuses a base that has changed."""
    digest = hashlib.sha256()
    with open(folder / "model.safetensors", "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _load_adapted_classifier(folder: Path, card: dict):
    """The base model as a two-class classifier, with the stored layers put over it.

    Raises:
        ModelNotFoundError: the base's weights are not the ones the layers were trained on
            (the NLI model was retrained since): the voice model must be refitted.
    """
    from safetensors.torch import load_file

    from .bert import BertClassifier, BertShape, Tokenizer

    base = base_folder(card.get("base_path"))
    expected = card.get("base_sha256")
    if expected and weights_digest(base) != expected:
        raise ModelNotFoundError(
            f"the voice model in {folder} was trained over other weights than those now in {base}; "
            "refit it with `contradict fit-voice`"
        )
    config = json.loads((base / "config.json").read_text())
    config["id2label"] = {"0": "other", "1": "subject"}
    model = BertClassifier(BertShape.of(config))
    weights = {
        name if name.startswith(("bert.", "classifier.")) else "bert." + name: value.float()
        for name, value in load_file(str(base / "model.safetensors")).items()
        if not name.endswith("position_ids") and not name.startswith("classifier.")
    }
    weights.update({name: value.float() for name, value in load_file(str(folder / ADAPTER_FILE)).items()})
    model.load_state_dict(weights, strict=True)  # the base and the adapter together must fill every weight
    model.pad_token_id = config.get("pad_token_id") or 0
    return model.float().eval(), Tokenizer(base, max_length=int(card.get("max_length", 256)))
