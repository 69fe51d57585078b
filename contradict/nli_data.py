"""Read plain NLI files (one JSON object per line: premise, hypothesis, label).

Bad lines are never silently mislabelled: each one is reported with its file, line number
and reason, and skipped. The caller decides whether skipped lines are fatal.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import DatasetError
from .labels import LABELS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NLIExample:
    """One premise/hypothesis pair with its gold label (one of :data:`LABELS`)."""

    premise: str
    hypothesis: str
    label: str
    source: str = ""
    weight: float = 1.0


@dataclass
class SkippedLine:
    """A line that could not be used, and why."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class NLIFile:
    """The usable examples of one file and the lines set aside."""

    path: Path
    examples: list[NLIExample] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)


def iter_nli_lines(path: Path) -> Iterator[tuple[int, NLIExample | SkippedLine]]:
    """Yield ``(line_number, example_or_skip)`` for each non-blank line of ``path``."""
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            yield number, _parse_line(path, number, raw)


def _parse_line(path: Path, number: int, raw: str) -> NLIExample | SkippedLine:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return SkippedLine(str(path), number, f"malformed JSON ({exc.msg})")
    if not isinstance(record, dict):
        return SkippedLine(str(path), number, f"expected a JSON object, found {type(record).__name__}")
    for key in ("premise", "hypothesis", "label"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            return SkippedLine(str(path), number, f"missing or empty field {key!r}")
    label = record["label"].strip().lower()
    if label not in LABELS:
        return SkippedLine(
            str(path), number, f"unknown label {record['label']!r} (expected one of {', '.join(LABELS)})"
        )
    weight = record.get("weight", 1.0)
    if not isinstance(weight, (int, float)) or weight <= 0:
        return SkippedLine(str(path), number, f"weight must be a positive number, found {weight!r}")
    return NLIExample(
        premise=record["premise"].strip(),
        hypothesis=record["hypothesis"].strip(),
        label=label,
        source=str(record.get("source", path.stem)),
        weight=float(weight),
    )


def read_nli_file(path: str | Path, limit: int | None = None) -> NLIFile:
    """Read one NLI JSONL file, keeping good examples and recording the bad lines.

    Args:
        path: the file.
        limit: keep at most this many examples (the first ones), for quick checks.

    Raises:
        DatasetError: the file does not exist or is not readable as UTF-8.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"NLI data file not found: {path}")
    result = NLIFile(path=path)
    try:
        for _, item in iter_nli_lines(path):
            if isinstance(item, SkippedLine):
                result.skipped.append(item)
                logger.warning("skipped %s", item)
            else:
                result.examples.append(item)
                if limit is not None and len(result.examples) >= limit:
                    break
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return result
