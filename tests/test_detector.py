"""The pipeline end to end on the tiny model: records, ordering, verdict, comparison."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from contradict.detector import Detector, DetectorConfig
from contradict.errors import InputError
from contradict.judge import FEATURES, fit_judge

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sessions-kislyak.txt"


@pytest.fixture(scope="module")
def tiny_judge_dir(tmp_path_factory):
    """A judge fitted on synthetic features: enough to exercise the plumbing."""
    rng = np.random.default_rng(0)
    labels = list(rng.choice(["entailment", "neutral", "contradiction"], size=120))
    x = rng.normal(size=(120, len(FEATURES)))
    for i, label in enumerate(labels):
        x[i, FEATURES.index(f"nli_fwd_{label}")] += 2.0
    folder = tmp_path_factory.mktemp("judge")
    fit_judge(x, labels).save(folder)
    return folder


@pytest.fixture(scope="module")
def detector(tiny_nli_dir, tiny_judge_dir):
    return Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge=str(tiny_judge_dir), top_k=3, voice="off"))


def test_analysis_of_the_example(detector):
    analysis = detector.analyze(EXAMPLE.read_text(), "Jeff Sessions")
    assert analysis.subject == "Jeff Sessions"
    assert len(analysis.statements) == 2 and len(analysis.reports) > 8
    assert 0 < len(analysis.findings) <= 2 * 3
    for finding in analysis.findings:
        j = finding.judgement
        assert j.entailment + j.neutral + j.contradiction == pytest.approx(1.0, abs=1e-6)
        text = EXAMPLE.read_text()
        assert text[finding.pair.statement.span.start : finding.pair.statement.span.end] == finding.pair.statement.span.text
        assert text[finding.pair.report.span.start : finding.pair.report.span.end] == finding.pair.report.span.text
    data = json.loads(json.dumps(analysis.to_dict()))
    assert set(data) == {"subject", "verdict", "statements", "reports", "findings", "seconds"}
    assert data["verdict"]["pairs_judged"] == len(analysis.findings)


def test_results_are_deterministic(detector):
    first = detector.analyze(EXAMPLE.read_text(), "Jeff Sessions").to_dict()
    second = detector.analyze(EXAMPLE.read_text(), "Jeff Sessions").to_dict()
    first.pop("seconds"), second.pop("seconds")
    assert first == second


def test_nli_only_mode_needs_no_judge(tiny_nli_dir):
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", voice="off"))
    analysis = detector.analyze(EXAMPLE.read_text(), "Jeff Sessions")
    assert analysis.findings and detector.judge is None


def test_compare_pairs_statements_with_the_other_articles_reports(detector):
    denial = 'Senator Ruth Adler said on Monday: "I have never owned shares in Harbor Energy."'
    report = "Filings published on Friday show that Ruth Adler bought Harbor Energy shares in 2019.\n\nThe company declined to comment."
    analysis = detector.compare(denial, report, "Ruth Adler")
    assert analysis.findings
    assert all(f.pair.report.span.text in report for f in analysis.findings)


def test_no_subject_and_empty_text_are_clear_errors(detector):
    with pytest.raises(InputError, match="subject"):
        detector.analyze("The council met on Tuesday. It approved the budget.")
    with pytest.raises(InputError):
        detector.analyze("   ", "Someone")


def test_no_statements_gives_an_empty_result(detector):
    analysis = detector.analyze("The council met on Tuesday. It approved the budget for the year.", "Ann Cole")
    assert analysis.findings == [] and analysis.verdict["contradicted"] is False


def test_analyze_many_equals_one_by_one_and_keeps_bad_articles_apart(detector):
    texts = [
        (EXAMPLE.read_text(), "Jeff Sessions"),
        ("", "Nobody"),
        ('"I have never owned shares in Harbor Energy," Ruth Adler said.\n\nFilings show she bought Harbor Energy shares in 2019.', None),
    ]
    many = detector.analyze_many(texts)
    assert isinstance(many[1], InputError)
    for (text, subject), result in zip([texts[0], texts[2]], [many[0], many[2]]):
        single = detector.analyze(text, subject)
        assert [f.pair.id for f in result.findings] == [f.pair.id for f in single.findings]
        np.testing.assert_allclose(
            [f.judgement.contradiction for f in result.findings], [f.judgement.contradiction for f in single.findings], atol=1e-5
        )


def test_a_gold_pair_has_the_rank_retrieval_gives_its_report(detector):
    from contradict.attribution import read_article
    from contradict.pairing import candidate_pairs

    text = EXAMPLE.read_text()
    reading = read_article(text, "Jeff Sessions")
    for pair in candidate_pairs(reading, detector.embedder, detector._pairing()):
        gold = detector.gold_pair(reading, pair.statement.span, pair.report.span)
        assert (gold.retrieval_rank, gold.premise) == (pair.retrieval_rank, pair.premise)
        assert gold.retrieval_score == pytest.approx(pair.retrieval_score, abs=1e-5)


def test_the_threshold_setting_overrides_the_judges(tiny_nli_dir, tiny_judge_dir):
    def flagged(threshold):
        config = DetectorConfig(nli_model=str(tiny_nli_dir), judge=str(tiny_judge_dir), top_k=3, threshold=threshold, voice="off")
        analysis = Detector(config).analyze(EXAMPLE.read_text(), "Jeff Sessions")
        return len(analysis.contradictions), len(analysis.findings)

    everything, judged = flagged(0.0)
    assert everything == judged > 0
    assert flagged(1.0)[0] == 0
