"""Who said what: the subject's statements and the claims reported from other sources.

The reading is rule-based, in the tradition of quotation attribution systems for news
(Pareti et al. 2013; textacy's ``direct_quotations``): find quoted spans, attach each to the
speaker named in the attribution next to it ("...," he said / Sessions said: "..." /
"...," said X, a spokesman for Y), resolve pronouns and short names to the full name, and
read indirect speech ("X has repeatedly denied that ...") from a speaker, a reporting verb
and the clause that follows. Every other sentence of the article is a report: a claim
attributed to a source (according to X, X reported, officials told ...) or stated by the
article itself, with a hedge flag.

Example:
    >>> reading = read_article('"I never met him," Smith said. The Post reported that they met twice.', "Smith")
    >>> [(s.span.text, s.speaker, s.is_denial) for s in reading.statements]
    [('I never met him', 'Smith', True)]
    >>> [(r.span.text, r.source) for r in reading.reports]
    [('The Post reported that they met twice.', 'The Post')]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .cues import DENIAL_VERBS, is_denial, non_denial_cues
from .entity_memory import EntityMemory
from .errors import InputError
from .names import clean_name, is_phrase, is_source_phrase
from .quotes import (
    Quote,
    colon_lead_in,
    find_quotes,
    has_own_subject_before,
    is_speech_quote,
    mask_quotes,
    quote_share,
    quote_speaker,
)
from .records import Report, Span, Statement
from .reports import FRAMING_ADJUNCT, read_reports
from .segment import Sentence, paragraphs, sentences, strip_dateline
from .speech_patterns import (
    ADVERBS,
    GENERIC,
    INDIRECT,
    INDIRECT_TAIL,
    ISSUED_STATEMENT,
    LEDE,
    NAMED,
    PROGRESSIVE,
    PROPER,
    REP_WORDS,
    SOURCE_CLAUSE,
    SOURCED_AT_END,
    SPEECH_AFTER_ACT,
    VERB,
)
from .subject import (
    Subject,
)

#: Texts longer than this are refused rather than read for minutes.
MAX_TEXT_CHARS = 2_000_000


@dataclass
class ArticleReading:
    """What :func:`read_article` found in one text."""

    text: str
    subject: Subject | None
    statements: list[Statement] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    other_statements: list[Statement] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def all_statements(self) -> list[Statement]:
        """Every statement found, the subject's and others', in document order."""
        return sorted(self.statements + self.other_statements, key=lambda s: s.span.start)


def detect_subject(text: str) -> Subject | None:
    """The person or organisation whose statements the article quotes most, or ``None``."""
    reading = _read(text, None)
    counts = Counter(s.speaker for s in reading.all_statements if s.speaker and s.speaker.lower() not in {"he", "she", "they", "it"})
    if not counts:
        return None
    best = max(counts.items(), key=lambda kv: (kv[1], -_first_position(reading, kv[0])))[0]
    return Subject.from_description(best)


def _first_position(reading: ArticleReading, speaker: str) -> int:
    return min(s.span.start for s in reading.all_statements if s.speaker == speaker)


def read_article(text: str, subject: str | Subject | None = None) -> ArticleReading:
    """Find the subject's statements and the reported claims of ``text``.

    Args:
        text: the article as plain text (paragraphs separated by blank lines).
        subject: the subject's name or description; ``None`` finds it automatically.

    Raises:
        InputError: the text is empty, not text, or too large.
    """
    _check_text(text)
    if subject is None:
        found = detect_subject(text)
    elif isinstance(subject, Subject):
        found = subject
    else:
        if not subject.strip():
            raise InputError("the subject is empty; expected a name such as 'Jeff Sessions'")
        found = Subject.from_description(subject)
    return _read(text, found)


def _check_text(text: object) -> None:
    if not isinstance(text, str):
        raise InputError(f"expected article text as a string, found {type(text).__name__}")
    if not text.strip():
        raise InputError("the article text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the article has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:10000])
    if printable < 0.9 * min(len(text), 10000):
        raise InputError("the input does not look like text (too many control characters); expected plain UTF-8 text")


def _read(text: str, subject: Subject | None) -> ArticleReading:
    if subject is not None:
        subject = subject.in_context(text)
    return _Reader(text, subject).read()


class _Reader:
    """One pass over an article, paragraph by paragraph and sentence by sentence: quotes
    first, then indirect speech in what is left of the sentence; every sentence the
    subject's statements do not take up is then read for reports."""

    def __init__(self, text: str, subject: Subject | None) -> None:
        self.text = text
        self.subject = subject
        self.memory = EntityMemory(subject)
        self.reading = ArticleReading(text=text, subject=subject, sentences=sentences(text))
        self.claimed: list[Span] = []  # stretches of text that are the subject's statements, not reports
        self.last_quote_voice: tuple[str | None, str | None] = (None, None)  # whom a quote standing alone continues

    def read(self) -> ArticleReading:
        text, memory, reading = self.text, self.memory, self.reading
        by_paragraph: dict[int, list[Sentence]] = {}
        for sentence in reading.sentences:
            by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
        previous_paragraph: list[Sentence] = []
        for paragraph in paragraphs(text):
            para_sentences = by_paragraph.get(paragraph.index, [])
            topic = None  # the person the previous sentence of the paragraph is about
            lead_in = colon_lead_in(previous_paragraph[-1] if previous_paragraph else None)
            if para_sentences and self._read_transcript_turn(paragraph.span, para_sentences[0]):
                previous_paragraph = para_sentences
                continue
            quotes = find_quotes(text, paragraph.span.start, paragraph.span.end)
            for sentence in para_sentences:
                memory.sentence_index = sentence.index
                sentence_quotes = [q for q in quotes if sentence.span.start <= q.open_at < sentence.span.end]
                # a quote that runs on from the sentence before is speech here too, not a clause to read
                overlapping = [q for q in quotes if q.open_at < sentence.span.end and q.close_at > sentence.span.start]
                masked = mask_quotes(text, sentence.span, overlapping)
                for quote in sentence_quotes:
                    # 'the company said:' closes the paragraph before the quote that opens this one
                    self._read_quote(quote, sentence, para_sentences, quotes, lead_in if quote.open_at == paragraph.span.start else None, topic)
                body = strip_dateline(Span(sentence.span.start, sentence.span.end, masked))
                previous_topic, topic = topic, memory.topic_of(body.text)
                if not self._read_indirect_tail(body, sentence):
                    for clause_start, clause_stop in _speaker_clauses(body.text):
                        self._read_clause(body, clause_start, clause_stop, sentence, previous_topic)
                memory.observe_names(body.text)
            previous_paragraph = para_sentences
        reading.reports = read_reports(reading.sentences, reading.other_statements, self.claimed)
        reading.statements.sort(key=lambda s: s.span.start)
        reading.other_statements.sort(key=lambda s: s.span.start)
        return reading

    def _record(self, span: Span, speaker, behalf, verb: str, direct: bool, sentence: Sentence, flags) -> None:
        statement = _make_statement(span, speaker, behalf, verb, direct, sentence, flags, self.subject)
        _add(self.reading, statement)
        if statement.is_subject:
            self.claimed.append(span)

    def _read_transcript_turn(self, paragraph: Span, first: Sentence) -> bool:
        """A paragraph that is a turn of an interview printed as a transcript ("Furlong: No.
        Absolutely not. I never claimed ..."): a person already named, a colon, their words.
        Whether the paragraph was one."""
        turn = _TRANSCRIPT_TURN.match(self.text, paragraph.start, paragraph.end)
        if not turn:
            return False
        memory, subject = self.memory, self.subject
        name = clean_name(turn.group("who"))
        known = (subject is not None and subject.refers_to(name)) or memory.canonical(name) in memory.full_names
        if not known:
            return False  # "Nairobi: ...", "Update: ...": a dateline or a label, not a speaker
        words = self.text[turn.end() : paragraph.end].rstrip()
        speaker, behalf, flags = memory.resolve(turn.group("who"))
        self._record(Span(turn.end(), turn.end() + len(words), words), speaker, behalf, "said", True, first, flags + ("transcript",))
        memory.remember(speaker, behalf)
        memory.observe_names(words)
        return True

    def _read_quote(
        self, quote: Quote, sentence: Sentence, para_sentences: list[Sentence], quotes: list[Quote], lead_in, topic: str | None
    ) -> None:
        """A quote of the sentence, attributed to the speaker next to it, the colon lead-in
        before its paragraph, or (standing alone) the last speaker. ``topic`` is the person
        named before whom the sentence before is about: '"...," he said' after "Cole had
        spoken to the club." is Cole's, not the last speaker's (centering, as for indirect
        speech)."""
        text, memory = self.text, self.memory
        found = quote_speaker(text, quote, para_sentences, quotes) or lead_in
        if not is_speech_quote(text, quote, sentence.span):
            return  # a scare quote or a phrase inside an indirect statement: the clause carries it
        if found is None:
            if quote_share(quote, para_sentences) < 0.6 or has_own_subject_before(text, quote, sentence.span):
                return  # embedded in a sentence: the indirect statement around it carries it
            # News convention: a quote standing alone continues the last speaker's.
            speaker, behalf = self.last_quote_voice
            flags: tuple[str, ...] = ("speaker-inferred",) if speaker else ("speaker-unknown",)
            verb = "said"
        else:
            who, verb, appositive = found
            speaker, behalf, flags = memory.resolve(who, appositive, topic)
        if not quote.balanced:
            flags = flags + ("unbalanced-quote",)
        self._record(quote.span, speaker, behalf, verb, True, sentence, flags)
        if speaker:
            memory.remember(speaker, behalf)
            self.last_quote_voice = (speaker, behalf)

    def _read_indirect_tail(self, body: Span, sentence: Sentence) -> bool:
        """A claim followed by its attribution ("Kidman is not pregnant, her publicist said");
        whether the sentence was one."""
        text, memory = self.text, self.memory
        tail = INDIRECT_TAIL.search(body.text)
        if not tail or len(tail.group("claim").split()) < 3 or is_source_phrase(tail.group("who")):
            return False
        # "her" binds to the claim's name: "Osei will leave the drama Northgate General, she
        # announced": the pronoun is the claim's own subject, its first person named
        people = memory.observe_names(tail.group("claim"))
        named = [p for p in people if len(p.split()) >= 2]  # not "Production of ..., she said"
        speaker, behalf, flags = memory.resolve(tail.group("who"), tail.group("app"), named[0] if named else None)
        span = Span(body.start, body.start + tail.end("claim"), text[body.start : body.start + tail.end("claim")])
        self._record(span, speaker, behalf, tail.group("verb"), False, sentence, flags)
        memory.remember(speaker, behalf)
        self.last_quote_voice = (speaker, behalf)
        return True

    def _read_issued_statement(self, clause: str) -> None:
        """"X released a statement." says nothing itself; the quote standing alone after it is X's."""
        issued = ISSUED_STATEMENT.search(clause)
        if issued and not is_source_phrase(issued.group("who")):
            speaker, behalf, _ = self.memory.resolve(issued.group("who"), issued.group("app"))
            if speaker:
                self.memory.remember(speaker, behalf)
                self.last_quote_voice = (speaker, behalf)

    def _speaker_start(self, sentence_text: str, start: int, stop: int) -> int:
        """Where a clause's speaker starts: after an outlet that relays the speaker's words
        ("AFP reports Mr Roux argued that ...") or a time phrase set before the speaker without
        a comma ("In November the company announced ..."), when a speaker and verb follow."""
        relay = _OUTLET_RELAY.match(sentence_text, start, stop)
        if relay and is_source_phrase(relay.group("who")) and INDIRECT.match(sentence_text[relay.end() : stop]):
            self.memory.note_outlet(relay.group("who"))
            return relay.end()
        opening = _TIME_OPENING.match(sentence_text, start, stop)
        if opening and INDIRECT.match(sentence_text[opening.end() : stop]):
            return opening.end()
        return start

    def _read_clause(self, body: Span, clause_start: int, clause_stop: int, sentence: Sentence, previous_topic: str | None) -> None:
        """Indirect speech in one clause of a sentence ("X has repeatedly denied that ...",
        "the regent, who denied any wrongdoing", "According to a Brightwell statement, ...")."""
        text, memory, subject = self.text, self.memory, self.subject
        clause_start = self._speaker_start(body.text, clause_start, clause_stop)
        clause = body.text[clause_start:clause_stop]
        clause_end = len(clause)
        indirect = INDIRECT.search(clause) or (LEDE.match(clause) if sentence.index == 0 else None) or SPEECH_AFTER_ACT.search(clause)
        if indirect and is_source_phrase(indirect.group("who")):
            memory.note_outlet(indirect.group("who"))  # "The magazine said ... It said ..."
        if indirect and indirect.group("who") in _DETERMINERS:
            indirect = None  # "The dispute began ...": a capitalised determiner is no speaker
        if indirect and _has_content(indirect) and not memory.is_outlet(indirect.group("who")):
            who, appositive, verb = indirect.group("who"), indirect.group("app"), indirect.group("verb")
            start = body.start + clause_start + indirect.start("who")
            if _MEDIAL_OPENING.fullmatch(clause[: indirect.start("who")]) and indirect.group("rest").startswith(","):
                start = body.start + clause_start  # "The programme, he wrote, was launched ...": the words around it
        else:
            indirect = _RELATIVE_SPEECH.search(clause) or _OPENING_ACCORDING_TO.match(clause)
            if not indirect or is_source_phrase(indirect.group("who")):
                self._read_issued_statement(clause)
                return
            who, appositive, verb = _document_issuer(indirect.group("who")), None, indirect.group("verb")
            start = body.start + clause_start + indirect.start("span")
            clause_end = indirect.end("span")
        # "Nowicki has been criticised over delays. He said ...": a pronoun that opens a
        # sentence continues the person the sentence before was about (its grammatical
        # subject), not whoever was quoted last (Grosz et al. 1995, centering).
        sentence_opening = clause_start == 0 and indirect.start("who") == 0
        speaker, behalf, flags = memory.resolve(who, appositive, previous_topic if sentence_opening else None)
        # "A Vietnamese garment exporter has denied ...": a lede introduces its subject by a
        # description (a spokesman's is read for whom they serve, as anywhere else)
        lede_description = (
            sentence.index == 0
            and sentence_opening
            and bool(re.fullmatch(GENERIC, who))
            and bool(re.match(r"[Aa]n?\s", who))
            and not re.search(REP_WORDS, who.lower())
        )
        if (indirect.re is LEDE or lede_description) and subject is not None and not _speaker_is_named(speaker, subject):
            # the description a lede opens with is of the story's subject, or of whoever
            # speaks for it ("The lawyer for a man questioned over the fire")
            if re.search(REP_WORDS, who.lower()):
                speaker, behalf, flags = who, subject.name, ("lede-description",)
            else:
                speaker, behalf, flags = subject.name, None, ("lede-description",)
        end = body.start + clause_start + clause_end
        framing = FRAMING_ADJUNCT.search(text, start, end)
        end = framing.start() if framing else end
        end = start + len(text[start:end].rstrip(" ,;–—-\n"))
        span = Span(start, end, text[start:end])
        if span.text.strip():
            self._record(span, speaker, behalf, verb, False, sentence, flags)
            memory.remember(speaker, behalf, verb)
            # '"...," she said' standing alone in the next paragraph continues the last speaker,
            # quoted or reported ("X told journalists that ...")
            self.last_quote_voice = (speaker, behalf)


