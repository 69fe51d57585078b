"""Candidate (statement, report) pairs: retrieval by meaning, names and events.

Each statement of the subject is compared with every report of the article that is not in
its own sentence; the score is the cosine similarity of their sentence embeddings plus a
bonus for shared names and shared event words (a denial of "meetings" and a report of
"talks" are about the same event even when their wording differs). The best ``top_k``
reports per statement are kept.

A bare denial ("That is simply not true", "he dismissed the report as fiction") carries no
claim of its own, so it is first resolved to the report it targets and given to the NLI
model made explicit ("It is not true that <the claim>"); that report is paired first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .attribution import ArticleReading
from .augment import content_words
from .cues import DENIAL_VERBS, denial_cues
from .embeddings import Embedder
from .records import Pair, Report, Statement
from .signals import SurfaceSignals

_REFERRING_NOUNS = re.compile(
    r"\b(?:report|reports|reporting|story|stories|article|claim|claims|allegation|allegations|accusation|accusations|"
    r"rumou?rs?|speculation|suggestion|suggestions|news|assertion|assertions|account|media)\b",
    re.IGNORECASE,
)
_ATTRIBUTION_HEAD = re.compile(
    r"^(?:[A-Z][^,]{0,60}?\s+(?:reported|said|says|wrote|told\s+[\w\s.]{1,30}?|found|alleged|claimed)\s+(?:on\s+\w+\s+)?that\s+|"
    r"[Aa]ccording to [^,]{1,60},\s+)"
)
_ATTRIBUTION_TAIL = re.compile(r",\s+(?:according to [^,]{1,60}|[^,]{1,60}\s+(?:said|reported|says|wrote|claimed|alleged))\s*\.?$")


@dataclass(frozen=True)
class PairingConfig:
    """Settings of candidate retrieval.

    Attributes:
        top_k: reports kept per statement.
        entity_weight: weight of the shared-names bonus added to the cosine similarity.
        event_weight: weight of the shared-event-words bonus.
    """

    top_k: int = 15
    entity_weight: float = 0.25
    event_weight: float = 0.15


def claim_of(report_text: str) -> str:
    """The reported claim without its attribution ("X reported that P" -> "P")."""
    claim = _ATTRIBUTION_TAIL.sub("", _ATTRIBUTION_HEAD.sub("", report_text.strip()))
    claim = claim.strip().rstrip(".")
    return claim[:1].upper() + claim[1:] if claim else report_text


def is_bare_denial(statement: Statement) -> bool:
    """A denial with (almost) no claim of its own: "That is not true", "dismissed the report"."""
    if not statement.is_denial:
        return False
    text = statement.span.text
    if not statement.direct and statement.cue in DENIAL_VERBS and _REFERRING_NOUNS.search(text):
        return True  # "X denied the report ...", "X dismissed the claims as ..."
    cues = set(denial_cues(text))
    words = [w for w in content_words(text) if w not in cues and w not in _BARE_FILLER]
    return len(words) <= 2


_BARE_FILLER = frozenset(
    "simply absolutely totally completely entirely utterly just this that these those any such all "
    "story report reports claim claims allegation allegations rumour rumours rumor rumors news "
    "speculation untrue nonsense rubbish fake true truth kind anything".split()
)


def resolve_referent(statement: Statement, reports: list[Report], similarity: np.ndarray) -> Report | None:
    """The report a bare denial targets: the most similar reported (sourced or hedged) claim.

    Args:
        similarity: cosine similarity of the statement's sentence context to each report.
    """
    if not reports:
        return None
    weights = np.array([1.0 + 0.15 * (r.hedged or r.source is not None) for r in reports])
    return reports[int(np.argmax(similarity * weights))]


def explicit_premise(statement: Statement, referent: Report | None) -> str:
    """The statement as the NLI model should read it: bare denials made explicit."""
    if referent is not None and is_bare_denial(statement):
        return f"It is not true that {claim_of(referent.span.text)[:1].lower() + claim_of(referent.span.text)[1:]}."
    return statement.span.text


_SAID_HEAD = re.compile(
    r"^[^\"“”]{0,120}?\b(?:said|says|added|adds|told\s+[\w\s.]{1,30}?|stressed|insisted|maintained|claimed|argued|noted|"
    r"explained|stated|wrote|posted|tweeted|confirmed|announced)\s+(?:\w+ly\s+)?(?:on\s+\w+\s+)?(?:that\s+)?",
)


def statement_claim(text: str) -> str:
    """What a statement asserts without its attribution ("X has insisted that P" -> "P").

    The attribution is left in place when too little would remain.
    """
    stripped = _SAID_HEAD.sub("", text, count=1)
    return stripped if len(stripped.split()) >= 3 else text


def retrieval_text(statement: Statement, premise: str) -> str:
    """What retrieval compares: the claim of an indirect statement without "X also said that"
    (names in the attribution would otherwise pull in every report that names the speaker).
    Denial verbs stay, since they carry the statement's polarity."""
    if statement.direct or premise != statement.span.text or statement.cue in DENIAL_VERBS:
        return premise
    return statement_claim(premise)


