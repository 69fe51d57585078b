"""The project's own texts are written by us: no file copies a sentence of the real news set.

`../shared/real-news-dev/` is for measuring only. A run of eight or more words shared with
one of its articles is a copied sentence, not a common phrase: seven-word runs such as "said in
a statement on Monday that" occur in any news text and are allowed.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REAL_NEWS = REPO.parent / "shared" / "real-news-dev" / "articles.jsonl"
COPIED_RUN = 8  # words

pytestmark = pytest.mark.skipif(not REAL_NEWS.is_file(), reason="../shared/real-news-dev is not beside the checkout")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def runs_of(text: str, size: int) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + size]) for i in range(len(w) - size + 1)}


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    files = []
    for name in listed.stdout.splitlines():
        path = REPO / name
        if path.suffix in {".png", ".safetensors", ".bin", ".pt"} or not path.is_file():
            continue
        files.append(path)
    return files


def test_no_tracked_file_copies_a_run_of_words_from_the_real_news_set():
    real = set()
    for line in REAL_NEWS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            real |= runs_of(json.loads(line)["text"], COPIED_RUN)
    copied = {}
    for path in tracked_text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        shared = runs_of(text, COPIED_RUN) & real
        if shared:
            copied[str(path.relative_to(REPO))] = sorted(" ".join(run) for run in shared)[:3]
    assert not copied, f"files that copy {COPIED_RUN}+ words of a real-news-dev article: {copied}"
