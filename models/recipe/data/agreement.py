"""Agreement between the writers' labels and the blind second labelling pass.

    python models/recipe/data/agreement.py

``second_pass.jsonl`` holds pairs drawn at random from the parts and labelled again by a
second annotator who saw neither the labels nor the stories; this joins them back to the
parts by their text and prints the agreement, Cohen's kappa and the confusion matrix.
"""

from __future__ import annotations

import json
from pathlib import Path

from sklearn.metrics import cohen_kappa_score, confusion_matrix

HERE = Path(__file__).resolve().parent
LABELS = ["entailment", "neutral", "contradiction"]


def main() -> None:
    first = {}
    for path in sorted((HERE / "parts").glob("domain_d*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            first[(row["premise"], row["hypothesis"])] = row["label"]
    second = [json.loads(line) for line in (HERE / "second_pass.jsonl").read_text(encoding="utf-8").splitlines()]
    missing = [row for row in second if (row["premise"], row["hypothesis"]) not in first]
    if missing:
        raise SystemExit(f"{len(missing)} second-pass pairs are not in the parts (edited since?)")
    for name in sorted({row["pass"] for row in second}) + ["all passes"]:
        rows = [row for row in second if name in (row["pass"], "all passes")]
        a = [first[(row["premise"], row["hypothesis"])] for row in rows]
        b = [row["label"] for row in rows]
        agreement = sum(x == y for x, y in zip(a, b)) / len(a)
        print(f"{name}: {len(a)} pairs, agreement {agreement:.3f}, Cohen's kappa {cohen_kappa_score(a, b):.3f}")
    print("rows: writers' label, columns: second pass (" + ", ".join(LABELS) + "), all passes")
    print(confusion_matrix(a, b, labels=LABELS))


if __name__ == "__main__":
    main()
