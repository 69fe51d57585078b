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
