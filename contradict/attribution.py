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
from dataclasses import dataclass, field, replace

from .cues import DENIAL_VERBS, REPORTING_VERBS, hedge_cues, is_denial, non_denial_cues
from .errors import InputError
from .records import Report, Span, Statement
from .segment import QUOTE_PAIRS, Sentence, paragraphs, sentences, strip_dateline
from .subject import CORPORATE_ROLES, GENERIC_HEADS, ORGANISATION_NOUNS, PERSON_ROLE_HEADS, TITLE_WORDS, Subject, normalise

#: Texts longer than this are refused rather than read for minutes.
MAX_TEXT_CHARS = 2_000_000

# The progressive of a verb of saying ("Nokia is denying the phone is late"), read as its
# present tense.
_PROGRESSIVE = {
    "denying": "denies", "insisting": "insists", "saying": "says", "claiming": "claims", "maintaining": "maintains",
    "stressing": "stresses", "arguing": "argues", "rejecting": "rejects", "dismissing": "dismisses",
    "refuting": "refutes", "disputing": "disputes",
}
_VERB = (
    r"(?:(?:is|are|was|were)\s+(?:" + "|".join(_PROGRESSIVE) + r")|"
    + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")"
)
_ADVERBS = r"(?:(?:has|have|had|did|does|do|would|could|will|not|n't|didn't|doesn't|don't|wouldn't|couldn't|won't|hasn't|hadn't|haven't|also|again|repeatedly|previously|earlier|later|then|publicly|privately|flatly|firmly|strongly|vehemently|categorically|emphatically|once|twice|always|consistently|initially|quickly|further|separately|still|even|now|himself|herself|itself|themselves|\w+ly)\s+)*"
# Time and place between a speaker and the verb: "Kulkarni on Thursday denied", "X in a statement said".
_ADVERBIAL = r"(?:(?:on|in|at|last|this|earlier|late|during|via|through)\s+(?:[\w'’-]+\s+){0,3}?)?"
# A capitalised name: "Jeff Sessions", "A.K. Antony", "Lil' Kim", "Johnson & Johnson".
# A backtick stands for the apostrophe in some copy ("IndiGo`s"), and a hyphen inside a name
# may be spaced ("Muslim League - Nawaz"); a dash between names is an en or em dash. A name
# has at most eight words: the bound keeps a long run of capitalised words (a headline in
# capitals, a list of names) from being tried from every word to the end of the run.
_PROPER = r"(?:[A-Z][\w'’`.&-]*(?:(?:\s+(?:of|de|da|van|von|bin|al|la|le|du|del|&)?\s*|\s+-\s+|\s+[\"“][A-Z][\w'’.-]*[\"”]\s+)[A-Z][\w'’`.&-]*){0,7})"
# A word of a role phrase, never its verb, nor an adverb or a preposition of time and place
# that stands between a speaker and the verb ("T-Mobile on Tuesday said", "X's manager also said").
_ROLE_WORD = rf"(?!(?:{_VERB}|to|that|on|in|at|last|this|during|via|through|also|again|and|but|who|which)\b)[a-z][a-z-]*"
# Days and months are capitalised but never speak ("on Tuesday, the minister said"); "May"
# is left out, as it is also a name.
_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
    r"August|September|October|November|December)\b"
)
# The initialism a name is shortened to from then on, announced in parentheses right after
# it: "Neptune Orient Lines (NOL) said".
_ABBREVIATION = r"(?:\s+\([A-Z][A-Z&.-]+\))"
# A name after its role: "revenue minister Rajesh Kulkarni", "chief operating officer Gordon Pask".
# The lower-case words are a role, never a reporting verb ("Marsh rejected Mr Vale's claims").
# The role may open with a possessive and join two roles: "its co-founder and chief executive Ada Mensah".
_NAMED = (
    rf"(?:(?:{_PROPER}['’]?s?\s+|(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?={_ROLE_WORD}))?"
    rf"(?:{_ROLE_WORD}\s+){{0,3}}?(?:and\s+(?:{_ROLE_WORD}\s+){{1,2}}?)?(?!{_CALENDAR}){_PROPER}{_ABBREVIATION}?)"
)
# The words before the head may include a name that modifies it ("the former Barcelona coach").
_GENERIC = r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:[a-z-]+|[A-Z][\w-]+)\s+){0,2}(?:" + "|".join(sorted(GENERIC_HEADS | ORGANISATION_NOUNS | PERSON_ROLE_HEADS)) + r"))"
# "The president of Portuguese club FC Tejo(, Rui Matos,) said": a role of a named body.
_ROLE_OF_BODY = (
    r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(sorted(PERSON_ROLE_HEADS)) + r")"
    r"\s+(?:of|at|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?" + _PROPER + r")"
)
_REP_WORDS = r"(?:spokes(?:man|woman|person)|representative|rep|publicist|lawyer|attorney|agent|manager|aide|adviser|advisor|counsel)"
_REPRESENTATIVE = rf"(?:(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[\w'’-]+\s+){{0,2}}?{_REP_WORDS}(?:\s+(?:for|of)\s+(?:the\s+)?{_PROPER})?)"
_PRONOUN = r"(?:he|she|they|it|He|She|They|It|we|We|I)"
# A person named again by a description instead of a pronoun: "The 29-year-old also insisted",
# "the Republican from Delaware County said". News style uses it for whoever the story is
# following, so it resolves like "he" (a party word alone could be the party itself).
_PARTY_WORDS = r"(?:Republican|Democrat|Conservative|Labour|Liberal|Tory|Socialist|Green|Independent)"
_DESCRIPTOR = rf"(?:[Tt]he\s+(?:\d{{1,3}}-year-old(?:\s+[a-z]+)?|{_PARTY_WORDS}\s+(?:from|of)\s+{_PROPER}))"
# "Rana's lawyer", "Sahyadri Realty's managing director"
# The possessive ending: "'s", a bare apostrophe ("Spurs' manager"), or a backtick for it.
_POSSESSIVE = r"['’`]s?"
_POSSESSOR_ROLE = rf"(?:{_PROPER}{_POSSESSIVE}\s+(?:{_ROLE_WORD}\s+){{0,3}}(?:and\s+(?:{_ROLE_WORD}\s+){{0,2}})?{_ROLE_WORD})"
# "the hospital's director", "The company's finance director": a body named by its head noun.
_GENERIC_POSSESSOR_ROLE = rf"(?:(?:[Tt]he|[Ii]ts)\s+(?:[a-z-]+\s+)?[a-z]+{_POSSESSIVE}\s+(?:{_ROLE_WORD}\s+){{0,3}}{_ROLE_WORD})"
# "the statement said": a document issued by someone speaks for them.
_DOCUMENT_PHRASE = r"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+(?:[a-z-]+\s+)?(?:statement|release|letter|email|e-mail|post|tweet|message)"
_DOCUMENT = re.compile(_DOCUMENT_PHRASE)
_SPEAKER = rf"(?:{_DESCRIPTOR}|{_ROLE_OF_BODY}|{_REPRESENTATIVE}|{_GENERIC}|{_NAMED}|{_POSSESSOR_ROLE}|{_GENERIC_POSSESSOR_ROLE}|{_DOCUMENT_PHRASE}|{_PRONOUN})"
# "X, the company's lawyer, said" (the appositive names a role or a person), and a
# non-restrictive relative clause, commas and all: "X, who heads the surgery department at
# Y Hospital, said" (the speaker is X, not the last name in the clause).
_APPOSITIVE = (
    # an age first ("Graham Tolliver, 52, testified"; "X, 52, a former director, said")
    r"(?:,\s+(?:aged\s+)?\d{1,3}(?:,(?=\s+[a-z])|(?=,)))?"
    rf"(?:,\s+(?P<app>(?:(?:[a-z][\w'’-]*|[A-Z][\w'’.&-]*['’`]s)\b[^,\"“”«».]{{0,80}}|{_PROPER}))(?:,|(?=[.!?]?\s*$)))?"
    r"(?:,\s+who\s+[^\"“”«»;:]{1,200}?,)?"
)

