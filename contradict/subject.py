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
    surgeon regent governor leader official officials mr mrs ms dr datuk dato datin""".split()
)
#: Titles that stand before a name and are not part of it ("Interior Minister Helen Marsh").
TITLE_WORDS = frozenset(
    """minister secretary senator governor president premier chancellor mayor judge chief executive officer
    director chairman chairwoman spokesman spokeswoman spokesperson deputy attorney general commissioner
    undersecretary under-secretary vice-minister ambassador superintendent
    mr mrs ms dr gov sen rep prof gen lt col capt sgt rev hon mp mla mna coach manager captain
    datuk dato datin counsellor sp asp ssp dsp acp dcp igp aigp supt insp""".split()
)
# Titles and honorifics that stand before a surname ("Senator Villacorta", "Coach Villacorta").
_TITLES_BEFORE_NAMES = _ROLE_WORDS | TITLE_WORDS | frozenset(
    """miss sir dame lord lady congressman congresswoman assemblyman assemblywoman councillor councilman
    councilwoman justice speaker colonel major admiral sergeant constable detective inspector officer king
    queen prince princess pope father sister brother bishop cardinal treasurer auditor professor""".split()
)
# Capitalised role words that end a description of the subject ("Indian Defence Minister").
_TITLE_NOUNS = frozenset("minister leader governor secretary president chairman manager coach mayor".split())
# Words of a name that do not identify it alone ("National", "Meats", "Corp").
_GENERIC_NAME_WORDS = frozenset(
    """national international united new general american british global royal federal state city
    county university ministry department government party union league group company corporation
    bank meats foods motors airways airlines records studios entertainment media systems software
    technologies labs health energy mining resources holdings partners capital insurance telecom
    mobile wireless networks communications services society trust council institute club zoo
    republic democratic people progressive liberal conservative labour center centre""".split()
)
_ORG_SUFFIXES = frozenset("inc inc. corp corp. co co. ltd ltd. plc llc group holdings ag sa".split())
#: Generic heads that a news text uses to refer back to an organisation ("the ministry said").
GENERIC_HEADS = frozenset(
    """company firm group ministry government department agency club team party union federation
    association bank carrier airline maker manufacturer retailer network studio label band zoo
    institute university hospital council commission authority regulator board office administration
    campaign organisation organization foundation league committee church army police service
    cooperative co-operative""".split()
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
    manager boss owner host presenter comedian director undersecretary under-secretary rector commissioner
    superintendent inspector chief sheriff dean provost warden administrator treasurer""".split()
)
#: Nouns for people a story meets without a role or a name ("the rideshare driver, who asked
#: not to be named, said"): each is someone new, not a person named before.
PERSON_DESCRIPTIONS = frozenset(
    """driver resident witness neighbour neighbor passenger bystander customer fan worker employee nurse
    patient victim survivor parent mother father student teacher farmer shopper motorist tenant
    pensioner commuter""".split()
)
#: Titles that mark a person as speaking for an organisation ("chief executive Jane Roe").
CORPORATE_ROLES = re.compile(
    r"\b(?:spokes(?:man|woman|person)|chief|executive|ceo|cfo|coo|officer|director|president|chair(?:man|woman)?|"
    r"head|founder|owner|manager|lawyer|attorney|counsel|representative|publicist|agent|(?:under-?)?secretary|minister|"
    r"commissioner|boss|vice)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Z][\w'’&.-]*(?:\s+(?:of|for|de|da|van|von|bin|al|la|le|du|del|&)?\s*[A-Z][\w'’&.-]*)*")
# What follows a description that ends in its head noun ("X, the copper miner, said", "X,
# the copper miner said"), unlike "X, a retired army colonel" where "army" only modifies.
_DESCRIPTION_END = r"(?:said|says|has|had|is|was|will|would|which|that|announced|denied|confirmed|insisted)\b"
# Prepositions that end the head of a noun phrase ("the leader of ...", "a member for ...").
_PREPOSITION = r"(?i:of|for|at|in|on|with|from|to)"


