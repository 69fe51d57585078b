"""How the ``batch`` command shows progress: a bar on a terminal, periodic lines otherwise.

Used by :mod:`contradict.cli` (which owns the terminal); the engines only call the
:class:`~contradict.batch.BatchProgress` methods.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from .batch import BatchProgress


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class _Tally(BatchProgress):
    """Counts shared by both displays; the rate counts this process's work only."""

    def start(self, total: int | None, done: int) -> None:
        self.total, self.done, self.resumed = total, done, done
        self.pairs = self.set_aside = 0
        self.began = time.monotonic()

    def advance(self, counts: dict) -> None:
        self.done += counts["records_in"]
        self.pairs += counts["pairs"]
        self.set_aside += counts["set_aside"]

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.began
        return (self.done - self.resumed) / elapsed if elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        if not self.total or not self.rate:
            return None
        return max(0, self.total - self.done) / self.rate


class BarProgress(_Tally):
    """A tqdm bar: articles done of the total, pairs scored, articles set aside, rate, ETA."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar = None

    def start(self, total: int | None, done: int) -> None:
        from tqdm import tqdm

        super().start(total, done)
        self.bar = tqdm(total=total, initial=done, unit="article", file=self.stream, dynamic_ncols=True, smoothing=0.05)

    def advance(self, counts: dict) -> None:
        super().advance(counts)
        if self.bar.total is not None and self.done > self.bar.total:
            self.bar.total = self.done  # the estimate counted lines; records can be fewer or more
        self.bar.set_postfix(pairs=f"{self.pairs:,}", set_aside=self.set_aside, refresh=False)
        self.bar.update(counts["records_in"])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class LineProgress(_Tally):
    """One line every ``every`` seconds (and at the first and last chunk), for logs and pipes."""

    def __init__(self, emit: Callable[[str], None], every: float = 30.0) -> None:
        self.emit, self.every = emit, every
        self.last: float | None = None
        self.emitted = -1

    def advance(self, counts: dict) -> None:
        super().advance(counts)
        now = time.monotonic()
        if self.last is None or now - self.last >= self.every:
            self.last, self.emitted = now, self.done
            self.emit(self.line())

    def close(self) -> None:
        if self.last is not None and self.done != self.emitted:
            self.emit(self.line())

    def line(self) -> str:
        of = f"/{self.total:,} articles ({100 * min(1.0, self.done / self.total):.0f}%)" if self.total else " articles"
        return (
            f"batch: {self.done:,}{of}, {self.pairs:,} pairs scored, {self.set_aside:,} set aside, "
            f"{self.rate:.2f} articles/s, ETA {_duration(self.eta)}"
        )


def progress_for(stream: TextIO, emit: Callable[[str], None], every: float = 30.0) -> BatchProgress:
    """A bar when ``stream`` is a terminal and tqdm is installed, else periodic lines."""
    if stream.isatty():
        try:
            import tqdm  # noqa: F401
        except ImportError:
            return LineProgress(emit, every)
        return BarProgress(stream)
    return LineProgress(emit, every)
