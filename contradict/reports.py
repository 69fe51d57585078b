"""Reports: what an article says others claim, sentence by sentence, with the source it
names and a hedge flag; including claims carried inside the subject's own statements
("dismissed reports that ...") and clauses beside them that name their own source."""

from __future__ import annotations

import re
from dataclasses import replace

from .cues import hedge_cues
from .names import clean_name, is_source_phrase
from .records import Report, Span, Statement
from .segment import QUOTE_PAIRS, Sentence, strip_dateline
from .speech_patterns import (
    ACCORDING_TO,
    PROPER,
    REPORT_SOURCE,
    SOURCE_CLAUSE,
    SOURCED_AT_END,
    TAIL_SPEAKER_FIRST,
    TAIL_VERB_FIRST,
    TRAILING_SOURCE,
    VERB,
)

_SOURCE_WINDOW = 200  # characters at the start of a sentence where a report's source is looked for


def read_reports(sentences: list[Sentence], other_statements: list[Statement], claimed: list[Span]) -> list[Report]:
    """Every sentence not taken up by the subject's statements, with its source and hedge;
    in a sentence the subject's statement takes up, the claims of others it embeds."""
    reports = []
    for sentence in sentences:
        span = strip_dateline(sentence.span)
        inside = [c for c in claimed if span.overlaps(c)]
        covered = sum(span.overlaps(c) for c in inside)
        embedded = _embedded_reports(span) if covered else []
        sourced_tail = _sourced_tail(span, inside)
        if sourced_tail:
            reports.append(sourced_tail)
            continue
        # "X said P, and the chairman confirmed Q": another speaker's clause beside the
        # subject's statement is a report of its own
        beside = [
            Report(span=st.span, source=st.speaker, hedged=bool(hedge_cues(st.span.text)), cue=st.cue)
            for st in other_statements
            if inside and span.overlaps(st.span) and not any(st.span.overlaps(c) for c in inside)
            and not any(r.span.overlaps(st.span) for r in embedded)
        ]
        if covered >= 0.5 * (span.end - span.start) or embedded or beside or _quote_and_attribution(span, inside):
            reports.extend(_clip(r, inside) for r in embedded)
            reports.extend(beside)
            continue
        if len(re.findall(r"\w+", span.text)) < 4:
            continue  # captions, bylines, one-word lines
        source, cue = _report_source(span.text, other_statements, sentence)
        hedged = bool(hedge_cues(span.text))
        reports.append(_clip(Report(span=span, source=source, hedged=hedged, cue=cue), inside))
    return reports


def _sourced_tail(sentence: Span, statements: list[Span]) -> Report | None:
    """The clause after the subject's statement that names its own source ("X told
    investigators that P, but Q, according to the filing"; "X said P, but league records show
    Q"): Q is that source's report."""
    if not statements:
        return None
    last = max(s.end for s in statements)
    rest = sentence.text[last - sentence.start :]
    joiner = re.match(r"[\s,;–—-]*(?:but|while|whereas|yet)\s+", rest)
    if not joiner:
        return None
    clause = rest[joiner.end() :]
    sourced = SOURCED_AT_END.search(clause)
    opening = None if sourced else SOURCE_CLAUSE.match(clause)  # "..., but league records show ..."
    if not sourced and not opening:
        return None
    start = last + joiner.end()
    end = sentence.end - (len(rest) - len(rest.rstrip(" .!?\"”’'\n")))
    text = sentence.text[start - sentence.start : end - sentence.start]
    if opening:
        return Report(Span(start, end, text), clean_name(opening.group("who")), bool(hedge_cues(text)), opening.group("verb").lower())
    source = ACCORDING_TO.search(text)
    return Report(Span(start, end, text), clean_name(source.group("who")), bool(hedge_cues(text)), "according to")


def _quote_and_attribution(sentence: Span, statements: list[Span]) -> bool:
    """The sentence is a statement followed only by who said it, however long the speaker's
    description ('"...," the hospital's director, Anneke Visser, said at a briefing.')."""
    if not statements:
        return False
    first, last = min(s.start for s in statements), max(s.end for s in statements)
    if sentence.text[: first - sentence.start].strip(_OPENING_MARKS + " "):
        return False
    rest = sentence.text[last - sentence.start :].lstrip(_OPENING_MARKS + ",.!? ")
    tail = TAIL_SPEAKER_FIRST.match(rest) or TAIL_VERB_FIRST.match(rest)
    return bool(tail) and len(re.findall(r"\w+", rest[tail.end() :])) <= 6 and "," not in rest[tail.end() :]


# What joins a report to a statement that follows it in one sentence ("... on Friday night
# - but the government denied ...", "..., and the company said ...").
_JOINER_TAIL = re.compile(r"(?:\s*[,;:–—-]\s*|\s+)(?:but|and|while|though|although|however)?\s*[,;:–—-]?\s*$", re.IGNORECASE)
# Quote marks that open the statement's words ('... said: "We never met'), left with neither.
_OPENING_MARKS = "".join(QUOTE_PAIRS)
# A stretch that ends in a reporting verb introduces the statement after it; it reports nothing.
_ATTRIBUTION_END = re.compile(rf"\b{VERB}\s*(?:that)?\s*[:,]?\s*$")


def _clip(report: Report, statements: list[Span]) -> Report:
    """The report without the subject's statements that share its sentence, when enough is left.

    "A spokesman said police searched the offices - but the government denied any search had
    taken place": the report is what comes before the statement, not the whole sentence, so
    that the two can be paired. A statement that begins before the report (the claim a
    denial embeds, "dismissed reports that ...") is left alone, and so is a report that would
    keep fewer than five words or only the statement's own attribution ("Cole, who chairs
    the board, said"): it stays whole and is never paired with the statement it overlaps.
    """
    span = report.span
    for statement in sorted(statements, key=lambda c: c.start):
        if statement.start <= span.start or not span.overlaps(statement):
            continue
        text = _JOINER_TAIL.sub("", span.text[: statement.start - span.start].rstrip(_OPENING_MARKS + " "))
        if len(text.split()) < 5 or _ATTRIBUTION_END.search(text):
            return report
        span = Span(span.start, span.start + len(text), text)
    return report if span == report.span else replace(report, span=span)