def candidate_pairs(
    reading: ArticleReading, embedder: Embedder, config: PairingConfig = PairingConfig(), cross_document: bool = False
) -> list[Pair]:
    """The top-k reports for each of the subject's statements, best first per statement.

    Embeddings are computed once per distinct sentence (the embedder caches by text).

    Args:
        cross_document: the reports come from another article, so offsets are not comparable
            and no report can share the statement's sentence.
    """
    statements, reports = reading.statements, reading.reports
    if not statements or not reports:
        return []
    report_vectors = embedder.encode([r.span.text for r in reports])
    bare = [i for i, s in enumerate(statements) if is_bare_denial(s)]
    # Only a bare denial needs what is around it (the context windows are three sentences
    # long, so encoding them for every statement would cost more than the statements).
    context_vectors = dict(zip(bare, embedder.encode([_context_of(reading, statements[i]) for i in bare])))
    plans = []
    for i, statement in enumerate(statements):
        allowed = [j for j, r in enumerate(reports) if cross_document or not _inside_statement(statement, r)]
        if not allowed:
            continue
        referent = None
        if i in context_vectors:
            referent = resolve_referent(statement, [reports[j] for j in allowed], report_vectors[allowed] @ context_vectors[i])
        premise = explicit_premise(statement, referent)
        plans.append((statement, allowed, referent, premise))
    embedder.encode([retrieval_text(s, premise) for s, _, _, premise in plans])  # one batch; rank_reports reads the cache
    pairs: list[Pair] = []
    for statement, allowed, referent, premise in plans:
        ranked = rank_reports(statement, premise, [reports[j] for j in allowed], report_vectors[allowed], embedder, config, referent)
        for rank, (score, report) in enumerate(ranked[: config.top_k]):
            pairs.append(Pair(statement=statement, report=report, retrieval_score=score, premise=premise, retrieval_rank=rank))
    return pairs


def rank_reports(
    statement: Statement,
    premise: str,
    reports: list[Report],
    report_vectors: np.ndarray,
    embedder: Embedder,
    config: PairingConfig = PairingConfig(),
    referent: Report | None = None,
) -> list[tuple[float, Report]]:
    """Every report with its retrieval score for one statement, best first (ties keep text order).

    Args:
        premise: the statement as the NLI model reads it (:func:`explicit_premise`).
        report_vectors: the reports' sentence embeddings, row for row.
        referent: the report a bare denial targets; it goes first.
    """
    query = retrieval_text(statement, premise)
    premise_vector = embedder.encode([query])[0]
    scored = []
    for j, report in enumerate(reports):
        signals = SurfaceSignals.of(query, report.span.text)
        score = float(report_vectors[j] @ premise_vector)
        score += config.entity_weight * signals.entity_overlap + config.event_weight * signals.event_overlap
        if referent is not None and report is referent:
            score += 1.0  # a denial aimed at a report is paired with that report first
        scored.append((score, j))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(score, reports[j]) for score, j in scored]


def _inside_statement(statement: Statement, report: Report) -> bool:
    """The report is part of the statement's own words. Reports are clipped to leave the
    subject's statements out (see ``attribution._clip``), so what remains of a shared
    sentence ("police raided the offices - but the government denied it") can be paired."""
    return report.span.overlaps(statement.span) > 0


def _context_of(reading: ArticleReading, statement: Statement) -> str:
    """The statement's sentence and its neighbours: what a bare denial is answering."""
    sentences = reading.sentences
    index = next((k for k, s in enumerate(sentences) if statement.span.start < s.span.end), 0)
    window = sentences[max(0, index - 1) : index + 2]
    return " ".join(s.text for s in window)
