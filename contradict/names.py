"""What kind of name a capitalised phrase is: a person's, an organisation's, an outlet's,
or no name at all ("Monday", "However"), and the cleaning that makes names comparable."""

from __future__ import annotations

import re

from .subject import (
    TITLE_WORDS,
)

# Adjectives of nationality or region end this way ("European", "Kenyan", "Spanish", "Japanese").
NATIONALITY = re.compile(r"(?:an|ian|ean|ese|ish|i)$")

#: Capitalised words that are not names: days, months, and words that open sentences.
NOT_NAMES = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December The A An In On At After Before But And Or Later Earlier
    According Asked Speaking When While This That These Those It He She They We I His Her Their Its Our
    Mr Mrs Ms Dr If As For From With Without By Since Until Also Meanwhile However Still Yet Now Then""".split()
)


# Words that open a sentence before its speaker's name and are no part of it ("But McKechnie
# said", "In January Wielgosz published"); articles, pronouns and titles are left to the caller.
_LEADING_CONNECTIVES = NOT_NAMES - set("The A An This That These Those It He She They We I His Her Their Its Our Mr Mrs Ms Dr".split())


def drop_leading_connectives(name: str) -> str:
    """A proper-name phrase without the sentence's opening words before the name."""
    tokens = name.split()
    start = 0
    while start < len(tokens) - 1 and tokens[start] in _LEADING_CONNECTIVES and tokens[start + 1][:1].isupper():
        start += 1
    return " ".join(tokens[start:]) if start else name


def drop_leading_non_names(text: str) -> str:
    tokens = text.split()
    while tokens and tokens[0] in NOT_NAMES:
        tokens.pop(0)
    while tokens and tokens[-1] in NOT_NAMES:
        tokens.pop()
    return " ".join(tokens)


def strip_titles(name: str) -> str:
    """ "Interior Minister Helen Marsh" -> "Helen Marsh" (the words after the last title).

    A title may name its office after "of" ("Minister of Finance Ali Khan", "Commissioner of
    Police (Outer North) Vikram Rathi"): the office is one word, or more while the name
    would keep more than two ("Minister of Foreign Affairs Ali Khan"); a title alone
    ("Secretary of State") is returned whole."""
    tokens = re.sub(r"\s*\([^()]*\)", "", name).split()
    cut = max((i for i, t in enumerate(tokens) if t.lower().strip(".") in TITLE_WORDS), default=-1)
    if not 0 <= cut < len(tokens) - 1:
        return name
    rest = tokens[cut + 1 :]
    if rest[0] in {"of", "for"}:
        rest = rest[1 + max(1, len(rest) - 3) :]
    return " ".join(rest) or name


def is_phrase(speaker: str) -> bool:
    """A descriptive phrase ("her representative") rather than a name."""
    return speaker[:1].islower() or speaker.split()[0] in {"The", "A", "An", "His", "Her", "Its", "Their"}


def clean_name(name: str) -> str:
    name = re.sub(r"\s+[\"“][^\"”]{1,20}[\"”](?=\s)", "", name.strip())  # 'Ramon "Boy" Cruz' is Ramon Cruz
    name = re.sub(r"['’`]s?$", "", name)
    return name.strip(" ,.")


# Newspapers, broadcasters and their common nouns ("the Coastal Herald reported", "the magazine said").
# Words that also name other businesses ("Royal Mail", "American Express") are left out.
_OUTLET_WORDS = (
    r"Post|Times|Journal|News|Reuters|Press|Herald|Tribune|Guardian|Telegraph|Gazette|Observer|Chronicle|"
    r"Courier|Courant|Magazine|newspaper|paper|magazine|tabloid|broadcaster|"
    # news agencies and broadcasters that go by their initials or a one-word name
    r"AFP|AP|Agence France-Presse|Bloomberg|BBC|CNN|Xinhua|Kyodo|Yonhap|TASS|PTI|dpa|EFE|ANSA|UPI|Al Jazeera|"
    r"news agency|wire service"
)
_ORG_HINTS = re.compile(
    r"\b(?:Inc|Corp|Ltd|Ministry|Department|Agency|FBI|CIA|Police|Party|Union|Council|Commission|Court|Bank|"
    r"Group|Airlines?|University|Institute|Association|Federation|League|Club|Office|House|Senate|Congress|"
    rf"Parliament|Government|Twitter|Facebook|Hospital|Committee|Authority|Foundation|{_OUTLET_WORDS})\b"
)


_ONE_OF_GROUP = re.compile(r"[Oo]ne\s+of\s+(?P<group>(?:the|its|his|her|their)\s+(?:[a-z-]+\s+){0,2}?(?P<head>[a-z]+))s\b")


def one_member(who: str) -> str:
    """A speaker named as one of a group, as that group's noun in the singular ("one of her
    lawyers" -> "her lawyer", "one of the companies that make it" -> "the company"), so it
    resolves as any role noun does; any other phrase unchanged."""
    group = _ONE_OF_GROUP.match(who)
    if not group:
        return who
    head = group.group("head")
    if head.endswith("ie"):
        singular = head[:-2] + "y"  # companies
    elif head.endswith(("sse", "xe", "che", "she")):
        singular = head[:-1]  # witnesses, churches
    else:
        singular = head
    return group.group("group")[: -len(head)] + singular


def looks_like_organisation(name: str) -> bool:
    return bool(_ORG_HINTS.search(name)) or name.isupper()


def is_source_phrase(who: str) -> bool:
    """Outlets and documents report; they are sources of reports, not speakers of statements."""
    return bool(re.search(rf"\b(?:{_OUTLET_WORDS}|report|documents?|records?|filings?)\b", who))
