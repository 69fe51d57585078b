"""Training examples for the voice model, from labelled articles and voice-labelled sets.

Two sources, read through the same reader the detector uses, so the model learns on the
statements it will meet:

- a labelled article set (design/DATASET-FORMAT.md): a statement that matches a gold
  statement is the subject's; a statement the reader gave to someone else that no gold pair
  uses is not. A statement the reader gave the subject that no pair uses is left out: labels
  list the pairs an article needs, not every statement of its subject.
- a voice-labelled set (``models/recipe/voice/*.jsonl``, written by the team): short
  articles in which every statement carries whose voice it is. One JSON object per line::

      {"id": "va-tawe-water", "subject": "Tawe Valley Water", "text": "...",
       "voices": [{"span": "exact substring of text", "speaker": "...", "subject_voice": true}]}

  A statement the reader finds is labelled by the voice it matches (the dataset's span
  match); one that matches none is left out.

A bad line of a voice set (not JSON, a missing field, a span that is not in the text) is
reported with its file and line number and skipped; the good lines are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .attribution import ArticleReading, read_article
from .dataset import load_dataset
from .errors import DatasetError
from .nli_data import SkippedLine, json_object
from .records import Span
from .voice import VoiceInput, voice_inputs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoiceArticle:
    """An article of a voice-labelled set: every statement with whose voice it is."""

    id: str
    subject: str
    text: str
    voices: tuple[tuple[Span, bool], ...]  # (span of the words said, the subject's voice?)


@dataclass
class VoiceSet:
    path: Path
    articles: list[VoiceArticle] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)


@dataclass(frozen=True)
class VoiceExample:
    """One statement as the voice model reads it, with its label and its article (for grouping)."""

    input: VoiceInput
    is_subject: bool
    article: str
    reader_gave_subject: bool  # the reader's own verdict, to measure what the model adds


def read_voice_set(path: str | Path) -> VoiceSet:
    """Read a voice-labelled JSONL file, keeping the good lines and recording the bad ones.

    Raises:
        DatasetError: the file does not exist or is not UTF-8 text.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"voice-labelled set not found: {path}")
    result = VoiceSet(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        article = _parse_voice_line(raw)
        if isinstance(article, str):
            skipped = SkippedLine(str(path), number, article)
            result.skipped.append(skipped)
            logger.warning("skipped %s", skipped)
        else:
            result.articles.append(article)
    return result


def _parse_voice_line(raw: str) -> VoiceArticle | str:
    """The article of one line, or the reason it cannot be used."""
    record = json_object(raw)
    if isinstance(record, str):
        return record
    for name in ("id", "subject", "text"):
        if not isinstance(record.get(name), str) or not record[name].strip():
            return f"field {name!r} must be a non-empty string, found {record.get(name)!r:.40}"
    text = record["text"]
    voices = record.get("voices")
    if not isinstance(voices, list) or not voices:
        return "field 'voices' must be a non-empty list"
    labelled = []
    for index, voice in enumerate(voices):
        span = voice.get("span") if isinstance(voice, dict) else None
        if not isinstance(span, str) or not span:
            return f"voices[{index}].span must be a non-empty string"
        if not isinstance(voice.get("subject_voice"), bool):
            return f"voices[{index}].subject_voice must be true or false, found {voice.get('subject_voice')!r:.20}"
        start = text.find(span)
        if start < 0:
            return f"voices[{index}].span is not a substring of the text: {span[:60]!r}"
        labelled.append((Span(start, start + len(span), span), voice["subject_voice"]))
    return VoiceArticle(record["id"], record["subject"], text, tuple(labelled))


def examples_from_voice_set(articles: Iterable[VoiceArticle]) -> list[VoiceExample]:
    """Every statement the reader finds in the articles that matches a labelled voice."""
    examples = []
    for article in articles:
        reading = read_article(article.text, article.subject)
        statements, labels = [], []
        for statement in reading.all_statements:
            label = next((is_subject for span, is_subject in article.voices if statement.span.matches(span)), None)
            if label is not None:
                statements.append(statement)
                labels.append(label)
        examples += _examples(reading, statements, labels, article.id)
    return examples


def examples_from_labelled_set(path: str | Path) -> list[VoiceExample]:
    """Statements of a labelled article set: gold statements, and others' unused ones."""
    examples = []
    for article in load_dataset(path):
        reading = read_article(article.text, article.subject)
        gold = {pair.statement_span for pair in article.pairs}
        statements, labels = [], []
        for statement in reading.all_statements:
            is_gold = any(statement.span.matches(span) for span in gold)
            if is_gold or not statement.is_subject:
                statements.append(statement)
                labels.append(is_gold)
        examples += _examples(reading, statements, labels, article.id)
    return examples


def _examples(reading: ArticleReading, statements, labels, article_id: str) -> list[VoiceExample]:
    if reading.subject is None:
        return []
    inputs = voice_inputs(reading, statements)
    return [VoiceExample(i, label, article_id, s.is_subject) for i, label, s in zip(inputs, labels, statements)]
