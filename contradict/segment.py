"""Paragraphs and sentences of a news text, with character offsets into the original.

Sentences come from syntok (Leitner's segtok successor), which knows abbreviations such as
"U.S.", "Gov." and "Jan." and keeps a closing quote with its sentence. Offsets always index
the text exactly as given, so every span can be highlighted in the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import syntok.segmenter as syntok_segmenter

from .records import Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
#: Opening and closing quotation marks, by kind. Straight quotes open and close alike.
OPENING_QUOTES = "\"“„«‹‘‚"
CLOSING_QUOTES = "\"”“»›’‘"
# "”" opens too: some sites set a closing mark at both ends (”No,” he said).
QUOTE_PAIRS = {"“": "”", "„": "“", "«": "»", "‹": "›", "‘": "’", "‚": "‘", '"': '"', "'": "'", "»": "«", "”": "”"}
# A dateline opens the first paragraph of wire copy: "WASHINGTON, July 21 -",
# "New Delhi, Mar 3 (IANS):" or "CANBERRA, June 22 AAP -".
_DATELINE = re.compile(
    r"^[A-ZÀ-ÖØ-ÞĀ-žȘȚ][\w.'-]*(?: [A-ZÀ-ÖØ-ÞĀ-žȘȚ][\w.'-]*){0,3}(?:,(?: [A-Z][A-Za-z]*)*)?(?:,? [A-Z][a-z]{2,9}\.? \d{1,2})?(?: \([A-Za-z]+\)| [A-Z]{2,5})?\s*[-–—:]\s+"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence: its span, the paragraph it belongs to, and its position."""

    span: Span
    paragraph: int
    index: int

    @property
    def text(self) -> str:
        return self.span.text


@dataclass(frozen=True)
class Paragraph:
    span: Span
    index: int


def paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines, stripped of surrounding whitespace."""
    found, start = [], 0
    for match in list(_PARAGRAPH_BREAK.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            offset = start + chunk.index(stripped)
            found.append(Paragraph(Span(offset, offset + len(stripped), stripped), len(found)))
        if match:
            start = match.end()
    return found


def sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, each a span of the original text.

    Example:
        >>> [s.text for s in sentences('He left the U.S. in Jan. last year. "It is over," he said.')]
        ['He left the U.S. in Jan. last year.', '"It is over," he said.']
    """
    found: list[Sentence] = []
    for paragraph in paragraphs(text):
        base = paragraph.span.start
        for lines in _lines_of(paragraph.span.text):
            line_start, line = lines
            for tokens in _syntok_sentences(line):
                start = base + line_start + tokens[0].offset
                end = base + line_start + tokens[-1].offset + len(tokens[-1].value)
                # syntok splits off a dateline-free closing quote sometimes; keep marks attached.
                while end < paragraph.span.end and text[end] in CLOSING_QUOTES and not text[end - 1].isspace():
                    end += 1
                if found and found[-1].paragraph == paragraph.index and start < found[-1].span.end:
                    start = found[-1].span.end
                if end > start:
                    found.append(Sentence(Span(start, end, text[start:end]), paragraph.index, len(found)))
    return _merge_title_splits(found, text)


# syntok ends a sentence after a title abbreviation that opens one ("Gov. Smith agreed."),
# also in parentheses ("Hospital Director Dr. (Mrs.) Anoma Perera said").
_TITLE_ONLY = re.compile(r"(?:^|\s|\()(?:Gov|Sen|Rep|Dr|Mr|Mrs|Ms|Prof|Gen|Lt|Col|Capt|Sgt|St|Rev|Hon|Pres|Supt|Insp|Det|Engr)\.\)?$")


def _merge_title_splits(found: list[Sentence], text: str) -> list[Sentence]:
    merged: list[Sentence] = []
    for sentence in found:
        previous = merged[-1] if merged else None
        if previous and previous.paragraph == sentence.paragraph and _TITLE_ONLY.search(previous.text):
            start = previous.span.start
            merged[-1] = Sentence(Span(start, sentence.span.end, text[start : sentence.span.end]), previous.paragraph, previous.index)
        else:
            merged.append(Sentence(sentence.span, sentence.paragraph, len(merged)))
    return merged


def _lines_of(paragraph_text: str) -> list[tuple[int, str]]:
    """Single line breaks inside a paragraph end a sentence only when the line is a caption
    or heading (no final punctuation), as in photo captions kept in scraped text."""
    pieces, offset = [], 0
    for line in paragraph_text.split("\n"):
        if line.strip():
            pieces.append((offset, line))
        offset += len(line) + 1
    return pieces


def _syntok_sentences(line: str):
    for paragraph in syntok_segmenter.analyze(line):
        for sentence in paragraph:
            if sentence:
                yield sentence


def strip_dateline(sentence: Span) -> Span:
    """The sentence without a leading wire dateline ("PARIS, May 2 - ")."""
    match = _DATELINE.match(sentence.text)
    if not match:
        return sentence
    cut = match.end()
    return Span(sentence.start + cut, sentence.end, sentence.text[cut:])
