"""What each numeric precision of the NLI model costs in accuracy, and what it buys in speed.

    python eval/bench_precision.py [--model M] [--nli-limit 2000] [--out eval/results/precision.json]

For fp32, bf16 (where this CPU computes it natively) and int8 it measures, in one run:
- on the project's labelled sets (eval/data/dev.jsonl and test.jsonl, and the real-news
  development set when ../shared/real-news-dev is present), the pair-level accuracy,
  macro-F1 and contradiction ROC-AUC of the whole judge, through `contradict eval
  --no-end-to-end`, and how many labels differ from fp32;
- on held-out NLI sets (SNLI test, MNLI mismatched dev, the domain dev pairs), the NLI
  model's own accuracy and its agreement with fp32;
- NLI pairs per second at batch 32 on the labelled pairs.

A precision is acceptable when, on every labelled set, accuracy and macro-F1 lose at most
half a point against fp32 (the project's rule for a faster path). Prints a table and writes
JSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
MAX_LOSS = 0.005
LABELLED_SETS = {
    "our dev": REPO / "eval" / "data" / "dev.jsonl",
    "our test": REPO / "eval" / "data" / "test.jsonl",
    "real news dev": REPO.parent / "shared" / "real-news-dev" / "articles.jsonl",
}
NLI_SETS = {
    "SNLI test": REPO.parent / "shared" / "nli-data" / "snli.test.jsonl",
    "MNLI mismatched dev": REPO.parent / "shared" / "nli-data" / "mnli_taxinli.dev_mismatched.jsonl",
    "domain dev": REPO / "models" / "recipe" / "data" / "domain_dev.jsonl",
}


def labelled_set_scores(dataset: Path, precision: str, model: str | None) -> tuple[dict, list[str]]:
    """Pair-level scores of the judge on a labelled set, and its predicted labels in order."""
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable, "-m", "contradict", "eval", str(dataset), "--no-end-to-end", "--bootstrap", "0",
            "--json", "--precision", precision, "--out", out,
        ]
        if model:
            command += ["--model", model]
        proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
        if proc.returncode != 0:
            raise SystemExit(f"contradict eval failed on {dataset} in {precision}: {proc.stderr.strip()[-2000:]}")
        system = json.loads(proc.stdout)["pairs"]["system"]
        predictions = [json.loads(line) for line in (Path(out) / "predictions.jsonl").read_text().splitlines()]
    labels = [p["predicted"] for p in predictions if p.get("type") == "pair"]
    scores = {"accuracy": system["accuracy"], "macro_f1": system["macro_f1"], "contradiction_auc": system.get("contradiction_auc")}
    return scores, labels


def nli_set_scores(model, path: Path, limit: int) -> tuple[float, np.ndarray]:
    from contradict.labels import LABEL_INDEX
    from contradict.nli_data import read_nli_file

    examples = read_nli_file(path, limit=limit).examples
    predicted = model.predict([(e.premise, e.hypothesis) for e in examples]).argmax(axis=1)
    gold = np.array([LABEL_INDEX[e.label] for e in examples])
    return float(np.mean(predicted == gold)), predicted


def labelled_pairs(limit: int = 256) -> list[tuple[str, str]]:
    pairs = []
    for line in LABELLED_SETS["our dev"].read_text().splitlines():
        pairs += [(pair["statement"], pair["report"]) for pair in json.loads(line)["pairs"]]
    return pairs[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="NLI model folder (default: the shipped one)")
    parser.add_argument("--nli-limit", type=int, default=2000, help="pairs scored per NLI set")
    parser.add_argument("--out", default=str(REPO / "eval" / "results" / "precision.json"))
    args = parser.parse_args()

    from contradict.nli import NLIModel
    from contradict.nli_runners import native_bf16

    precisions = ["fp32", "bf16", "int8"] if native_bf16() else ["fp32", "int8"]
    results: dict = {"precisions": precisions, "max_loss": MAX_LOSS, "labelled": {}, "nli": {}, "pairs_per_s_batch_32": {}}
    reference_labels: dict[str, list[str]] = {}
    for name, dataset in LABELLED_SETS.items():
        if not dataset.is_file():
            continue
        results["labelled"][name] = {}
        for precision in precisions:
            scores, labels = labelled_set_scores(dataset, precision, args.model)
            reference_labels.setdefault(name, labels)
            scores["labels_differing_from_fp32"] = int(sum(a != b for a, b in zip(labels, reference_labels[name])))
            scores["pairs"] = len(labels)
            results["labelled"][name][precision] = scores

    speed_pairs = labelled_pairs()
    for precision in precisions:
        model = NLIModel(args.model, precision=precision).load()
        model.predict(speed_pairs[:32])  # warm-up
        started = time.perf_counter()
        model.predict(speed_pairs, batch_size=32)
        results["pairs_per_s_batch_32"][precision] = len(speed_pairs) / (time.perf_counter() - started)
        for name, path in NLI_SETS.items():
            if not path.is_file():
                continue
            accuracy, predicted = nli_set_scores(model, path, args.nli_limit)
            row = results["nli"].setdefault(name, {}).setdefault(precision, {})
            row["accuracy"] = accuracy
            row["predictions"] = predicted.tolist()
    for rows in results["nli"].values():
        reference = np.array(rows["fp32"].pop("predictions"))
        for precision in precisions[1:]:
            rows[precision]["agreement_with_fp32"] = float(np.mean(np.array(rows[precision].pop("predictions")) == reference))
        rows["fp32"]["agreement_with_fp32"] = 1.0

    results["acceptable"] = {
        precision: all(
            rows["fp32"][metric] - rows[precision][metric] <= MAX_LOSS
            for rows in results["labelled"].values()
            for metric in ("accuracy", "macro_f1")
        )
        for precision in precisions
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))

    print(f"{'set':<22} {'precision':<9} {'accuracy':>9} {'macro-F1':>9} {'contr. AUC':>11} {'labels != fp32':>15}")
    for name, rows in results["labelled"].items():
        for precision, row in rows.items():
            auc = f"{row['contradiction_auc']:.3f}" if row["contradiction_auc"] is not None else "-"
            print(
                f"{name:<22} {precision:<9} {row['accuracy']:9.3f} {row['macro_f1']:9.3f} {auc:>11} "
                f"{row['labels_differing_from_fp32']:>9}/{row['pairs']}"
            )
    print(f"\n{'NLI set':<22} {'precision':<9} {'accuracy':>9} {'agrees with fp32':>17}")
    for name, rows in results["nli"].items():
        for precision, row in rows.items():
            print(f"{name:<22} {precision:<9} {row['accuracy']:9.3f} {row['agreement_with_fp32']:17.3f}")
    print()
    for precision in precisions:
        verdict = "acceptable" if results["acceptable"][precision] else f"loses more than {MAX_LOSS:.3f}"
        print(f"{precision}: {results['pairs_per_s_batch_32'][precision]:.0f} pairs/s at batch 32; {verdict}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
