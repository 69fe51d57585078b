"""Word lists and patterns for denials, non-denials, hedges and reporting verbs.

Kept apart from the logic that uses them so that the lists can be read and extended in one
place. The denial and non-denial cues follow the negation-cue inventories of the
*SEM 2012 shared task on negation (Morante & Blanco) narrowed to news usage; the hedge cues
follow the CoNLL-2010 hedge-detection lexicon (Farkas et al.).
"""

from __future__ import annotations

import re

REPORTING_VERBS: tuple[str, ...] = tuple(
    """said says say told tells tell added adds insisted insists insist denied denies deny dismissed
    dismisses rejected rejects reject vowed vows wrote writes tweeted tweets posted posts stated states
    claimed claims maintained maintains stressed stresses explained explains noted notes argued argues
    asserted asserts declared declares acknowledged acknowledges admitted admits confirmed confirms
    conceded concedes countered counters responded responds replied replies repeated repeats warned
    warns announced announces reiterated reiterates emphasised emphasized emphasises emphasizes
    refuted refutes disputed disputes contended contends recalled recalls complained complains
    alleged alleges promised promises pledged pledges swore swears testified testifies rebuffed
    rebuffs slammed slams described describes called calls repudiated repudiates clarified clarifies
    assured assures informed informs revealed reveals declined declines refused refuses
    outlined outlines blamed blames affirmed affirms accepted accepts notified notifies reported
    confirm comment commented detailed details dispute admit acknowledge written estimated estimates""".split()
)
#: Verbs that by themselves deny the content that follows ("X denied that ...").
DENIAL_VERBS = frozenset(
    "denied denies deny dismissed dismisses rejected rejects reject refuted refutes disputed disputes "
    "repudiated repudiates rebuffed rebuffs".split()
)

_DENIAL = re.compile(
    r"\b(?:never|not|no|nothing|none|nobody|neither|nor|n't|cannot|false|falsely|untrue|baseless|"
    r"unfounded|groundless|fabricated|fabrication|fiction|nonsense|lies?|lying|categorically|"
    r"incorrect|inaccurate|wrong|misleading|denied|denies|deny|denial|rejected|rejects|dismissed|"
    r"refuted|refutes|disputed|fake|bogus|rubbish|without (?:merit|foundation|basis)|no truth)\b|n't\b",
    re.IGNORECASE,
)
_NON_DENIAL = re.compile(
    r"\b(?:(?:did|does|do|would|could|will|can)(?:\s+not|n't)\s+(?:deny|denied|confirm|comment|say|discuss|"
    r"speculate|elaborate|respond|address)|declined\s+to\s+(?:comment|confirm|deny|discuss|say|elaborate|"
    r"respond|address)|refused\s+to\s+(?:comment|confirm|deny|discuss|say)|no\s+comment|not\s+comment|"
    r"neither\s+confirm(?:ed)?\s+nor\s+den(?:y|ied)|(?:too\s+early|premature)\s+to|not\s+in\s+a\s+position\s+to|"
    r"does\s+not\s+comment\s+on|doesn't\s+comment\s+on|could\s+not\s+be\s+reached|did\s+not\s+respond|"
    r"did\s+not\s+return|would\s+not\s+rule\s+out|cannot\s+(?:confirm|comment|say)|unable\s+to\s+(?:confirm|comment))\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|apparently|supposedly|rumou?r(?:s|ed)?|unconfirmed|"
    r"according\s+to|(?:is|are|was|were)\s+(?:said|believed|thought|understood|alleged)\s+to|"
    r"sources?\s+(?:said|say|says|told|close)|it\s+is\s+understood|may\s+have|might\s+have|"
    r"appear(?:s|ed)?\s+to|suggest(?:s|ed)?|alleg(?:e|es|ed|ation|ations)|claim(?:s|ed)?|speculation)\b",
    re.IGNORECASE,
)


def denial_cues(text: str) -> list[str]:
    """The denial or negation cues found in ``text``, lower-cased, in order."""
    return [m.group(0).lower() for m in _DENIAL.finditer(text)]


def non_denial_cues(text: str) -> list[str]:
    """Non-denial phrases ("declined to comment", "did not deny") found in ``text``."""
    return [" ".join(m.group(0).lower().split()) for m in _NON_DENIAL.finditer(text)]


def hedge_cues(text: str) -> list[str]:
    """Hedges that mark a claim as unconfirmed ("reportedly", "according to")."""
    return [" ".join(m.group(0).lower().split()) for m in _HEDGE.finditer(text)]


def is_denial(text: str, verb: str = "") -> bool:
    """A statement denies something: a denial cue or verb, and no non-denial phrase."""
    if non_denial_cues(text) or non_denial_cues(verb):
        return False
    return verb.lower() in DENIAL_VERBS or bool(denial_cues(text))
