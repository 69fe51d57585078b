"""The training recipe on a tiny model: it trains, stops reproducibly, resumes, and refuses what it must."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from contradict.errors import DatasetError
from contradict.nli import NLIModel
from contradict.train_nli import TrainConfig, load_training_examples, train

TEMPLATES = [
    ("The mayor met the developer in {m}.", "The mayor and the developer met in {m}.", "entailment"),
    ("The mayor never met the developer in {m}.", "The mayor met the developer in {m}.", "contradiction"),
    ("The mayor spoke at a school in {m}.", "The developer bought land last year.", "neutral"),
    ("Sales rose by {n} percent in {m}.", "Sales fell in {m}.", "contradiction"),
]
MONTHS = ["March", "April", "May", "June", "July"]


def write_training_file(folder: Path, bad_lines: bool = False) -> str:
    lines = [
        json.dumps({"premise": p.format(m=m, n=n), "hypothesis": h.format(m=m, n=n), "label": label})
        for m in MONTHS
        for n in (3, 7)
        for p, h, label in TEMPLATES
    ]
    if bad_lines:
        lines += ['{"premise": "unclosed', json.dumps({"premise": "A.", "hypothesis": "B.", "label": "maybe"})]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.train.jsonl").write_text("\n".join(lines) + "\n")
    return "tiny.train.jsonl"


def config_for(tmp_path: Path, base: Path, **changes) -> TrainConfig:
    data = tmp_path / "data"
    name = write_training_file(data, bad_lines=changes.pop("bad_lines", False))
    settings = dict(
        data_dir=str(data),
        train_files=(name,),
        base_model=str(base),
        output_dir=str(tmp_path / "model"),
        checkpoint_dir=str(tmp_path / "checkpoints"),
        epochs=2.0,
        batch_size=8,
        learning_rate=1e-3,
        precision="fp32",
        seed=3,
    )
    return TrainConfig(**{**settings, **changes})


def test_a_stopped_run_resumes_from_its_checkpoint_and_finishes(tmp_path, tiny_nli_dir, caplog):
    config = config_for(tmp_path, tiny_nli_dir, stop_after_steps=3)
    train(config)
    assert (tmp_path / "checkpoints" / "checkpoint-3").is_dir()
    with caplog.at_level("INFO", logger="contradict.train_nli"):
        finished = train(config_for(tmp_path, tiny_nli_dir))  # same folder: resumes, then runs to the end
    assert "resuming from the latest checkpoint" in caplog.text
    steps = sorted(int(p.name.split("-")[1]) for p in (tmp_path / "checkpoints").glob("checkpoint-*"))
    assert steps[-1] == 10  # 40 pairs, batch 8, 2 epochs
    written = json.loads((finished / "config.json").read_text())
    assert written["id2label"] == {"0": "entailment", "1": "neutral", "2": "contradiction"}
    assert json.loads((finished / "train_config.json").read_text())["precision"] == "fp32"
    probabilities = NLIModel(finished, precision="fp32").predict([("The mayor never met him.", "The mayor met him.")])
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-5)


def test_bf16_training_records_its_precision(tmp_path, tiny_nli_dir):
    finished = train(config_for(tmp_path, tiny_nli_dir, precision="bf16", epochs=1.0))
    assert json.loads((finished / "train_config.json").read_text())["precision"] == "bf16"
    assert NLIModel(finished, precision="fp32").predict([("A man sleeps.", "A man is awake.")]).shape == (1, 3)


def test_malformed_lines_and_unknown_labels_are_skipped_not_trained_on(tmp_path, tiny_nli_dir, caplog):
    config = config_for(tmp_path, tiny_nli_dir, bad_lines=True)
    with caplog.at_level("INFO", logger="contradict.train_nli"):
        examples = load_training_examples(config)
    assert len(examples) == 40
    assert {e.label for e in examples} == {"entailment", "neutral", "contradiction"}
    assert "2 lines skipped" in caplog.text


@pytest.mark.parametrize("name", ["snli.test.jsonl", "mnli_taxinli.dev_mismatched.jsonl", "eval_only/vitaminc.test.jsonl"])
def test_evaluation_files_are_refused(tmp_path, tiny_nli_dir, name):
    config = config_for(tmp_path, tiny_nli_dir, train_files=(name,))
    with pytest.raises(DatasetError, match="refusing to train"):
        load_training_examples(config)


def test_a_missing_data_folder_is_a_clear_error(tmp_path, tiny_nli_dir):
    config = config_for(tmp_path, tiny_nli_dir, data_dir=str(tmp_path / "nowhere"))
    with pytest.raises(DatasetError, match="not found"):
        load_training_examples(config)
