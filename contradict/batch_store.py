"""A batch run's folder: its files, the lock, chunk commits, and the final assembly.

Each chunk is written as parts and then committed by a marker file; only the marker makes it
count, and every file is written atomically (:mod:`contradict.batch_output`), so a folder
left by a killed run holds whole committed chunks and, at most, uncommitted leftovers that a
resume ignores. What the manifest must say for a resume is in :mod:`contradict.batch_manifest`.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from .batch_input import Position
from .batch_output import atomic_write, write_json, write_lines, write_parquet
from .batch_scoring import ChunkResult
from .errors import OutputDirError

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
        write_json(self.path(self.MANIFEST), manifest)

    def read_summary(self) -> dict | None:
        """The ``summary.json`` of a finished run, or ``None`` when there is none."""
        path = self.path(self.SUMMARY)
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    def write_summary(self, summary: dict) -> None:
        write_json(self.path(self.SUMMARY), summary)

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
        write_lines(self.part(index), result.records)
        write_lines(self.part(index, "errors.jsonl"), result.errors)
        record = {
            "chunk": index,
            "start": start.to_dict(),
            "end": end.to_dict(),
            "input_sha256_to_end": input_sha256,
            **result.counts,
        }
        write_json(self.part(index, "done.json"), record)
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

        atomic_write(target, write)

    def remove_parts(self) -> None:
        if self.parts.is_dir():
            shutil.rmtree(self.parts)
