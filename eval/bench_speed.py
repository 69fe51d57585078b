"""Speed and memory of contradict on this machine, against a naive baseline in the same run.

    python eval/bench_speed.py [--model M] [--judge J] [--precision auto] [--articles 20]

Measures, in one process (plus subprocesses for the cold start):
- NLI scoring of sentence-length pairs at batch sizes 1, 8 and 32 in the chosen precision
  (default ``auto``: bf16 on CPUs with native bfloat16), and the same with the naive
  batching (input order, padded to the model's maximum length); then batch 32 in every
  precision this CPU offers;
- reading (segmentation + attribution) of an 800-word article;
- end-to-end articles per second on fixed ~800-word articles, models loaded, against a naive
  pipeline (every subject statement against every sentence, both directions, naive batches,
  no retrieval, no cache);
- cold start: `contradict analyze` on the bundled example, command to first result;
- peak memory (RSS) of the CLI on one article, and of this process.

Each NLI figure is also given as a fraction of the fp32 ceiling of this CPU: the rate at
which it would score the same pairs if every multiplication ran at the speed this machine
multiplies float32 matrices of the model's shapes (measured here, in this run). A 6-layer,
384-wide encoder spends about 1 GFLOP on a 49-token pair, so the ceiling is about 200 pairs/s
on a 2-core CPU that multiplies at 200 GFLOP/s, and about 115 on one that manages 120.
Prints a table and writes eval/results/bench_speed.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent


def sentence_pairs(limit: int = 256) -> list[tuple[str, str]]:
    """Statement/report pairs of the project's labelled dev set (sentence length)."""
    pairs = []
    for line in (REPO / "eval" / "data" / "dev.jsonl").read_text().splitlines():
        for pair in json.loads(line)["pairs"]:
            pairs.append((pair["statement"], pair["report"]))
    return pairs[:limit]


def articles_of_800_words(count: int) -> list[tuple[str, str]]:
    """Fixed ~800-word articles: a labelled article followed by paragraphs of the next ones
    (distractors), so each has real statements, reports and noise."""
    records = [json.loads(line) for line in (REPO / "eval" / "data" / "dev.jsonl").read_text().splitlines()]
    out = []
    for i in range(count):
        base = records[i % len(records)]
        text = base["text"]
        k = i + 1
        while len(text.split()) < 800:
            extra = records[k % len(records)]["text"].split("\n\n")
            text += "\n\n" + "\n\n".join(p for p in extra[1:] if p.strip())
            k += 1
        words = text.split(" ")
        out.append((" ".join(words[:800]), base["subject"]))
    return out


def pair_gflop(config: dict, tokens: float) -> float:
    """Multiply-add work of one pair of ``tokens`` tokens through a BERT encoder, in GFLOP:
    the four attention projections and the two feed-forward layers of every layer, plus the
    attention scores and their weighted sum."""
    width, inner, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    per_layer = 2 * tokens * (4 * width * width + 2 * width * inner) + 2 * 2 * tokens * tokens * width
    return layers * per_layer / 1e9


def model_config(nli) -> dict:
    """The NLI checkpoint's config.json (a local folder) or its transformers config (a hub id)."""
    folder = Path(nli.name).expanduser()
    if (folder / "config.json").is_file():
        return json.loads((folder / "config.json").read_text())
    return nli._runner.model.config.to_dict()


