"""The reader's memory of who has been named and who spoke, so that "he", "Sessions", "the
ministry", "the mayor" and "a spokesman" resolve to a speaker and to whom they speak for."""

from __future__ import annotations

import re

from .names import (
    NATIONALITY,
    NOT_NAMES,
    clean_name,
    drop_leading_connectives,
    drop_leading_non_names,
    is_phrase,
    is_source_phrase,
    looks_like_organisation,
    one_member,
    strip_titles,
)
from .speech_patterns import (
    ABBREVIATION,
    DESCRIPTOR,
    DOCUMENT,
    OWNED_DOCUMENT,
    POSSESSIVE,
    PROPER,
    REP_WORDS,
)
from .subject import (
    CORPORATE_ROLES,
    GENERIC_HEADS,
    ORGANISATION_NOUNS,
    PERSON_DESCRIPTIONS,
    PERSON_ROLE_HEADS,
    TITLE_WORDS,
    Subject,
    normalise,
)

_ROLE_WINDOW = 80  # characters before a name searched for the role that introduces it


class EntityMemory:
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
        self.organisations: set[str] = set()  # names introduced by a noun for a body ("platform Passkey")
        if subject is not None and not subject.is_organisation:
            # "Harry Redknapp (Tottenham manager)": the description gives the subject's role
            for word in re.findall(r"[a-z]+", subject.name.lower()):
                if word in PERSON_ROLE_HEADS:
                    self.roles.setdefault(word, subject.name)

    def observe_names(self, text: str) -> list[str]:
        """Note the names in ``text``; returns the people among them, in order."""
        people = []
        for match in re.finditer(PROPER, text):
            name = strip_titles(clean_name(drop_leading_non_names(match.group(0))))
            if not name or name.split()[0] in NOT_NAMES:
                continue
            if not text[: match.start()].strip() and " " not in name and self.canonical(name) == name and not self._is_known(name):
                continue  # "Access logs show ...": a capitalised first word is not a person by itself
            if len(name.split()) >= 2 and name not in self.full_names:
                self.full_names.append(name)
            if _ENDS_WITH_BODY_NOUN.search(text[: match.start()]):
                self.organisations.add(name)  # "ticketing platform Passkey", "the insurer Vantor"
            if name and not looks_like_organisation(name) and name not in self.organisations:
                self.last_person = self.canonical(name)
                before = text[max(0, match.start() - _ROLE_WINDOW) : match.start()]
                self._note_role(before, self.last_person)
                if self.last_person not in self.principals and self._titled_officer(match.group(0)):
                    self.principals[self.last_person] = self.subject.name  # "Police Chief X ... the chief said"
                self._note_title(before, match.group(0), text[match.end() : match.end() + _ROLE_WINDOW], self.last_person)
                people.append(self.last_person)
        return people

    def _note_title(self, before: str, name: str, after: str, person: str) -> None:
        """Remember the role noun a person is introduced with ("Mayor Thandiwe Mokoena",
        "mayor Thandiwe Mokoena", "Mokoena, the mayor of Umzimvubu"), so that "the mayor
        said" is that person, not whoever spoke last."""
        title_words = name[: len(name) - len(strip_titles(name))].lower().split()  # "Deputy Infrastructure Minister", "State Sen."
        titled = [_TITLE_ABBREVIATIONS.get(word, word) for word in title_words]
        word_before = re.search(r"\b([a-z]+)\s*$", before.lower())
        appositive = re.match(r",\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}?([a-z]+)\b", after.lower())
        for word in [*titled, *(m.group(1) for m in (word_before, appositive) if m)]:
            if word in PERSON_ROLE_HEADS:
                self.roles.setdefault(word, person)
        # "Deputy Commissioner of Police (Outer North) Vikram Rathi ... the DCP said": a title of
        # several capitalised words is later shortened to its initials
        title = re.search(r"((?:[A-Z][a-z]+\s+(?:of\s+)?){2,5})(?:\([^()]{1,40}\)\s*)?$", before + name[: len(name) - len(strip_titles(name))])
        if title:
            initials = "".join(w[0] for w in title.group(1).split() if w[0].isupper()).lower()
            self.roles.setdefault(initials, person)

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
        return who in self.outlets or is_source_phrase(who)

    def remember(self, speaker: str | None, behalf: str | None, verb: str | None = None) -> None:
        """Note the latest speaker (and whom they spoke for) for later pronouns."""
        if speaker and verb in {"reported", "reports"}:
            self.spoken.add(speaker)
            self.note_outlet(speaker)  # "Der Spiegel reported that ...": a person reports nothing
            self.last_speaker = speaker
            return
        if speaker:
            self.spoken.add(speaker)
            self.last_speaker = behalf or speaker if is_phrase(speaker) else speaker
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
        if is_phrase(speaker):
            return bool(head) and head.group(1) not in PERSON_ROLE_HEADS | PERSON_DESCRIPTIONS and not re.search(REP_WORDS, speaker.lower())
        return looks_like_organisation(speaker) or speaker in self.organisations

    def _is_known(self, name: str) -> bool:
        """The name is the subject's or one already seen."""
        return (self.subject is not None and self.subject.refers_to(name)) or name in self.spoken or name == self.last_person

    def topic_of(self, sentence_text: str) -> str | None:
        """The person a sentence opens with as its subject ("Nowicki has been criticised ..."),
        or ``None`` when it opens otherwise (a quote, a body, a pronoun, a description)."""
        match = re.match(PROPER, sentence_text.lstrip())
        if not match:
            return None
        raw = clean_name(match.group(0))
        name = strip_titles(raw)
        if not name or name.split()[0] in NOT_NAMES or looks_like_organisation(name) or (name == raw and raw.split()[0].lower() in TITLE_WORDS):
            return None
        rest = sentence_text.lstrip()[match.end() :]
        if re.match(r"['’`]s?\s", rest) or re.search(r"['’`]s?$", match.group(0)):
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
        name = strip_titles(name)
        if self.subject is not None and self.subject.refers_to(name):
            return self.subject.name
        key = normalise(name)
        matches = []
        for full in reversed(self.full_names):
            words = normalise(full).split()
            # a surname, or the first of two ("Ledesma" for Mauricio Ledesma Arriaga)
            surnames = words[-2:] if len(words) >= 3 else words[-1:]
            if key and (key == normalise(full) or (len(key.split()) == 1 and key in surnames)):
                matches.append(full)
        # Two people may share a surname (a manager and the father who founded the firm):
        # "Bhandari said" is the one already quoted, else the one named last.
        if matches:
            return next((full for full in matches if full in self.spoken), matches[0])
        # "Dewi said": Indonesian, Malay and sports copy name a person again by the given name;
        # only a given name no one else named in full shares
        given = [full for full in self.full_names if len(key.split()) == 1 and normalise(full).split()[0] == key]
        return given[0] if len(given) == 1 else name

    def resolve(
        self, who: str, appositive: str | None = None, antecedent: str | None = None
    ) -> tuple[str | None, str | None, tuple[str, ...]]:
        """Resolve a raw attribution phrase ("he", "a Cadence spokesman, Derek Imholt", ...);
        ``antecedent`` is whom "he" or "she" refers to when the sentence says so.

        Returns:
            ``(speaker, on_behalf_of, flags)``: the person or body speaking, whom they speak
            for when they are a representative (or ``None``), and how it was resolved.
        """
        who = drop_leading_connectives(one_member(re.sub(ABBREVIATION + "$", "", who.strip().strip(","))))
        owned = OWNED_DOCUMENT.fullmatch(who)
        if owned:
            who = owned.group("owner")  # "the company's Sunday statement" speaks for the company
        lower = who.lower()
        subject = self.subject
        if appositive:
            # "The senator, Delcidio Amaral of the ruling party, told": the name before "of";
            # "X, Regional Communications Manager of the company," stays a title
            head = re.match(rf"({PROPER})\s+(?:of|for|at)\s", appositive.strip())
            if head and not (CORPORATE_ROLES.search(head.group(1).split()[-1]) or head.group(1).split()[-1].lower() in TITLE_WORDS | PERSON_ROLE_HEADS):
                appositive = head.group(1)
        named_appositive = bool(appositive and re.fullmatch(PROPER, appositive.strip()))
        descriptive = not re.match(PROPER + r"\s*$", who) or bool(re.search(r"['’]s?\s+[a-z]", who))
        if named_appositive and descriptive:
            # "the representative, Jessa Kwan, told" / "Rana's lawyer, Mahmud Chowdhury, said"
            person, role = self.canonical(clean_name(appositive)), who
        else:
            if DOCUMENT.fullmatch(lower):
                # "the statement said": a document speaks for whoever issued it, last named
                return self.last_speaker, self.last_principal if self.last_principal != self.last_speaker else None, ("document",)
            if re.fullmatch(DESCRIPTOR, who) and not antecedent and subject is not None and not subject.is_organisation:
                # "the 23-year-old said": news style describes whoever the story follows
                return subject.name, None, ("descriptor",)
            if re.fullmatch(DESCRIPTOR, who) or lower in {"he", "she", "i"}:
                person = antecedent or self.person_pronoun()
                return person, self.principals.get(person) if person else None, ("pronoun",)
            if lower == "it":
                return self.thing_pronoun(), None, ("pronoun",)
            if lower in {"we", "they"}:
                return (subject.name if subject and subject.is_organisation else self.last_speaker), None, ("pronoun",)
            generic = re.match(r"(?:the|its|his|her|their|a|an)\s+(?:[\w-]+\s+){0,2}([a-z]+)$", lower)
            if generic and not re.search(REP_WORDS, lower):
                head = generic.group(1)
                if head in PERSON_ROLE_HEADS or head in self.roles:
                    # "the deputy minister": the person introduced as deputy minister, or as either
                    known = [self.roles[w] for w in [head, *lower.split()[1:-1]] if w in self.roles]
                    person = known[0] if known else self.person_pronoun()
                    return person, self.principals.get(person) if person else None, ("role-noun",)
                if subject and subject.is_head_of(head):
                    return subject.name, None, ("generic",)
                return who, None, ("generic",)
            names = list(re.finditer(PROPER, who))
            # "a friend of Amara's", "a spokeswoman for the Harbour Clinic": a name after "of"
            # or "for" completes the head noun before it; the head, not the name, speaks.
            ends_with_name = (
                bool(names)
                and names[-1].end() == len(who)
                and not re.search(REP_WORDS + r"$", lower)
                and not re.search(r"\b(?:of|for)\s+(?:the\s+)?$", who[: names[-1].start()])
            )
            possessed = re.match(PROPER + POSSESSIVE + r"\s+(?:[a-z-]+\s+)*?([a-z]+)$", who)
            if possessed and possessed.group(1) in self.roles and not ends_with_name:
                # "Spurs' manager" when the manager has been named: that person
                person = self.roles[possessed.group(1)]
                return person, self.principals.get(person), ("role-noun",)
            if ends_with_name:
                person = self.canonical(re.sub(r"^" + _PERSON_TITLES, "", clean_name(names[-1].group(0))).strip())
                if _ENDS_WITH_BODY_NOUN.search(who[: names[-1].start()].lower()):
                    self.organisations.add(person)  # "the consumer group Fair Deal said": a body speaks
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

    def _titled_officer(self, name: str) -> bool:
        """The title a name opens with makes that person the subject's officer wherever they
        are named: a police rank in a police story, or a title with the subject's own head noun
        ("Hospital Director X")."""
        subject = self.subject
        if subject is None or not subject.is_organisation:
            return False
        title = name[: len(name) - len(strip_titles(name))]
        words = re.findall(r"[a-z]+", title.lower())
        if re.search(r"\bpolice\b", subject.name, re.IGNORECASE) and _POLICE_RANK.search(title):
            return True
        return any(subject.is_head_of(word) for word in words) and not _POLICE_MINISTER.search(title)

    def _official_title(self, name: str) -> str:
        """The title a name opens with ("Undersecretary Paula Araneda", "Deputy Minister X"),
        when the subject is a government body that such an official speaks for, or a title
        only a company gives ("Executive Vice President X") when it is a company; else "".
        A capitalised title is otherwise a public office, so in an article about a company
        "President X" is a head of state, not the company's president."""
        subject = self.subject
        if subject is None or not subject.is_organisation:
            return ""
        bare = strip_titles(name)
        title = name[: len(name) - len(bare)].strip() if bare != name else ""
        if re.search(r"\bpolice\b", subject.name, re.IGNORECASE) and not _POLICE_RANK.search(title):
            return ""  # "Police Minister X" answers for the police in parliament; a rank speaks for the force
        if any(subject.is_head_of(word) for word in re.findall(r"[a-z]+", title.lower())):
            return title  # "Hospital Director Dr. X", "University President Prof. X"
        words = title.split()
        if any(subject.refers_to(" ".join(words[:n])) for n in range(1, len(words))):
            return title  # "Cascadia State Athletic Director X": the subject's own officer
        if not _GOVERNMENT_BODY.search(subject.name):
            # a company's officers carry titles no public office has ("Executive Vice President X")
            return title if _CORPORATE_TITLE.search(title) else ""
        return title

    def _named_principal(self, role: str) -> str | None:
        """The body a role phrase names as its principal: "spokesman for X", "X's lawyer"."""
        after = re.search(r"\b(?:for|of|at)\s+(.*)$", role)
        if after:
            # "the president of Portuguese top-flight club SC Marão": the body, not the adjective
            names = [clean_name(m.group(0)) for m in re.finditer(PROPER, after.group(1)) if m.group(0).split()[0] not in NOT_NAMES]
            subject = self.subject
            for name in names:
                if subject is not None and subject.refers_to(name):
                    return subject.name
            if names:
                return self.canonical(names[-1] if NATIONALITY.search(names[0]) and len(names[0].split()) == 1 else names[0])
        possessive = re.search(r"(" + PROPER + r")" + POSSESSIVE + r"\s+[a-z]", role)
        if possessive:
            return self.canonical(clean_name(possessive.group(1)))
        return None

    def _subject_as_owner(self, role: str) -> str | None:
        """The subject, when a role phrase names it by a head noun: "the company's head of
        communications", "a hospital spokesman", "the mayor's spokesperson" (a person subject),
        "the official spokesman of the ministry"."""
        lower = role.lower()
        subject = self.subject
        served = re.search(REP_WORDS + r"\s+(?:of|for|at)\s+the\s+(?:[a-z]+['’]s\s+)?([a-z]+)\b", lower)
        if served and subject is not None:
            # "the spokesman of the ministry", "a spokesperson for the sheriff's office" name
            # the body outright: only the subject's own head noun counts, not a trade it might
            # be called by ("a spokesman for the bank")
            return subject.name if served.group(1) in subject.heads else None
        owner = re.search(r"\b(?:the|its|a|an)\s+([a-z]+)(?:['’]s?)?\s+(?:[a-z-]+\s+)*?" + REP_WORDS, lower) or re.search(
            r"\b(?:the|its)\s+([a-z]+)['’]s?\s", lower
        )
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
        is_rep = bool(re.search(REP_WORDS, lower))
        if not is_rep and not CORPORATE_ROLES.search(role):
            return None
        named = self._named_principal(role)
        if named:
            return named
        owner = self._subject_as_owner(role)
        if owner:
            return owner
        if re.search(r"\b(?:the|its)\s+[a-z]+['’]s?\s", lower) or re.search(REP_WORDS + r"\s+(?:of|for|at)\s+the\s+[a-z]+\b", lower):
            return None  # "the municipality's acting manager", "a spokesman for the bank": another body's
        named = [m.group(0) for m in re.finditer(PROPER, role) if m.group(0).split()[0] not in NOT_NAMES]
        for name in named:  # "A Cadence spokesman", "Harrow Valley spokeswoman"
            if subject and subject.refers_to(name):
                return subject.name
        if re.match(r"(?:his|her|their)\s", lower):
            return self.last_principal if self.last_principal and is_rep else (self.last_speaker or self.last_person)
        if subject and _names_other_body(role, subject):
            return None  # "Almada president Rui Castanheira": an officer of another body
        # "a Zambian opposition spokesman": the noun before the role word names whom it serves
        modifier = re.search(r"\b([a-z]+)\s+" + REP_WORDS + r"\b", lower)
        if subject and modifier and modifier.group(1) in _SERVED_BODIES and not subject.is_head_of(modifier.group(1)):
            return None
        if is_rep and re.match(r"(?:an?|its|their)\s", lower) and self._body_just_spoke():
            # "The federation said it had opened a case. A spokesperson said ...": a new
            # spokesperson is theirs, and so is "its spokesperson" ("the spokeswoman" is one
            # already introduced)
            return self.speaking_body[0]
        if subject and subject.is_organisation:
            return subject.name  # an officer of the company the article is about
        if subject and is_rep and re.search(r"lawyer|attorney|counsel|spokes|representative|rep\b|publicist|agent|manager", lower):
            return subject.name  # a person's lawyer or publicist in an article about that person
        # A spokesman or lawyer named without a principal speaks for the last one named; a
        # director or producer does not speak for whoever was represented last.
        return self.last_principal if is_rep else None


