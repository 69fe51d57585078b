"""End-to-end measures of the harness: what a system finds from the text alone, against gold.

A system's :class:`SystemOutput` for an article (every statement, the subject's statements,
the reports, the candidate pairs kept by retrieval, the flagged contradictions) is matched
to the article's gold spans by the span rule of design/DATASET-FORMAT.md
(:meth:`contradict.records.Span.matches`), and the counts pool over articles with ``+``. The
no-retrieval reference (the raw NLI model over every subject statement x report pair) runs
here too, so every end-to-end measure has its baseline.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from .dataset import Article
from .labels import CONTRADICTION, LABEL_INDEX
from .metrics import (
    add_fields,
    FindingCounts,
    MatchCount,
    attribution_precision,
    check_probabilities,
    finding_counts,
    pair_matches,
    pair_recall,
    span_recall,
)
from .records import Span

if TYPE_CHECKING:  # the protocol lives with the harness, which imports this module
    from .evaluation import EvaluatedSystem

logger = logging.getLogger(__name__)


def timed(call, *args):
    """``(call(*args), seconds it took)``."""
    started = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - started


@dataclass
class SystemOutput:
    """What a system finds in one article from its text alone (spans index the article text).

    Attributes:
        statements: every statement found, whoever the speaker.
        subject_statements: the statements attributed to the article's subject.
        reports: the reported claims found.
        candidates: (statement, report) pairs kept by retrieval.
        findings: flagged contradictions as (statement, report, contradiction probability).
    """

    statements: list[Span] = field(default_factory=list)
    subject_statements: list[Span] = field(default_factory=list)
    reports: list[Span] = field(default_factory=list)
    candidates: list[tuple[Span, Span]] = field(default_factory=list)
    findings: list[tuple[Span, Span, float]] = field(default_factory=list)

    def spans(self) -> Iterator[Span]:
        """Every span of the output, for checks."""
        yield from self.statements
        yield from self.subject_statements
        yield from self.reports
        for statement, report in self.candidates:
            yield statement
            yield report
        for statement, report, _ in self.findings:
            yield statement
            yield report


# Why a gold pair is not among the candidates: the first step of the pipeline that lost it.
STATEMENT_NOT_READ = "statement not read"
STATEMENT_READ_AS_REPORT = "statement read as a report"
STATEMENT_GIVEN_AWAY = "statement given to another speaker"
REPORT_READ_AS_SUBJECT = "report read as the subject's statement"
REPORT_NOT_READ = "report not read"
NOT_RETRIEVED = "not retrieved"
MISS_REASONS = (
    STATEMENT_NOT_READ, STATEMENT_READ_AS_REPORT, STATEMENT_GIVEN_AWAY, REPORT_READ_AS_SUBJECT, REPORT_NOT_READ, NOT_RETRIEVED
)


def candidate_miss_reason(gold_pair: tuple[Span, Span], output: "SystemOutput") -> str | None:
    """Why ``gold_pair`` is not among the output's candidates (one of :data:`MISS_REASONS`),
    or ``None`` when it is: the first step that lost it, from reading the statement (not
    read at all, read as a report, or as another speaker's), through reading the report (read
    as the subject's own statement, or not at all), to retrieval not keeping the pair."""
    statement, report = gold_pair
    if any(pair_matches(candidate, gold_pair) for candidate in output.candidates):
        return None
    if not _matched(statement, output.subject_statements):
        if _matched(statement, output.statements):
            return STATEMENT_GIVEN_AWAY
        return STATEMENT_READ_AS_REPORT if _matched(statement, output.reports) else STATEMENT_NOT_READ
    if not _matched(report, output.reports):
        return REPORT_READ_AS_SUBJECT if _matched(report, output.subject_statements) else REPORT_NOT_READ
    return NOT_RETRIEVED


def _matched(span: Span, spans: Sequence[Span]) -> bool:
    return any(span.matches(other) for other in spans)


@dataclass
class EndToEndCounts:
    """The counts behind the end-to-end measures, pooled over articles by ``+``."""

    statements: MatchCount = field(default_factory=MatchCount)
    subject_statements: MatchCount = field(default_factory=MatchCount)
    reports: MatchCount = field(default_factory=MatchCount)
    attribution: MatchCount = field(default_factory=MatchCount)
    candidates: MatchCount = field(default_factory=MatchCount)
    findings: FindingCounts = field(default_factory=FindingCounts)
    contradiction_candidates: MatchCount = field(default_factory=MatchCount)
    candidate_misses: Counter = field(default_factory=Counter)

    def __add__(self, other: "EndToEndCounts") -> "EndToEndCounts":
        return add_fields(self, other)

    def to_dict(self) -> dict:
        return {
            "statement_recall": self.statements.to_dict(),
            "subject_statement_recall": self.subject_statements.to_dict(),
            "report_recall": self.reports.to_dict(),
            "subject_attribution_precision": self.attribution.to_dict(),
            "candidate_pair_recall": self.candidates.to_dict(),
            "contradiction_candidate_recall": self.contradiction_candidates.to_dict(),
            "findings": self.findings.to_dict(),
            "candidate_misses": {reason: self.candidate_misses[reason] for reason in MISS_REASONS},
        }


@dataclass(frozen=True)
class GoldSpans:
    """An article's gold spans, each listed once (pairs often share a statement or report)."""

    statements: tuple[Span, ...]
    reports: tuple[Span, ...]
    pairs: tuple[tuple[Span, Span], ...]
    contradictions: tuple[tuple[Span, Span], ...]

    @classmethod
    def of(cls, article: Article) -> "GoldSpans":
        unique = lambda items: tuple(dict.fromkeys(items))  # noqa: E731 - keeps file order
        return cls(
            statements=unique(p.statement_span for p in article.pairs),
            reports=unique(p.report_span for p in article.pairs),
            pairs=unique((p.statement_span, p.report_span) for p in article.pairs),
            contradictions=unique((p.statement_span, p.report_span) for p in article.pairs if p.label == CONTRADICTION),
        )


def check_output(article: Article, output: SystemOutput, system_name: str) -> None:
    """Fail when a system's spans do not index the article text (matching would be silently wrong).

    Raises:
        ValueError: the output is not a :class:`SystemOutput`, or a span's text differs from
            the article text at its offsets.
    """
    if not isinstance(output, SystemOutput):
        raise ValueError(f"{system_name}.analyze must return a SystemOutput, returned {type(output).__name__}")
    for span in output.spans():
        if not isinstance(span, Span) or article.text[span.start : span.end] != span.text:
            raise ValueError(
                f"{system_name}.analyze({article.id!r}) returned a span that does not index the article text: {span!r:.120}"
            )


def end_to_end_counts(article: Article, output: SystemOutput) -> EndToEndCounts:
    """Compare one article's system output with its gold spans."""
    gold = GoldSpans.of(article)
    return EndToEndCounts(
        statements=span_recall(gold.statements, output.statements),
        subject_statements=span_recall(gold.statements, output.subject_statements),
        reports=span_recall(gold.reports, output.reports),
        attribution=attribution_precision(output.subject_statements, gold.statements, gold.reports),
        candidates=pair_recall(gold.pairs, output.candidates),
        findings=finding_counts(gold.contradictions, [(s, r) for s, r, _ in output.findings], gold.pairs),
        contradiction_candidates=pair_recall(gold.contradictions, output.candidates),
        candidate_misses=Counter(
            reason for reason in (candidate_miss_reason(pair, output) for pair in gold.pairs) if reason
        ),
    )


def all_pairs(output: SystemOutput) -> list[tuple[Span, Span]]:
    """Every (subject statement, report) pair of an output, the no-retrieval baseline's input.

    Pairs whose spans overlap are left out: a sentence is not compared with itself.
    """
    return [
        (statement, report)
        for statement in output.subject_statements
        for report in output.reports
        if not statement.overlaps(report)
    ]


def gold_label_of(finding: tuple[Span, Span], article: Article) -> str | None:
    """The label of the first gold pair a finding matches, or None when it matches none."""
    for pair in article.pairs:
        if finding[0].matches(pair.statement_span) and finding[1].matches(pair.report_span):
            return pair.label
    return None


def run_end_to_end(articles: Sequence[Article], system: "EvaluatedSystem") -> dict:
    """Analyze every article, score the no-retrieval NLI baseline, and count matches.

    Returns:
        ``{"outputs": [SystemOutput], "counts": [EndToEndCounts], "raw_nli_flags":
        [[(statement, report, p_contradiction)]], "raw_nli_counts": [FindingCounts],
        "timing": {...}}``, lists aligned with ``articles``.
    """
    outputs, counts = [], []
    started = time.perf_counter()
    for article in articles:
        output = system.analyze(article)
        check_output(article, output, system.name)
        outputs.append(output)
        counts.append(end_to_end_counts(article, output))
    analyze_seconds = time.perf_counter() - started

    pairs_per_article = [all_pairs(output) for output in outputs]
    flat = [(s.text, r.text) for pairs in pairs_per_article for s, r in pairs]
    logger.info("raw NLI over all statement x report pairs: %d pairs", len(flat))
    probabilities, all_pairs_seconds = timed(system.nli_scores, flat)
    probabilities = check_probabilities(probabilities, len(flat), f"{system.name}.nli_scores")
    flags, raw_counts, offset = [], [], 0
    for article, pairs in zip(articles, pairs_per_article):
        rows = probabilities[offset : offset + len(pairs)]
        offset += len(pairs)
        flagged = [
            (s, r, float(row[LABEL_INDEX[CONTRADICTION]]))
            for (s, r), row in zip(pairs, rows)
            if row.argmax() == LABEL_INDEX[CONTRADICTION]
        ]
        gold = GoldSpans.of(article)
        flags.append(flagged)
        raw_counts.append(finding_counts(gold.contradictions, [(s, r) for s, r, _ in flagged], gold.pairs))
    return {
        "outputs": outputs,
        "counts": counts,
        "raw_nli_flags": flags,
        "raw_nli_counts": raw_counts,
        "raw_nli_pairs_scored": len(flat),
        "timing": {"end_to_end_seconds": analyze_seconds, "raw_nli_all_pairs_seconds": all_pairs_seconds},
    }


def pooled(items: Sequence[Any], start: Any) -> Any:
    """The sum of ``items`` from ``start`` (counts pool over articles with ``+``)."""
    total = start
    for item in items:
        total = total + item
    return total