def normalise(name: str) -> str:
    """Lower-case, strip possessives, punctuation and a leading "the"."""
    name = re.sub(r"['’`]s\b", "", name.lower())
    name = re.sub(r"\s+-\s+", "-", name)  # "League - Nawaz" is "League-Nawaz"
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
    given_names: frozenset[str] = frozenset()  # "alec": refers to the subject only on its own
    others_heads: frozenset[str] = frozenset()  # nouns the article gives other bodies ("the regulator")

    @classmethod
    def from_description(cls, description: str) -> "Subject":
        """Build a subject from a name or a free-text description.

        The description may add, in parentheses or after "and", who speaks for the subject
        ("German government (spokesman Thomas Steg)"): names that follow a role word are
        representatives and refer to the subject too. A name that modifies a role noun
        ("Tottenham manager", "French fencer", "University of Minnesota regent") describes an
        affiliation, not the subject: in English noun compounds the head comes last, so the
        capitalised words in front of it only say whose manager or which university.

        Example:
            >>> sorted(Subject.from_description("Jeff Sessions").variants)
            ['jeff sessions', 'sessions']
            >>> sorted(Subject.from_description("Pep Guardiola (Manchester City manager)").variants)
            ['guardiola', 'pep guardiola']
        """
        variants: set[str] = set()
        given_names: set[str] = set()
        heads: set[str] = set()
        main = re.split(r"[(,]", description, maxsplit=1)[0]
        for match in _NAME.finditer(description):
            if match.start() >= len(main) and _describes_affiliation(description, match):
                continue
            tokens = _name_tokens(match.group(0))
            full = normalise(" ".join(tokens))
            if not full:
                continue
            # "Kilbrannan County Council" is "the council", "InterGlobe Aviation" "the airline"
            heads.update(h for h in (_NAME_WORD_HEADS.get(w, w) for w in full.split()) if h in GENERIC_HEADS | ORGANISATION_NOUNS)
            following = re.match(r"\s+([a-z]+)", description[match.end() :])
            if match.end() <= len(main) and following and following.group(1) in GENERIC_HEADS:
                # "Kenyan government": the demonym names it only together with the head noun
                variants.add(f"{full} {following.group(1)}")
                continue
            variants.add(full)
            words = full.split()
            if words[-1] in _ORG_SUFFIXES and len(words) > 1:
                variants.add(" ".join(words[:-1]))
            if len(words) >= 2:
                short = {w for w in (words[0], words[-1]) if len(w) >= 3 and w not in _GENERIC_NAME_WORDS}
                if _is_organisation_name(" ".join(tokens)) or len(words) >= 3:
                    variants.update(_initialisms(tokens))
                if _is_organisation_name(" ".join(tokens)):
                    # "Freeza" for "Freeza Meats"; the last word of a body's name is usually
                    # generic ("Defense Intelligence Agency" is not "Medical Intelligence")
                    distinctive = next((w for w in words if len(w) >= 3 and w not in _GENERIC_NAME_WORDS), None)
                    variants.update(short & {distinctive})  # "Valdemoro" for "CD Valdemoro"
                else:
                    variants.update(short & {words[-1]})  # "Sessions" for "Jeff Sessions"
                    given_names.update(short - {words[-1]})  # "Alec" in gossip copy, alone only
        for word in re.findall(r"\b[a-z]+", description):  # lower case: "the ruling party", not "University of"
            if word in GENERIC_HEADS:
                heads.add(word)

        if not variants and description.strip():
            variants.add(normalise(description))
        organisation = _is_organisation_name(main) if main.strip() != description.strip() else None
        return cls(description.strip(), frozenset(variants), frozenset(heads), organisation, frozenset(given_names))

    def in_context(self, text: str) -> "Subject":
        """The same subject, with what the article says about it: "Andes Cobre, the copper miner"
        makes it an organisation that "the miner" and "the company" refer back to."""
        heads = set(self.heads)
        names = "|".join(re.escape(v) for v in sorted(self.variants | self.given_names, key=len, reverse=True) if v)
        if not names:
            return self
        nouns = "|".join(sorted(GENERIC_HEADS | ORGANISATION_NOUNS))
        # Only the names and nouns ignore case: the words between a noun and the name must be
        # capitalised ("the carmaker Veltra Motors"), not any words ("producer Simon Achebe
        # confirmed that Osei"). The noun must head the description: in "Janet Oduya, the
        # leader of Calderbrook Council" the council is what she leads, not what she is.
        pattern = re.compile(
            rf"(?:\b(?i:{names}),?\s+(?i:the|a|an)\s+(?:(?!{_PREPOSITION}\s)[\w'’-]+\s+){{0,4}}?(?i:({nouns}))(?=\s*[,.;:)]|\s+{_DESCRIPTION_END})"
            rf"|\b(?i:({nouns}))\s+(?:[A-Z][\w-]*\s+)*?(?i:{names})\b)"
        )
        for match in pattern.finditer(text):
            heads.add((match.group(1) or match.group(2)).lower())
        others = re.compile(
            rf"(?:\b(?P<name>{_NAME.pattern}),?\s+(?i:the|a|an)\s+(?:[\w'’-]+\s+){{0,4}}?(?i:(?P<head>{nouns}))(?=\s*[,.;:)])"
            rf"|\b(?i:(?P<head2>{nouns}))\s+(?P<name2>{_NAME.pattern}))"
        )
        others_heads = {
            (m.group("head") or m.group("head2")).lower()
            for m in others.finditer(text)
            if not self.refers_to(m.group("name") or m.group("name2"))
        }
        organisation = self.is_organisation or bool(heads) or _described_as_organisation(text, names) or self._called_a_company(text)
        variants = self.variants if organisation else self.variants | self._first_surname(text) | self._nickname(text)
        return Subject(self.name, variants, frozenset(heads), organisation, self.given_names, frozenset(others_heads - heads))

    def _nickname(self, text: str) -> frozenset[str]:
        """The nickname the article gives inside the subject's name ('Rattanaporn "Ploy"
        Srisawat'), by which it then calls the subject ("Ploy said")."""
        words = self.name.split()
        if len(words) < 2:
            return frozenset()
        found = re.search(rf"\b{re.escape(words[0])}\s+[\"“‘']([A-Z][\w-]+)[\"”’']\s+{re.escape(words[-1])}\b", text)
        return frozenset({normalise(found.group(1))}) if found else frozenset()

    def _first_surname(self, text: str) -> frozenset[str]:
        """The word before the last of a name of three or more, when the article calls the
        subject by it alone: the first of two surnames ("Henríquez" for Claudia Henríquez
        Soto), or the given name that Malay and Indonesian copy repeats ("Hamzah" for Datuk
        Hamzah Idris)."""
        words = [w for w in self.name.split() if normalise(w) not in _TITLES_BEFORE_NAMES]
        if len(words) < 3 or "(" in self.name:
            return frozenset()
        word, last = words[-2], words[-1]
        if len(word) < 3 or not word[:1].isupper() or normalise(word) in _GENERIC_NAME_WORDS:
            return frozenset()
        alone = re.search(rf"\b{re.escape(word)}\b(?!\s+{re.escape(last)}\b)(?!\s+[A-Z])", text)
        return frozenset({normalise(word)}) if alone else frozenset()

    def _relative(self, words: list[str]) -> bool:
        """Another person of the subject's surname ("Lourdes Villacorta" in an article about
        Ramon Villacorta): a full name whose given name is not the subject's. Initials and
        titles before the surname ("Ramon M. Villacorta", "Senator Villacorta") do not count."""
        if self.is_organisation or not self.given_names or len(words) not in (2, 3):
            return False
        if not all(w.replace("-", "").isalpha() for w in words) or not words[-2].isalpha():
            return False  # "the Sudan-born Bol" is a description, not a name; "Asante-Mensah" is a surname
        if words[-1] not in self.variants:  # one word, so a surname variant
            return False
        before = [w for w in words[:-1] if len(w) > 1]
        return bool(before) and before[-1] not in self.given_names and before[-1] not in _TITLES_BEFORE_NAMES

    def _called_a_company(self, text: str) -> bool:
        """A name that could be a person's ("Vantor Cloud", "Coastal Fuel Terminals") is a
        company's when the article speaks of "the company" and never calls the subject by its
        last word alone: news copy names a person again by surname ("Okonkwo said"), a
        company by its full or first name."""
        words = self.name.split()
        if len(words) < 2 or "(" in self.name or not re.search(r"\b[Tt]he\s+(?:company|firm)\b", text):
            return False
        last = re.escape(words[-1])
        alone = re.search(rf"(?<!{re.escape(words[-2])}\s)\b{last}\b", text)
        return alone is None

    @property
    def is_organisation(self) -> bool:
        """A company, body or government rather than a person."""
        if self.organisation is not None:
            return self.organisation
        return bool(self.heads) or _is_organisation_name(self.name)

    def is_head_of(self, head: str) -> bool:
        """True when a definite description with this head noun ("the company said") refers
        back to the subject: a head the article or description uses for it, or one of the
        few nouns that any organisation is called by. Other bodies ("the authority", "the
        police") are usually a second party in the story, such as a regulator."""
        if head in self.heads or (self.is_organisation and head in _ANY_ORGANISATION_HEADS):
            return True
        if self.is_organisation and head in _TRADE_HEADS and head not in self.others_heads:
            return True  # "the mobile operator said" in an article about a company and no other operator
        # A closed compound is a kind of its last element: "the carmaker" is "the maker".
        return any(len(own) >= 4 and head.endswith(own) for own in self.heads)

    def refers_to(self, speaker: str | None) -> bool:
        """True when ``speaker`` (a resolved name or a phrase like "the ministry") is the subject."""
        if not speaker:
            return False
        if speaker.strip() == self.name:
            return True  # resolved to the subject's own name, however long its description
        name = normalise(speaker)
        if not name:
            return False
        if name in self.variants or name in self.given_names:
            return True
        words = name.split()
        if self._relative(words):
            return False
        if words[0] in self.given_names and all(w in _BELONGING_NOUNS for w in words[1:]):
            return True  # "Bambang's campaign", "Alec's rep": the given name as possessor
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


