"""Load and validate a hand-labelled article set (design/DATASET-FORMAT.md).

A labelled set is checked in full before anything is scored: every problem of every line is
collected and reported together, each as ``FILE:LINE (article ID): reason``, so one run of
the loader is enough to fix a file.

Example:
    >>> articles = load_dataset("eval/data/dev.jsonl")          # doctest: +SKIP
    >>> articles[0].pairs[0].label, articles[0].pairs[0].statement_span.start  # doctest: +SKIP
    ('contradiction', 212)
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DatasetError
from .labels import LABELS
from .records import Span

logger = logging.getLogger(__name__)

#: The values ``domain`` may take (or null).
DOMAINS: tuple[str, ...] = ("politics", "business", "sports", "entertainment", "science", "tech", "other")
#: Fields every article must carry, non-empty.
REQUIRED_TEXT_FIELDS: tuple[str, ...] = ("id", "source", "subject", "text")
#: Fields the format defines; any other field of a record is kept in ``Article.extra``.
KNOWN_FIELDS: frozenset[str] = frozenset({*REQUIRED_TEXT_FIELDS, "pairs", "title", "published", "domain"})
#: How many problems an error message lists before summarising the rest.
MAX_LISTED_PROBLEMS = 20

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNKNOWN_ID = "?"


@dataclass(frozen=True)
class GoldPair:
    """One labelled (statement, report) pair of an article.

    Attributes:
        statement: the subject's statement, an exact substring of the article text.
        report: a claim reported by others (or stated by the article), an exact substring.
        label: one of :data:`contradict.labels.LABELS`.
        note: the labeller's one-line reason, if given.
        statement_span: where ``statement`` first occurs in the text.
        report_span: where ``report`` first occurs in the text.
    """

    statement: str
    report: str
    label: str
    note: str | None
    statement_span: Span
    report_span: Span

    def to_dict(self) -> dict:
        return {
            "statement": self.statement,
            "report": self.report,
            "label": self.label,
            "note": self.note,
            "statement_span": [self.statement_span.start, self.statement_span.end],
            "report_span": [self.report_span.start, self.report_span.end],
        }


@dataclass(frozen=True)
class Article:
    """A labelled article.

    Attributes:
        id: unique within its file.
        source: provenance of the text.
        subject: whose own statements are tested.
        text: the article body.
        pairs: the labelled pairs, in file order (may be empty only for records read with
            ``require_pairs=False``).
        title: headline, if given.
        published: ``YYYY-MM-DD``, if given.
        domain: one of :data:`DOMAINS`, if given.
        line: 1-based line number in the file it came from (0 when not read from a file).
        extra: every other field of the record (such as ``kind``), unchanged.
    """

    id: str
    source: str
    subject: str
    text: str
    pairs: tuple[GoldPair, ...]
    title: str | None = None
    published: str | None = None
    domain: str | None = None
    line: int = field(default=0, compare=False)
    # A dict cannot be hashed; leaving it out of the hash keeps articles usable as keys.
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def pair_id(self, index: int) -> str:
        """A readable id for pair ``index`` of this article, e.g. ``"sessions-kislyak#0"``."""
        return f"{self.id}#{index}"


# -- validation -------------------------------------------------------------------------------


def _excerpt(text: str, limit: int = 60) -> str:
    """A short, quoted excerpt of ``text`` for messages."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 3] + "...")


def _substring_problem(name: str, value: str, text: str) -> str | None:
    """Why ``value`` is not an exact substring of ``text`` (None when it is)."""
    if value in text:
        return None
    # The usual causes are re-typed quote marks and re-wrapped whitespace; naming them saves
    # the labeller a character-by-character hunt.
    flat_value, flat_text = " ".join(value.split()), " ".join(text.split())
    if flat_value in flat_text:
        hint = " (it differs only in whitespace)"
    elif flat_value.lower() in flat_text.lower():
        hint = " (it differs only in letter case)"
    elif _unify_quotes(flat_value) in _unify_quotes(flat_text):
        hint = " (it differs only in quote marks or apostrophes)"
    else:
        hint = ""
    return f"{name} is not an exact substring of text{hint}: {_excerpt(value)}"


