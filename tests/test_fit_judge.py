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
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only"))
    premises, reports, contexts, labels = gather_article_pairs(detector, [dev_file], unrelated_per_article=1)
    assert len(labels) == 6 * 3 + 6
    assert labels.count("contradiction") == 6
    # the unrelated pairs take their report from another article
    for premise, report, label in zip(premises[3::4], reports[3::4], labels[3::4]):
        assert label == "neutral" and premise.split()[-1] != report.split()[-3]


def test_fit_and_save_writes_a_loadable_judge(tiny_nli_dir, dev_file, tmp_path):
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only"))
    fit_and_save(detector, [dev_file], [], tmp_path / "judge")
    judge = Judge.load(tmp_path / "judge")
    assert judge.metadata["n_pairs"] == 6 * 3 + 12 and judge.metadata["nli_model"] == str(tiny_nli_dir)


def test_too_few_pairs_of_a_label_is_a_clear_error(tiny_nli_dir, tmp_path):
    small = dict(ARTICLES[0], pairs=ARTICLES[0]["pairs"][:2])
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps(small))
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only"))
    with pytest.raises(DatasetError, match="at least 5 pairs of each label"):
        fit_and_save(detector, [path], [], tmp_path / "judge")


def test_test_splits_are_refused(tiny_nli_dir, tmp_path):
    path = tmp_path / "test.jsonl"
    path.write_text(json.dumps(ARTICLES[0]))
    detector = Detector(DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only"))
    with pytest.raises(DatasetError, match="test splits"):
        gather_article_pairs(detector, [path])