# What only an organisation has: "shares of X", "X's chief executive", "X's factory".
# A person has a spokesman, staff, employees, players and a lawyer too, so those are left out.
_ORGANISATION_PARTS = (
    r"shares|stock|share\s+price|shareholders|board(?:\s+of\s+directors)?|subsidiary|subsidiaries|chief\s+executive|"
    r"ceo|cfo|chairman|chairwoman|managing\s+director|headquarters|factory|factories|plant|plants|products|"
    r"stores|outlets|branches|servers|auditors?|lenders|"
    r"revenue|profits?|annual\s+report"
)
_POSSESSIVE_END = r"['’`]s?"
_ORGANISATION_ROLES = r"chief\s+executive|ceo|cfo|chairman|chairwoman|managing\s+director|head\s+coach|coach|founder|general\s+manager"


def _described_as_organisation(text: str, names: str) -> bool:
    """The article treats the subject as an organisation: "shares of Pipkin Toys", "Vantor
    Cloud's chief executive", "Osterley shares", "Minera Cerro Alto, which operates", "The
    Harbor City Stingrays insisted" (a person's name takes no article, and is "who", not
    "which")."""
    name = rf"(?:the\s+)?(?i:{names})"
    pattern = re.compile(
        rf"\b(?i:shares|stock|shareholders|investors)\s+(?:of|in)\s+{name}\b"
        rf"|\b{name}{_POSSESSIVE_END}\s+(?:[a-z-]+\s+)?(?i:{_ORGANISATION_PARTS})\b"
        rf"|\b{name}\s+(?i:shares|stock)\b"
        rf"|\b(?i:{_ORGANISATION_ROLES})\s+(?:of|at)\s+{name}\b"
        rf"|(?:^|[.!?]\s+)(?:[Tt]he\s+)?(?i:{names}),\s+which\b"
        rf"|\b[Tt]he\s+(?i:{names})\s+(?:said|say|says|insisted|denied|announced|confirmed|have|has|were|are)\b",
        re.MULTILINE,
    )
    return bool(pattern.search(text))


