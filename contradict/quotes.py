"""Quoted speech: finding the quoted stretches of a paragraph, telling speech from scare
quotes, and reading the attribution next to a quote ("...," she said / X said: "...")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import NOT_NAMES, is_source_phrase
from .records import Span
from .segment import QUOTE_PAIRS, Sentence
from .speech_patterns import (
    ACCORDING_TO,
    CLAUSE_SUBJECT,
    HEAD,
    HEAD_PARTICIPLE,
    HEAD_VERB_FIRST,
    HEAD_VERB_ONLY,
    INDIRECT,
    PROPER,
    TAIL_ACCORDING_TO,
    TAIL_QUOTED_AS,
    TAIL_SPEAKER_FIRST,
    TAIL_VERB_FIRST,
    VERB,
)

_MIN_QUOTE_WORDS = 4


@dataclass
class Quote:
    span: Span  # the words inside the marks
    open_at: int
    close_at: int  # index just after the closing mark (or the paragraph end)
    balanced: bool


def find_quotes(text: str, start: int, end: int) -> list[Quote]:
    """Quoted stretches of ``text[start:end]`` (one paragraph), outermost only.

    An opening mark left open at the paragraph's end closes there and the quote is flagged
    (the usual news convention for a quote continued in the next paragraph, or a typo).
    """
    quotes: list[Quote] = []
    i = start
    while i < end:
        ch = text[i]
        if ch in QUOTE_PAIRS and _can_open(text, i, start):
            j = _closing_mark(text, i, end, QUOTE_PAIRS[ch])
            if j == end and ch in _MIXED_CLOSERS:
                # Mixed typography ('“...," according to X'): with no proper closing mark
                # in the paragraph, the other double mark closes the quote.
                j = _closing_mark(text, i, end, _MIXED_CLOSERS[ch])
            if j < end:
                quotes.append(_make_quote(text, i, j, balanced=True))
                i = j + 1
                continue
            quotes.append(_make_quote(text, i, end, balanced=False))
            break
        i += 1
    return [q for q in quotes if q.span.text]


_MIXED_CLOSERS = {"“": '"', '"': "”"}


def _closing_mark(text: str, open_at: int, end: int, closer: str) -> int:
    """The index of the mark that closes the quote opened at ``open_at``, or ``end``."""
    j = open_at + 1
    while j < end and not (text[j] == closer and _can_close(text, j, end, text[open_at])):
        j += 1
    return j


def _can_open(text: str, i: int, start: int) -> bool:
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in "‘'’‚”":  # single marks double as apostrophes, "”" closes: open only at a word start
        return (before.isspace() or before in "([—–-\"“") and after.isalnum()
    if ch == "»":  # Danish/German »...«
        return not after.isspace()
    # '" Any discussion ...," said X': a stray space after the mark that opens a paragraph
    return not after.isspace() or ch in "“«„" or i == start


def _can_close(text: str, j: int, end: int, opener: str) -> bool:
    if opener in "‘‚'":
        after = text[j + 1] if j + 1 < end else " "
        return not after.isalnum()  # "don’t" keeps going
    return True


def _make_quote(text: str, open_at: int, close: int, balanced: bool) -> Quote:
    inner_start, inner_end = open_at + 1, close
    raw = text[inner_start:inner_end]
    stripped = raw.strip()
    if stripped:
        inner_start += raw.index(stripped)
        inner_end = inner_start + len(stripped)
    # '"It is over," he said': the comma belongs to the attribution; a final full stop, as in
    # '"It is over."', belongs to the quoted sentence and is kept.
    while inner_end > inner_start and text[inner_end - 1] in ",;:":
        inner_end -= 1
    return Quote(Span(inner_start, inner_end, text[inner_start:inner_end]), open_at, close + (1 if balanced else 0), balanced)


def colon_lead_in(last_sentence: Sentence | None):
    """The attribution that ends a paragraph with a colon ("In a statement, the company
    said:") and introduces the quote opening the next paragraph; else ``None``."""
    if last_sentence is None or not last_sentence.span.text.rstrip().endswith(":"):
        return None
    return _speaker_before(last_sentence.span.text.rstrip())


def is_speech_quote(text: str, quote: Quote, sentence: Span) -> bool:
    """A quote that is someone's speech rather than a scare quote or a quoted phrase: four
    words or more, or a shorter one that opens its sentence and ends in the comma, "!" or "?"
    that a reporting clause follows ('"It is untrue," she said'), the punctuation of a complete
    quoted utterance, or that is its whole sentence ('"Nobody was hurt."')."""
    if quote.span.text.count(" ") + 1 >= _MIN_QUOTE_WORDS:
        return True
    words = text[quote.span.start : quote.close_at - 1]
    return (
        quote.balanced
        and quote.open_at <= sentence.start
        and quote.span.text.count(" ") >= 1
        # a reporting clause follows, or the quote is its whole sentence ('"Nobody was hurt."')
        and bool(re.search(r"[,!?]\s*$", words) or (re.search(r"[.!?]\s*$", words) and not text[quote.close_at : sentence.end].strip()))
    )


def has_own_subject_before(text: str, quote: Quote, sentence: Span) -> bool:
    """The sentence opens with a clause of its own before the quote, so the quote is that
    clause's and does not continue the last speaker's words: a clause whose verb is not one
    of speech ("The letter cites "..."": the words of the source it names), or a reporting
    clause whose speaker can be read (the indirect statement around the quote carries it).
    A reporting clause with a speaker we cannot read ("The dairy said it acted "..."") keeps
    the news convention of the last speaker's voice."""
    head = text[sentence.start : quote.open_at]
    if len(head.split()) < 2:
        return False
    return not _REPORTING_VERB_WORD.search(head) or bool(INDIRECT.search(head))


_REPORTING_VERB_WORD = re.compile(rf"\b{VERB}\b")


def mask_quotes(text: str, sentence: Span, quotes: list[Quote]) -> str:
    """The sentence with quoted speech blanked (same length, so offsets still hold)."""
    chars = list(text[sentence.start : sentence.end])
    for q in quotes:
        if is_speech_quote(text, q, sentence):
            for k in range(max(q.open_at, sentence.start), min(q.close_at, sentence.end)):
                chars[k - sentence.start] = " " if chars[k - sentence.start] != "\n" else "\n"
    return "".join(chars)


def quote_share(quote: Quote, para_sentences: list[Sentence]) -> float:
    """How much of the sentences it touches the quote fills (1.0: the quote stands alone)."""
    touched = [s.span for s in para_sentences if s.span.overlaps(Span(quote.open_at, quote.close_at, " " * (quote.close_at - quote.open_at)))]
    total = sum(s.end - s.start for s in touched)
    return (quote.close_at - quote.open_at) / total if total else 1.0


def quote_speaker(text: str, quote: Quote, para_sentences: list[Sentence], quotes: list[Quote]):
    """The attribution next to a quote, as ``(who, verb, appositive)``, or ``None``.

    Looked for after the quote (up to the end of the sentence that holds the closing mark, or
    the next quote), then before it (from the start of the sentence that holds the opening mark).
    """
    closing = next((s for s in para_sentences if s.span.start < quote.close_at <= s.span.end), None)
    next_open = min((q.open_at for q in quotes if q.open_at > quote.open_at), default=len(text))
    tail_end = min(closing.span.end if closing else quote.close_at, next_open)
    tail = text[quote.close_at : max(tail_end, quote.close_at)]
    for pattern in (TAIL_VERB_FIRST, TAIL_SPEAKER_FIRST, TAIL_QUOTED_AS):
        match = pattern.match(tail)
        if match and not is_source_phrase(match.group("who")):
            return match.group("who"), match.group("verb"), match.groupdict().get("app")
    lead = TAIL_ACCORDING_TO.match(tail)
    match = lead and ACCORDING_TO.match(tail, lead.end())
    if match and not is_source_phrase(match.group("who")):
        return match.group("who"), "according to", None
    match = _TAIL_DESCRIBED_SPEAKER.match(tail)
    if match:
        # '"...," the analysts wrote': a speaker the grammar has no noun for is still someone
        # else, not the last speaker continuing
        return match.group("who"), match.group("verb"), None
    opening = next((s for s in para_sentences if s.span.start <= quote.open_at < s.span.end), None)
    previous_close = max((q.close_at for q in quotes if q.close_at <= quote.open_at), default=0)
    head = text[max(opening.span.start if opening else quote.open_at, previous_close) : quote.open_at]
    return _speaker_before(head)


_TAIL_DESCRIBED_SPEAKER = re.compile(rf"^[\s,]*(?P<who>(?:[Tt]he|[Aa]n?)\s+(?:[\w'’-]+\s+){{0,3}}?[a-z]+)\s+(?P<verb>{VERB})\b")


def _speaker_before(head: str):
    """The attribution that introduces a quote from before it ("Sessions said:", "said the
    minister,"), as ``(who, verb, appositive)``, or ``None``."""
    match = HEAD.search(head)
    if match and not is_source_phrase(match.group("who")):
        return match.group("who"), match.group("verb"), match.group("app")
    match = HEAD_VERB_FIRST.search(head)
    if match and not is_source_phrase(match.group("who")):
        return match.group("who"), match.group("verb"), match.group("app")
    participle = HEAD_PARTICIPLE.search(head)
    match = participle and CLAUSE_SUBJECT.match(head)
    if match and not is_source_phrase(match.group("who")):
        return match.group("who"), participle.group("verb"), None
    match = ACCORDING_TO.search(head)
    if match:
        return match.group("who"), "according to", None
    match = HEAD_VERB_ONLY.search(head)
    if match:
        # The speaker is the subject of the clause that holds the verb, after any introductory
        # phrase ("Speaking at the Foro Italico on Tuesday, the world No. 14 said:").
        clause_start = head.rfind(",", 0, match.start()) + 1
        clause = head[clause_start : match.start()]
        names = [
            m.group(0) for m in re.finditer(PROPER, clause)
            if len(m.group(0)) > 3 and clause_start + m.start() > 0 and m.group(0).split()[0] not in NOT_NAMES
        ]
        return (names[-1] if names else "he"), match.group("verb"), None
    return None
