"""The life of one batch run, whichever engine scores it: open or resume, score, finish.

    run_engine: prepare_run (check OUTDIR, lock it, write or check the manifest)
      -> engine.load() -> engine.score(pending chunks, committing each) -> finish_run
      (join the parts, write summary.json, mark the manifest complete)

An engine (:mod:`contradict.batch_local`, :mod:`contradict.batch_ray`) only decides how the
pending chunks are scored; opening the folder, the progress hook's start and end, the
final assembly and the lock's release are here, once for both.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from .batch import BatchOptions, BatchProgress, BatchSummary, require_pyarrow
from .batch_input import Position
from .batch_manifest import check_resumable, new_manifest, utc_timestamp
from .batch_scoring import ChunkResult
from .batch_store import RunDir
from .detector import DetectorConfig
from .errors import InputError, OutputDirError

logger = logging.getLogger(__name__)


@dataclass
class PreparedRun:
    """A run folder ready to take chunks: its manifest and the chunks already committed."""

    run: RunDir
    manifest: dict
    commits: dict[int, dict]
    estimate: int | None
    finished: BatchSummary | None = None

    @property
    def records_committed(self) -> int:
        """Input records in the committed chunks (what a resumed run's progress starts from)."""
        return sum(commit["records_in"] for commit in self.commits.values())

    def commit(self, index: int, result: ChunkResult, start: Position, end: Position, input_sha256: str | None = None) -> None:
        """Commit chunk ``index`` in the run folder and count it as done."""
        self.commits[index] = self.run.commit(index, result, start, end, input_sha256)


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
    """Under the lock: reopen the run a resume names (checked against this one), or start afresh."""
    fresh = new_manifest(options, config, engine, input_format, input_info)
    old = run.read_manifest() if options.resume else None
    if old is not None:
        check_resumable(run.root, old, fresh)
        run.sweep_temporaries()
        commits = run.commits()
        logger.info("resuming %s: %d chunk(s) already committed", run.root, len(commits))
        summary = run.read_summary() if old.get("state") == "complete" else None
        if summary is not None:
            run.remove_parts()
            return PreparedRun(run, old, commits, estimate, finished=BatchSummary.from_dict(summary))
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
    run.write_summary(summary.to_dict())
    manifest = dict(prepared.manifest)
    if input_update:
        manifest["input"] = {**manifest["input"], **input_update}
    manifest.update(state="complete", chunks=chunks, finished=utc_timestamp())
    run.write_manifest(manifest)
    run.remove_parts()
    logger.info("batch run complete in %s: %s", run.root, total)
    return summary


class ChunkEngine(Protocol):
    """How the pending chunks of a run get scored (the local loop, or a Ray actor pool)."""

    #: ``"local"`` or ``"ray"``, recorded in the manifest and the summary.
    name: str

    def load(self) -> None:
        """Get ready to score (e.g. load the models), once the run is open and not yet complete.

        Called before the progress starts, so that the rate it shows counts scoring only.
        """

    def score(self, prepared: PreparedRun, progress: BatchProgress) -> tuple[int, dict | None]:
        """Score and commit (:meth:`PreparedRun.commit`) every chunk not committed yet.

        Returns:
            the number of chunks in the input, and what to add to the manifest's ``input``
            entry once the whole input has been read (standard input's sha256), or ``None``.
        """


def run_engine(
    engine: ChunkEngine,
    options: BatchOptions,
    config: DetectorConfig,
    input_format: str,
    input_info: dict,
    estimate: int | None,
    progress: BatchProgress,
) -> BatchSummary:
    """Open (or resume) the run in ``options.outdir``, let ``engine`` score it, and finish it.

    Args:
        engine: scores the pending chunks.
        options: the run's settings.
        config: the detector's settings (recorded in the manifest).
        input_format: the resolved input format.
        input_info: the manifest's ``input`` entry.
        estimate: the records expected (``None``: unknown), for progress.
        progress: told when the run starts, of each committed chunk, and when it ends.

    Returns:
        the run's :class:`BatchSummary` (that of the earlier run when it was already complete).

    Raises:
        OutputDirError: see :func:`prepare_run`.
        ResumeMismatchError: the resumed run differs from this one.
    """
    prepared = prepare_run(options, config, engine.name, input_format, input_info, estimate)
    try:
        if prepared.finished is not None:
            logger.info("the run in %s is already complete", options.outdir)
            return prepared.finished
        engine.load()
        progress.start(prepared.estimate, prepared.records_committed)
        try:
            chunks, input_update = engine.score(prepared, progress)
        finally:
            progress.close()
        return finish_run(prepared, options, chunks, engine.name, input_update)
    finally:
        prepared.run.unlock()
