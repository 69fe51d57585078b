"""Reading a batch run's input: records with their line numbers, bad ones set aside.

    INPUT (JSONL, CSV, Parquet, stdin) -> RawRecord (line, payload or problem, end position)
      -> parse_record -> Article, or the reason the record is set aside

The input is streamed, never held whole: JSONL lines longer than a text within
``--max-chars`` could take are skipped in pieces, CSV is fed to :mod:`csv` line by line,
and Parquet is decoded a batch of rows at a time. Every record knows where it ends, so a
run can start reading at any chunk boundary (:func:`chunk_boundaries`).

Example:
    >>> raws = iter_raw_records("articles.jsonl", "jsonl")     # doctest: +SKIP
    >>> articles, set_aside = split_chunk(list(raws), 200_000)  # doctest: +SKIP
    >>> set_aside[0].to_dict()                                  # doctest: +SKIP
    {'line': 7, 'id': None, 'reason': 'malformed JSON: Expecting value (column 1)'}
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from .batch import require_pyarrow
from .batch_manifest import file_fingerprint
from .errors import InputError

INPUT_FORMATS = ("jsonl", "csv", "parquet")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True)
class Position:
    """Where a record starts: byte offset and 1-based line (JSONL, CSV), or row index and
    1-based row number (Parquet)."""

    offset: int = 0
    line: int = 1

    def to_dict(self) -> dict:
        return {"offset": self.offset, "line": self.line}


@dataclass(frozen=True)
class RawRecord:
    """One input record as read, before validation.

    Attributes:
        line: its line (JSONL, CSV: the line it starts on) or row number (Parquet), from 1.
        payload: the raw line (JSONL, bytes) or the row (CSV, Parquet, dict); ``None`` when
            the record could not even be read.
        problem: why it could not be read, else ``None``.
        end: the position right after it.
    """

    line: int
    payload: bytes | dict | None
    problem: str | None
    end: Position


@dataclass(frozen=True)
class Article:
    """A valid input record: what the detector needs, plus the fields passed through."""

    line: int
    id: str | int
    text: str
    subject: str | None
    fields: dict


@dataclass(frozen=True)
class SetAside:
    """A record left out of the run, and why (one line of ``errors.jsonl``)."""

    line: int
    id: str | int | None
    reason: str

    def to_dict(self) -> dict:
        return {"line": self.line, "id": self.id, "reason": self.reason}


def input_format_of(source: str, given: str | None = None) -> str:
    """The input format: ``given``, else guessed from the extension (stdin is JSONL).

    Raises:
        InputError: unknown extension, or a non-JSONL format asked for on stdin.

    Example:
        >>> input_format_of("archive/2024.csv"), input_format_of("-")
        ('csv', 'jsonl')
    """
    if given is not None:
        if given not in INPUT_FORMATS:
            raise InputError(f"unknown input format {given!r}; expected one of {', '.join(INPUT_FORMATS)}")
        if source == "-" and given != "jsonl":
            raise InputError(f"standard input is read as JSONL; --input-format {given} needs a file")
        return given
    if source == "-":
        return "jsonl"
    guessed = _EXTENSIONS.get(Path(source).suffix.lower())
    if guessed is None:
        raise InputError(
            f"cannot tell the format of {source} from its extension; give --input-format jsonl, csv or parquet"
        )
    return guessed


def max_line_bytes(max_chars: int) -> int:
    """Longest JSONL line read whole: a text of ``max_chars`` escaped as ``\\uXXXX``, plus room
    for the other fields. Longer lines are skipped in pieces, never held in memory."""
    return max_chars * 6 + 65_536


def iter_raw_records(
    source: str,
    input_format: str,
    start: Position = Position(),
    max_chars: int = 200_000,
    *,
    stream: BinaryIO | None = None,
    hasher: Any | None = None,
    parquet_batch_rows: int = 256,
) -> Iterator[RawRecord]:
    """Stream the records of ``source`` from ``start`` on; blank lines are skipped.

    Args:
        source: a file path, or ``"-"`` with ``stream`` given.
        input_format: ``"jsonl"``, ``"csv"`` or ``"parquet"``.
        start: where to begin (a file is seeked; a stream must be at its beginning).
        max_chars: the text limit, which bounds the line length read whole.
        stream: the binary stream to read instead of opening ``source`` (stdin).
        hasher: a ``hashlib`` object updated with every byte read (text formats).
        parquet_batch_rows: rows decoded at once from a Parquet file.
    """
    if input_format == "parquet":
        yield from _parquet_records(source, start, parquet_batch_rows)
        return
    if stream is not None:
        if start != Position():
            raise ValueError("a stream cannot be read from the middle; skip records instead")
        yield from _text_records(stream, input_format, start, max_chars, hasher)
        return
    with open(source, "rb") as handle:
        yield from _text_records(handle, input_format, start, max_chars, hasher)


def read_chunk(source: str, input_format: str, start: Position, chunk_size: int, max_chars: int) -> list[RawRecord]:
    """The ``chunk_size`` records of a file from ``start`` on (the file is closed after)."""
    records = iter_raw_records(source, input_format, start, max_chars)
    try:
        return list(islice(records, chunk_size))
    finally:
        records.close()


def _text_records(stream: BinaryIO, input_format: str, start: Position, max_chars: int, hasher) -> Iterator[RawRecord]:
    if input_format == "jsonl":
        if start.offset:
            stream.seek(start.offset)
        return _jsonl_records(stream, start, max_line_bytes(max_chars), hasher)
    return _csv_records(stream, start, max_line_bytes(max_chars), hasher)


def _jsonl_records(stream: BinaryIO, start: Position, limit: int, hasher) -> Iterator[RawRecord]:
    offset, line = start.offset, start.line
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if hasher is not None:
            hasher.update(raw)
        size, problem = len(raw), None
        if len(raw) > limit and not raw.endswith(b"\n"):
            size += _skip_rest_of_line(stream, hasher)
            problem = f"line has {size:,} bytes, more than the {limit:,} a text within --max-chars can take"
        number = line
        offset, line = offset + size, line + 1
        if problem is None and not raw.strip():
            continue
        yield RawRecord(number, None if problem else raw, problem, Position(offset, line))


def _skip_rest_of_line(stream: BinaryIO, hasher) -> int:
    skipped = 0
    while True:
        piece = stream.readline(1 << 20)
        if hasher is not None:
            hasher.update(piece)
        skipped += len(piece)
        if not piece or piece.endswith(b"\n"):
            return skipped


class _LineFeed:
    """Feeds a binary stream to :mod:`csv` line by line, counting bytes and lines.

    :func:`csv.reader` pulls exactly the lines of one record per call, so after each record
    ``offset`` and ``line`` point at the start of the next one.
    """

    def __init__(self, stream: BinaryIO, hasher, limit: int, offset: int = 0, line: int = 0) -> None:
        self.stream, self.hasher, self.limit = stream, hasher, limit
        self.offset, self.line = offset, line
        self.bad_utf8: int | None = None

    def __iter__(self) -> "_LineFeed":
        return self

    def __next__(self) -> str:
        raw = self.stream.readline(self.limit + 1)  # longer lines come in pieces; csv then refuses the field
        if not raw:
            raise StopIteration
        if self.hasher is not None:
            self.hasher.update(raw)
        first = self.offset == 0
        self.offset += len(raw)
        self.line += 1
        try:
            return raw.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError:
            self.bad_utf8 = self.line
            return raw.decode("utf-8", "replace")

    def seek(self, position: Position) -> None:
        self.stream.seek(position.offset)
        self.offset, self.line = position.offset, position.line - 1


def _csv_records(stream: BinaryIO, start: Position, limit: int, hasher) -> Iterator[RawRecord]:
    feed = _LineFeed(stream, hasher, limit)
    reader = csv.reader(feed)
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, limit))
    try:
        header = next(reader, None)
        if header is None:
            return
        header = [name.strip() for name in header]
        if start.offset > feed.offset:
            feed.seek(start)
        while True:
            number, feed.bad_utf8 = feed.line + 1, None
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield RawRecord(number, None, f"malformed CSV: {exc}", Position(feed.offset, feed.line + 1))
                continue
            end = Position(feed.offset, feed.line + 1)
            if not row or (len(row) == 1 and not row[0].strip() and len(header) > 1):
                continue
            if feed.bad_utf8 is not None:
                yield RawRecord(number, None, f"line {feed.bad_utf8} is not UTF-8", end)
            elif len(row) != len(header):
                yield RawRecord(number, None, f"expected {len(header)} fields (as in the header), found {len(row)}", end)
            else:
                yield RawRecord(number, dict(zip(header, row)), None, end)
    finally:
        csv.field_size_limit(previous_limit)


def _parquet_records(source: str, start: Position, batch_rows: int) -> Iterator[RawRecord]:
    pq = require_pyarrow("Parquet input").parquet
    parquet = pq.ParquetFile(source)
    row = 0
    for group in range(parquet.num_row_groups):
        rows = parquet.metadata.row_group(group).num_rows
        if row + rows <= start.offset:
            row += rows
            continue
        for batch in parquet.iter_batches(batch_size=batch_rows, row_groups=[group]):
            for record in batch.to_pylist():
                if row >= start.offset:
                    yield RawRecord(row + 1, record, None, Position(row + 1, row + 2))
                row += 1


def parse_record(raw: RawRecord, max_chars: int) -> Article | str:
    """Validate one record: an :class:`Article`, or the reason it is set aside.

    Example:
        >>> raw = RawRecord(3, b'{"id": "a", "text": ""}', None, Position(40, 4))
        >>> parse_record(raw, 100)
        'text is empty'
    """
    if raw.problem is not None:
        return raw.problem
    data = raw.payload
    if isinstance(data, bytes):
        try:
            decoded = data.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            return f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at byte {exc.start + 1})"
        try:
            data = json.loads(decoded)
        except json.JSONDecodeError as exc:
            return f"malformed JSON: {exc.msg} (column {exc.colno})"
    if not isinstance(data, dict):
        return f"expected a JSON object, found {type(data).__name__}"
    problem = _id_problem(data.get("id")) or _text_problem(data.get("text", _MISSING), max_chars)
    subject = data.get("subject")
    if problem is None and subject is not None and not isinstance(subject, str):
        problem = f"subject must be a string, found {type(subject).__name__}"
    if problem is not None:
        return problem
    identifier = data["id"].strip() if isinstance(data["id"], str) else data["id"]
    fields = {k: _plain(v) for k, v in data.items() if k not in ("id", "text", "subject")}
    return Article(raw.line, identifier, data["text"], (subject or "").strip() or None, fields)


def split_chunk(raws: Sequence[RawRecord], max_chars: int) -> tuple[list[Article], list[SetAside]]:
    """The valid articles of a chunk, and the records set aside, each in input order."""
    articles: list[Article] = []
    set_aside: list[SetAside] = []
    for raw in raws:
        parsed = parse_record(raw, max_chars)
        if isinstance(parsed, str):
            set_aside.append(SetAside(raw.line, peek_id(raw), parsed))
        else:
            articles.append(parsed)
    return articles, set_aside


def peek_id(raw: RawRecord) -> str | int | None:
    """The record's id if it can be read, for the error line."""
    data = raw.payload
    if isinstance(data, bytes):
        try:
            data = json.loads(data)
        except ValueError:
            return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None


