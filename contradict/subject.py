"""Who the article is about: the subject's names, and telling whether a speaker is the subject.

A subject can be given as free text, as the labelled sets do ("A.K. Antony (Indian Defence
Minister) and the defence ministry (spokesperson Sitanshu Kar)"): every capitalised name in
it, and the generic head nouns it mentions ("the ministry"), become variants that refer to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens that name a role or an organisation type, not the person or body itself.
_ROLE_WORDS = frozenset(
    """spokesperson spokesman spokeswoman spokespeople representative rep publicist lawyer lawyers attorney
    attorneys manager agent president director ceo chairman chairwoman chief minister secretary via for
    and the of his her their its a an mna daughter son letter by maker on behalf frontman lecturer
    surgeon regent governor leader official officials""".split()
)
# Words of a name that do not identify it alone ("National", "Meats", "Corp").
_GENERIC_NAME_WORDS = frozenset(
    """national international united new general american british global royal federal state city
    county university ministry department government party union league group company corporation
    bank meats foods motors airways airlines records studios entertainment media systems software
    technologies labs health energy mining resources holdings partners capital insurance telecom
    mobile wireless networks communications services society trust council institute club zoo
    republic democratic people progressive liberal conservative labour""".split()
)
_ORG_SUFFIXES = frozenset("inc inc. corp corp. co co. ltd ltd. plc llc group holdings ag sa".split())
#: Generic heads that a news text uses to refer back to an organisation ("the ministry said").
GENERIC_HEADS = frozenset(
    """company firm group ministry government department agency club team party union federation
    association bank carrier airline maker manufacturer retailer network studio label band zoo
    institute university hospital council commission authority regulator board office administration
    campaign organisation organization foundation league committee church army police service""".split()
)
#: Nouns that describe an organisation in an appositive ("Andes Cobre, the copper miner").
ORGANISATION_NOUNS = frozenset(
    """miner producer operator developer start-up startup insurer lender broker retailer supermarket chain
    brand platform app service provider society trust district charity landlord manufacturer carmaker
    automaker drugmaker pharmaceutical publisher broadcaster outlet newspaper operator utility supplier
    distributor exporter importer airline carrier railway operator exchange fund school college""".split()
)
#: Role nouns that refer back to a person already named ("the minister said").
PERSON_ROLE_HEADS = frozenset(
    """lawmaker minister senator governor mayor president premier chancellor judge coach player striker
    midfielder goalkeeper star actor actress singer rapper musician executive founder politician candidate
    deputy congressman congresswoman legislator athlete cyclist sprinter runner swimmer scientist
    researcher doctor professor lecturer regent officer chairman chairwoman spokesman spokeswoman
    manager boss owner host presenter comedian director""".split()
)
#: Titles that mark a person as speaking for an organisation ("chief executive Jane Roe").
CORPORATE_ROLES = re.compile(
    r"\b(?:spokes(?:man|woman|person)|chief|executive|ceo|cfo|coo|officer|director|president|chair(?:man|woman)?|"
    r"head|founder|owner|manager|lawyer|attorney|counsel|representative|publicist|agent|secretary|minister|"
    r"commissioner|boss|vice)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Z][\w'’&.-]*(?:\s+(?:of|de|da|van|von|bin|al|la|le|du|del|&)?\s*[A-Z][\w'’&.-]*)*")


def normalise(name: str) -> str:
    """Lower-case, strip possessives, punctuation and a leading "the"."""
    name = re.sub(r"['’]s\b", "", name.lower())
    name = re.sub(r"[^\w&\s-]", " ", name)
    name = re.sub(r"^the\s+", "", " ".join(name.split()))
    return name


@dataclass(frozen=True)
class Subject:
    """The person or organisation whose statements are tested, with the names that refer to it.

    Attributes:
        name: the name as given (or as found in the text).
        variants: normalised names that refer to the subject (full names and surnames).
        heads: generic nouns that refer back to it ("ministry" in "the ministry said").
    """

    name: str
    variants: frozenset[str]
    heads: frozenset[str] = frozenset()
    organisation: bool | None = None  # None: judge from the name alone

    @classmethod
    def from_description(cls, description: str) -> "Subject":
        """Build a subject from a name or a free-text description.

        Example:
            >>> sorted(Subject.from_description("Jeff Sessions").variants)
            ['jeff sessions', 'sessions']
        """
        variants: set[str] = set()
        heads: set[str] = set()
        for match in _NAME.finditer(description):
            tokens = [t for t in match.group(0).split() if normalise(t) not in _ROLE_WORDS]
            if not tokens:
                continue
            full = normalise(" ".join(tokens))
            if not full:
                continue
            variants.add(full)
            words = full.split()
            if words[-1] in _ORG_SUFFIXES and len(words) > 1:
                variants.add(" ".join(words[:-1]))
            if len(words) >= 2:
                # "Sessions" for "Jeff Sessions"; "Freeza" for "Freeza Meats"; "Alec" in gossip copy
                variants.update(w for w in (words[0], words[-1]) if len(w) >= 3 and w not in _GENERIC_NAME_WORDS)
        for word in re.findall(r"[a-z]+", description.lower()):
            if word in GENERIC_HEADS:
                heads.add(word)
        if not variants and description.strip():
            variants.add(normalise(description))
        return cls(description.strip(), frozenset(variants), frozenset(heads))

    def in_context(self, text: str) -> "Subject":
        """The same subject, with what the article says about it: "Andes Cobre, the copper miner"
        makes it an organisation that "the miner" and "the company" refer back to."""
        heads = set(self.heads)
        names = "|".join(re.escape(v) for v in sorted(self.variants, key=len, reverse=True) if v)
        if not names:
            return self
        nouns = "|".join(sorted(GENERIC_HEADS | ORGANISATION_NOUNS))
        pattern = re.compile(
            rf"(?:\b(?:{names}),?\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,4}}?({nouns})(?=[\s,.;:])(?!\s+of\b)"
            rf"|\b({nouns})\s+(?:[A-Z][\w-]*\s+)*?(?:{names})\b)",
            re.IGNORECASE,
        )
        for match in pattern.finditer(text):
            heads.add((match.group(1) or match.group(2)).lower())
        organisation = self.is_organisation or bool(heads)
        return Subject(self.name, self.variants, frozenset(heads), organisation)

    @property
    def is_organisation(self) -> bool:
        """A company, body or government rather than a person."""
        if self.organisation is not None:
            return self.organisation
        return bool(self.heads) or bool(
            re.search(r"\b(?:Inc|Corp|Ltd|plc|Group|Ministry|Union|Bank|Airlines?|Airways|Air|Motors|Foods|Meats|"
                      r"Society|Party|Institute|University|Agency|Council|Federation|Association|Club|Zoo|Government|"
                      r"Labs|Systems|Technologies|Software|Pharma|Media|Records|Studios|Entertainment|Energy|Mining|"
                      r"Resources|Holdings|Partners|Capital|Insurance|Telecom|Mobile|Wireless|Networks|FC|United|"
                      r"Communications|Health|Trust|Department|Office|Commission|Authority|Board|Logistics|Retail|Devices|"
                      r"Medical|Centre|Center|Hospital|Clinic|Port|Workers|Pharmaceuticals|Industries|Brands|Airport|"
                      r"Studio|Games|Foundation|Services|Solutions|Electric|Steel|Oil|Gas|Power|Water|Rail)\b|&|[A-Z]{2,}",
                      self.name)
        ) or len(self.name.split()) == 1 or len(self.name.split()) > 3

    def refers_to(self, speaker: str | None) -> bool:
        """True when ``speaker`` (a resolved name or a phrase like "the ministry") is the subject."""
        if not speaker:
            return False
        name = normalise(speaker)
        if not name:
            return False
        if name in self.variants:
            return True
        words = name.split()
        if len(words) == 1 and words[0] in self.heads:
            return True
        for variant in self.variants:
            vwords = variant.split()
            if len(words) >= 2 and vwords[: len(words)] == words:
                return True  # "harrow valley" for "harrow valley foods"
            # "jeff sessions" vs "attorney general jeff sessions", "takata" vs "takata corp"
            if len(vwords) >= 1 and _contains_run(words, vwords) and (len(vwords) > 1 or len(words) <= 3):
                return True
        return False


def _contains_run(words: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(words[i : i + n] == run for i in range(len(words) - n + 1))
