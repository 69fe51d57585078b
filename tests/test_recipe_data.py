"""The domain pairs the recipe trains on: built from the written parts, split by story."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "models" / "recipe" / "data"


def _groups(path: Path) -> set[str]:
    return {json.loads(line)["group"] for line in path.read_text(encoding="utf-8").splitlines()}


def test_train_and_dev_files_are_rebuilt_from_the_parts():
    result = subprocess.run([sys.executable, str(DATA / "split_domain.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_story_is_on_both_sides_of_the_split():
    train, dev = _groups(DATA / "domain_train.jsonl"), _groups(DATA / "domain_dev.jsonl")
    assert dev and train and not train & dev
    assert len(dev) / len(train | dev) > 0.1


def test_an_earlier_stages_data_is_the_train_side_of_its_parts_only(tmp_path):
    out = tmp_path / "train_d1-d2.jsonl"
    command = [sys.executable, str(DATA / "split_domain.py"), "--parts", "d1-d2", "--train-out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    subset = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    everything = [json.loads(line) for line in (DATA / "domain_train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert subset == [row for row in everything if row["group"].split("-")[0] in {"d1", "d2"}]
    assert subset and {row["group"].split("-")[0] for row in subset} == {"d1", "d2"}
