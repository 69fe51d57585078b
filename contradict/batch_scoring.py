"""Scoring one chunk of a batch run: the function both engines run.

    RawRecords -> split_chunk (bad records set aside) -> Detector.analyze_many
      -> ChunkResult (article and finding lines, error lines, counts)

The local engine (:mod:`contradict.batch_local`) calls :func:`score_chunk` in its loop; the
Ray engine's actors (:mod:`contradict.batch_ray`) call it on chunks they read themselves.
Chunk boundaries depend only on the input and the chunk size, so both engines score the
same chunks in the same NLI batches and write the same output.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from .batch_input import Article, RawRecord, SetAside, split_chunk
from .batch_output import article_records, record_line
from .detector import Analysis, Detector
from .errors import ContradictError

logger = logging.getLogger(__name__)


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
    articles, set_aside = split_chunk(raws, max_chars)
    result = ChunkResult()
    counts = {"records_in": len(raws), "articles": 0, "set_aside": 0, "flagged": 0, "contradicted": 0, "pairs": 0}
    for article, outcome in zip(articles, _analyze(detector, articles)):
        if isinstance(outcome, Exception):
            set_aside.append(SetAside(article.line, article.id, f"analysis failed: {_reason(outcome)}"))
            continue
        lines = article_records(article, outcome, all_pairs)
        result.records.extend(record_line(line) for line in lines)
        counts["articles"] += 1
        counts["flagged"] += len(lines) - 1
        counts["contradicted"] += int(outcome.verdict["contradicted"])
        counts["pairs"] += len(outcome.findings)
    set_aside.sort(key=lambda record: record.line)  # analysis failures join the unreadable records in line order
    result.errors = [record_line(record.to_dict()) for record in set_aside]
    counts["set_aside"] = len(set_aside)
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
    """The first line of a failure's message; its type too when it is not a known user error."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return text if isinstance(exc, ContradictError) else f"{type(exc).__name__}: {text}"