# A sentence that opens with an adverbial ("Following the death, the director said ...",
# "Asked about the talks, Graham said ...") has its speaker after the comma; the opening
# phrase is not a claim (a claim before ", X said" is a full clause).
_INTRODUCTORY = (
    r"(?:After|Following|Asked|When|Whenever|While|Although|Though|Despite|In|On|At|During|Before|Since|"
    r"Because|If|As|Over|Under|Until|Upon|Earlier|Later|Meanwhile|However|Speaking|Responding|Commenting|"
    r"Replying|Reacting|Addressing|Writing|Questioned|Pressed|Appearing|Testifying|Interviewed|Reached|Contacted|"
    r"Briefing|Talking|Standing|Arriving|Visiting|Opening|Announcing|Defending|Presenting|Challenged|Confronted)\b"
)
# "...," he said / "...," Sessions told reporters / "...," said Kar, a spokesman for the ministry
_TAIL_SPEAKER_FIRST = re.compile(rf"^[\s,]*(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERBIAL}{_ADVERBS}(?P<verb>{_VERB})\b")
# '"...," said X' and '"..." in removing him, said X': the quoted sentence may run on a few
# unquoted words before the attribution.
_TAIL_VERB_FIRST = re.compile(rf"^[\s,]*(?:[^\"“”«».,;:]{{1,60}}?,\s*)?(?P<verb>{_VERB})\s+(?P<who>{_SPEAKER}){_APPOSITIVE}")
# '"...," according to a company spokesperson'
_TAIL_ACCORDING_TO = re.compile(r"^[\s,]*(?=[Aa]ccording to )")
# '"...," the newspaper quoted Takata as saying': the one quoted is the speaker.
_TAIL_QUOTED_AS = re.compile(rf"^[\s,]*(?:[\w'’-]+\s+){{0,3}}?quoted\s+(?P<who>{_SPEAKER})\s+as\s+(?P<verb>saying)\b")
# 'As for Kidman, says the rep, "..."': the verb before its speaker.
_HEAD_VERB_FIRST = re.compile(rf"\b(?P<verb>{_VERB})\s+(?P<who>{_SPEAKER}){_APPOSITIVE}\s*[:,]\s*$")
# 'The company quelled speculation, stating that "...": the participle's subject is the
# subject of the main clause at the start of the sentence.
_HEAD_PARTICIPLE = re.compile(
    r",\s+(?P<verb>saying|stating|adding|insisting|noting|explaining|arguing|claiming|declaring|writing|telling\s+\w+)\s*(?:that\s*)?[:,]?\s*$"
)
_CLAUSE_SUBJECT = re.compile(rf"^(?:{_INTRODUCTORY}[^,]*,\s+|(?:However|But|And|Still|Yet),?\s+)?(?P<who>{_SPEAKER})\s")
# Sessions said: "..." / He told reporters on Friday that "..."
_HEAD = re.compile(rf"(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERBIAL}{_ADVERBS}(?P<verb>{_VERB})\b[^\"“”«„]{{0,60}}?[:,]?\s*(?:that\s*)?$")
# "Speaking after the match, the world No. 14 said: «...»": a verb and a colon, speaker unparsed.
# "Lila Moreno is not pregnant, her representative said on Monday": the claim comes first.
# The claim may hold a short quoted phrase ("... and 'immediately challenged' the coach, X said").
_CLAIM_TEXT = r"(?:[^\"“”«»]|[\"“”«][^\"“”«»]{1,40}[\"“”»])"
_INDIRECT_TAIL = re.compile(
    rf"^(?!{_INTRODUCTORY})(?P<claim>{_CLAIM_TEXT}{{15,}}?),\s+(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERBS}(?P<verb>said|says|added|insisted|stressed|confirmed|announced|told\s+\w+|wrote|posted|tweeted|maintained)\b"
)
_HEAD_VERB_ONLY = re.compile(rf"\b(?P<verb>{_VERB})\s*[:,]?\s*$")
_ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to (?P<who>(?:the\s+)?" + _PROPER + r"|(?:the|a|an|his|her|its|their)\s+[\w\s'’-]{1,40}?)(?=[,.;]|\s+(?:that|which|who)\b|$)"
)
# A lede names its subject by a description that a modifier lengthens: "A landlord whose
# tenants reported mould has denied ...", "The company named on Tuesday by the regulator
# has stressed it only kept the stock". Read only in an article's opening sentence,
# where the modifier's own verbs ("reported") cannot be taken for the speaker's.
_LEDE = re.compile(
    rf"^(?P<who>{_GENERIC}|(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){{0,2}}?{_REP_WORDS})(?P<app>)\s+"
    r"(?:whose|who|that|which|for|of|identified|named|accused|charged|questioned|at\s+the\s+cent(?:re|er))\b"
    rf"[^\"“”«»;:]{{5,160}}?\s+{_ADVERBS}(?P<verb>{_VERB})\b(?P<rest>.*)$"
)
# Indirect speech: X has repeatedly denied that ...; X vowed he never ...
_INDIRECT = re.compile(
    rf"(?:^|(?<=[,;:]\s)|(?<=\b[Bb]ut\s)|(?<=\b[Aa]nd\s)|(?<=\b[Ww]hile\s))(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERBIAL}{_ADVERBS}(?P<verb>{_VERB})\b(?P<rest>.*)$"
)
# People and papers that report: "officials said", "records show".
_SOURCE_NOUN = (
    r"(?:officials|sources|documents|records|investigators|prosecutors|police|witnesses|analysts|experts|"
    r"auditors|regulators|reports|filings|emails|data|tests|results|court papers|studies)"
)
_REPORT_SOURCE = re.compile(
    rf"(?P<who>{_SPEAKER}|(?:(?:current|former|senior|several|two|three|some|other|U\.S\.|American|federal|local|state)\s+)*"
    rf"{_SOURCE_NOUN})"
    # "Officials who regularly read the reports told the Post": a relative clause may part
    # the source from its verb (without it, "reports told" would make "reports" the source).
    r"(?:,?\s+(?:who|that|which)\s+[^,;\"“”]{1,80}?,?)?"
    rf"\s+{_ADVERBIAL}{_ADVERBS}(?P<verb>reported|reports|report|said|says|say|told|tell|wrote|noted|found|show|shows|showed|suggest|suggests|suggested|revealed|reveal|indicate|indicated|confirmed|claimed|alleged)\b"
)
# A clause that opens with its own source and a verb of reporting: "league records show ...",
# "a stock market filing and federation records show ...", "two former employees said ...".
_SOURCE_CLAUSE = re.compile(
    r"(?P<who>(?:(?:the|a|an|its|their|two|three|several|some)\s+)?(?:[\w'’-]+\s+){0,5}?"
    rf"(?:{_SOURCE_NOUN}|filing|figures|logs|statements|accounts|employees|staff|residents))"
    r"\s+(?:\w+ly\s+)?(?P<verb>show|shows|showed|suggest|suggests|suggested|indicate|indicated|said|say|told|reported|found|contradict)\b"
)
_TRAILING_SOURCE = re.compile(
    rf",\s*(?P<who>(?:the\s+)?{_SPEAKER})\s+(?P<verb>reported|said|says|wrote|told|added|noted|claimed)"
    r"(?:\s+(?:on|last|this|late|early|in)\s+[\w ]{1,20}?)?\s*\.?$"  # "..., the Post reported on Friday."
)
_MIN_QUOTE_WORDS = 4
_ROLE_WINDOW = 80  # characters before a name searched for the role that introduces it
_SOURCE_WINDOW = 200  # characters at the start of a sentence where a report's source is looked for


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


@dataclass
class _Quote:
    span: Span  # the words inside the marks
    open_at: int
    close_at: int  # index just after the closing mark (or the paragraph end)
    balanced: bool


class _EntityMemory:
    """Names seen so far, so "he", "Sessions" and "the ministry" resolve to a full name."""

    def __init__(self, subject: Subject | None) -> None:
        self.subject = subject
        self.full_names: list[str] = []
        self.last_person: str | None = None
        self.last_speaker: str | None = None
        self.principals: dict[str, str] = {}  # a representative's name -> whom they speak for
        self.last_principal: str | None = None
        self.last_body: str | None = None  # the last organisation or outlet that spoke
        self.outlets: set[str] = set()  # names seen reporting ("Der Spiegel reported")
        self.spoken: set[str] = set()  # people already quoted
        self.roles: dict[str, str] = {}  # a role noun -> the person introduced with it ("mayor")
        self.sentence_index = 0  # the sentence being read, counted by the reader
        self.speaking_body: tuple[str, int] | None = None  # the last body that spoke, and in which sentence
        if subject is not None and not subject.is_organisation:
            # "Harry Redknapp (Tottenham manager)": the description gives the subject's role
            for word in re.findall(r"[a-z]+", subject.name.lower()):
                if word in PERSON_ROLE_HEADS:
                    self.roles.setdefault(word, subject.name)

    def observe_names(self, text: str) -> list[str]:
        """Note the names in ``text``; returns the people among them, in order."""
        people = []
        for match in re.finditer(_PROPER, text):
            name = _strip_titles(_clean_name(_drop_leading_non_names(match.group(0))))
            if not name or name.split()[0] in _NOT_NAMES:
                continue
            if not text[: match.start()].strip() and " " not in name and self.canonical(name) == name and not self._is_known(name):
                continue  # "Access logs show ...": a capitalised first word is not a person by itself
            if len(name.split()) >= 2 and name not in self.full_names:
                self.full_names.append(name)
            if name and not _looks_like_organisation(name):
                self.last_person = self.canonical(name)
                before = text[max(0, match.start() - _ROLE_WINDOW) : match.start()]
                self._note_role(before, self.last_person)
                self._note_title(before, match.group(0), text[match.end() : match.end() + _ROLE_WINDOW], self.last_person)
                people.append(self.last_person)
        return people

    def _note_title(self, before: str, name: str, after: str, person: str) -> None:
        """Remember the role noun a person is introduced with ("Mayor Thandiwe Mokoena",
        "mayor Thandiwe Mokoena", "Mokoena, the mayor of Umzimvubu"), so that "the mayor
        said" is that person, not whoever spoke last."""
        titled = name[: len(name) - len(_strip_titles(name))].lower().split()  # "Deputy Infrastructure Minister"
        word_before = re.search(r"\b([a-z]+)\s*$", before.lower())
        appositive = re.match(r",\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}?([a-z]+)\b", after.lower())
        for word in [*titled, *(m.group(1) for m in (word_before, appositive) if m)]:
            if word in PERSON_ROLE_HEADS:
                self.roles.setdefault(word, person)

    def _note_role(self, before: str, person: str) -> None:
        """Remember whom a person works for when a role phrase introduces them ("Cadence's
        chief executive, Lauren Pike, has made similar promises"), so that a later "she said"
        speaks for Cadence too."""
        role = re.search(r"[^.;:!?\"“”]*$", before).group(0).strip(" ,")
        if person in self.principals or not role or not re.search(r"\w+\s*$", role) or not CORPORATE_ROLES.search(role[-40:]):
            return
        principal = self._named_principal(role[-60:]) or self._subject_as_owner(role[-60:])
        if principal and normalise(principal) != normalise(person):
            self.principals[person] = principal

    def note_outlet(self, source: str) -> None:
        """A newspaper or document reported something: a later "it said" is that source.
        A subject that is itself a newspaper stays a speaker."""
        if self.subject is not None and self.subject.refers_to(source):
            return
        self.last_body = source
        self.outlets.add(source)

    def is_outlet(self, who: str) -> bool:
        """``who`` is a source of reports: an outlet or document, or "it" standing for one.
        The subject is never one, even when it is a newspaper."""
        if who.lower() == "it":
            who = self.last_body or ""
        if not who or (self.subject is not None and self.subject.refers_to(who)):
            return False
        return who in self.outlets or _is_source_phrase(who)

    def remember(self, speaker: str | None, behalf: str | None, verb: str | None = None) -> None:
        """Note the latest speaker (and whom they spoke for) for later pronouns."""
        if speaker and verb in {"reported", "reports"}:
            self.spoken.add(speaker)
            self.note_outlet(speaker)  # "Der Spiegel reported that ...": a person reports nothing
            self.last_speaker = speaker
            return
        if speaker:
            self.spoken.add(speaker)
            self.last_speaker = behalf or speaker if _is_phrase(speaker) else speaker
            if self._is_body(speaker) and not behalf:
                self.last_body = speaker
                self.speaking_body = (speaker, self.sentence_index)
        if behalf:
            self.last_principal = behalf

    def _is_body(self, speaker: str) -> bool:
        """The speaker is an organisation or outlet ("the magazine", "Nokia"), not a person."""
        if self.subject is not None and self.subject.refers_to(speaker):
            return self.subject.is_organisation
        head = re.search(r"([a-z]+)$", speaker.lower())
        if _is_phrase(speaker):
            return bool(head) and head.group(1) not in PERSON_ROLE_HEADS and not re.search(_REP_WORDS, speaker.lower())
        return _looks_like_organisation(speaker)

    def _is_known(self, name: str) -> bool:
        """The name is the subject's or one already seen."""
        return (self.subject is not None and self.subject.refers_to(name)) or name in self.spoken or name == self.last_person

    def topic_of(self, sentence_text: str) -> str | None:
        """The person a sentence opens with as its subject ("Nowicki has been criticised ..."),
        or ``None`` when it opens otherwise (a quote, a body, a pronoun, a description)."""
        match = re.match(_PROPER, sentence_text.lstrip())
        if not match:
            return None
        raw = _clean_name(match.group(0))
        name = _strip_titles(raw)
        if not name or name.split()[0] in _NOT_NAMES or _looks_like_organisation(name) or (name == raw and raw.split()[0].lower() in TITLE_WORDS):
            return None
        rest = sentence_text.lstrip()[match.end() :]
        if re.match(r"['’`]s?\s", rest):
            return None  # "Nowicki's office said": the sentence is about the office
        person = self.canonical(name)
        if self.subject is not None and self.subject.refers_to(person):
            return None if self.subject.is_organisation else person
        return person if person in self.full_names else None  # a person named in full before

    def person_pronoun(self) -> str | None:
        """Whom "he" or "she" refers to: the last speaker, unless that was a body and a person
        has been named in full since the article began (then that person)."""
        if self.last_speaker and self._is_body(self.last_speaker) and self.last_person in self.full_names:
            return self.last_person
        return self.last_speaker or self.last_person

    def thing_pronoun(self) -> str | None:
        """Whom "it" refers to as a speaker: the last body that spoke ("The magazine said ...
        It said ..."), else an organisation subject. Never a person."""
        if self.last_body:
            return self.last_body
        return self.subject.name if self.subject is not None and self.subject.is_organisation else None

    def canonical(self, name: str) -> str:
        """The subject's name if ``name`` refers to it, else the longest full name seen whose
        surname (or whole) is ``name``."""
        name = _strip_titles(name)
        if self.subject is not None and self.subject.refers_to(name):
            return self.subject.name
        key = normalise(name)
        matches = []
        for full in reversed(self.full_names):
            words = normalise(full).split()
            if key and (key == normalise(full) or (len(key.split()) == 1 and words and words[-1] == key)):
                matches.append(full)
        # Two people may share a surname (a manager and the father who founded the firm):
        # "Bhandari said" is the one already quoted, else the one named last.
        return next((full for full in matches if full in self.spoken), matches[0] if matches else name)

    def resolve(
        self, who: str, appositive: str | None = None, antecedent: str | None = None
    ) -> tuple[str | None, str | None, tuple[str, ...]]:
        """Resolve a raw attribution phrase ("he", "a Cadence spokesman, Derek Imholt", ...);
        ``antecedent`` is whom "he" or "she" refers to when the sentence says so.

        Returns:
            ``(speaker, on_behalf_of, flags)``: the person or body speaking, whom they speak
            for when they are a representative (or ``None``), and how it was resolved.
        """
        who = re.sub(_ABBREVIATION + "$", "", who.strip().strip(","))
        lower = who.lower()
        subject = self.subject
        named_appositive = bool(appositive and re.fullmatch(_PROPER, appositive.strip()))
        descriptive = not re.match(_PROPER + r"\s*$", who) or bool(re.search(r"['’]s?\s+[a-z]", who))
        if named_appositive and descriptive:
            # "the representative, Jessa Kwan, told" / "Rana's lawyer, Mahmud Chowdhury, said"
            person, role = self.canonical(_clean_name(appositive)), who
        else:
            if _DOCUMENT.fullmatch(lower):
                # "the statement said": a document speaks for whoever issued it, last named
                return self.last_speaker, self.last_principal if self.last_principal != self.last_speaker else None, ("document",)
            if re.fullmatch(_DESCRIPTOR, who) or lower in {"he", "she", "i"}:
                person = antecedent or self.person_pronoun()
                return person, self.principals.get(person) if person else None, ("pronoun",)
            if lower == "it":
                return self.thing_pronoun(), None, ("pronoun",)
            if lower in {"we", "they"}:
                return (subject.name if subject and subject.is_organisation else self.last_speaker), None, ("pronoun",)
            generic = re.match(r"(?:the|its|his|her|their|a|an)\s+(?:[\w-]+\s+){0,2}([a-z]+)$", lower)
            if generic and not re.search(_REP_WORDS, lower):
                head = generic.group(1)
                if head in PERSON_ROLE_HEADS:
                    # "the deputy minister": the person introduced as deputy minister, or as either
                    known = [self.roles[w] for w in [head, *lower.split()[1:-1]] if w in self.roles]
                    person = known[0] if known else self.person_pronoun()
                    return person, self.principals.get(person) if person else None, ("role-noun",)
                if subject and subject.is_head_of(head):
                    return subject.name, None, ("generic",)
                return who, None, ("generic",)
            names = list(re.finditer(_PROPER, who))
            # "a friend of Amara's", "a spokeswoman for the Harbour Clinic": a name after "of"
            # or "for" completes the head noun before it; the head, not the name, speaks.
            ends_with_name = (
                bool(names)
                and names[-1].end() == len(who)
                and not re.search(_REP_WORDS + r"$", lower)
                and not re.search(r"\b(?:of|for)\s+(?:the\s+)?$", who[: names[-1].start()])
            )
            possessed = re.match(_PROPER + _POSSESSIVE + r"\s+(?:[a-z-]+\s+)*?([a-z]+)$", who)
            if possessed and possessed.group(1) in self.roles and not ends_with_name:
                # "Spurs' manager" when the manager has been named: that person
                person = self.roles[possessed.group(1)]
                return person, self.principals.get(person), ("role-noun",)
            if ends_with_name:
                person = self.canonical(re.sub(r"^" + _PERSON_TITLES, "", _clean_name(names[-1].group(0))).strip())
                role = f"{who[: names[-1].start()]} {self._official_title(names[-1].group(0))} {appositive or ''}".strip()
            else:
                person, role = None, f"{who} {appositive or ''}".strip()
        if person and person in self.principals and not role:
            return person, self.principals[person], ("known-representative",)
        principal = self._principal_of(role, person)
        if principal and person and normalise(principal) != normalise(person):
            self.principals[person] = principal
            return person, principal, ("representative",)
        if person:
            return person, self.principals.get(person), ()
        return who, principal, ("representative",) if principal else ()

    def _body_just_spoke(self) -> bool:
        """A body other than the subject spoke in this sentence or the one before."""
        if self.speaking_body is None:
            return False
        body, index = self.speaking_body
        return index >= self.sentence_index - 1 and not (self.subject is not None and self.subject.refers_to(body))

    def _official_title(self, name: str) -> str:
        """The title a name opens with ("Undersecretary Paula Araneda", "Deputy Minister X"),
        when the subject is a government body that such an official speaks for; else "".
        A capitalised title is a public office, so in an article about a company "President
        X" is a head of state, not the company's president."""
        subject = self.subject
        if subject is None or not subject.is_organisation or not _GOVERNMENT_BODY.search(subject.name):
            return ""
        bare = _strip_titles(name)
        return name[: len(name) - len(bare)].strip() if bare != name else ""

    def _named_principal(self, role: str) -> str | None:
        """The body a role phrase names as its principal: "spokesman for X", "X's lawyer"."""
        after = re.search(r"\b(?:for|of|at)\s+(.*)$", role)
        if after:
            # "the president of Portuguese top-flight club SC Marão": the body, not the adjective
            names = [_clean_name(m.group(0)) for m in re.finditer(_PROPER, after.group(1)) if m.group(0).split()[0] not in _NOT_NAMES]
            subject = self.subject
            for name in names:
                if subject is not None and subject.refers_to(name):
                    return subject.name
            if names:
                return self.canonical(names[-1] if _NATIONALITY.search(names[0]) and len(names[0].split()) == 1 else names[0])
        possessive = re.search(r"(" + _PROPER + r")" + _POSSESSIVE + r"\s+[a-z]", role)
        if possessive:
            return self.canonical(_clean_name(possessive.group(1)))
        return None

    def _subject_as_owner(self, role: str) -> str | None:
        """The subject, when a role phrase names it by a head noun: "the company's head of
        communications", "a hospital spokesman", "the mayor's spokesperson" (a person subject)."""
        lower = role.lower()
        owner = re.search(r"\b(?:the|its|a|an)\s+([a-z]+)(?:['’]s?)?\s+(?:[a-z-]+\s+)*?" + _REP_WORDS, lower) or re.search(
            r"\b(?:the|its)\s+([a-z]+)['’]s?\s", lower
        )
        subject = self.subject
        if not owner or subject is None:
            return None
        head = owner.group(1)
        if subject.is_head_of(head) or (head in PERSON_ROLE_HEADS and not subject.is_organisation):
            return subject.name
        return None

    def _principal_of(self, role: str, person: str | None) -> str | None:
        """Whom a role phrase speaks for: "spokesman for X", "X's lawyer", "the company's chief"."""
        if not role:
            return None
        subject = self.subject
        lower = role.lower()
        is_rep = bool(re.search(_REP_WORDS, lower))
        if not is_rep and not CORPORATE_ROLES.search(role):
            return None
        named = self._named_principal(role)
        if named:
            return named
        owner = self._subject_as_owner(role)
        if owner:
            return owner
        if re.search(r"\b(?:the|its)\s+[a-z]+['’]s?\s", lower):
            return None  # "the municipality's acting manager": a body other than the subject's
        named = [m.group(0) for m in re.finditer(_PROPER, role) if m.group(0).split()[0] not in _NOT_NAMES]
        for name in named:  # "A Cadence spokesman", "Harrow Valley spokeswoman"
            if subject and subject.refers_to(name):
                return subject.name
        if re.match(r"(?:his|her|their)\s", lower):
            return self.last_principal if self.last_principal and is_rep else (self.last_speaker or self.last_person)
        if subject and _names_other_body(role, subject):
            return None  # "Almada president Rui Castanheira": an officer of another body
        # "a Zambian opposition spokesman": the noun before the role word names whom it serves
        modifier = re.search(r"\b([a-z]+)\s+" + _REP_WORDS + r"\b", lower)
        if subject and modifier and modifier.group(1) in _SERVED_BODIES and not subject.is_head_of(modifier.group(1)):
            return None
        if is_rep and re.match(r"an?\s", lower) and self._body_just_spoke():
            # "The federation said it had opened a case. A spokesperson said ...": a new
            # spokesperson is theirs ("the spokeswoman" is one already introduced)
            return self.speaking_body[0]
        if subject and subject.is_organisation:
            return subject.name  # an officer of the company the article is about
        if subject and is_rep and re.search(r"lawyer|attorney|counsel|spokes|representative|rep\b|publicist|agent|manager", lower):
            return subject.name  # a person's lawyer or publicist in an article about that person
        # A spokesman or lawyer named without a principal speaks for the last one named; a
        # director or producer does not speak for whoever was represented last.
        return self.last_principal if is_rep else None


# A subject whose officials speak for it under their title alone ("Undersecretary X told reporters").
_GOVERNMENT_BODY = re.compile(r"\b(?:Ministry|Department|Government|Office|Agency|Commission|Secretariat|Cabinet)\b", re.IGNORECASE)
# Bodies a spokesperson can serve, named by a common noun ("an opposition spokesman").
_SERVED_BODIES = GENERIC_HEADS | frozenset({"opposition", "police", "prosecution", "defence", "defense", "court", "palace", "embassy"})
_PERSON_TITLES = r"(?:(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Prof|Gen|President|Minister|Senator|Governor|Judge|Chief)\.?\s+)?"


def _names_other_body(context: str, subject: Subject) -> bool:
    """The role phrase names an organisation other than the subject ("Sahyadri Realty's director")."""
    for match in re.finditer(_PROPER, context):
        words = [
            w for w in match.group(0).split()
            if not CORPORATE_ROLES.fullmatch(w) and w.lower() not in PERSON_ROLE_HEADS | TITLE_WORDS and w not in _NOT_NAMES
        ]
        if len(words) == 1 and _NATIONALITY.search(words[0]) and not words[0].endswith("man"):  # "Ombudsman" is a body
            continue  # "European operations chief": an adjective of place, not a body
        if words and not subject.refers_to(" ".join(words)):
            return True
    return False


# Adjectives of nationality or region end this way ("European", "Kenyan", "Spanish", "Japanese").
_NATIONALITY = re.compile(r"(?:an|ian|ean|ese|ish|i)$")


#: Capitalised words that are not names: days, months, and words that open sentences.
_NOT_NAMES = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December The A An In On At After Before But And Or Later Earlier
    According Asked Speaking When While This That These Those It He She They We I His Her Their Its Our
    Mr Mrs Ms Dr If As For From With Without By Since Until Also Meanwhile However Still Yet Now Then""".split()
)


def _drop_leading_non_names(text: str) -> str:
    tokens = text.split()
    while tokens and tokens[0] in _NOT_NAMES:
        tokens.pop(0)
    while tokens and tokens[-1] in _NOT_NAMES:
        tokens.pop()
    return " ".join(tokens)


def _strip_titles(name: str) -> str:
    """ "Interior Minister Helen Marsh" -> "Helen Marsh" (the words after the last title)."""
    tokens = name.split()
    cut = max((i for i, t in enumerate(tokens) if t.lower().strip(".") in TITLE_WORDS), default=-1)
    return " ".join(tokens[cut + 1 :]) if 0 <= cut < len(tokens) - 1 else name


def _is_phrase(speaker: str) -> bool:
    """A descriptive phrase ("her representative") rather than a name."""
    return speaker[:1].islower() or speaker.split()[0] in {"The", "A", "An", "His", "Her", "Its", "Their"}


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+[\"“][^\"”]{1,20}[\"”](?=\s)", "", name.strip())  # 'Ramon "Boy" Cruz' is Ramon Cruz
    name = re.sub(r"['’`]s?$", "", name)
    return name.strip(" ,.")


# Newspapers, broadcasters and their common nouns ("the Coastal Herald reported", "the magazine said").
# Words that also name other businesses ("Royal Mail", "American Express") are left out.
_OUTLET_WORDS = (
    r"Post|Times|Journal|News|Reuters|Press|Herald|Tribune|Guardian|Telegraph|Gazette|Observer|Chronicle|"
    r"Courier|Courant|Magazine|newspaper|paper|magazine|tabloid|broadcaster"
)
_ORG_HINTS = re.compile(
    r"\b(?:Inc|Corp|Ltd|Ministry|Department|Agency|FBI|CIA|Police|Party|Union|Council|Commission|Court|Bank|"
    r"Group|Airlines?|University|Institute|Association|Federation|League|Club|Office|House|Senate|Congress|"
    rf"Parliament|Government|Twitter|Facebook|Hospital|Committee|Authority|Foundation|{_OUTLET_WORDS})\b"
)


def _looks_like_organisation(name: str) -> bool:
    return bool(_ORG_HINTS.search(name)) or name.isupper()


def find_quotes(text: str, start: int, end: int) -> list[_Quote]:
    """Quoted stretches of ``text[start:end]`` (one paragraph), outermost only.

    An opening mark left open at the paragraph's end closes there and the quote is flagged
    (the usual news convention for a quote continued in the next paragraph, or a typo).
    """
    quotes: list[_Quote] = []
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


def _make_quote(text: str, open_at: int, close: int, balanced: bool) -> _Quote:
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
    return _Quote(Span(inner_start, inner_end, text[inner_start:inner_end]), open_at, close + (1 if balanced else 0), balanced)


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
    memory = _EntityMemory(subject)
    reading = ArticleReading(text=text, subject=subject, sentences=sentences(text))
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in reading.sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    claimed: list[Span] = []  # stretches of text that are the subject's statements, not reports
    last_quote_voice: tuple[str | None, str | None] = (None, None)
    previous_paragraph: list[Sentence] = []
    for paragraph in paragraphs(text):
        para_sentences = by_paragraph.get(paragraph.index, [])
        topic = None  # the person the previous sentence of the paragraph is about
        lead_in = _colon_lead_in(previous_paragraph[-1] if previous_paragraph else None)
        quotes = find_quotes(text, paragraph.span.start, paragraph.span.end)
        for sentence in para_sentences:
            memory.sentence_index = sentence.index
            sentence_quotes = [q for q in quotes if sentence.span.start <= q.open_at < sentence.span.end]
            masked = _mask_quotes(text, sentence.span, sentence_quotes)
            for quote in sentence_quotes:
                found = _quote_speaker(text, quote, para_sentences, quotes)
                if found is None and lead_in and quote.open_at == paragraph.span.start:
                    found = lead_in  # 'the company said:' closes the paragraph before the quote
                if not _is_speech_quote(text, quote, sentence.span):
                    continue  # a scare quote or a phrase inside an indirect statement: the clause carries it
                if found is None:
                    if _quote_share(quote, para_sentences) < 0.6 or _has_own_subject_before(text, quote, sentence.span):
                        continue  # embedded in a sentence: the indirect statement around it carries it
                    # News convention: a quote standing alone continues the last speaker's.
                    speaker, behalf = last_quote_voice
                    flags: tuple[str, ...] = ("speaker-inferred",) if speaker else ("speaker-unknown",)
                    verb = "said"
                else:
                    who, verb, appositive = found
                    speaker, behalf, flags = memory.resolve(who, appositive)
                if not quote.balanced:
                    flags = flags + ("unbalanced-quote",)
                statement = _make_statement(quote.span, speaker, behalf, verb, True, sentence, flags, subject)
                _add(reading, statement)
                if statement.is_subject:
                    claimed.append(quote.span)
                if speaker:
                    memory.remember(speaker, behalf)
                    last_quote_voice = (speaker, behalf)
            body = strip_dateline(Span(sentence.span.start, sentence.span.end, masked))
            previous_topic, topic = topic, memory.topic_of(body.text)
            tail = _INDIRECT_TAIL.search(body.text)
            if tail and len(tail.group("claim").split()) >= 3 and not _is_source_phrase(tail.group("who")):
                # "Kidman is not pregnant, her publicist said": "her" binds to the claim's name
                people = memory.observe_names(tail.group("claim"))
                # "Osei will leave the drama Northgate General, she announced": the pronoun
                # is the claim's own subject, its first person named
                named = [p for p in people if len(p.split()) >= 2]  # not "Production of ..., she said"
                speaker, behalf, flags = memory.resolve(tail.group("who"), tail.group("app"), named[0] if named else None)
                span = Span(body.start, body.start + tail.end("claim"), text[body.start : body.start + tail.end("claim")])
                statement = _make_statement(span, speaker, behalf, tail.group("verb"), False, sentence, flags, subject)
                _add(reading, statement)
                if statement.is_subject:
                    claimed.append(span)
                memory.remember(speaker, behalf)
                memory.observe_names(body.text)
                continue
            for clause_start, clause_stop in _speaker_clauses(body.text):
                clause = body.text[clause_start:clause_stop]
                clause_end = len(clause)
                indirect = _INDIRECT.search(clause) or (_LEDE.match(clause) if sentence.index == 0 else None)
                if indirect and _is_source_phrase(indirect.group("who")):
                    memory.note_outlet(indirect.group("who"))  # "The magazine said ... It said ..."
                if indirect and _has_content(indirect) and not memory.is_outlet(indirect.group("who")):
                    who, appositive, verb = indirect.group("who"), indirect.group("app"), indirect.group("verb")
                    start = body.start + clause_start + indirect.start("who")
                else:
                    indirect = _RELATIVE_SPEECH.search(clause) or _OPENING_ACCORDING_TO.match(clause)
                    if not indirect or _is_source_phrase(indirect.group("who")):
                        continue
                    who, appositive, verb = _document_issuer(indirect.group("who")), None, indirect.group("verb")
                    start = body.start + clause_start + indirect.start("span")
                    clause_end = indirect.end("span")
                # "Nowicki has been criticised over delays. He said ...": a pronoun that opens
                # a sentence continues the person the sentence before was about (its grammatical
                # subject), not whoever was quoted last (Grosz et al. 1995, centering).
                sentence_opening = clause_start == 0 and indirect.start("who") == 0
                speaker, behalf, flags = memory.resolve(who, appositive, previous_topic if sentence_opening else None)
                # "A Vietnamese garment exporter has denied ...": a lede introduces its subject by
                # a description (a spokesman's is read for whom they serve, as anywhere else)
                lede_description = (
                    sentence.index == 0
                    and sentence_opening
                    and bool(re.fullmatch(_GENERIC, who))
                    and bool(re.match(r"[Aa]n?\s", who))
                    and not re.search(_REP_WORDS, who.lower())
                )
                if (indirect.re is _LEDE or lede_description) and subject is not None and not _speaker_is_named(speaker, subject):
                    # the description a lede opens with is of the story's subject, or of
                    # whoever speaks for it ("The lawyer for a man questioned over the fire")
                    if re.search(_REP_WORDS, who.lower()):
                        speaker, behalf, flags = who, subject.name, ("lede-description",)
                    else:
                        speaker, behalf, flags = subject.name, None, ("lede-description",)
                end = body.start + clause_start + clause_end
                framing = _FRAMING_ADJUNCT.search(text, start, end)
                end = framing.start() if framing else end
                end = start + len(text[start:end].rstrip(" ,;–—-\n"))
                span = Span(start, end, text[start:end])
                if span.text.strip():
                    statement = _make_statement(span, speaker, behalf, verb, False, sentence, flags, subject)
                    _add(reading, statement)
                    if statement.is_subject:
                        claimed.append(span)
                    memory.remember(speaker, behalf, verb)
            memory.observe_names(body.text)
        previous_paragraph = para_sentences
    reading.reports = _reports(text, reading, claimed)
    reading.statements.sort(key=lambda s: s.span.start)
    reading.other_statements.sort(key=lambda s: s.span.start)
    return reading


def _speaker_is_named(speaker: str | None, subject: Subject) -> bool:
    """The resolved speaker is a name other than the subject's ("A spokesman, John Roe," is
    John Roe), so a lede's description does not stand for the subject."""
    return bool(speaker) and not _is_phrase(speaker) and not subject.refers_to(speaker)


