"""The local engine of batch runs: one process reads, scores and commits chunk after chunk.

    INPUT -> chunks of N records (a file is seeked to the first chunk not yet committed)
      -> score_chunk -> commit -> ... -> finish (see :mod:`contradict.batch_run`)

The models load once; standard input is read from its start on every resume, and the bytes
up to each committed chunk must hash as they did when it was committed.

Example:
    >>> options = BatchOptions(input="articles.jsonl", outdir=Path("out"))   # doctest: +SKIP
    >>> summary = run_batch(options, DetectorConfig(judge="nli-only"))      # doctest: +SKIP
    >>> summary.articles_scored, summary.set_aside, summary.exit_code        # doctest: +SKIP
    (998, 2, 7)
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from .batch import BatchOptions, BatchProgress, BatchSummary
from .batch_input import Position, input_format_of, iter_raw_records
from .batch_manifest import describe_input
from .batch_run import PreparedRun, run_engine
from .batch_scoring import score_chunk
from .detector import Detector, DetectorConfig
from .errors import ResumeMismatchError

#: Test-only: seconds to sleep after scoring each chunk, before committing it, so that a
#: test can kill a run in the middle. Never set it in production.
TEST_DELAY_ENV = "CONTRADICT_BATCH_TEST_DELAY"


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
        OutputDirError: see :func:`contradict.batch_run.prepare_run`.
        ResumeMismatchError: the resumed run differs from this one.
    """
    input_format = input_format_of(options.input, options.input_format)
    input_info, estimate = describe_input(options.input, input_format)
    engine = _LocalEngine(options, input_format, config, detector, stdin)
    return run_engine(engine, options, config, input_format, input_info, estimate, progress or BatchProgress())


class _LocalEngine:
    """Reads the input once, in order, scoring the chunks not committed yet (a :class:`ChunkEngine`)."""

    name = "local"

    def __init__(self, options: BatchOptions, input_format: str, config: DetectorConfig, detector: Detector | None, stdin: BinaryIO | None) -> None:
        self.options, self.input_format, self.config = options, input_format, config
        self.detector, self.stdin = detector, stdin

    def load(self) -> None:
        self.detector = (self.detector or Detector(self.config)).load()

    def score(self, prepared: PreparedRun, progress: BatchProgress) -> tuple[int, dict | None]:
        options = self.options
        from_stdin = options.input == "-"
        hasher = _CountingDigest() if from_stdin else None
        commits = prepared.commits
        index = 0 if from_stdin else _first_missing(commits)
        start = Position(**commits[index - 1]["end"]) if index else Position()
        records = iter_raw_records(
            options.input, self.input_format, start, options.max_chars,
            stream=(self.stdin or sys.stdin.buffer) if from_stdin else None, hasher=hasher,
        )  # fmt: skip
        while chunk := list(islice(records, options.chunk_size)):
            end = chunk[-1].end
            if index in commits:
                _check_prefix(options.outdir, commits[index], hasher)
            else:
                result = score_chunk(self.detector, chunk, options.max_chars, options.all_pairs)
                _test_delay()
                prefix = hasher.copy().hexdigest() if hasher is not None else None
                prepared.commit(index, result, start, end, prefix)
                progress.advance(result.counts)
            index, start = index + 1, end
        update = {"sha256": hasher.hexdigest(), "bytes": hasher.size} if hasher is not None else None
        return index, update


def _test_delay() -> None:
    delay = os.environ.get(TEST_DELAY_ENV)
    if delay:
        time.sleep(float(delay))


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