def matmul_gflops(config: dict, tokens: int = 32 * 49) -> float:
    """float32 GFLOP/s of this machine on the model's largest matrix product (a batch of
    32 pairs of 49 tokens through a feed-forward layer), best of 30 runs: a shared machine
    varies by a third from one second to the next, and the ceiling is what it reaches."""
    import torch

    a, b = torch.randn(tokens, config["hidden_size"]), torch.randn(config["hidden_size"], config["intermediate_size"])
    for _ in range(3):
        a @ b
    seconds = timed(lambda: [a @ b for _ in range(10)], repeat=30) / 10
    return 2 * tokens * config["hidden_size"] * config["intermediate_size"] / seconds / 1e9


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def naive_predict(nli, pairs, batch_size):
    """The baseline: input order, every batch padded to the model's maximum length."""
    import torch
    from torch.nn import functional as F

    from contradict.bert import padded_batch

    runner = nli.load()._runner
    encoded = runner.encode([p for p, _ in pairs], [h for _, h in pairs])
    out = []
    with torch.inference_mode():
        for start in range(0, len(pairs), batch_size):
            batch = padded_batch(encoded, range(start, min(start + batch_size, len(pairs))), 0)
            batch = {key: F.pad(value, (0, nli.max_length - value.shape[1])) for key, value in batch.items()}
            logits = runner.model(**batch)
            logits = getattr(logits, "logits", logits)  # a transformers model returns an output object
            out.append(torch.softmax(logits.float(), dim=-1).numpy())
    return np.vstack(out)


def naive_pipeline(detector, text: str, subject: str) -> int:
    """Every subject statement against every sentence, both directions, no retrieval or cache."""
    from contradict.attribution import read_article

    reading = read_article(text, subject)
    pairs = [(s.span.text, sentence.text) for s in reading.statements for sentence in reading.sentences]
    pairs = pairs + [(h, p) for p, h in pairs]
    if pairs:
        naive_predict(detector.nli, pairs, 32)
    return len(pairs)