def _colon_lead_in(last_sentence: Sentence | None):
    """The attribution that ends a paragraph with a colon ("In a statement, the company
    said:") and introduces the quote opening the next paragraph; else ``None``."""
    if last_sentence is None or not last_sentence.span.text.rstrip().endswith(":"):
        return None
    return _speaker_before(last_sentence.span.text.rstrip())


# Coordinated clauses with their own speakers ("X said police searched the office - but the
# government denied any search took place"; "X said he had offered to testify, and the
# chairman confirmed a hearing"): a "but", an "and" after a comma or a semicolon joins two
# independent clauses (Quirk et al. 1985, §13.5), each read for its own speaker. A clause
# is cut off only when it opens with a speaker and a reporting verb of its own.
_CLAUSE_BREAK = re.compile(r"(?:,?\s+[–—-]\s+|,\s+|\s+)but\s+|;\s+|,\s+and\s+")


# "..., but Okafor had spoken to officials, according to the court filing.": a clause
# that names its own source at its end is that source's claim, not the first speaker's.
_SOURCED_AT_END = re.compile(r"^[^;]{15,},\s+according\s+to\s+[^,;]{2,60}[.!?]?[\"”’']?\s*$")


def _speaker_clauses(sentence_text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` stretches of a sentence read for a speaker each: the sentence is cut
    before a coordinated clause that opens with a speaker (or a source: "league records show")
    and a reporting verb of its own, or that names its source at its end; a "but" clause
    without one continues the first speaker ("X denied it but said ...")."""
    cuts = [0]
    for match in _CLAUSE_BREAK.finditer(sentence_text):
        rest = sentence_text[match.end() :]
        if match.start() > cuts[-1] and (
            _INDIRECT.match(sentence_text, match.end()) or _SOURCED_AT_END.search(rest) or _SOURCE_CLAUSE.match(rest)
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
    rf"(?P<span>(?P<who>{_NAMED}),\s+who\s+{_ADVERBS}(?P<verb>{_VERB})\b[^,;.]{{3,}})"
)
# "According to a Brightwell statement on Monday, its engineers ...": an opening "according to"
# attributes the whole main clause to its source, like a reporting clause placed first.
_OPENING_ACCORDING_TO = re.compile(
    r"^\s*(?P<verb>[Aa]ccording to)\s+(?P<who>(?:the\s+|an?\s+)?" + _PROPER + r"(?:['’]s)?(?:\s+[a-z-]+){0,2}?|(?:the|a|an|his|her|its|their)\s+[\w\s'’-]{1,40}?)"
    r"(?:\s+(?:on|in|at|last|this|late)\s+[\w\s]{1,20}?)?,\s+(?P<span>.{15,})"
)
# "a Brightwell statement", "the ministry's release": whoever issued the document.
_ISSUED_DOCUMENT = re.compile(
    rf"^(?:the|an?)\s+(?P<issuer>{_PROPER})(?:['’]s?)?\s+(?:[a-z-]+\s+)?(?:statement|release|letter|email|e-mail|post|tweet|message|filing)$"
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


def _is_source_phrase(who: str) -> bool:
    """Outlets and documents report; they are sources of reports, not speakers of statements."""
    return bool(re.search(rf"\b(?:{_OUTLET_WORDS}|report|documents?|records?|filings?)\b", who))


def _is_speech_quote(text: str, quote: _Quote, sentence: Span) -> bool:
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


def _has_own_subject_before(text: str, quote: _Quote, sentence: Span) -> bool:
    """The sentence opens with a clause of its own before the quote, so the quote is that
    clause's and does not continue the last speaker's words: a clause whose verb is not one
    of speech ("The letter cites "..."": the words of the source it names), or a reporting
    clause whose speaker can be read (the indirect statement around the quote carries it).
    A reporting clause with a speaker we cannot read ("The dairy said it acted "..."") keeps
    the news convention of the last speaker's voice."""
    head = text[sentence.start : quote.open_at]
    if len(head.split()) < 2:
        return False
    return not _REPORTING_VERB_WORD.search(head) or bool(_INDIRECT.search(head))


_REPORTING_VERB_WORD = re.compile(rf"\b{_VERB}\b")


def _mask_quotes(text: str, sentence: Span, quotes: list[_Quote]) -> str:
    """The sentence with quoted speech blanked (same length, so offsets still hold)."""
    chars = list(text[sentence.start : sentence.end])
    for q in quotes:
        if _is_speech_quote(text, q, sentence):
            for k in range(max(q.open_at, sentence.start), min(q.close_at, sentence.end)):
                chars[k - sentence.start] = " " if chars[k - sentence.start] != "\n" else "\n"
    return "".join(chars)


def _quote_share(quote: _Quote, para_sentences: list[Sentence]) -> float:
    """How much of the sentences it touches the quote fills (1.0: the quote stands alone)."""
    touched = [s.span for s in para_sentences if s.span.overlaps(Span(quote.open_at, quote.close_at, " " * (quote.close_at - quote.open_at)))]
    total = sum(s.end - s.start for s in touched)
    return (quote.close_at - quote.open_at) / total if total else 1.0


def _quote_speaker(text: str, quote: _Quote, para_sentences: list[Sentence], quotes: list[_Quote]):
    """The attribution next to a quote, as ``(who, verb, appositive)``, or ``None``.

    Looked for after the quote (up to the end of the sentence that holds the closing mark, or
    the next quote), then before it (from the start of the sentence that holds the opening mark).
    """
    closing = next((s for s in para_sentences if s.span.start < quote.close_at <= s.span.end), None)
    next_open = min((q.open_at for q in quotes if q.open_at > quote.open_at), default=len(text))
    tail_end = min(closing.span.end if closing else quote.close_at, next_open)
    tail = text[quote.close_at : max(tail_end, quote.close_at)]
    for pattern in (_TAIL_VERB_FIRST, _TAIL_SPEAKER_FIRST, _TAIL_QUOTED_AS):
        match = pattern.match(tail)
        if match and not _is_source_phrase(match.group("who")):
            return match.group("who"), match.group("verb"), match.groupdict().get("app")
    lead = _TAIL_ACCORDING_TO.match(tail)
    match = lead and _ACCORDING_TO.match(tail, lead.end())
    if match and not _is_source_phrase(match.group("who")):
        return match.group("who"), "according to", None
    opening = next((s for s in para_sentences if s.span.start <= quote.open_at < s.span.end), None)
    previous_close = max((q.close_at for q in quotes if q.close_at <= quote.open_at), default=0)
    head = text[max(opening.span.start if opening else quote.open_at, previous_close) : quote.open_at]
    return _speaker_before(head)


def _speaker_before(head: str):
    """The attribution that introduces a quote from before it ("Sessions said:", "said the
    minister,"), as ``(who, verb, appositive)``, or ``None``."""
    match = _HEAD.search(head)
    if match and not _is_source_phrase(match.group("who")):
        return match.group("who"), match.group("verb"), match.group("app")
    match = _HEAD_VERB_FIRST.search(head)
    if match and not _is_source_phrase(match.group("who")):
        return match.group("who"), match.group("verb"), match.group("app")
    participle = _HEAD_PARTICIPLE.search(head)
    match = participle and _CLAUSE_SUBJECT.match(head)
    if match and not _is_source_phrase(match.group("who")):
        return match.group("who"), participle.group("verb"), None
    match = _ACCORDING_TO.search(head)
    if match:
        return match.group("who"), "according to", None
    match = _HEAD_VERB_ONLY.search(head)
    if match:
        # The speaker is the subject of the clause that holds the verb, after any introductory
        # phrase ("Speaking at the Foro Italico on Tuesday, the world No. 14 said:").
        clause_start = head.rfind(",", 0, match.start()) + 1
        clause = head[clause_start : match.start()]
        names = [
            m.group(0) for m in re.finditer(_PROPER, clause)
            if len(m.group(0)) > 3 and clause_start + m.start() > 0 and m.group(0).split()[0] not in _NOT_NAMES
        ]
        return (names[-1] if names else "he"), match.group("verb"), None
    return None


def _make_statement(span, speaker, behalf, verb, direct, sentence, flags, subject: Subject | None) -> Statement:
    context = sentence.span.text
    non_denial = bool(non_denial_cues(span.text) or non_denial_cues(context if not direct else ""))
    cue = _PROGRESSIVE.get(verb.lower().split()[-1], verb.lower())
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


def _reports(text: str, reading: ArticleReading, claimed: list[Span]) -> list[Report]:
    """Every sentence not taken up by the subject's statements, with its source and hedge;
    in a sentence the subject's statement takes up, the claims of others it embeds."""
    reports = []
    for sentence in reading.sentences:
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
            for st in reading.other_statements
            if inside and span.overlaps(st.span) and not any(st.span.overlaps(c) for c in inside)
            and not any(r.span.overlaps(st.span) for r in embedded)
        ]
        if covered >= 0.5 * (span.end - span.start) or embedded or beside or _quote_and_attribution(span, inside):
            reports.extend(_clip(r, inside) for r in embedded)
            reports.extend(beside)
            continue
        if len(re.findall(r"\w+", span.text)) < 4:
            continue  # captions, bylines, one-word lines
        source, cue = _report_source(span.text, reading, sentence)
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
    sourced = _SOURCED_AT_END.search(clause)
    opening = None if sourced else _SOURCE_CLAUSE.match(clause)  # "..., but league records show ..."
    if not sourced and not opening:
        return None
    start = last + joiner.end()
    end = sentence.end - (len(rest) - len(rest.rstrip(" .!?\"”’'\n")))
    text = sentence.text[start - sentence.start : end - sentence.start]
    if opening:
        return Report(Span(start, end, text), _clean_name(opening.group("who")), bool(hedge_cues(text)), opening.group("verb").lower())
    source = _ACCORDING_TO.search(text)
    return Report(Span(start, end, text), _clean_name(source.group("who")), bool(hedge_cues(text)), "according to")


def _quote_and_attribution(sentence: Span, statements: list[Span]) -> bool:
    """The sentence is a statement followed only by who said it, however long the speaker's
    description ('"...," the hospital's director, Anneke Visser, said at a briefing.')."""
    if not statements:
        return False
    first, last = min(s.start for s in statements), max(s.end for s in statements)
    if sentence.text[: first - sentence.start].strip(_OPENING_MARKS + " "):
        return False
    rest = sentence.text[last - sentence.start :].lstrip(_OPENING_MARKS + ",.!? ")
    tail = _TAIL_SPEAKER_FIRST.match(rest) or _TAIL_VERB_FIRST.match(rest)
    return bool(tail) and len(re.findall(r"\w+", rest[tail.end() :])) <= 6 and "," not in rest[tail.end() :]


# What joins a report to a statement that follows it in one sentence ("... on Friday night
# - but the government denied ...", "..., and the company said ...").
_JOINER_TAIL = re.compile(r"(?:\s*[,;:–—-]\s*|\s+)(?:but|and|while|though|although|however)?\s*[,;:–—-]?\s*$", re.IGNORECASE)
# Quote marks that open the statement's words ('... said: "We never met'), left with neither.
_OPENING_MARKS = "".join(QUOTE_PAIRS)
# A stretch that ends in a reporting verb introduces the statement after it; it reports nothing.
_ATTRIBUTION_END = re.compile(rf"\b{_VERB}\s*(?:that)?\s*[:,]?\s*$")


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
    rf"(?:(?P<possessor>{_PROPER})['’]s?\s+)?\b(?P<noun>{_REPORT_NOUN})\b"
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
_FRAMING_ADJUNCT = re.compile(
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
        stop = _CLAIM_END.search(sentence.text, match.end())
        end = stop.start() if stop else len(sentence.text.rstrip())
        if len(sentence.text[start:end].split()) >= 5:
            source = _clean_name(match.group("possessor")) if match.groupdict().get("possessor") else None
            found.append(_sub_report(sentence, start, end, source, match.group("noun").lower()))
    for match in _CHARGE_APPOSITIVE.finditer(sentence.text):
        found.append(_sub_report(sentence, match.start("claim"), match.end("claim"), None, None))
    return found


def _sub_report(sentence: Span, start: int, end: int, source: str | None, cue: str | None) -> Report:
    text = sentence.text[start:end]
    return Report(span=Span(sentence.start + start, sentence.start + end, text), source=source, hedged=True, cue=cue)


def _report_source(sentence_text: str, reading: ArticleReading, sentence: Sentence) -> tuple[str | None, str | None]:
    match = _ACCORDING_TO.search(sentence_text)
    if match:
        return _clean_name(match.group("who")), "according to"
    match = _TRAILING_SOURCE.search(sentence_text)
    if match:
        return _clean_name(match.group("who")), match.group("verb")
    # The source opens the sentence (within its first 60 characters): trying only the word
    # starts there keeps long sentences cheap.
    window = sentence_text[:_SOURCE_WINDOW]
    starts = (m.start() for m in re.finditer(r"(?<![\w'’.&-])\w", window[:60]))
    match = next((m for m in (_REPORT_SOURCE.match(window, pos) for pos in starts) if m), None)
    if match:
        return _clean_name(match.group("who")), match.group("verb")
    for statement in reading.other_statements:
        if statement.sentence == sentence.span and statement.speaker:
            return statement.speaker, statement.cue
    return None, None
