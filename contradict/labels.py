"""The one canonical NLI label order used everywhere in contradict.

Every array of NLI probabilities in this package has its columns in this order, whatever
order the underlying checkpoint uses (see :mod:`contradict.nli`).
"""

from __future__ import annotations

ENTAILMENT = "entailment"
NEUTRAL = "neutral"
CONTRADICTION = "contradiction"

#: Column order of every (n, 3) probability array.
LABELS: tuple[str, str, str] = (ENTAILMENT, NEUTRAL, CONTRADICTION)
LABEL_INDEX: dict[str, int] = {name: i for i, name in enumerate(LABELS)}

#: The second label of two-way NLI data (RTE style), where neutral and contradiction fold into one.
NOT_ENTAILMENT = "not_entailment"
#: Labels of two-way NLI data.
TWO_WAY_LABELS: tuple[str, str] = (ENTAILMENT, NOT_ENTAILMENT)