# A subject whose officials speak for it under their title alone ("Undersecretary X told
# reporters", "Acting Assistant Commissioner X said").
_GOVERNMENT_BODY = re.compile(r"\b(?:Ministry|Department|Government|Office|Agency|Commission|Secretariat|Cabinet|Police)\b", re.IGNORECASE)
# Bodies a spokesperson can serve, named by a common noun ("an opposition spokesman").
_SERVED_BODIES = GENERIC_HEADS | frozenset({"opposition", "police", "prosecution", "defence", "defense", "court", "palace", "embassy"})
# A noun for a body just before a name introduces the name as a body ("the consumer group
# Fair Deal", "ticketing platform Passkey"); compiled once, as it is tried for every name.
_ENDS_WITH_BODY_NOUN = re.compile(rf"\b(?:{'|'.join(sorted(GENERIC_HEADS | ORGANISATION_NOUNS))})\s*$")
# Abbreviated titles and the role nouns that later stand for them ("State Sen. X ... the senator").
_TITLE_ABBREVIATIONS = {"sen.": "senator", "gov.": "governor", "rep.": "representative", "supt.": "superintendent", "prof.": "professor"}
# Words that qualify a rank without naming a body ("Acting Assistant Commissioner").
_RANK_MODIFIERS = frozenset({"acting", "assistant", "associate", "senior", "junior", "interim", "principal", "first"})
_CORPORATE_TITLE = re.compile(
    r"\b(?:executive|chief|officer|managing|ceo|cfo|coo|cto|chairman|chairwoman|founder|co-founder|general\s+manager)\b", re.IGNORECASE
)
_POLICE_MINISTER = re.compile(r"\bminister\b", re.IGNORECASE)
_POLICE_RANK = re.compile(
    r"\b(?:commissioner|superintendent|inspector|constable|sergeant|detective|officer|chief|commander|sp|asp|ssp|dsp|acp|dcp|igp|aigp|supt|insp)\b",
    re.IGNORECASE,
)
_PERSON_TITLES = r"(?:(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Prof|Gen|President|Minister|Senator|Governor|Judge|Chief)\.?\s+)?"


def _names_other_body(context: str, subject: Subject) -> bool:
    """The role phrase names an organisation other than the subject ("Sahyadri Realty's director")."""
    for match in re.finditer(PROPER, context):
        words = [
            w for w in match.group(0).split()
            if not CORPORATE_ROLES.fullmatch(w)
            and w.lower().strip(".") not in PERSON_ROLE_HEADS | TITLE_WORDS | _RANK_MODIFIERS
            and w not in NOT_NAMES
            and not subject.is_head_of(w.lower())  # "Hospital Director": the subject's own head noun
        ]
        if len(words) == 1 and NATIONALITY.search(words[0]) and not words[0].endswith("man"):  # "Ombudsman" is a body
            continue  # "European operations chief": an adjective of place, not a body
        if words and not subject.refers_to(" ".join(words)):
            return True
    return False