# "AFP reports", "The newspaper reported that": an outlet that relays what a speaker said.
_OUTLET_RELAY = re.compile(rf"(?P<who>(?:[Tt]he\s+)?{PROPER}|[Tt]he\s+[a-z]+)\s+(?:reports|reported|says|said)\s+(?:that\s+)?(?=\S)")
_MONTHS_AND_DAYS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)
# "In November", "Last week", "Earlier this year", "In 2019": a time phrase opening a sentence.
_TIME_OPENING = re.compile(
    rf"(?:In|On|By|Last|Earlier|Later|Since|This)\s+(?:this\s+|last\s+|early\s+|late\s+)?"
    rf"(?:{_MONTHS_AND_DAYS}|week|month|year|spring|summer|autumn|fall|winter|\d{{4}})(?:\s+\d{{1,4}})?\s+(?=[A-Za-z])"
)
# "Furlong: No. Absolutely not.": a speaker's name, a colon and the words of an interview turn.
_TRANSCRIPT_TURN = re.compile(rf"(?P<who>{PROPER}):\s+(?=\S)")
# The words before a reporting clause set in the middle of what was said ("The programme,
# he wrote, was launched in January"): a short phrase with no clause break of its own.
_MEDIAL_OPENING = re.compile(r"[^,;:\"“”«»]{3,60},\s+")
_DETERMINERS = frozenset({"The", "A", "An", "This", "That", "These", "Those"})