def _contains_run(words: list[str], run: list[str]) -> bool:
    n = len(run)
    return any(words[i : i + n] == run for i in range(len(words) - n + 1))


_ORGANISATION_NAME = re.compile(
    r"\b(?:Inc|Corp|Ltd|plc|Group|Ministry|Union|Bank|Airlines?|Airways|Air|Motors|Foods|Meats|"
    r"Society|Party|Institute|University|Agency|Council|Federation|Association|Club|Zoo|Government|"
    r"League|Police|Labs|Systems|Technologies|Software|Pharma|Media|Records|Studios|Entertainment|Energy|Mining|"
    r"Resources|Holdings|Partners|Capital|Insurance|Telecom|Mobile|Wireless|Networks|FC|United|"
    r"Communications|Health|Trust|Department|Office|Commission|Authority|Board|Logistics|Retail|Devices|"
    r"Medical|Centre|Center|Hospital|Clinic|Port|Workers|Pharmaceuticals|Industries|Brands|Airport|"
    r"Studio|Games|Foundation|Services|Solutions|Electric|Steel|Oil|Gas|Power|Water|Rail)\b|&|[A-Z]{2,}"
)
# A word after a capitalised name that makes the name a modifier: a role ("Tottenham
# manager") or any common noun heading the phrase ("French fencer", "a Pentagon agency").
_HEAD_AFTER_NAME = re.compile(r"\s+(?:[a-z][a-z-]*\s+)*?([a-z][a-z-]+)\b")


