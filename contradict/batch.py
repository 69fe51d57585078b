"""Streaming, resumable batch runs: an archive of articles in, findings and verdicts out.

    INPUT (JSONL, CSV, Parquet, stdin) -> chunks of N records -> Detector.analyze_many
      -> OUTDIR/parts/part-K.jsonl + part-K.errors.jsonl, then part-K.done.json (the commit)
      -> at the end: OUTDIR/results.jsonl, errors.jsonl, summary.json [, *.parquet]

This module holds what every stage shares: the run's options, its summary and exit code,
the progress hook, and the guard of the optional pyarrow extra. The stages live in their own modules, in the order a chunk meets them:

* :mod:`contradict.batch_input`: the input formats, read record by record with their line
  numbers; validation, which sets bad records aside with a reason; chunk boundaries.
* :mod:`contradict.batch_scoring`: one chunk validated, analysed and serialised (the
  function both engines run).
* :mod:`contradict.batch_output`: the output records, atomic file writes, Parquet tables.
* :mod:`contradict.batch_store`: the run folder: parts, commit markers, lock, assembly.
* :mod:`contradict.batch_manifest`: what a run records about itself (config, fingerprints)
  and the checks a resume must pass.
* :mod:`contradict.batch_run`: a run's life, either engine: open or resume, score, finish.
* :mod:`contradict.batch_local` and :mod:`contradict.batch_ray`: the two engines.
* :mod:`contradict.batch_progress`: how the CLI shows progress.

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
    >>> from contradict.batch_local import run_batch                          # doctest: +SKIP
    >>> options = BatchOptions(input="articles.jsonl", outdir=Path("out"))   # doctest: +SKIP
    >>> summary = run_batch(options, DetectorConfig(judge="nli-only"))      # doctest: +SKIP
    >>> summary.articles_scored, summary.set_aside, summary.exit_code        # doctest: +SKIP
    (998, 2, 7)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import EngineError

#: Exit code of a run that finished but set some records aside (see errors.jsonl).
EXIT_SET_ASIDE = 7


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


def require_pyarrow(why: str):
    """The ``pyarrow`` module, or an :class:`EngineError` saying which extra installs it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the submodule is not imported by pyarrow itself)
    except ImportError as exc:
        raise EngineError(f"{why} needs pyarrow: pip install 'contradict[batch]'") from exc
    return pyarrow


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

