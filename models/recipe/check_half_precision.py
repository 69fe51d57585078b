"""Show that storing the NLI model in float16 loses no accuracy.

    python models/recipe/check_half_precision.py CHECKPOINT [DATA_DIR]

Takes a float32 training checkpoint, writes its float16 form the way the recipe ships models
(`export_half_precision`), and scores both on the same held-out files; prints the accuracy
of each and how many predictions differ.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

from contradict.labels import LABEL_INDEX
from contradict.nli import NLIModel
from contradict.nli_data import read_nli_file
from contradict.train_nli import export_half_precision


def main() -> None:
    checkpoint = Path(sys.argv[1])
    data = Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/nli-data")
    files = [data / "snli.test.jsonl", data / "mnli_taxinli.dev_mismatched.jsonl", Path("models/recipe/data/domain_dev.jsonl")]
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    half = Path(tempfile.mkdtemp()) / "half"
    export_half_precision(AutoModelForSequenceClassification.from_pretrained(checkpoint), AutoTokenizer.from_pretrained(checkpoint), half)
    # both computed in fp32, so that only the storage differs (not bf16 arithmetic)
    full_model, half_model = NLIModel(checkpoint, precision="fp32"), NLIModel(half, precision="fp32")
    for path in files:
        examples = read_nli_file(path, limit=3000).examples
        pairs = [(e.premise, e.hypothesis) for e in examples]
        gold = np.array([LABEL_INDEX[e.label] for e in examples])
        full = full_model.predict(pairs).argmax(axis=1)
        halved = half_model.predict(pairs).argmax(axis=1)
        print(
            f"{path.name}: {len(pairs)} pairs  fp32 accuracy {np.mean(full == gold):.4f}  "
            f"fp16 accuracy {np.mean(halved == gold):.4f}  predictions that differ {int(np.sum(full != halved))}"
        )


if __name__ == "__main__":
    main()
