"""Peak memory (RSS) of contradict on this machine, each stage in a fresh process.

    python eval/bench_memory.py [--articles 20] [--stages load,analyze,analyze_many,naive] [--out ...]

The speed benchmark (``bench_speed.py``) reports its own process peak, which mixes contradict
with the naive baseline it runs for comparison and the other precisions it loads. This
measures them apart, each in a process of its own so that no stage inherits another's high
-water mark: loading the default models, analysing the fixed ~800-word articles of the speed
benchmark one at a time and as one batch, and the naive baseline on the same articles.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGES = ("load", "analyze", "analyze_many", "naive")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def run_stage(stage: str, articles: int) -> dict:
    """Run one stage in this process and return its memory (called in the child)."""
    from bench_speed import articles_of_800_words, naive_pipeline

    from contradict.detector import Detector, DetectorConfig

    detector = Detector(DetectorConfig()).load()
    texts = articles_of_800_words(articles)
    loaded = peak_mb()
    if stage == "analyze":
        for text, subject in texts:
            detector.analyze(text, subject)
    elif stage == "analyze_many":
        detector.analyze_many(texts)
    elif stage == "naive":
        for text, subject in texts:
            naive_pipeline(detector, text, subject)
    return {"models_loaded_mb": loaded, "peak_mb": peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--out", default=str(REPO / "eval" / "results" / "bench_memory.json"))
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated, of {', '.join(STAGES)}")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)  # the child's stage
    args = parser.parse_args()
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.articles)))
        return

    stages = [stage.strip() for stage in args.stages.split(",") if stage.strip()]
    unknown = sorted(set(stages) - set(STAGES))
    if unknown:
        parser.error(f"unknown stage(s) {', '.join(unknown)}; expected some of {', '.join(STAGES)}")
    results = {"articles": args.articles}
    for stage in stages:
        child = subprocess.run(
            [sys.executable, __file__, "--stage", stage, "--articles", str(args.articles)],
            capture_output=True, text=True, check=True,
        )
        results[stage] = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"{stage:>13}: models loaded {results[stage]['models_loaded_mb']:6.0f} MB, peak {results[stage]['peak_mb']:6.0f} MB")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
