"""The grammar of attribution: regular expressions for speakers, reporting verbs and the
clauses that carry them.

A speaker is a name ("Jeff Sessions"), a role with or without a name ("the club's chairman",
"Deputy Minister X"), a representative ("a spokesman for Y"), a description ("the
29-year-old"), a document ("the statement") or a pronoun. The patterns here combine those
with reporting verbs into the shapes news copy uses: the attribution after a quote
('"...," said X' / '"...," X said'), before it ('X said: "..."'), indirect speech ("X denied
that ..."), and the phrases that name a report's source ("according to X", "X reported").
"""

from __future__ import annotations

import re

from .cues import REPORTING_VERBS
from .subject import (
    GENERIC_HEADS,
    ORGANISATION_NOUNS,
    PERSON_DESCRIPTIONS,
    PERSON_ROLE_HEADS,
)

# The progressive of a verb of saying ("Nokia is denying the phone is late"), read as its
# present tense.
PROGRESSIVE = {
    "denying": "denies", "insisting": "insists", "saying": "says", "claiming": "claims", "maintaining": "maintains",
    "stressing": "stresses", "arguing": "argues", "rejecting": "rejects", "dismissing": "dismisses",
    "refuting": "refutes", "disputing": "disputes",
}
# "The company put the volume at about 300 cubic metres": an estimate given is a statement.
_PUT_AT_FIGURE = r"puts?(?=\s+[^,;.]{3,80}?\s+at\s+(?:[a-z]+\s+){0,2}[$€£¥₦₹]?\d)"
VERB = (
    r"(?:(?:is|are|was|were)\s+(?:" + "|".join(PROGRESSIVE) + r")|"
    + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + "|" + _PUT_AT_FIGURE + r")"
)
ADVERBS = r"(?:(?:has|have|had|did|does|do|would|could|will|not|n't|didn't|doesn't|don't|wouldn't|couldn't|won't|hasn't|hadn't|haven't|also|again|repeatedly|previously|earlier|later|then|publicly|privately|flatly|firmly|strongly|vehemently|categorically|emphatically|once|twice|always|consistently|initially|quickly|further|separately|still|even|now|himself|herself|itself|themselves|\w+ly)\s+)*"
# Time and place between a speaker and the verb: "Kulkarni on Thursday denied", "X in a statement said".
_ADVERBIAL = r"(?:(?:on|in|at|last|this|earlier|late|during|via|through)\s+(?:[\w'’-]+\s+){0,3}?)?"
# A capitalised name: "Jeff Sessions", "A.K. Antony", "Lil' Kim", "Johnson & Johnson".
# A backtick stands for the apostrophe in some copy ("IndiGo`s"), and a hyphen inside a name
# may be spaced ("Muslim League - Nawaz"); a dash between names is an en or em dash; a
# district may stand in parentheses inside a title ("Deputy Commissioner of Police (Outer
# North) Vikram Rathi"). A name
# has at most eight words: the bound keeps a long run of capitalised words (a headline in
# capitals, a list of names) from being tried from every word to the end of the run.
PROPER = r"(?:[A-Z][\w'’`.&-]*(?:(?:\s+(?:of|de|da|van|von|bin|al|la|le|du|del|&)?\s*|\s+-\s+|\s+[\"“][A-Z][\w'’.-]*[\"”]\s+|\s+\([A-Z][\w\s.'’-]{0,30}\)\s+)[A-Z][\w'’`.&-]*){0,7})"
# A word of a role phrase, never its verb, nor an adverb or a preposition of time and place
# that stands between a speaker and the verb ("T-Mobile on Tuesday said", "X's manager also said").
_ROLE_WORD = rf"(?!(?:{VERB}|to|that|on|in|at|last|this|during|via|through|also|again|and|but|who|which)\b)[a-z][a-z-]*"
# Days and months are capitalised but never speak ("on Tuesday, the minister said"); "May"
# is left out, as it is also a name.
_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
    r"August|September|October|November|December)\b"
)
# The initialism a name is shortened to from then on, announced in parentheses right after
# it: "Neptune Orient Lines (NOL) said".
ABBREVIATION = r"(?:\s+\([A-Z][A-Z&.-]+\))"
# A name after its role: "revenue minister Rajesh Kulkarni", "chief operating officer Gordon Pask".
# The lower-case words are a role, never a reporting verb ("Marsh rejected Mr Vale's claims").
# The role may open with a possessive and join two roles: "its co-founder and chief executive Ada Mensah".
NAMED = (
    rf"(?:(?:{PROPER}{ABBREVIATION}?['’]?s?\s+|(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?={_ROLE_WORD}))?"
    rf"(?:{_ROLE_WORD}\s+){{0,3}}?(?:and\s+(?:{_ROLE_WORD}\s+){{1,2}}?)?(?!{_CALENDAR}){PROPER}{ABBREVIATION}?)"
)
# The words before the head may include a name that modifies it ("the former Barcelona coach").
GENERIC = r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:(?:[a-z-]+|[A-Z][\w-]+)\s+){0,2}(?:" + "|".join(sorted(GENERIC_HEADS | ORGANISATION_NOUNS | PERSON_ROLE_HEADS | PERSON_DESCRIPTIONS)) + r"))"
# "The president of Portuguese club FC Tejo(, Rui Matos,) said": a role of a named body.
_ROLE_OF_BODY = (
    r"(?:(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(sorted(PERSON_ROLE_HEADS)) + r")"
    r"\s+(?:of|at|for)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?" + PROPER + r")"
)
REP_WORDS = r"(?:spokes(?:man|woman|person)|representative|rep|publicist|lawyer|attorney|agent|manager|aide|adviser|advisor|counsel)"
# "a spokesman for Y", "the official spokesman of the ministry"
_REPRESENTATIVE = (
    rf"(?:(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[\w'’-]+\s+){{0,2}}?{REP_WORDS}"
    rf"(?:\s+(?:for|of)\s+(?:the\s+)?(?:{PROPER}|(?:{'|'.join(sorted(GENERIC_HEADS))})\b))?)"
)
_PRONOUN = r"(?:he|she|they|it|He|She|They|It|we|We|I)"
# A person named again by a description instead of a pronoun: "The 29-year-old also insisted",
# "the Republican from Delaware County said", "the Prescott Republican said". News style uses
# it for whoever the story is following (a party word alone could be the party itself).
_PARTY_WORDS = r"(?:Republican|Democrat|Conservative|Labour|Liberal|Tory|Socialist|Green|Independent)"
DESCRIPTOR = rf"(?:[Tt]he\s+(?:\d{{1,3}}-year-old(?:\s+[a-z]+)?|{_PARTY_WORDS}\s+(?:from|of)\s+{PROPER}|(?:[A-Z][\w-]+\s+){{1,2}}{_PARTY_WORDS}\b))"
# "Rana's lawyer", "Sahyadri Realty's managing director"
# The possessive ending: "'s", a bare apostrophe ("Spurs' manager"), or a backtick for it.
POSSESSIVE = r"['’`]s?"
_POSSESSOR_ROLE = rf"(?:{PROPER}{POSSESSIVE}\s+(?:{_ROLE_WORD}\s+){{0,3}}(?:and\s+(?:{_ROLE_WORD}\s+){{0,2}})?{_ROLE_WORD})"
# "the hospital's director", "The company's finance director": a body named by its head noun.
_GENERIC_POSSESSOR_ROLE = rf"(?:(?:[Tt]he|[Ii]ts)\s+(?:[a-z-]+\s+)?[a-z]+{POSSESSIVE}\s+(?:[A-Z][\w]*-[a-z]+\s+)?(?:{_ROLE_WORD}\s+){{0,3}}{_ROLE_WORD})"
# "the statement said": a document issued by someone speaks for them.
_DOCUMENT_NOUN = r"(?:statement|release|letter|email|e-mail|post|tweet|message)"
_DOCUMENT_PHRASE = rf"(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+(?:[a-z-]+\s+)?{_DOCUMENT_NOUN}"
DOCUMENT = re.compile(_DOCUMENT_PHRASE)
# "The company's Sunday statement", "Kafwila's written statement": a document whose owner is
# named speaks for that owner.
OWNED_DOCUMENT = re.compile(
    rf"(?P<owner>(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+[a-z]+|{PROPER}){POSSESSIVE}\s+(?:[\w-]+\s+)?{_DOCUMENT_NOUN}"
)