def _unify_quotes(text: str) -> str:
    return re.sub(r"[\u2018\u2019\u201a\u201b`´]", "'", re.sub(r"[\u201c\u201d\u201e\u201f«»]", '"', text))


def _is_nonempty_string(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _describe(value: Any) -> str:
    """What ``value`` is, for messages ("a list", "null", "an empty string", ...)."""
    if value is None:
        return "null"
    if isinstance(value, str) and not value.strip():
        return "an empty string"
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _field_problems(record: dict) -> list[str]:
    """Problems of the article-level fields (not the pairs)."""
    problems = []
    for name in REQUIRED_TEXT_FIELDS:
        value = record.get(name)
        if name not in record:
            problems.append(f"missing required field {name!r}")
        elif not _is_nonempty_string(value):
            problems.append(f"field {name!r} must be a non-empty string, found {_describe(value)}")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        problems.append(f"field 'title' must be a string or null, found {_describe(title)}")
    problems.extend(_published_problems(record.get("published")))
    domain = record.get("domain")
    if domain is not None and domain not in DOMAINS:
        problems.append(f"domain must be one of {', '.join(DOMAINS)} or null, found {domain!r}")
    return problems


def _published_problems(published: Any) -> list[str]:
    if published is None:
        return []
    if isinstance(published, str) and _ISO_DATE.match(published):
        try:
            _dt.date.fromisoformat(published)
            return []
        except ValueError:
            return [f"published is not a real date: {published!r}"]
    return [f"published must be a YYYY-MM-DD date or null, found {published!r}"]


def _pair_problems(index: int, pair: Any, text: str | None) -> list[str]:
    """Problems of pair ``index`` (0-based; messages count from 1 as people do)."""
    where = f"pair {index + 1}"
    if not isinstance(pair, dict):
        return [f"{where} must be an object, found {_describe(pair)}"]
    problems = []
    for name in ("statement", "report"):
        value = pair.get(name)
        if not _is_nonempty_string(value):
            problems.append(f"{where}: {name} must be a non-empty string, found {_describe(value)}")
        elif text is not None:
            problem = _substring_problem(name, value, text)
            if problem:
                problems.append(f"{where}: {problem}")
    label = pair.get("label")
    if label not in LABELS:
        problems.append(f"{where}: unknown label {label!r} (expected one of {', '.join(LABELS)})")
    note = pair.get("note")
    if note is not None and not isinstance(note, str):
        problems.append(f"{where}: note must be a string or null, found {_describe(note)}")
    return problems


def _record_problems(record: Any, require_pairs: bool) -> list[str]:
    """Every problem of one parsed JSON record (empty when it is a valid article)."""
    if not isinstance(record, dict):
        return [f"expected a JSON object, found {_describe(record)}"]
    problems = _field_problems(record)
    text = record.get("text") if _is_nonempty_string(record.get("text")) else None
    pairs = record.get("pairs")
    if pairs is None and not require_pairs:
        return problems
    if not isinstance(pairs, list):
        what = "missing required field 'pairs'" if "pairs" not in record else f"found {_describe(pairs)}"
        return problems + [f"pairs must be a list of labelled pairs; {what}"]
    if require_pairs and not pairs:
        problems.append("pairs is empty; every article needs at least one labelled pair")
    for index, pair in enumerate(pairs):
        problems.extend(_pair_problems(index, pair, text))
    return problems


def _build_article(record: dict, line: int) -> Article:
    """An :class:`Article` from a record already known to be valid."""
    text = record["text"]
    pairs = tuple(_build_pair(pair, text) for pair in record.get("pairs") or ())
    return Article(
        id=record["id"],
        source=record["source"],
        subject=record["subject"],
        text=text,
        pairs=pairs,
        title=record.get("title"),
        published=record.get("published"),
        domain=record.get("domain"),
        line=line,
        extra={key: value for key, value in record.items() if key not in KNOWN_FIELDS},
    )


def _build_pair(pair: dict, text: str) -> GoldPair:
    return GoldPair(
        statement=pair["statement"],
        report=pair["report"],
        label=pair["label"],
        note=pair.get("note"),
        statement_span=_first_span(pair["statement"], text),
        report_span=_first_span(pair["report"], text),
    )


def _first_span(substring: str, text: str) -> Span:
    start = text.find(substring)
    return Span(start, start + len(substring), substring)


def _record_id(record: Any) -> str:
    if isinstance(record, dict) and _is_nonempty_string(record.get("id")):
        return record["id"]
    return _UNKNOWN_ID


def _locate(origin: str, line: int, article_id: str) -> str:
    place = f"{origin}:{line}" if line else origin
    return f"{place} (article {article_id})"


def _raise_problems(origin: str, problems: list[str]) -> None:
    if not problems:
        return
    shown = problems[:MAX_LISTED_PROBLEMS]
    lines = [f"{origin}: {len(problems)} problem(s) found; nothing was scored", *(f"  {p}" for p in shown)]
    if len(problems) > len(shown):
        lines.append(f"  ... and {len(problems) - len(shown)} more")
    raise DatasetError("\n".join(lines))


# -- public API -------------------------------------------------------------------------------


def read_article_record(
    record: Any, *, require_pairs: bool = True, origin: str = "record", line: int = 0
) -> Article:
    """Validate one JSON record in the labelled-set format and return it as an :class:`Article`.

    Args:
        record: the parsed JSON value.
        require_pairs: demand at least one labelled pair, as a labelled set does; with
            ``False`` (an article handed in for analysis) ``pairs`` may be absent or empty,
            but pairs that are given are still checked.
        origin: the file or source named in error messages.
        line: the record's line in ``origin`` (0 when it is not from a line-based file).

    Raises:
        DatasetError: listing every problem as ``ORIGIN:LINE (article ID): reason``.

    Example:
        >>> a = read_article_record({"id": "x", "source": "s", "subject": "Ann", "text": "Ann: no.",
        ...                          "pairs": [{"statement": "no.", "report": "Ann", "label": "neutral"}]})
        >>> a.pairs[0].statement_span
        Span(start=5, end=8, text='no.')
    """
    where = _locate(origin, line, _record_id(record))
    _raise_problems(origin, [f"{where}: {p}" for p in _record_problems(record, require_pairs)])
    return _build_article(record, line)


def load_dataset(path: str | Path) -> list[Article]:
    """Read and validate a labelled article set (UTF-8 JSON Lines, one article per line).

    Everything is checked before anything is returned: malformed JSON, missing or empty
    required fields, ``pairs`` that is not a non-empty list, statements or reports that are
    not exact substrings of the text, unknown labels, duplicate ids, dates that are not
    ``YYYY-MM-DD``, and unknown domains. Blank lines are ignored.

    Args:
        path: the ``.jsonl`` file.

    Returns:
        The articles in file order.

    Raises:
        DatasetError: the file is missing, unreadable, empty, or has problems; the message
            lists each as ``FILE:LINE (article ID): reason`` (the first
            :data:`MAX_LISTED_PROBLEMS`, then how many more).
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"labelled set not found: {path}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc

    problems: list[str] = []
    articles: list[Article] = []
    first_line_of_id: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"{_locate(str(path), number, _UNKNOWN_ID)}: malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        article_id = _record_id(record)
        where = _locate(str(path), number, article_id)
        record_problems = _record_problems(record, require_pairs=True)
        if article_id != _UNKNOWN_ID:
            if article_id in first_line_of_id:
                record_problems.append(f"duplicate id, first used on line {first_line_of_id[article_id]}")
            else:
                first_line_of_id[article_id] = number
        problems.extend(f"{where}: {p}" for p in record_problems)
        if not record_problems:
            articles.append(_build_article(record, number))

    if not problems and not articles:
        problems.append(f"{path}: the file holds no articles")
    _raise_problems(str(path), problems)
    logger.info("loaded %d articles with %d pairs from %s", len(articles), sum(len(a.pairs) for a in articles), path)
    return articles
