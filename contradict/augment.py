"""Label-preserving augmentation and re-weighting for NLI training pairs.

Each function returns new examples and never mutates its input. The edits follow the
counterfactual-augmentation idea of Kaushik et al. (ICLR 2020): a minimal edit with the
label it implies.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Iterable

from .labels import CONTRADICTION, ENTAILMENT, NEUTRAL
from .nli_data import NLIExample

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an the and or but of to in on at for by with from as is are was were be been has have had "
    "he she it they we i you his her its their our that this these those not no never did does do "
    "said says would will could should than then there which who whom what when where".split()
)
# A number that states an exact amount: an edit makes the claims clash. Bounds ("at least 8",
# "up to 8", "more than 8") stay compatible with other numbers, so they are left alone.
_EXACT_NUMBER = re.compile(
    r"(?<![\w.,])(?<!least )(?<!to )(?<!than )(?<!over )(?<!about )(?<!nearly )(?<!around )"
    r"(?<!almost )(?<!under )(\d{1,6})(?![\w.,]\d)"
)
_MONTHS = (
    "January February March April May June July August September October November December".split()
)
# "by March" / "before June" are intervals, not dates: a different month may still agree.
_MONTH = re.compile(r"(?<!by )(?<!before )(?<!after )(?<!until )(?<!since )\b(" + "|".join(_MONTHS) + r")\b")


def content_words(text: str) -> set[str]:
    """Lower-cased content words of ``text`` (stopwords and negation cues removed)."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS}


def lexical_overlap(premise: str, hypothesis: str) -> float:
    """Share of the hypothesis's content words that also occur in the premise."""
    hyp = content_words(hypothesis)
    if not hyp:
        return 0.0
    return len(hyp & content_words(premise)) / len(hyp)


def swap_contradictions(examples: Iterable[NLIExample]) -> list[NLIExample]:
    """Contradiction is symmetric: add each contradiction pair read the other way round."""
    return [
        replace(ex, premise=ex.hypothesis, hypothesis=ex.premise, source=f"{ex.source}+swap")
        for ex in examples
        if ex.label == CONTRADICTION
    ]


def edit_numbers(examples: Iterable[NLIExample], seed: int = 0) -> list[NLIExample]:
    """Entailed pairs that share an exact number become contradictions when it changes."""
    rng = random.Random(seed)
    out = []
    for ex in examples:
        if ex.label != ENTAILMENT:
            continue
        shared = set(_EXACT_NUMBER.findall(ex.premise)) & set(_EXACT_NUMBER.findall(ex.hypothesis))
        if not shared:
            continue
        old = sorted(shared)[0]
        new = str(int(old) + rng.choice([-3, -2, -1, 1, 2, 3, 5, 10]) * max(1, int(old) // 10))
        if new == old or int(new) < 0:
            continue
        edited = re.sub(rf"(?<![\w.,]){old}(?![\w.,]\d)", new, ex.hypothesis, count=1)
        out.append(replace(ex, hypothesis=edited, label=CONTRADICTION, source=f"{ex.source}+number"))
    return out


def edit_months(examples: Iterable[NLIExample], seed: int = 0) -> list[NLIExample]:
    """Entailed pairs that share a month name become contradictions when it changes."""
    rng = random.Random(seed)
    out = []
    for ex in examples:
        if ex.label != ENTAILMENT:
            continue
        shared = set(_MONTH.findall(ex.premise)) & set(_MONTH.findall(ex.hypothesis))
        if not shared:
            continue
        old = sorted(shared)[0]
        new = rng.choice([m for m in _MONTHS if m != old])
        edited = re.sub(rf"\b{old}\b", new, ex.hypothesis, count=1)
        out.append(replace(ex, hypothesis=edited, label=CONTRADICTION, source=f"{ex.source}+month"))
    return out


# A capitalised word inside a sentence (not its first word): a name, as far as a cheap rule
# can tell; month and day names and a few capitalised function words are not people or bodies.
_NAME = re.compile(r"(?<=[a-z,;]\s)([A-Z][a-z]{2,})\b")
_NOT_NAMES = frozenset(_MONTHS) | frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An He She It They We I".split()
)


def edit_names(examples: Iterable[NLIExample], seed: int = 0) -> list[NLIExample]:
    """Pairs that share a name and say something of it (entailment or contradiction) become
    neutral when the report's name is swapped for another name of the data: a claim about
    someone else neither follows from the statement nor conflicts with it."""
    examples = list(examples)
    names = [{n for n in _NAME.findall(ex.hypothesis) if n not in _NOT_NAMES} for ex in examples]
    pool = sorted(set().union(*names))
    rng = random.Random(seed)
    out = []
    for ex, report_names in zip(examples, names):
        if ex.label not in (ENTAILMENT, CONTRADICTION):
            continue
        shared = sorted(report_names & set(re.findall(r"\b[A-Z][a-z]+\b", ex.premise)))
        if not shared:
            continue
        old = shared[0]
        others = [name for name in pool if name != old and name not in ex.premise]
        if not others:
            continue
        new = rng.choice(others)
        edited = re.sub(rf"\b{old}\b", new, ex.hypothesis)
        out.append(replace(ex, hypothesis=edited, label=NEUTRAL, source=f"{ex.source}+name"))
    return out


# Negating a hypothesis with wide scope flips what it says, and the label follows from logic:
# P entails H => P contradicts not-H; P neither entails nor contradicts H => the same for
# not-H. (P contradicts H => P entails not-H is left out: many NLI contradictions rest on a
# description that does not fit the scene, "the roller skaters" for ice skaters, and its
# negation is not entailed but has nothing to refer to.)
# Only a simple clause whose first auxiliary is its main verb's is negated, so that "not"
# scopes over the whole claim: no quantifiers ("some are not" is no negation of "some are"),
# no existing negation, no subordinate or coordinate clause in which the auxiliary could sit,
# and no modal whose negation is not the claim's ("may not" is compatible with "may", "must
# not" is not the denial of "must").
_AUXILIARY = re.compile(r"\b(is|are|was|were|has|have|had|can|will|would|may|might|must|should|could)\b")
_NEGATES_CLAIM = frozenset("is are was were has have had can will would".split())
_NOT_SIMPLE = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|n't|some|many|few|several|most|all|every|each|both|any|"
    r"only|who|which|that|while|when|whose|because|if|although|though|and|or|but|than|as)\b|n't\b|[,;:]"
)
_NEGATED_LABEL = {ENTAILMENT: CONTRADICTION, NEUTRAL: NEUTRAL}


