"""The pipeline: an article (or two) in, judged statement/report pairs and evidence out.

    text -> segment -> attribute -> pair -> judge -> findings

Example:
    >>> detector = Detector()                                   # doctest: +SKIP
    >>> analysis = detector.analyze(open("examples/sessions-kislyak.txt").read(), "Jeff Sessions")  # doctest: +SKIP
    >>> analysis.verdict["contradicted"]                        # doctest: +SKIP
    True
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from .attribution import ArticleReading, read_article
from .cues import hedge_cues, is_denial, non_denial_cues
from .embeddings import Embedder
from .errors import InputError
from .judge import Judge, PairContext, pair_features
from .labels import CONTRADICTION, LABELS
from .model_registry import default_judge, default_nli_model, default_voice
from .nli import NLIModel
from .nli_runners import resolve_precision
from .pairing import (
    PairingConfig,
    candidate_pairs,
    claim_of,
    explicit_premise,
    is_bare_denial,
    rank_reports,
    resolve_referent,
    statement_claim,
)
from .reasons import reasons_for
from .records import Finding, Judgement, Pair, Report, Span, Statement
from .subject import Subject
from .voice import VoiceModel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DetectorConfig:
    """Every setting of the detector, with its default; CLI flags map onto it one to one.

    Attributes:
        nli_model: NLI checkpoint folder or hub id (``None``: ``$CONTRADICT_NLI_MODEL`` or the
            shipped ``models/contradict-nli-minilm``).
        label_order: label names in index order, for checkpoints labelled ``LABEL_k``.
        judge: folder of the fitted judge (``None``: the shipped ``models/contradict-judge``);
            ``"nli-only"`` uses the NLI model's forward probabilities alone.
        top_k: reports kept per statement by retrieval.
        entity_weight: retrieval bonus for shared names.
        event_weight: retrieval bonus for shared event words.
        nli_batch_size: pairs per NLI forward pass.
        max_length: token limit per NLI pair.
        precision: numeric form of the NLI model: auto (bf16 where the CPU computes it
            natively, else fp32), fp32, bf16 or int8 (see :mod:`contradict.nli_runners`).
        threshold: calibrated contradiction probability from which a pair is flagged
            (``None``: the judge's own, chosen for F1 when it was fitted). Lower it to see
            more of the ranking at the cost of precision.
        voice: folder of the voice model that gives back to the subject the statements the
            reader attributed to someone else (``None``: the shipped
            ``models/contradict-voice``); ``"off"`` keeps the reader's attribution alone.
    """

    nli_model: str | None = None
    label_order: tuple[str, ...] | None = None
    judge: str | None = None
    top_k: int = 15
    entity_weight: float = 0.25
    event_weight: float = 0.15
    nli_batch_size: int = 32
    max_length: int = 256
    precision: str = "auto"
    threshold: float | None = None
    voice: str | None = None

    def expanded(self) -> dict:
        """The config with defaults resolved to what is actually used (written beside runs)."""
        data = asdict(self)
        data["nli_model"] = self.nli_model or default_nli_model()
        data["judge"] = self.judge or str(default_judge())
        data["voice"] = self.voice or str(default_voice())
        data["precision"] = resolve_precision(self.precision)  # "auto" depends on the CPU
        return data


@dataclass
class Analysis:
    """The result for one article (or a pair of articles compared)."""

    subject: str | None
    reading: ArticleReading | None
    statements: list[Statement]
    reports: list[Report]
    findings: list[Finding]
    seconds: float = 0.0
    other_reading: ArticleReading | None = None

    @property
    def contradictions(self) -> list[Finding]:
        """Findings judged contradictions, most probable first."""
        found = [f for f in self.findings if f.judgement.label == CONTRADICTION]
        return sorted(found, key=lambda f: -f.judgement.contradiction)

    @property
    def verdict(self) -> dict:
        """Does the article report a contradiction of its subject?"""
        best = max((f.judgement.contradiction for f in self.findings), default=0.0)
        return {
            "contradicted": bool(self.contradictions),
            "contradictions": len(self.contradictions),
            "max_contradiction_probability": round(float(best), 6),
            "statements": len(self.statements),
            "reports": len(self.reports),
            "pairs_judged": len(self.findings),
        }

    def to_dict(self, top: int | None = None) -> dict:
        findings = sorted(self.findings, key=lambda f: (f.judgement.label != CONTRADICTION, -f.judgement.contradiction))
        return {
            "subject": self.subject,
            "verdict": self.verdict,
            "statements": [s.to_dict() for s in self.statements],
            "reports": [r.to_dict() for r in self.reports],
            "findings": [f.to_dict() for f in findings[:top]],
            "seconds": round(self.seconds, 4),
        }


@dataclass
class _Scored:
    forward: np.ndarray
    backward: np.ndarray
    similarity: np.ndarray
    claim_similarity: np.ndarray


class Detector:
    """Loads the models once and runs the pipeline on any number of articles."""

    def __init__(self, config: DetectorConfig = DetectorConfig()) -> None:
        self.config = config
        self.nli = NLIModel(
            config.nli_model,
            batch_size=config.nli_batch_size,
            max_length=config.max_length,
            label_order=config.label_order,
            precision=config.precision,
        )
        self.embedder = Embedder()
        self._judge: Judge | None = None
        self._voice: VoiceModel | None = None

    @property
    def judge(self) -> Judge | None:
        """The fitted judge, or ``None`` in NLI-only mode."""
        if self.config.judge == "nli-only":
            return None
        if self._judge is None:
            self._judge = Judge.load(self.config.judge or default_judge())
        return self._judge

    @property
    def voice(self) -> VoiceModel | None:
        """The voice model, or ``None`` when attribution is the reader's alone."""
        if self.config.voice == "off":
            return None
        if self._voice is None:
            self._voice = VoiceModel(self.config.voice or default_voice())
        return self._voice

    def load(self) -> "Detector":
        """Load every model now rather than on first use."""
        self.nli.load()
        self.embedder.load()
        _ = self.judge
        if self.voice is not None:
            self.voice.load()
        return self

    def read(self, text: str, subject: str | Subject | None = None) -> ArticleReading:
        """The article's statements and reports: the reader's attribution, with the voice
        model's second opinion on the statements it gave to others.

        Raises:
            InputError: empty or non-text input.
        """
        reading = read_article(text, subject)
        return self.voice.reattribute(reading) if self.voice is not None else reading

    # -- articles --------------------------------------------------------------------------

    def analyze(self, text: str, subject: str | None = None) -> Analysis:
        """Find, pair and judge the subject's statements and the reports of one article.

        Raises:
            InputError: empty or non-text input, or no subject given nor found.
        """
        started = time.perf_counter()
        reading = self.read(text, subject)
        if reading.subject is None:
            raise InputError("no subject found: the article quotes nobody; give one with --subject NAME")
        pairs = candidate_pairs(reading, self.embedder, self._pairing())
        findings = self.judge_pairs(pairs)
        return Analysis(
            subject=reading.subject.name,
            reading=reading,
            statements=reading.statements,
            reports=reading.reports,
            findings=findings,
            seconds=time.perf_counter() - started,
        )

    def analyze_many(self, articles: Sequence[tuple[str, str | None]]) -> list[Analysis | InputError]:
        """Analyse several articles with one NLI pass over all their pairs.

        Pairs from every article are judged together, so the NLI model sees full,
        length-sorted batches. An article that cannot be read yields its
        :class:`InputError` in its place; the others go on.

        Args:
            articles: ``(text, subject)`` tuples; ``subject`` may be ``None``.
        """
        started = time.perf_counter()
        prepared: list[tuple[ArticleReading, list[Pair]] | InputError] = []
        for text, subject in articles:
            try:
                reading = self.read(text, subject)
                if reading.subject is None:
                    raise InputError("no subject found: the article quotes nobody; give a subject")
                prepared.append((reading, candidate_pairs(reading, self.embedder, self._pairing())))
            except InputError as exc:
                prepared.append(exc)
        all_pairs = [pair for item in prepared if not isinstance(item, InputError) for pair in item[1]]
        findings = iter(self.judge_pairs(all_pairs))
        elapsed = (time.perf_counter() - started) / max(1, len(articles))
        results: list[Analysis | InputError] = []
        for item in prepared:
            if isinstance(item, InputError):
                results.append(item)
                continue
            reading, pairs = item
            results.append(
                Analysis(
                    subject=reading.subject.name,
                    reading=reading,
                    statements=reading.statements,
                    reports=reading.reports,
                    findings=[next(findings) for _ in pairs],
                    seconds=elapsed,
                )
            )
        return results

    def compare(self, text_a: str, text_b: str, subject: str | None = None) -> Analysis:
        """The subject's statements in each article against the reports in the other."""
        started = time.perf_counter()
        reading_a = self.read(text_a, subject)
        name = subject or (reading_a.subject.name if reading_a.subject else None)
        if name is None:
            raise InputError("no subject found in the first article; give one with --subject NAME")
        reading_b = self.read(text_b, reading_a.subject)
        pairs: list[Pair] = []
        for statements_from, reports_from in ((reading_a, reading_b), (reading_b, reading_a)):
            crossed = ArticleReading(
                text=statements_from.text,
                subject=statements_from.subject,
                statements=statements_from.statements,
                reports=reports_from.reports,
                sentences=statements_from.sentences,
            )
            pairs += candidate_pairs(crossed, self.embedder, self._pairing(), cross_document=True)
        return Analysis(
            subject=name,
            reading=reading_a,
            other_reading=reading_b,
            statements=reading_a.statements + reading_b.statements,
            reports=reading_a.reports + reading_b.reports,
            findings=self.judge_pairs(pairs),
            seconds=time.perf_counter() - started,
        )

    def _pairing(self) -> PairingConfig:
        return PairingConfig(top_k=self.config.top_k, entity_weight=self.config.entity_weight, event_weight=self.config.event_weight)

    # -- judging ---------------------------------------------------------------------------

    def judge_pairs(self, pairs: Sequence[Pair]) -> list[Finding]:
        """Judge candidate pairs: NLI in both directions, signals, calibrated decision."""
        if not pairs:
            return []
        contexts = [context_of(p) for p in pairs]
        probabilities = self._probabilities([p.premise for p in pairs], [p.report.span.text for p in pairs], contexts)
        labels = self._decide(probabilities)
        findings = []
        for pair, probs, label in zip(pairs, probabilities, labels):
            judgement = Judgement(float(probs[0]), float(probs[1]), float(probs[2]), label)
            findings.append(Finding(pair=pair, judgement=judgement, reasons=reasons_for(pair, judgement)))
        return findings

    def features(self, premises: Sequence[str], reports: Sequence[str], contexts: Sequence[PairContext]) -> np.ndarray:
        """The judge's feature matrix for the given pairs (every feature of ``FEATURES``)."""
        scored = self._score(premises, reports)
        return np.vstack(
            [
                pair_features(
                    p,
                    r,
                    scored.forward[i],
                    scored.backward[i],
                    float(scored.similarity[i]),
                    contexts[i],
                    claim_similarity=float(scored.claim_similarity[i]),
                )
                for i, (p, r) in enumerate(zip(premises, reports))
            ]
        )

    def _score(self, premises: Sequence[str], reports: Sequence[str]) -> _Scored:
        forward, backward = self.nli.predict_both(list(zip(premises, reports)))
        vectors_p = self.embedder.encode(list(premises))
        vectors_r = self.embedder.encode(list(reports))
        claims_p = self.embedder.encode([statement_claim(p) for p in premises])
        claims_r = self.embedder.encode([claim_of(r) for r in reports])
        return _Scored(forward, backward, (vectors_p * vectors_r).sum(axis=1), (claims_p * claims_r).sum(axis=1))

    def _probabilities(self, premises, reports, contexts) -> np.ndarray:
        if self.judge is None:
            return self.nli.predict(list(zip(premises, reports)))
        return self.judge.predict_proba(self.features(premises, reports, contexts))

    def _decide(self, probabilities: np.ndarray) -> list[str]:
        if self.judge is None:
            return [LABELS[i] for i in probabilities.argmax(axis=1)]
        return self.judge.decide(probabilities, self.config.threshold)

    # -- gold spans (evaluation) -----------------------------------------------------------

    def gold_pair(self, reading: ArticleReading, statement_span: Span, report_span: Span) -> Pair:
        """A :class:`Pair` for given statement and report spans, read in their article."""
        statement = statement_at(reading, statement_span)
        report = report_at(reading, report_span)
        referent = None
        # the gold report among the article's others, in text order, as retrieval ranks them
        others = [r for r in reading.reports if r.span.overlaps(statement.sentence or statement.span) == 0]
        others = sorted([r for r in others if not r.span.matches(report.span)] + [report], key=lambda r: r.span.start)
        vectors = self.embedder.encode([r.span.text for r in others])
        if is_bare_denial(statement):
            context = self.embedder.encode([(statement.sentence or statement.span).text])[0]
            referent = resolve_referent(statement, others, vectors @ context)
        premise = explicit_premise(statement, referent)
        ranked = rank_reports(statement, premise, others, vectors, self.embedder, self._pairing(), referent)
        score, rank = next((score, k) for k, (score, r) in enumerate(ranked) if r is report)
        return Pair(statement=statement, report=report, retrieval_score=score, premise=premise, retrieval_rank=rank)


def context_of(pair: Pair) -> PairContext:
    """What the judge knows about a pair from the article: cues, hedges, sources, names, and
    where retrieval ranked the report for the statement."""
    statement, report = pair.statement, pair.report
    names = re.findall(r"[A-Z][\w'’-]{2,}", statement.voice or "")
    return PairContext(
        statement_denial=statement.is_denial,
        statement_non_denial=statement.is_non_denial,
        statement_bare_denial=pair.premise != statement.span.text,
        report_hedged=report.hedged,
        report_has_source=report.source is not None,
        report_names_subject=any(re.search(rf"\b{re.escape(name)}\b", report.span.text) for name in names),
        retrieval_rank=pair.retrieval_rank,
    )


def statement_at(reading: ArticleReading, span: Span) -> Statement:
    """The statement found at ``span``, or one read from the span itself when none matches."""
    for statement in reading.all_statements:
        if statement.span.matches(span):
            return replace(statement, span=span, is_subject=True)
    sentence = next((s.span for s in reading.sentences if s.span.start <= span.start < s.span.end), span)
    non_denial = bool(non_denial_cues(span.text) or non_denial_cues(sentence.text))
    return Statement(
        span=span,
        speaker=reading.subject.name if reading.subject else None,
        cue="said",
        is_denial=is_denial(sentence.text if len(span.text) < 40 else span.text) and not non_denial,
        is_non_denial=non_denial,
        is_subject=True,
        direct=False,
        sentence=sentence,
    )


def report_at(reading: ArticleReading, span: Span) -> Report:
    """The report found at ``span``, or one read from the span itself when none matches."""
    for report in reading.reports:
        if report.span.matches(span):
            return replace(report, span=span)
    return Report(span=span, source=None, hedged=bool(hedge_cues(span.text)))


class DetectorSystem:
    """The detector as the evaluation harness calls it (see :mod:`contradict.evaluation`)."""

    def __init__(self, detector: Detector) -> None:
        self.detector = detector
        self.name = f"contradict ({'nli-only' if detector.config.judge == 'nli-only' else 'judge'})"
        self._readings: dict[str, ArticleReading] = {}

    def _reading(self, article) -> ArticleReading:
        if article.id not in self._readings:
            self._readings[article.id] = self.detector.read(article.text, article.subject)
        return self._readings[article.id]

    def score_pairs(self, items) -> np.ndarray:
        pairs = [self.detector.gold_pair(self._reading(a), g.statement_span, g.report_span) for a, g in items]
        contexts = [context_of(p) for p in pairs]
        return self.detector._probabilities([p.premise for p in pairs], [p.report.span.text for p in pairs], contexts)

    def nli_scores(self, pairs) -> np.ndarray:
        return self.detector.nli.predict(list(pairs))

    def analyze(self, article):
        from .evaluation import SystemOutput

        analysis = self.detector.analyze(article.text, article.subject)
        reading = analysis.reading
        return SystemOutput(
            statements=[s.span for s in reading.all_statements],
            subject_statements=[s.span for s in reading.statements],
            reports=[r.span for r in reading.reports],
            candidates=[(f.pair.statement.span, f.pair.report.span) for f in analysis.findings],
            findings=[(f.pair.statement.span, f.pair.report.span, f.judgement.contradiction) for f in analysis.contradictions],
        )

    def describe(self) -> dict:
        from . import __version__

        judge = self.detector.judge
        return {
            "system": self.name,
            "contradict_version": __version__,
            "config": self.detector.config.expanded(),
            "judge_metadata": judge.metadata if judge else None,
        }


def load_evaluated_system(model: str | None = None, judge: str | None = None, **settings) -> DetectorSystem:
    """The detector with the given NLI model (and judge), ready for the evaluation harness."""
    config = DetectorConfig(nli_model=model, judge=judge, **settings)
    return DetectorSystem(Detector(config))
