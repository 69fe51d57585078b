"""Read plain NLI files (one JSON object per line: premise, hypothesis, label).

One parser reads every NLI line, for training and for evaluation alike; a
:class:`LabelScheme` says which labels a file may use:

* :data:`THREE_WAY`: entailment / neutral / contradiction, with an optional positive
  ``weight`` per line (training data, :func:`read_nli_file`);
* :data:`THREE_OR_TWO_WAY`: also entailment / not_entailment (RTE-style files), weights not
  read since scoring ignores them (evaluation data, :func:`read_nli_eval_file`).

Bad lines are never silently mislabelled: each one is reported with its file, line number
and reason, and skipped. The caller decides whether skipped lines are fatal.

Example:
    >>> parse_nli_line(Path("rte.jsonl"), 3, '{"premise": "A", "hypothesis": "B", "label": "maybe"}', THREE_WAY)
    SkippedLine(path='rte.jsonl', line=3, reason="unknown label 'maybe' (expected one of entailment, neutral, contradiction)")
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import DatasetError
from .labels import CONTRADICTION, LABELS, NEUTRAL, NOT_ENTAILMENT

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


@dataclass(frozen=True)
class LabelScheme:
    """The labels an NLI file may use, and whether its lines may carry a training weight.

    Attributes:
        labels: the accepted labels, in the order an unknown label's error lists them.
        weighted: read each line's optional ``weight`` (and set aside lines whose weight is
            not a positive number).
    """

    labels: tuple[str, ...]
    weighted: bool


#: Training files: the three canonical labels, optionally weighted.
THREE_WAY = LabelScheme(LABELS, weighted=True)
#: Evaluation files: three-way, or entailment / not_entailment; weights are not read.
THREE_OR_TWO_WAY = LabelScheme(tuple(sorted({*LABELS, NOT_ENTAILMENT})), weighted=False)


@dataclass
class NLIFile:
    """The usable examples of one file and the lines set aside."""

    path: Path
    examples: list[NLIExample] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)


@dataclass
class NLIEvalFile:
    """The usable examples of an NLI evaluation file, the lines set aside, and its label scheme.

    Attributes:
        path: the file.
        examples: the usable examples (the first ``limit`` when a limit was given).
        skipped: bad lines among those read for ``examples``.
        two_way: the file's labels are entailment / not_entailment (RTE style), judged from
            every line of the file, so a ``limit`` cannot hide it.
    """

    path: Path
    examples: list[NLIExample] = field(default_factory=list)
    skipped: list[SkippedLine] = field(default_factory=list)
    two_way: bool = False


def json_object(raw: str) -> dict | str:
    """One JSON Lines record as a dict, or why it is not one (for a skip reason)."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        return f"malformed JSON ({exc.msg})"
    if not isinstance(record, dict):
        return f"expected a JSON object, found {type(record).__name__}"
    return record


def parse_nli_line(path: Path, number: int, raw: str, scheme: LabelScheme) -> NLIExample | SkippedLine:
    """One line of an NLI file: its example, or why it is skipped.

    Args:
        path: the file (named in the skip and used as the default ``source``).
        number: the line number, from 1.
        raw: the line's text.
        scheme: the labels the file may use, and whether weights are read.
    """
    record = json_object(raw)
    if isinstance(record, str):
        return SkippedLine(str(path), number, record)
    for key in ("premise", "hypothesis", "label"):
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            return SkippedLine(str(path), number, f"missing or empty field {key!r}")
    label = record["label"].strip().lower()
    if label not in scheme.labels:
        expected = ", ".join(scheme.labels)
        return SkippedLine(str(path), number, f"unknown label {record['label']!r} (expected one of {expected})")
    weight = record.get("weight", 1.0) if scheme.weighted else 1.0
    if not isinstance(weight, (int, float)) or weight <= 0:
        return SkippedLine(str(path), number, f"weight must be a positive number, found {weight!r}")
    return NLIExample(
        premise=record["premise"].strip(),
        hypothesis=record["hypothesis"].strip(),
        label=label,
        source=str(record.get("source", path.stem)),
        weight=float(weight),
    )


def iter_nli_lines(path: str | Path, scheme: LabelScheme = THREE_WAY) -> Iterator[tuple[int, NLIExample | SkippedLine]]:
    """Yield ``(line_number, example_or_skip)`` for each non-blank line of ``path``.

    Raises:
        DatasetError: the file does not exist or is not UTF-8 text.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(f"NLI data file not found: {path}")
    try:
        with path.open(encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield number, parse_nli_line(path, number, raw, scheme)
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def read_nli_file(path: str | Path, limit: int | None = None) -> NLIFile:
    """Read one three-way NLI JSONL file (training data), keeping good examples and
    recording the bad lines.

    Args:
        path: the file.
        limit: keep at most this many examples (the first ones), for quick checks.

    Raises:
        DatasetError: the file does not exist or is not readable as UTF-8.
    """
    result = NLIFile(path=Path(path))
    for _, item in iter_nli_lines(path, THREE_WAY):
        if isinstance(item, SkippedLine):
            result.skipped.append(item)
            logger.warning("skipped %s", item)
        else:
            result.examples.append(item)
            if limit is not None and len(result.examples) >= limit:
                break
    return result


def read_nli_eval_file(path: str | Path, limit: int | None = None) -> NLIEvalFile:
    """Read a plain NLI file for evaluation: three-way labels, or entailment / not_entailment.

    Unlike :func:`read_nli_file` (training data, three-way only), this accepts two-way
    files. Bad lines are kept in ``skipped`` with file, line and reason.

    Args:
        path: the ``.jsonl`` file.
        limit: keep only the first ``limit`` usable examples (the label scheme is still read
            from the whole file).

    Raises:
        DatasetError: the file is missing or not UTF-8, or mixes not_entailment with neutral or
            contradiction (then it is unclear how to score it).
    """
    result = NLIEvalFile(path=Path(path))
    labels: Counter = Counter()
    for _, item in iter_nli_lines(path, THREE_OR_TWO_WAY):
        full = limit is not None and len(result.examples) >= limit
        if isinstance(item, NLIExample):
            labels[item.label] += 1
            if not full:
                result.examples.append(item)
        elif not full:
            result.skipped.append(item)
            logger.info("skipped %s", item)  # the caller reports skipped lines to the user
    if labels[NOT_ENTAILMENT] and (labels[NEUTRAL] or labels[CONTRADICTION]):
        raise DatasetError(
            f"{result.path}: mixes two-way and three-way labels ({dict(labels)}); expected either "
            "entailment/neutral/contradiction or entailment/not_entailment"
        )
    result.two_way = labels[NOT_ENTAILMENT] > 0
    return result