def _speaker_is_named(speaker: str | None, subject: Subject) -> bool:
    """The resolved speaker is a name other than the subject's ("A spokesman, John Roe," is
    John Roe), so a lede's description does not stand for the subject."""
    return bool(speaker) and not is_phrase(speaker) and not subject.refers_to(speaker)


# Coordinated clauses with their own speakers ("X said police searched the office - but the
# government denied any search took place"; "X said he had offered to testify, and the
# chairman confirmed a hearing"): a "but", an "and" after a comma or a semicolon joins two
# independent clauses (Quirk et al. 1985, §13.5), each read for its own speaker. A clause
# is cut off only when it opens with a speaker and a reporting verb of its own.
_CLAUSE_BREAK = re.compile(r"(?:,?\s+[–—-]\s+|,\s+|\s+)but\s+|;\s+|,\s+and\s+")


def _speaker_clauses(sentence_text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` stretches of a sentence read for a speaker each: the sentence is cut
    before a coordinated clause that opens with a speaker (or a source: "league records show")
    and a reporting verb of its own, or that names its source at its end; a "but" clause
    without one continues the first speaker ("X denied it but said ...")."""
    cuts = [0]
    for match in _CLAUSE_BREAK.finditer(sentence_text):
        rest = sentence_text[match.end() :]
        if match.start() > cuts[-1] and (
            INDIRECT.match(sentence_text, match.end()) or SOURCED_AT_END.search(rest) or SOURCE_CLAUSE.match(rest)
        ):
            cuts.append(match.end())
    bounds = cuts + [len(sentence_text)]
    return [(start, _clause_end(sentence_text, start, stop)) for start, stop in zip(bounds, bounds[1:])]


def _clause_end(sentence_text: str, start: int, stop: int) -> int:
    """Where the clause from ``start`` ends when the next one starts at ``stop``: before the
    conjunction that opens the next clause."""
    if stop == len(sentence_text):
        return stop
    conjunction = None
    for conjunction in _CLAUSE_BREAK.finditer(sentence_text, start, stop):
        pass
    return conjunction.start() if conjunction else stop


# "the regent, Jo Arden, who denied any wrongdoing": a non-restrictive relative clause whose
# verb reports speech makes its antecedent the speaker (Huddleston & Pullum 2002, ch. 12 §3).
_RELATIVE_SPEECH = re.compile(
    rf"(?P<span>(?P<who>{NAMED}),\s+who\s+{ADVERBS}(?P<verb>{VERB})\b[^,;.]{{3,}})"
)
# "According to a Brightwell statement on Monday, its engineers ...": an opening "according to"
# attributes the whole main clause to its source, like a reporting clause placed first.
_OPENING_ACCORDING_TO = re.compile(
    r"^\s*(?P<verb>[Aa]ccording to)\s+(?P<who>(?:the\s+|an?\s+)?" + PROPER + r"(?:['’]s)?(?:\s+[a-z-]+){0,2}?|(?:the|a|an|his|her|its|their)\s+[\w\s'’-]{1,40}?)"
    r"(?:\s+(?:on|in|at|last|this|late)\s+[\w\s]{1,20}?)?,\s+(?P<span>.{15,})"
)
# "a Brightwell statement", "the ministry's release": whoever issued the document.
_ISSUED_DOCUMENT = re.compile(
    rf"^(?:the|an?)\s+(?P<issuer>{PROPER})(?:['’]s?)?\s+(?:[a-z-]+\s+)?(?:statement|release|letter|email|e-mail|post|tweet|message|filing)$"
)


def _document_issuer(who: str) -> str:
    """The speaker behind an attribution phrase: the issuer of a named document ("a Takata
    statement" -> "Takata"), else the phrase itself."""
    issued = _ISSUED_DOCUMENT.match(who.strip())
    return issued.group("issuer") if issued else who


def _has_content(indirect: re.Match) -> bool:
    """An indirect statement needs something said: "the allegations" after a denial verb, or
    "them" after a negated one ("did not confirm them"), is enough; after "said" it takes a
    clause. "Refused to step down" reports an act, not speech: "refuse" or "decline" is a
    statement only with a verb of communication ("declined to comment")."""
    rest = indirect.group("rest")
    if indirect.group("verb").lower() in _NON_DENIAL_VERBS:
        infinitive = re.match(r"\s*to\s+([a-z]+)", rest)
        if infinitive and infinitive.group(1) not in _COMMUNICATION_VERBS:
            return False
    words = len(rest.split())
    if re.search(r"\b(?:not|never)\s+$|n't\s+$", indirect.group(0)[: indirect.start("verb") - indirect.start()]):
        return words >= 1
    return words >= (2 if indirect.group("verb").lower() in DENIAL_VERBS | _NON_DENIAL_VERBS else 3)


_NON_DENIAL_VERBS = frozenset({"declined", "declines", "refused", "refuses"})
# Verbs after "declined to" / "refused to" that make it a refusal to speak.
_COMMUNICATION_VERBS = frozenset(
    """comment say discuss confirm deny answer respond reply elaborate speak talk address reveal
    disclose name identify specify explain give provide release share acknowledge admit""".split()
)


def _make_statement(span, speaker, behalf, verb, direct, sentence, flags, subject: Subject | None) -> Statement:
    context = sentence.span.text
    non_denial = bool(non_denial_cues(span.text) or non_denial_cues(context if not direct else ""))
    cue = PROGRESSIVE.get(verb.lower().split()[-1], verb.lower())
    return Statement(
        span=span,
        speaker=speaker,
        cue=cue,
        is_denial=is_denial(span.text, cue) and not non_denial,
        is_non_denial=non_denial,
        is_subject=bool(subject and (subject.refers_to(speaker) or subject.refers_to(behalf))),
        on_behalf_of=behalf,
        direct=direct,
        sentence=sentence.span,
        flags=tuple(dict.fromkeys(flags)),
    )


def _add(reading: ArticleReading, statement: Statement) -> None:
    (reading.statements if statement.is_subject else reading.other_statements).append(statement)