# A report noun and the claim it carries: "dismissed reports that ...", "denied claims the
# couple split", "amid speculation that ...", "confirmed a report in the Herald on Monday that
# ...". The content clause of such a noun (Huddleston & Pullum 2002, ch. 11 §7, "the claim
# that ...") is what others report, even inside the subject's own statement. The clause may
# open with "that", after a few words of the noun phrase, or bare with a subject pronoun,
# article or name ("claims the couple split", "reports they plan to quit"), or as a
# participle clause ("reports claiming the site was hacked").
_REPORT_NOUN = r"(?:reports?|claims?|allegations?|assertions?|accusations?|speculation|suggestions?|rumou?rs?|stories|story)"
_EMBEDDED_REPORT = re.compile(
    rf"(?:(?P<possessor>{PROPER})['’]s?\s+)?\b(?P<noun>{_REPORT_NOUN})\b"
    r"(?:\s+(?:[^\s,;:]+\s+){0,8}?that\b|(?=\s+(?:the|a|an|he|she|they|it|his|her|their|its|[A-Z][\w'’-]+)\s)"
    r"|(?=\s+(?:claiming|saying|suggesting|alleging|stating)\s))"
)
# Evidence that shows something: "despite figures from the province showing 1,200 jobs were lost".
_EVIDENCE_NOUN = r"(?:figures|data|records|documents|evidence|footage|photographs|photos|emails|e-mails|filings|tests|results|logs)"
_EMBEDDED_EVIDENCE = re.compile(
    rf"\b(?P<noun>{_EVIDENCE_NOUN})\b(?=\s+(?:[^\s,;:]+\s+){{0,6}}?(?:showing|indicating|suggesting|that)\b)"
)
# An appositive that carries a charge ("Pistorius, the athlete accused of murder, said ...").
_CHARGE_APPOSITIVE = re.compile(
    r",\s+(?P<claim>(?:the|a|an)\s+[^,;]{0,60}?\b(?:accused|charged|suspected|convicted)\s+(?:of|with)\s+[^,;]+),"
)
# "X denied it, amid reports that ...": an adjunct by which the journalist sets the statement
# against what others report; it is the article's framing, not part of what X said.
FRAMING_ADJUNCT = re.compile(
    rf",?\s+(?:amid|despite|in\s+the\s+face\s+of|following)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_REPORT_NOUN}|{_EVIDENCE_NOUN})\b"
)
# Where a claim embedded in a longer sentence stops: the next clause ("..., saying that",
# "..., but", " - ") or the end of the sentence.
_CLAIM_END = re.compile(r",\s+(?:\w+ing\b|but\b|and\s+(?:said|added)\b|while\b|although\b|as\b)|\s[–—-]\s|;")


def _embedded_reports(sentence: Span) -> list[Report]:
    """Claims of others that a sentence of the subject's statement carries (see
    ``_EMBEDDED_REPORT`` and ``_CHARGE_APPOSITIVE``), each hedged: the sentence reports them
    without asserting them."""
    found = []
    matches = sorted([*_EMBEDDED_REPORT.finditer(sentence.text), *_EMBEDDED_EVIDENCE.finditer(sentence.text)], key=lambda m: m.start())
    for match in matches:
        start = match.start("noun")
        outlet_before = re.search(rf"({PROPER})\s+$", sentence.text[:start])
        if not match.groupdict().get("possessor") and outlet_before and is_source_phrase(outlet_before.group(1)):
            continue  # "AFP reports Mr Roux argued ...": the verb of an outlet, not a report noun
        stop = _CLAIM_END.search(sentence.text, match.end())
        end = stop.start() if stop else len(sentence.text.rstrip())
        if len(sentence.text[start:end].split()) >= 5:
            source = clean_name(match.group("possessor")) if match.groupdict().get("possessor") else None
            found.append(_sub_report(sentence, start, end, source, match.group("noun").lower()))
    for match in _CHARGE_APPOSITIVE.finditer(sentence.text):
        found.append(_sub_report(sentence, match.start("claim"), match.end("claim"), None, None))
    return found


def _sub_report(sentence: Span, start: int, end: int, source: str | None, cue: str | None) -> Report:
    text = sentence.text[start:end]
    return Report(span=Span(sentence.start + start, sentence.start + end, text), source=source, hedged=True, cue=cue)


def _report_source(sentence_text: str, other_statements: list[Statement], sentence: Sentence) -> tuple[str | None, str | None]:
    match = ACCORDING_TO.search(sentence_text)
    if match:
        return clean_name(match.group("who")), "according to"
    match = TRAILING_SOURCE.search(sentence_text)
    if match:
        return clean_name(match.group("who")), match.group("verb")
    # The source opens the sentence (within its first 60 characters): trying only the word
    # starts there keeps long sentences cheap.
    window = sentence_text[:_SOURCE_WINDOW]
    starts = (m.start() for m in re.finditer(r"(?<![\w'’.&-])\w", window[:60]))
    match = next((m for m in (REPORT_SOURCE.match(window, pos) for pos in starts) if m), None)
    if match:
        return clean_name(match.group("who")), match.group("verb")
    for statement in other_statements:
        if statement.sentence == sentence.span and statement.speaker:
            return statement.speaker, statement.cue
    return None, None
