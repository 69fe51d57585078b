"""Label-preserving augmentation of NLI training pairs (contradict/augment.py)."""

import pytest

from contradict.augment import (
    edit_months,
    edit_names,
    edit_numbers,
    lexical_overlap,
    negate_hypotheses,
    negate_hypothesis,
    swap_contradictions,
    upweight_overlapping,
)
from contradict.nli_data import NLIExample


def example(premise, hypothesis, label, weight=1.0):
    return NLIExample(premise, hypothesis, label, "test", weight)


def test_only_contradictions_are_read_the_other_way_round():
    pairs = [example("He never met her.", "He met her twice.", "contradiction"), example("He met her.", "They met.", "entailment")]
    (swapped,) = swap_contradictions(pairs)
    assert (swapped.premise, swapped.hypothesis, swapped.label) == ("He met her twice.", "He never met her.", "contradiction")


def test_a_shared_exact_number_changed_makes_an_entailment_a_contradiction():
    pairs = [example("The firm cut 40 jobs in May.", "40 jobs were cut.", "entailment")]
    (edited,) = edit_numbers(pairs, seed=1)
    assert edited.label == "contradiction" and "40" not in edited.hypothesis


def test_a_bound_is_not_an_exact_number_and_is_left_alone():
    assert edit_numbers([example("At least 40 jobs went.", "at least 40 jobs were cut", "entailment")]) == []


def test_a_shared_month_changed_makes_an_entailment_a_contradiction_but_an_interval_does_not():
    (edited,) = edit_months([example("They met in April.", "The meeting was in April.", "entailment")], seed=3)
    assert edited.label == "contradiction" and "April" not in edited.hypothesis
    assert edit_months([example("It opens by April.", "It opens by April.", "entailment")]) == []


def test_overlapping_neutral_and_contradiction_pairs_weigh_more_and_entailments_do_not():
    pairs = [
        example("The mayor met the builder.", "The mayor met the builder twice.", "neutral"),
        example("The mayor met the builder.", "Rain fell in Leeds.", "neutral"),
        example("The mayor met the builder.", "The mayor met the builder.", "entailment"),
    ]
    weighted = upweight_overlapping(pairs)
    assert weighted[0].weight > weighted[1].weight == 1.0
    assert weighted[2].weight == 1.0
    assert lexical_overlap("The mayor met the builder.", "The mayor met the builder twice.") == pytest.approx(0.75)


@pytest.mark.parametrize(
    "hypothesis, negated",
    [
        ("A man is playing a guitar.", "A man is not playing a guitar."),
        ("Two women have been waiting for a bus", "Two women have not been waiting for a bus"),
        ("The minister will resign", "The minister will not resign"),
    ],
)
def test_a_simple_clause_is_negated_after_its_auxiliary(hypothesis, negated):
    assert negate_hypothesis(hypothesis) == negated


@pytest.mark.parametrize(
    "hypothesis",
    [
        "Some children are asleep.",  # "some are not" does not negate "some are"
        "The dog was not barking.",  # already negated
        "The man who is tall is running.",  # the auxiliary may sit in the relative clause
        "Children are playing, and adults watch.",
        "The minister met the envoy.",  # no auxiliary: would need do-support
        "Is he at home?",
        "The minister may resign.",  # "may not resign" is compatible with "may resign"
    ],
)
def test_a_claim_that_not_would_not_negate_whole_is_left_alone(hypothesis):
    assert negate_hypothesis(hypothesis) is None


def test_negation_makes_an_entailment_a_contradiction_keeps_neutral_and_skips_contradictions():
    pairs = [
        example("A man plays a guitar on stage.", "A man is playing an instrument.", "entailment"),
        example("Three ice skaters round a corner.", "The roller skaters are around the corner.", "contradiction"),
        example("A man sits on a bench.", "A man is waiting for his wife.", "neutral"),
    ]
    labels = [(e.hypothesis, e.label) for e in negate_hypotheses(pairs)]
    assert labels == [
        ("A man is not playing an instrument.", "contradiction"),
        ("A man is not waiting for his wife.", "neutral"),
    ]


def test_a_fraction_of_the_negatable_pairs_is_drawn_reproducibly():
    pairs = [example("A man sits.", f"A man is sitting on chair {i}.", "entailment") for i in range(200)]
    drawn = negate_hypotheses(pairs, fraction=0.25, seed=7)
    assert 30 < len(drawn) < 70
    assert drawn == negate_hypotheses(pairs, fraction=0.25, seed=7)


def test_a_claim_about_someone_else_is_neutral_after_a_name_swap():
    pairs = [
        example("Minister Okafor denied meeting Brandt.", "The minister met Brandt in May.", "contradiction"),
        example("The mayor praised Lindqvist.", "The mayor spoke well of Lindqvist.", "entailment"),
        example("The mayor praised Lindqvist.", "Voters in Kisumu were unmoved.", "neutral"),
    ]
    edited = edit_names(pairs, seed=1)
    assert [e.label for e in edited] == ["neutral", "neutral"]
    assert "Brandt" not in edited[0].hypothesis and "Lindqvist" not in edited[1].hypothesis
    assert all(e.hypothesis.split()[:2] == p.hypothesis.split()[:2] for e, p in zip(edited, pairs))


def test_month_and_day_names_are_not_swapped_as_names():
    pairs = [example("They met on Monday in May.", "the meeting took place on Monday in May", "entailment")]
    assert edit_names(pairs + [example("Kisumu is calm.", "police in Kisumu said", "neutral")]) == []


def test_a_pair_whose_every_other_name_is_in_the_statement_is_left_alone():
    pairs = [example("Okafor and Brandt met.", "The envoy met Brandt.", "entailment"), example("Okafor spoke.", "the aide of Okafor", "neutral")]
    assert edit_names(pairs) == []