def _is_organisation_name(name: str) -> bool:
    """A company, body or government rather than a person, judged from the name alone."""
    words = name.split()
    return bool(_ORGANISATION_NAME.search(name)) or len(words) == 1 or len(words) > 3


def _describes_affiliation(description: str, match: re.Match) -> bool:
    """The capitalised words of ``match`` modify a noun ("Alaska governor") or end in a role
    word ("Indian Defence Minister"), so they describe the subject's affiliation."""
    last = normalise(match.group(0).split()[-1])
    if last in _ROLE_WORDS or last in _TITLE_NOUNS:
        return True
    following = description[match.end() :]
    head = _HEAD_AFTER_NAME.match(following)
    return bool(head) and head.group(1) not in {"and", "or", "via", "for", "of"} and not following.startswith((",", ";", ")"))


def _initialisms(tokens: list[str]) -> set[str]:
    """The initialisms a text may shorten an organisation's name to: the first letters of its
    content words, keeping "&" ("Johnson & Johnson" -> "j&j", "National Center for Medical
    Intelligence" -> "ncmi"). News style abbreviates a body's name this way after its first
    mention, often announcing it in parentheses ("Neptune Orient Lines (NOL)"). Two letters
    alone are too ambiguous.

    Example:
        >>> sorted(_initialisms(["Neptune", "Orient", "Lines"]))
        ['nol']
    """
    letters = [t[0] for t in tokens if t == "&" or (t[:1].isalpha() and normalise(t) not in {"of", "for", "the", "and"})]
    initialism = "".join(letters).lower()
    return {initialism} if len(initialism) >= 3 else set()


def _name_tokens(name: str) -> list[str]:
    """The words of a capitalised run that name someone: role words dropped ("President
    Aditya Ghosh"), joiners inside the name kept ("Ministry of National Security")."""
    tokens = [t for t in name.split() if normalise(t) not in _ROLE_WORDS or normalise(t) in _NAME_JOINERS]
    while tokens and normalise(tokens[0]) in _NAME_JOINERS:
        tokens.pop(0)
    while tokens and normalise(tokens[-1]) in _NAME_JOINERS:
        tokens.pop()
    return tokens


_NAME_JOINERS = frozenset({"of", "for", "&"})
# Words of an organisation's name whose generic head differs ("Jet Airways" is "the airline").
_NAME_WORD_HEADS = {"airways": "airline", "airlines": "airline", "aviation": "airline", "centre": "hospital", "center": "hospital", "clinic": "hospital", "ministry": "ministry", "motors": "maker"}
_ANY_ORGANISATION_HEADS = frozenset({"company", "firm", "group", "organisation", "organization"})
# Nouns naming a business by its trade ("the phone maker", "the miner"): in an article about
# a company they refer back to it, unless the article gives the noun to another body.
_TRADE_HEADS = (ORGANISATION_NOUNS | frozenset({"maker", "manufacturer", "retailer", "carrier", "airline", "bank", "label", "studio"})) - frozenset(
    {"school", "college", "exchange", "fund", "outlet", "newspaper", "broadcaster", "publisher", "society", "trust", "charity", "district", "service"}
)
_BELONGING_NOUNS = GENERIC_HEADS | PERSON_ROLE_HEADS | _ROLE_WORDS