def _plural(noun: str) -> str:
    """The regular English plural of a role or organisation noun ("company" -> "companies")."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")


# "one of her lawyers", "one of the companies that make the device": one member of a group
# of people or bodies speaks; a short restrictive relative clause may follow the plural head.
_GROUP_MEMBERS = sorted(
    {_plural(noun) for noun in GENERIC_HEADS | ORGANISATION_NOUNS | PERSON_ROLE_HEADS | PERSON_DESCRIPTIONS}
    | {"lawyers", "attorneys", "spokespeople", "spokesmen", "spokeswomen", "representatives", "aides", "advisers", "officials"}
)
_ONE_OF = (
    r"(?:[Oo]ne\s+of\s+(?:the|its|his|her|their)\s+(?:[a-z-]+\s+){0,2}?(?:" + "|".join(_GROUP_MEMBERS) + r")\b"
    r"(?:\s+(?:that|which|who)\s+[a-z][^,;:\"“”«»]{2,60}?)?)"
)
_SPEAKER = rf"(?:{_ONE_OF}|{OWNED_DOCUMENT.pattern}|{DESCRIPTOR}|{_ROLE_OF_BODY}|{_REPRESENTATIVE}|{GENERIC}|{NAMED}|{_POSSESSOR_ROLE}|{_GENERIC_POSSESSOR_ROLE}|{_DOCUMENT_PHRASE}|{_PRONOUN})"
# "X, the company's lawyer, said", "X, Regional Communications Manager of the company, told"
# (the appositive names a role or a person), and a
# non-restrictive relative clause, commas and all: "X, who heads the surgery department at
# Y Hospital, said" (the speaker is X, not the last name in the clause).
_APPOSITIVE = (
    # an age first ("Graham Tolliver, 52, testified"; "X, 52, a former director, said")
    r"(?:,\s+(?:aged\s+)?\d{1,3}(?:,(?=\s+[a-z])|(?=,)))?"
    rf"(?:,\s+(?P<app>(?:(?:[a-z][\w'’-]*|[A-Z][\w'’.&-]*['’`]s|[A-Z][\w]*-[a-z]+)\b[^,\"“”«».]{{0,80}}|{PROPER}(?:\s+(?:of|for|at)\s+[^,\"“”«».]{{1,60}})?))(?:,|(?=[.!?]?\s*$)))?"
    r"(?:,\s+(?:who|which|whose)\s+[^\"“”«»;:]{1,200}?,)?"
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
TAIL_SPEAKER_FIRST = re.compile(rf"^[\s,]*(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERBIAL}{ADVERBS}(?P<verb>{VERB})\b")
# '"...," said X' and '"..." in removing him, said X': the quoted sentence may run on a few
# unquoted words before the attribution.
TAIL_VERB_FIRST = re.compile(rf"^[\s,]*(?:[^\"“”«».,;:]{{1,60}}?,\s*)?(?P<verb>{VERB})\s+(?P<who>{_SPEAKER}){_APPOSITIVE}")
# '"...," according to a company spokesperson'
TAIL_ACCORDING_TO = re.compile(r"^[\s,]*(?=[Aa]ccording to )")
# '"...," the newspaper quoted Takata as saying': the one quoted is the speaker.
TAIL_QUOTED_AS = re.compile(rf"^[\s,]*(?:[\w'’-]+\s+){{0,3}}?quoted\s+(?P<who>{_SPEAKER})\s+as\s+(?P<verb>saying)\b")
# 'As for Kidman, says the rep, "..."': the verb before its speaker.
HEAD_VERB_FIRST = re.compile(rf"\b(?P<verb>{VERB})\s+(?P<who>{_SPEAKER}){_APPOSITIVE}\s*[:,]\s*$")
# 'The company quelled speculation, stating that "...', 'he paused before replying: "...':
# the participle's subject is the subject of the main clause at the start of the sentence.
_SPEECH_PARTICIPLE = r"(?:saying|stating|adding|insisting|noting|explaining|arguing|claiming|declaring|writing|replying|answering|responding|telling\s+\w+)"
HEAD_PARTICIPLE = re.compile(rf"(?:,\s+|\s+(?:before|after|while)\s+)(?P<verb>{_SPEECH_PARTICIPLE})\s*(?:that\s*)?[:,]?\s*$")
CLAUSE_SUBJECT = re.compile(rf"^(?:{_INTRODUCTORY}[^,]*,\s+|(?:However|But|And|Still|Yet),?\s+)?(?P<who>{_SPEAKER})\s")
# Sessions said: "..." / He told reporters on Friday that "..."
HEAD = re.compile(rf"(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERBIAL}{ADVERBS}(?P<verb>{VERB})\b[^\"“”«„]{{0,60}}?[:,]?\s*(?:that\s*)?$")
# "Speaking after the match, the world No. 14 said: «...»": a verb and a colon, speaker unparsed.
# "Lila Moreno is not pregnant, her representative said on Monday": the claim comes first.
# The claim may hold a short quoted phrase ("... and 'immediately challenged' the coach, X said").
_CLAIM_TEXT = r"(?:[^\"“”«»]|[\"“”«][^\"“”«»]{1,40}[\"“”»])"
INDIRECT_TAIL = re.compile(
    rf"^(?!{_INTRODUCTORY})(?P<claim>{_CLAIM_TEXT}{{15,}}?),\s+(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{ADVERBS}(?P<verb>said|says|added|insisted|stressed|confirmed|announced|told\s+\w+|wrote|posted|tweeted|maintained)\b"
)
HEAD_VERB_ONLY = re.compile(rf"\b(?P<verb>{VERB})\s*[:,]?\s*$")
ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to (?P<who>(?:the\s+)?" + PROPER + r"|(?:the|a|an|his|her|its|their)\s+[\w\s'’-]{1,40}?)(?=[,.;]|\s+(?:that|which|who)\b|$)"
)
# A lede names its subject by a description that a modifier lengthens: "A landlord whose
# tenants reported mould has denied ...", "The company named on Tuesday by the regulator
# has stressed it only kept the stock". Read only in an article's opening sentence,
# where the modifier's own verbs ("reported") cannot be taken for the speaker's.
LEDE = re.compile(
    rf"^(?P<who>{GENERIC}|(?:[Tt]he|[Aa]n?)\s+(?:[\w-]+\s+){{0,2}}?{REP_WORDS})(?P<app>)\s+"
    r"(?:whose|who|that|which|for|of|identified|named|accused|charged|questioned|at\s+the\s+cent(?:re|er))\b"
    rf"[^\"“”«»;:]{{5,160}}?\s+{ADVERBS}(?P<verb>{VERB})\b(?P<rest>.*)$"
)
# Indirect speech: X has repeatedly denied that ...; X vowed he never ...
INDIRECT = re.compile(
    rf"(?:^|(?<=[,;:]\s)|(?<=\b[Bb]ut\s)|(?<=\b[Aa]nd\s)|(?<=\b[Ww]hile\s))(?P<who>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERBIAL}{ADVERBS}(?P<verb>{VERB})\b(?P<rest>.*)$"
)
# A speaker opening a clause, with any appositive ("Ledesma, the utility's director, ...").
_CLAUSE_SPEAKER = rf"(?:^|(?<=[,;:]\s))(?P<who>{_SPEAKER}){_APPOSITIVE}\s+"
# "Villaraza paused for several seconds before saying he ...", "The ministry defended the
# demolition, saying residents were served notices": speech reported by a participle after
# the speaker's act (the participle's subject is the clause's subject).
SPEECH_AFTER_ACT = re.compile(
    rf"{_CLAUSE_SPEAKER}(?:(?:[\w'’-]+\s+){{1,6}}?(?:before|after|while)\s+|[^,;:\"“”«»]{{3,160}}?,\s+)"
    rf"(?P<verb>{_SPEECH_PARTICIPLE})\b(?P<rest>.*)$"
)
# "General manager Brent Oakley released a statement.": no words of its own, but the quotes
# that follow are that statement's.
ISSUED_STATEMENT = re.compile(
    rf"{_CLAUSE_SPEAKER}{_ADVERBIAL}(?:released|issued|put\s+out|posted|shared)\s+an?\s+(?:[a-z-]+\s+)?(?:statement|letter|message|video)\b"
)
# People and papers that report: "officials said", "records show".
_SOURCE_NOUN = (
    r"(?:officials|sources|documents|records|investigators|prosecutors|police|witnesses|analysts|experts|"
    r"auditors|regulators|reports|filings|emails|data|tests|results|court papers|studies)"
)
REPORT_SOURCE = re.compile(
    rf"(?P<who>{_SPEAKER}|(?:(?:current|former|senior|several|two|three|some|other|U\.S\.|American|federal|local|state)\s+)*"
    rf"{_SOURCE_NOUN})"
    # "Officials who regularly read the reports told the Post": a relative clause may part
    # the source from its verb (without it, "reports told" would make "reports" the source).
    r"(?:,?\s+(?:who|that|which)\s+[^,;\"“”]{1,80}?,?)?"
    rf"\s+{_ADVERBIAL}{ADVERBS}(?P<verb>reported|reports|report|said|says|say|told|tell|wrote|noted|found|show|shows|showed|suggest|suggests|suggested|revealed|reveal|indicate|indicated|confirmed|claimed|alleged)\b"
)
# A clause that opens with its own source and a verb of reporting: "league records show ...",
# "a stock market filing and federation records show ...", "two former employees said ...".
SOURCE_CLAUSE = re.compile(
    r"(?P<who>(?:(?:the|a|an|its|their|two|three|several|some)\s+)?(?:[\w'’-]+\s+){0,5}?"
    rf"(?:{_SOURCE_NOUN}|filing|figures|logs|statements|accounts|employees|staff|residents))"
    r"\s+(?:\w+ly\s+)?(?P<verb>show|shows|showed|suggest|suggests|suggested|indicate|indicated|said|say|told|reported|found|contradict)\b"
)
TRAILING_SOURCE = re.compile(
    rf",\s*(?P<who>(?:the\s+)?{_SPEAKER})\s+(?P<verb>reported|said|says|wrote|told|added|noted|claimed)"
    r"(?:\s+(?:on|last|this|late|early|in)\s+[\w ]{1,20}?)?\s*\.?$"  # "..., the Post reported on Friday."
)

# "..., but Okafor had spoken to officials, according to the court filing.": a clause
# that names its own source at its end is that source's claim, not the first speaker's.
SOURCED_AT_END = re.compile(r"^[^;]{15,},\s+according\s+to\s+[^,;]{2,60}[.!?]?[\"”’']?\s*$")