def cold_start(args) -> dict:
    command = [
        sys.executable, "-m", "contradict", "analyze", str(REPO / "examples" / "sessions-kislyak.txt"),
        "--format", "json", "--precision", args.precision,
    ]
    if args.model:
        command += ["--model", args.model]
    if args.judge:
        command += ["--judge", args.judge]
    runs = []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True)
        runs.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"cold start run failed: {proc.stderr.strip()}")
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    import_start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import contradict.cli"], check=True)
    return {"cold_start_s": min(runs), "cold_start_runs_s": runs, "cli_peak_rss_mb": peak_mb, "import_s": time.perf_counter() - import_start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--judge", default=None)
    parser.add_argument("--precision", default="auto", help="auto, fp32, bf16 or int8")
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--pairs", type=int, default=256)
    parser.add_argument("--out", default=str(REPO / "eval" / "results" / "bench_speed.json"))
    args = parser.parse_args()

    # The cold start runs first, while this process is still small (nothing imported): a child
    # forked from a process that holds torch and the models inherits their resident pages
    # until it execs, and Linux keeps that high-water mark in the child's peak RSS.
    started_small = cold_start(args)

    import torch

    from contradict.attribution import read_article
    from contradict.detector import Detector, DetectorConfig
    from contradict.nli import NLIModel
    from contradict.nli_runners import native_bf16

    detector = Detector(DetectorConfig(nli_model=args.model, judge=args.judge, precision=args.precision)).load()
    nli = detector.nli
    pairs = sentence_pairs(args.pairs)
    token_lengths = [len(ids) for ids in nli._runner.encode([p for p, _ in pairs], [h for _, h in pairs])["input_ids"]]
    results: dict = {
        "machine": {
            "cpu_count": torch.get_num_threads(),
            "platform": platform.platform(),
            "torch": torch.__version__,
            "native_bf16": native_bf16(),
        },
        "nli_model": nli.name,
        "precision": nli.precision,
        "nli_backend": nli._runner.backend,
        "pairs": len(pairs),
        "mean_pair_tokens": float(np.mean(token_lengths)),
        "nli": {},
    }
    config = model_config(nli)
    gflops = matmul_gflops(config)
    nli.predict(pairs[:32])  # warm-up
    measured = {}
    for batch_size in (1, 8, 32):
        sample = pairs if batch_size > 1 else pairs[:64]
        fast = len(sample) / timed(lambda: nli.predict(sample, batch_size=batch_size), repeat=2)
        naive = len(sample) / timed(lambda: naive_predict(nli, sample, batch_size), repeat=1)
        measured[f"batch_{batch_size}"] = {"pairs_per_s": fast, "naive_pairs_per_s": naive, "speedup": fast / naive}
    by_precision = {}
    for precision in ("fp32", "bf16", "int8") if native_bf16() else ("fp32", "int8"):
        model = NLIModel(args.model, precision=precision).load()
        model.predict(pairs[:32])  # warm-up
        by_precision[precision] = {"pairs_per_s": len(pairs) / timed(lambda: model.predict(pairs, batch_size=32), repeat=2)}
        del model
    gflops = max(gflops, matmul_gflops(config))  # measured before and after the NLI runs
    ceiling = gflops / pair_gflop(config, float(np.mean(token_lengths)))
    results["fp32_matmul_gflops"] = gflops
    results["fp32_ceiling_pairs_per_s"] = ceiling
    for row in [*measured.values(), *by_precision.values()]:
        row["fraction_of_fp32_ceiling"] = row["pairs_per_s"] / ceiling
    results["nli"] = measured
    results["nli_batch_32_by_precision"] = by_precision

    articles = articles_of_800_words(args.articles)
    read_ms = [1000 * timed(lambda: read_article(text, subject), repeat=3) for text, subject in articles]
    results["reading_ms_per_800_words"] = {"mean": float(np.mean(read_ms)), "max": float(np.max(read_ms))}

    detector.analyze(*articles[0])  # warm-up
    end_to_end = timed(lambda: [detector.analyze(text, subject) for text, subject in articles])
    batched = timed(lambda: detector.analyze_many(articles))
    naive = timed(lambda: [naive_pipeline(detector, text, subject) for text, subject in articles])
    results["end_to_end"] = {
        "articles": len(articles),
        "seconds_per_article": end_to_end / len(articles),
        "articles_per_s": len(articles) / end_to_end,
        "articles_per_s_batched": len(articles) / batched,
        "naive_articles_per_s": len(articles) / naive,
        "speedup_vs_naive": naive / end_to_end,
    }
    results["process_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.update(started_small)

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(
        f"NLI model: {results['nli_model']} in {results['precision']} on {results['nli_backend']}  "
        f"({len(pairs)} pairs, mean {results['mean_pair_tokens']:.0f} tokens)"
    )
    print(f"fp32 matrix products: {gflops:.0f} GFLOP/s here, so at most {ceiling:.0f} pairs/s in fp32")
    print(f"{'batch':>6} {'pairs/s':>9} {'naive':>9} {'speedup':>8} {'of fp32 ceiling':>16}")
    for name, row in results["nli"].items():
        print(f"{name[6:]:>6} {row['pairs_per_s']:9.1f} {row['naive_pairs_per_s']:9.1f} {row['speedup']:8.2f} {row['fraction_of_fp32_ceiling']:16.2f}")
    for precision, row in results["nli_batch_32_by_precision"].items():
        print(f"batch 32 in {precision}: {row['pairs_per_s']:.1f} pairs/s ({row['fraction_of_fp32_ceiling']:.2f} of the fp32 ceiling)")
    e2e = results["end_to_end"]
    print(
        f"end to end: {e2e['seconds_per_article']*1000:.0f} ms/article ({e2e['articles_per_s']:.2f}/s, batched {e2e['articles_per_s_batched']:.2f}/s), "
        f"naive {e2e['naive_articles_per_s']:.2f}/s, speedup {e2e['speedup_vs_naive']:.1f}x"
    )
    print(f"reading an 800-word article: {results['reading_ms_per_800_words']['mean']:.1f} ms (max {results['reading_ms_per_800_words']['max']:.1f})")
    print(f"cold start (command to first result): {results['cold_start_s']:.2f} s; CLI peak RSS {results['cli_peak_rss_mb']:.0f} MB")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
