"""Short, human-readable reasons for a judged pair, derived from the pair itself."""

from __future__ import annotations

from .cues import denial_cues
from .labels import CONTRADICTION
from .records import Judgement, Pair
from .signals import dates, events, numbers


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def reasons_for(pair: Pair, judgement: Judgement) -> tuple[str, ...]:
    """Why the pair was judged as it was, e.g. ``("denial vs report", "meet vs no meet")``.

    Example:
        The reasons of a denial of meetings against a report of two meetings in April and
        July include ``"denial vs report"`` and ``"meeting vs no meeting"``.
    """
    statement, report = pair.statement, pair.report
    premise, text = pair.premise, report.span.text
    reasons: list[str] = []
    if statement.is_non_denial:
        reasons.append("non-denial")
    elif statement.is_denial and not denial_cues(text):
        reasons.append("denial vs report")
    elif bool(denial_cues(premise)) != bool(denial_cues(text)):
        reasons.append("negation")
    if premise != statement.span.text:
        reasons.append("bare denial resolved to the report it answers")
    s_num, r_num = numbers(premise, exact_only=True), numbers(text, exact_only=True)
    if s_num and r_num and not s_num & r_num:
        reasons.append(
            f"different number ({', '.join(map(_format_number, sorted(s_num)))} vs {', '.join(map(_format_number, sorted(r_num)))})"
        )
    s_months = {d for d in dates(premise) if d.isalpha() and len(d) == 3}
    r_months = {d for d in dates(text) if d.isalpha() and len(d) == 3}
    if s_months and r_months and not s_months & r_months:
        reasons.append(f"different date ({', '.join(sorted(s_months))} vs {', '.join(sorted(r_months))})")
    if statement.is_denial and judgement.label == CONTRADICTION:
        for event in sorted(events(premise) & events(text)):
            reasons.append(f"{_EVENT_NAMES.get(event, event)} vs no {_EVENT_NAMES.get(event, event)}")
    if report.hedged:
        reasons.append("hedged report")
    if report.source:
        reasons.append(f"source: {report.source}")
    return tuple(dict.fromkeys(reasons))


_EVENT_NAMES = {
    "meet": "meeting",
    "pay": "payment",
    "sell": "sale",
    "sign": "signing",
    "test": "test result",
    "leave": "departure",
    "breach": "breach",
    "delay": "delay",
    "cut": "job cuts",
    "know": "knowledge",
    "injure": "harm",
}
