"""Read the article a user hands in: a text file, a JSON record, or standard input."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .dataset import read_article_record
from .errors import InputError

#: Files larger than this are refused: no news article is 20 MB of text.
MAX_INPUT_BYTES = 20_000_000


@dataclass(frozen=True)
class ArticleInput:
    """An article to analyse: its text, the subject if the input names one, and an id."""

    text: str
    subject: str | None
    id: str


def load_article_input(location: str) -> ArticleInput:
    """Load ``location``: a path to plain text or to a JSON record, or ``-`` for stdin.

    A JSON record uses the labelled-set format (``text`` and ``subject`` fields, ``pairs``
    optional). Anything that starts with ``{`` is read as JSON.

    Raises:
        InputError: missing file, empty input, bytes that are not UTF-8, invalid JSON record.
    """
    if location == "-":
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(location)
        if not path.is_file():
            raise InputError(f"article file not found: {location}")
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"{location} is {path.stat().st_size:,} bytes; the limit is {MAX_INPUT_BYTES:,}")
        raw = path.read_bytes()
        name = path.name
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(f"input is larger than {MAX_INPUT_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc
    if not text.strip():
        raise InputError(f"{name} is empty; expected an article as plain text or a JSON record")
    if text.lstrip().startswith("{"):
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name} starts with '{{' but is not valid JSON ({exc.msg}, line {exc.lineno})") from exc
        article = read_article_record(record, require_pairs=False, origin=name)
        return ArticleInput(article.text, article.subject, article.id)
    return ArticleInput(text, None, Path(name).stem)
