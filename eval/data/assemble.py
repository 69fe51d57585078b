"""Build eval/data/dev.jsonl and eval/data/test.jsonl from the annotation passes.

    python eval/data/assemble.py

Reads the first-pass articles (annotations/first_pass/*.jsonl), the blind second pass
(annotations/second_pass.jsonl) and the adjudication of their disagreements
(annotations/adjudication.jsonl); prints Cohen's kappa and the disagreement matrix; writes
the adjudicated articles split into dev and test. The split is fixed: articles are sorted by
a hash of their id within each (writer batch, kind) stratum and alternate dev, test, so
every stratum is divided evenly and the split never changes when the code does.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, confusion_matrix

HERE = Path(__file__).resolve().parent
LABELS = ["contradiction", "entailment", "neutral"]


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    articles = [a for path in sorted((HERE / "annotations" / "first_pass").glob("*.jsonl")) for a in _read_jsonl(path)]
    by_id = {a["id"]: a for a in articles}
    second = {(r["article"], r["pair"]): r["label"] for r in _read_jsonl(HERE / "annotations" / "second_pass.jsonl")}
    final = {(r["article"], r["pair"]): r["label"] for r in _read_jsonl(HERE / "annotations" / "adjudication.jsonl")}

    first_labels, second_labels = [], []
    for article in articles:
        for index, pair in enumerate(article["pairs"]):
            first_labels.append(pair["label"])
            second_labels.append(second[(article["id"], index)])
    kappa = cohen_kappa_score(first_labels, second_labels)
    agree = sum(a == b for a, b in zip(first_labels, second_labels))
    print(f"pairs: {len(first_labels)}  agreement: {agree}/{len(first_labels)}  Cohen's kappa: {kappa:.3f}")
    print("first pass (rows) x second pass (columns):", LABELS)
    print(confusion_matrix(first_labels, second_labels, labels=LABELS))

    for (article_id, index), label in final.items():
        by_id[article_id]["pairs"][index]["label"] = label

    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for article in articles:
        strata[(article["id"][0], article["kind"])].append(article)
    split: dict[str, list[dict]] = {"dev": [], "test": []}
    for key in sorted(strata):
        ordered = sorted(strata[key], key=lambda a: hashlib.sha1(a["id"].encode()).hexdigest())
        for position, article in enumerate(ordered):
            split["dev" if position % 2 == 0 else "test"].append(article)
    for name, items in split.items():
        items.sort(key=lambda a: a["id"])
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for article in items:
                handle.write(json.dumps(article, ensure_ascii=False) + "\n")
        labels = Counter(p["label"] for a in items for p in a["pairs"])
        kinds = Counter(a["kind"] for a in items)
        print(f"{name}: {len(items)} articles, {sum(labels.values())} pairs {dict(labels)} kinds {dict(kinds)}")


if __name__ == "__main__":
    main()