def negate_hypothesis(hypothesis: str) -> str | None:
    """``hypothesis`` with "not" after its main auxiliary, or ``None`` where that would not
    negate the whole claim (see the rules above).

    Example:
        >>> negate_hypothesis("A man is playing a guitar.")
        'A man is not playing a guitar.'
        >>> negate_hypothesis("Some children are asleep.") is None
        True
    """
    if len(hypothesis.split()) > 16 or _NOT_SIMPLE.search(hypothesis.lower()):
        return None
    match = _AUXILIARY.search(hypothesis.lower())
    if match is None or match.start() == 0 or match.group(1) not in _NEGATES_CLAIM:  # "Is he ...?" asks
        return None
    return hypothesis[: match.end()] + " not" + hypothesis[match.end() :]


def negate_hypotheses(examples: Iterable[NLIExample], fraction: float = 1.0, seed: int = 0) -> list[NLIExample]:
    """For a ``fraction`` of the pairs whose hypothesis can be negated cleanly, the pair with
    the negated hypothesis and the label logic gives it (an entailment becomes a
    contradiction, a neutral pair stays neutral), so that negation itself is never the cue."""
    rng = random.Random(seed)
    out = []
    for ex in examples:
        negated = negate_hypothesis(ex.hypothesis)
        if negated is None or ex.label not in _NEGATED_LABEL or rng.random() >= fraction:
            continue
        out.append(replace(ex, hypothesis=negated, label=_NEGATED_LABEL[ex.label], source=f"{ex.source}+negation"))
    return out


def upweight_overlapping(
    examples: Iterable[NLIExample], strength: float = 1.0
) -> list[NLIExample]:
    """Weight contradiction and neutral pairs up by how much vocabulary they share.

    Pairs that share their words but are not entailed are what lexical-overlap heuristics get
    wrong (McCoy et al., 2019, "Right for the wrong reasons"); giving them more weight pushes
    the model past that shortcut. Weight = 1 + strength * overlap, overlap in [0, 1].
    """
    out = []
    for ex in examples:
        if ex.label in (CONTRADICTION, NEUTRAL):
            weight = ex.weight * (1.0 + strength * lexical_overlap(ex.premise, ex.hypothesis))
            out.append(replace(ex, weight=weight))
        else:
            out.append(ex)
    return out
