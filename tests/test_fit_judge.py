"""Fitting the judge from labelled files: data gathering, refusal of test splits, storage."""

from __future__ import annotations

import json

import pytest

from contradict.detector import Detector, DetectorConfig
from contradict.errors import DatasetError
from contradict.fit_judge import fit_and_save, gather_article_pairs
from contradict.judge import Judge

ARTICLES = [
    {
        "id": f"story-{i}", "source": "written for the tests", "subject": "Ruth Adler",
        "text": f'"I have never owned shares in Harbor Energy {i}," Senator Ruth Adler said.\n\n'
                f"Filings show that Adler bought Harbor Energy {i} shares in 2019.\n\nThe senate sits again in May. Her 2020 declaration lists no shares.",
        "pairs": [
            {"statement": f"I have never owned shares in Harbor Energy {i}", "report": f"Filings show that Adler bought Harbor Energy {i} shares in 2019.", "label": "contradiction"},
            {"statement": f"I have never owned shares in Harbor Energy {i}", "report": "The senate sits again in May.", "label": "neutral"},
            {"statement": f"I have never owned shares in Harbor Energy {i}", "report": "Her 2020 declaration lists no shares.", "label": "entailment"},
        ],
    }
    for i in range(6)
]


@pytest.fixture()
def dev_file(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES))
    return path


def test_gold_pairs_and_unrelated_negatives(tiny_nli_dir, dev_file):
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", voice="off"))
    pairs = gather_article_pairs(detector, [dev_file], unrelated_per_article=1)
    labels = pairs.labels
    assert len(labels) == 6 * 3 + 6
    assert labels.count("contradiction") == 6
    assert pairs.groups[:4] == ["story-0"] * 4 and set(pairs.weights) == {1.0}
    # the unrelated pairs take their report from another article
    for premise, report, label in zip(pairs.premises[3::4], pairs.reports[3::4], labels[3::4]):
        assert label == "neutral" and premise.split()[-1] != report.split()[-3]


def test_in_article_negatives_are_unlisted_candidates_of_gold_statements(tiny_nli_dir, tmp_path):
    article = dict(
        ARTICLES[0],
        text=ARTICLES[0]["text"] + "\n\nAnalysts said the energy market was calm this spring.",
    )
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(article))
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", voice="off"))
    pairs = gather_article_pairs(detector, [path], unrelated_per_article=0, in_article_weight=0.5)
    inferred = [(r, label) for r, label, w in zip(pairs.reports, pairs.labels, pairs.weights) if w < 1.0]
    assert inferred and all(label == "neutral" for _, label in inferred)
    # the contradicted report is never used as an inferred negative, nor is a labelled pair repeated
    assert not any("Filings show" in r or r.startswith("The senate sits") for r, _ in inferred)
    assert any(r.startswith("Analysts said") for r, _ in inferred)


def test_fit_and_save_writes_a_loadable_judge(tiny_nli_dir, dev_file, tmp_path):
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", voice="off"))
    fit_and_save(detector, [dev_file], [], tmp_path / "judge")
    judge = Judge.load(tmp_path / "judge")
    assert judge.metadata["n_pairs"] == 6 * 3 + 12 and judge.metadata["nli_model"] == str(tiny_nli_dir)
    assert "report_hedged" not in judge.features and judge.metadata["regularisation_c"] > 0


def test_too_few_pairs_of_a_label_is_a_clear_error(tiny_nli_dir, tmp_path):
    small = dict(ARTICLES[0], pairs=ARTICLES[0]["pairs"][:2])
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(small))
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", voice="off"))
    with pytest.raises(DatasetError, match="at least 5 pairs of each label"):
        fit_and_save(detector, [path], [], tmp_path / "judge")


def test_test_splits_are_refused(tiny_nli_dir, tmp_path):
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(ARTICLES[0]))
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", voice="off"))
    with pytest.raises(DatasetError, match="test splits"):
        gather_article_pairs(detector, [path])
