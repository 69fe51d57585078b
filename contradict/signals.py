"""Surface signals of a statement/report pair: names, numbers, dates and event words.

Retrieval uses them to find the report that speaks to a statement; the judge uses them to
see a clash ("eight" vs "13", "April" vs "June") that NLI models trained on general data
often miss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12, "single": 1, "once": 1, "twice": 2,
}
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])|\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_APPROXIMATE = re.compile(r"\b(?:about|around|nearly|almost|roughly|approximately|some|up to|at least|more than|over|under|fewer than|less than)\s+$", re.IGNORECASE)
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][\w'’&-]+|[A-Z]{2,})")
_STOP_CAPS = frozenset("I The A An He She It They We His Her Its Their Mr Mrs Ms Dr But And Or In On At".split())

# Event words, reduced to one stem per event: "met", "meeting", "meetings" -> "meet".
_EVENTS = {
    "meet": r"meet|meets|met|meeting|meetings|talk|talks|talked|discuss|discussed|discussion|conversation|conversations|contact|contacts",
    "pay": r"pay|paid|payment|payments|bribe|bribes|money|funds|donation|donations|transfer|transfers",
    "sell": r"sell|sold|sale|sales|sells|buy|bought|acquire|acquired|acquisition|deal|merger",
    "sign": r"sign|signed|signature|signing|contract|agreement",
    "test": r"test|tests|tested|positive|sample|samples|doping|drug|drugs",
    "leave": r"resign|resigned|resignation|quit|fired|sacked|dismissed|dismissal|leave|leaving|left|step down|stepped down",
    "breach": r"breach|breached|hack|hacked|hacker|leak|leaked|stolen|accessed|compromised",
    "delay": r"delay|delayed|postpone|postponed|late|launch|ship|shipping|release|released",
    "cut": r"layoff|layoffs|cut|cuts|jobs|redundancies|job losses|close|closing|closure",
    "know": r"know|knew|known|aware|learned|informed|told|warned",
    "injure": r"injured|injury|hurt|killed|dead|died|death|deaths|wounded|sick|ill|infected|cases",
}
_EVENT_PATTERNS = {stem: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for stem, words in _EVENTS.items()}


def numbers(text: str, exact_only: bool = False) -> set[float]:
    """Numbers mentioned in ``text`` ("13", "1,100", "eight"), years excluded.

    Args:
        exact_only: skip numbers marked as approximate or bounds ("about 40", "up to eight").
    """
    found = set()
    for match in _NUMBER.finditer(text):
        if exact_only and _APPROXIMATE.search(text[: match.start()]):
            continue
        raw = match.group(1) or match.group(2)
        value = _NUMBER_WORDS.get(raw.lower()) if match.group(2) else float(raw.replace(",", ""))
        if value is not None and not (match.group(1) and _YEAR.fullmatch(raw)):
            found.add(float(value))
    return found


def dates(text: str) -> set[str]:
    """Months, years and weekdays named in ``text``, normalised ("apr", "2016", "friday")."""
    months = {m.group(1)[:3].lower() for m in _MONTH.finditer(text) if not (m.group(1) == "May" and _is_modal_may(text, m.start()))}
    return months | set(_YEAR.findall(text)) | {d.lower() for d in _WEEKDAY.findall(text)}


def _is_modal_may(text: str, start: int) -> bool:
    following = text[start + 3 : start + 12].strip().lower()
    return not re.match(r"\d|of\b|this\b|last\b|next\b|[,.]|$", following)


def entities(text: str) -> set[str]:
    """Capitalised names in ``text`` (lower-cased), sentence-initial words left out."""
    return {m.group(1).lower().strip("'’") for m in _CAPITALISED.finditer(text) if m.group(1) not in _STOP_CAPS}


def events(text: str) -> set[str]:
    """The event stems ``text`` speaks of ("meet", "pay", "test", ...)."""
    return {stem for stem, pattern in _EVENT_PATTERNS.items() if pattern.search(text)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass(frozen=True)
class SurfaceSignals:
    """What the surfaces of a statement and a report share or disagree on."""

    entity_overlap: float
    event_overlap: float
    number_clash: bool
    number_match: bool
    date_clash: bool
    date_match: bool

    @classmethod
    def of(cls, statement: str, report: str) -> "SurfaceSignals":
        s_num, r_num = numbers(statement, exact_only=True), numbers(report, exact_only=True)
        s_date, r_date = dates(statement), dates(report)
        s_months = {d for d in s_date if d.isalpha() and len(d) == 3}
        r_months = {d for d in r_date if d.isalpha() and len(d) == 3}
        return cls(
            entity_overlap=jaccard(entities(statement), entities(report)),
            event_overlap=jaccard(events(statement), events(report)),
            number_clash=bool(s_num and r_num and not s_num & r_num),
            number_match=bool(s_num & r_num),
            date_clash=bool(s_months and r_months and not s_months & r_months),
            date_match=bool(s_date & r_date),
        )
