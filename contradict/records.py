"""The typed records the pipeline passes along, in document order, with stable ids.

All records are frozen; ``to_dict()`` gives the JSON-ready form used by every output.
An id is a short hash of what defines the record, so reruns on the same text agree.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

from .labels import LABELS


def stable_id(*parts: object) -> str:
    """A 12-hex-digit id derived from ``parts`` (same parts, same id, on every run)."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:12]


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of the original text: ``text == original[start:end]``."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"a span needs 0 <= start <= end, found start={self.start} end={self.end}")
        if len(self.text) != self.end - self.start:
            raise ValueError(f"span text has {len(self.text)} characters but covers {self.end - self.start}")

    def overlaps(self, other: "Span") -> int:
        """Number of characters this span shares with ``other``."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def matches(self, other: "Span") -> bool:
        """The dataset's span match: one contains the other, or they share half the longer one."""
        if (self.start <= other.start and other.end <= self.end) or (
            other.start <= self.start and self.end <= other.end
        ):
            return True
        longer = max(self.end - self.start, other.end - other.start)
        return longer > 0 and self.overlaps(other) >= longer / 2

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Statement:
    """Something a person or organisation is quoted or reported as saying.

    Attributes:
        span: the words said (a direct quote's content, or the attributed clause).
        speaker: the speaker's full name as resolved, or ``None`` when unknown.
        on_behalf_of: whom the speaker represents (a spokesperson's employer, a lawyer's client).
        cue: the reporting verb or phrase ("said", "denied", "according to").
        is_denial: the statement denies or refutes something.
        is_non_denial: a non-denial ("declined to comment", "did not deny").
        is_subject: the speaker is the article's subject (or speaks for it).
        direct: a direct quote (True) or an indirect, reported one (False).
        sentence: the whole sentence the statement sits in.
        flags: warnings about the reading, e.g. ``"unbalanced-quote"``.
    """

    span: Span
    speaker: str | None
    cue: str
    is_denial: bool = False
    is_non_denial: bool = False
    is_subject: bool = False
    direct: bool = True
    sentence: Span | None = None
    flags: tuple[str, ...] = ()
    on_behalf_of: str | None = None

    @property
    def voice(self) -> str | None:
        """Who the statement speaks for: the represented party, else the speaker."""
        return self.on_behalf_of or self.speaker

    @property
    def id(self) -> str:
        return stable_id("statement", self.span.start, self.span.end, self.span.text)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["id"] = self.id
        data["flags"] = list(self.flags)
        return data


@dataclass(frozen=True)
class Report:
    """A claim the article reports from another source, or states as fact.

    Attributes:
        span: the claim (usually a sentence).
        source: who it is attributed to ("The Washington Post", "officials"), or ``None`` for
            the article's own voice.
        hedged: marked as unconfirmed ("reportedly", "allegedly", "purportedly").
        cue: the attribution phrase found ("according to", "reported"), if any.
    """

    span: Span
    source: str | None
    hedged: bool = False
    cue: str | None = None

    @property
    def id(self) -> str:
        return stable_id("report", self.span.start, self.span.end, self.span.text)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["id"] = self.id
        return data


@dataclass(frozen=True)
class Pair:
    """A candidate (statement, report) pair found by retrieval.

    Attributes:
        statement: the subject's statement.
        report: the report it is compared with.
        retrieval_score: how strongly retrieval links the two (higher is closer).
        premise: the statement as given to the NLI model, its referent made explicit when the
            statement is a bare denial; the original span stays in ``statement`` for display.
        retrieval_rank: where retrieval ranked the report among the article's reports for
            this statement (0: the closest).
    """

    statement: Statement
    report: Report
    retrieval_score: float
    premise: str
    retrieval_rank: int = 0

    @property
    def id(self) -> str:
        return stable_id("pair", self.statement.id, self.report.id)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "statement": self.statement.to_dict(),
            "report": self.report.to_dict(),
            "retrieval_score": round(float(self.retrieval_score), 6),
            "retrieval_rank": self.retrieval_rank,
            "premise": self.premise,
        }


@dataclass(frozen=True)
class Judgement:
    """Probabilities of the three labels (they sum to 1) and the label decided."""

    entailment: float
    neutral: float
    contradiction: float
    label: str

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"label must be one of {LABELS}, found {self.label!r}")

    def to_dict(self) -> dict:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Finding:
    """A judged pair with the evidence a person needs to check it."""

    pair: Pair
    judgement: Judgement
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return self.pair.id

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.judgement.label,
            "probability": round(getattr(self.judgement, self.judgement.label), 6),
            "judgement": self.judgement.to_dict(),
            "reasons": list(self.reasons),
            **{k: v for k, v in self.pair.to_dict().items() if k != "id"},
        }