_MISSING = object()


def _id_problem(value) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing id"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"id must be a string or an integer, found {type(value).__name__}"
    return None


def _text_problem(value, max_chars: int) -> str | None:
    if value is _MISSING or value is None:
        return "missing text"
    if not isinstance(value, str):
        return f"text must be a string, found {type(value).__name__}"
    if not value.strip():
        return "text is empty"
    if len(value) > max_chars:
        return f"text has {len(value):,} characters, more than --max-chars {max_chars:,}"
    return None


def _plain(value):
    """A passed-through value made JSON-safe (NaN to null; dates, decimals, bytes to text)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


# -- fingerprints ----------------------------------------------------------------------------


def chunk_boundaries(source: str, input_format: str, chunk_size: int, max_chars: int) -> tuple[list[Position], str, int]:
    """Start positions of every chunk plus the end of the last one, the file's sha256 and
    its record count, in one pass (the Ray engine hands each worker a chunk's start).

    Example:
        >>> chunk_boundaries("articles.jsonl", "jsonl", 64, 200_000)   # doctest: +SKIP
        ([Position(offset=0, line=1), Position(offset=120553, line=65), ...], '3f2a…', 1000)
    """
    if input_format == "parquet":
        sha, _, _ = file_fingerprint(source)
        rows = require_pyarrow("Parquet input").parquet.ParquetFile(source).metadata.num_rows
        starts = list(range(0, rows, chunk_size)) + [rows]
        return [Position(r, r + 1) for r in starts], sha, rows
    hasher = hashlib.sha256()
    boundaries, count = [Position()], 0
    for raw in iter_raw_records(source, input_format, Position(), max_chars, hasher=hasher):
        count += 1
        if count % chunk_size == 0:
            boundaries.append(raw.end)
    if count % chunk_size:
        boundaries.append(raw.end)
    return boundaries, hasher.hexdigest(), count
