"""Throughput and memory of `contradict batch`, local engine against Ray, on generated articles.

    python eval/bench_batch.py [--articles 1000] [--engines local,ray] [--model M] [--judge J]
                               [--chunk-size 64] [--ray-cpus N] [--workdir DIR]

Generates N invented news articles (deterministic, from the templates below: 300-800 words,
a subject's quoted denial, reports that contradict or support it, and background
paragraphs), writes them as JSONL, and runs `python -m contradict batch` on them once per
engine, as a subprocess, timing it from start to exit (model loading and, for Ray, starting
the local cluster included) while sampling the resident memory of the whole process tree
(Ray's raylet, workers and object store processes are descendants of the command).

Reports per engine: wall seconds, articles per second (wall), scoring seconds (summed over
chunks, so over all workers for Ray), pairs scored, peak RSS of the tree and of the largest
process; and whether both engines flagged the same pairs. Prints a table and writes
eval/results/bench_batch.json.

Uses the shipped models (models/contradict-nli-minilm, models/contradict-judge) unless
--model / --judge are given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED_NLI = REPO / "models" / "contradict-nli-minilm"
SHIPPED_JUDGE = REPO / "models" / "contradict-judge"

# -- article templates (all invented) ---------------------------------------------------------

# Subjects: 25 given names x 40 surnames, so each of 1,000 articles has its own person.
GIVEN_NAMES = """Lena Paul Dana Marcus Irene Tom Nadia Ruth Owen Sofia Victor Grace Hugo Maya Felix Clara
    Jonas Alma Rafael Ines Tobias Mira Simon Petra Elias""".split()
SURNAMES = """Ortiz Reyes Holt Webb Park Alvarez Cole Adler Grant Brandt Hale Liu Moreau Novak Ferreira
    Lindqvist Okafor Bauer Castillo Dunne Haddad Iversen Kowalski Marsh Nakamura Osei Pryor Quinn Rossi
    Sandoval Tamura Ulrich Varga Whitfield Yilmaz Zeller Abbott Byrne Carver Dalton""".split()
ROLES = ["the mayor of {town}", "the state governor", "the police chief of {town}", "the chief executive of Lantern Foods",
         "a state senator from {town}", "the head football coach", "the port director", "the county treasurer",
         "the hospital administrator in {town}", "a congressional candidate", "the county sheriff",
         "the president of {town} University"]  # fmt: skip
# Places: every article happens in its own town, so its background sentences are its own.
_TOWN_STARTS = "Ash Bel Cor Dun Elm Fair Glen Hol Iver Kings Lan Mar Nor Oak Pen Red Stan Thorn Wex Ald".split()
_TOWN_ENDS = "bury ford field mouth ton wick dale brook ham stead".split()
_TOWN_PREFIXES = ["", "North ", "South ", "East ", "West "]


def person(index: int) -> str:
    return f"{GIVEN_NAMES[index % len(GIVEN_NAMES)]} {SURNAMES[(index // len(GIVEN_NAMES)) % len(SURNAMES)]}"


def town(index: int) -> str:
    stem = _TOWN_STARTS[index % len(_TOWN_STARTS)] + _TOWN_ENDS[(index // len(_TOWN_STARTS)) % len(_TOWN_ENDS)]
    return _TOWN_PREFIXES[(index // (len(_TOWN_STARTS) * len(_TOWN_ENDS))) % len(_TOWN_PREFIXES)] + stem


# Each topic: (what the subject denies, a report that contradicts it, a report that agrees,
# background sentences).
TOPICS = [
    (
        "I never met the developer before the council vote",
        "Records obtained by reporters show that {last} met the developer twice in the month before the vote",
        "The developer's spokesperson said the two had not spoken before the hearing",
        ["The council approved the waterfront project by five votes to four.",
         "The project includes four hundred apartments and a public marina.",
         "Opponents had argued that the land should remain a public park.",
         "Construction is expected to begin next spring, according to the city planning office."],
    ),
    (
        "We did not cut the school budget",
        "According to the state auditor, spending on schools fell by four percent last year",
        "A legislative summary lists the school budget as unchanged",
        ["Teachers' unions said class sizes grew in most districts.",
         "The education department did not release district-level figures.",
         "Several districts have delayed repairs to older buildings.",
         "Parents' groups have called for a public hearing on the budget."],
    ),
    (
        "No tear gas was used by our officers",
        "Video reviewed by reporters shows officers firing tear gas canisters into the crowd",
        "The police union said officers used only verbal warnings",
        ["About two thousand people marched through the city centre on Saturday.",
         "Several shops closed early as the crowd approached the square.",
         "The city council has asked for an independent review of the response.",
         "Organisers said the march had been planned for weeks."],
    ),
    (
        "Our plant has never failed a safety inspection",
        "Inspection reports released on Friday show the plant failed two inspections in 2022",
        "An industry association described the plant as a model facility",
        ["The plant employs about nine hundred people.",
         "The company's shares fell three percent after the reports were published.",
         "Regulators said they would conduct a follow-up visit next month.",
         "The plant produces frozen meals sold across the region."],
    ),
    (
        "I had no role in drafting the amendment",
        "Emails obtained by the newspaper show that {last}'s office wrote the first draft of the amendment",
        "A committee clerk said the amendment was drafted by committee staff",
        ["The amendment passed by six votes on Thursday.",
         "It changes how mining permits are reviewed in the state.",
         "Environmental groups have said they will challenge the law in court.",
         "The governor has not said whether he will sign the bill."],
    ),
    (
        "The spill was cleaned up within a day",
        "Environmental officials reported that oil was still visible on the beach a week later",
        "A contractor hired by the port said the cleanup finished on schedule",
        ["Fishing was suspended for ten days after the spill.",
         "The tanker had been waiting to unload at the eastern terminal.",
         "Local restaurants said the closure cost them weeks of business.",
         "The coast guard is investigating the cause of the leak."],
    ),
]  # fmt: skip

FILLER = [
    "The meeting drew a larger crowd than usual, and several residents spoke during the public comment period.",
    "Officials said a full report would be published later this year.",
    "The issue has divided residents for months, with petitions circulating on both sides.",
    "Analysts said the decision could shape the coming election campaign.",
    "Budget documents show the figures were revised twice during the year.",
    "A spokesperson for the regional office said the matter was under review.",
    "Local newspapers have reported on the dispute since early spring.",
    "Critics said the public had been given too little time to respond.",
    "Supporters argued that the plan would create jobs and bring new investment.",
    "The next hearing is scheduled for the first week of the coming month.",
]

MONTHS = "January February March April May June July August September October November December".split()
SOURCES = ["the Harbor Tribune", "the State Ledger", "the Metro Daily", "the Coastal Herald", "reporters for this newspaper"]


def generate_article(index: int, rng: random.Random) -> dict:
    """One ~300-800-word article: quoted denial, contradicting and agreeing reports, background.

    Each article has its own subject and town, and its background sentences are set in that
    town and on its own dates, so articles share little text beyond the formulaic denials:
    an archive of distinct stories, not one story syndicated a thousand times (which the
    caches would make cheap).
    """
    name, place = person(index), town(index)
    role = ROLES[index % len(ROLES)].format(town=place)
    last = name.split()[-1]
    denial, against, agrees, background = TOPICS[index % len(TOPICS)]

    def in_place(sentence: str) -> str:
        when = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
        if rng.random() < 0.5:
            return f"On {when} in {place}, {sentence[0].lower()}{sentence[1:]}"
        return f"{sentence[:-1]} in {place} on {when}."

    paragraphs = [
        f"{name}, {role}, said on {rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday'])}: \"{denial}.\"",
        f"{against.format(last=last)}, {rng.choice(SOURCES)} reported.",
        f"{agrees.format(last=last)}.",
        " ".join(in_place(sentence) for sentence in rng.sample(background, k=len(background))),
    ]
    target = rng.randint(300, 800)
    while sum(len(p.split()) for p in paragraphs) < target:
        paragraphs.insert(rng.randint(3, len(paragraphs)), " ".join(in_place(s) for s in rng.sample(FILLER, k=3)))
    if rng.random() < 0.5:
        paragraphs.append(f"\"We stand by what {last} said,\" a spokesperson for {last} said.")
    return {
        "id": f"bench-{index:05d}",
        "subject": name if rng.random() < 0.8 else None,
        "outlet": rng.choice(SOURCES),
        "text": "\n\n".join(paragraphs),
    }


def write_articles(path: Path, count: int, seed: int = 0) -> dict:
    rng = random.Random(seed)
    words, sentences = [], []
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(count):
            article = generate_article(i, rng)
            words.append(len(article["text"].split()))
            sentences += [s for s in re.split(r"(?<=[.!?\"])\s+", article["text"]) if s.strip()]
            handle.write(json.dumps(article) + "\n")
    return {
        "articles": count,
        "mean_words": round(sum(words) / max(1, len(words)), 1),
        "min_words": min(words),
        "max_words": max(words),
        # How much the caches can save: the share of sentences that occur only once.
        "distinct_sentence_share": round(len(set(sentences)) / max(1, len(sentences)), 3),
    }


# -- measuring --------------------------------------------------------------------------------


class TreeMemory(threading.Thread):
    """Samples the resident memory of a process and all its descendants; keeps the peaks."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        import psutil

        self.root, self.interval = psutil.Process(pid), interval
        self.peak_tree = self.peak_process = 0
        self.peak_processes = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopped.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            sizes = []
            for process in processes:
                try:
                    sizes.append(process.memory_info().rss)
                except psutil.Error:
                    pass
            self.peak_tree = max(self.peak_tree, sum(sizes))
            self.peak_process = max([self.peak_process, *sizes])
            self.peak_processes = max(self.peak_processes, len(sizes))
            self.stopped.wait(self.interval)


def run_engine(engine: str, source: Path, outdir: Path, args) -> dict:
    command = [sys.executable, "-m", "contradict", "batch", str(source), "-o", str(outdir), "--overwrite",
               "--engine", engine, "--chunk-size", str(args.chunk_size), "--log-every", "60"]  # fmt: skip
    if args.model:
        command += ["--model", args.model]
    if args.judge:
        command += ["--judge", args.judge]
    if engine == "ray" and args.ray_cpus:
        command += ["--ray-num-cpus", str(args.ray_cpus)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    memory.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    memory.stopped.set()
    memory.join()
    if process.returncode not in (0, 7):
        raise SystemExit(f"{engine} engine failed (exit {process.returncode}):\n{stderr.decode()[-3000:]}")
    summary = json.loads((outdir / "summary.json").read_text())
    return {
        "engine": engine,
        "exit_code": process.returncode,
        "wall_seconds": round(wall, 2),
        "articles_per_second": round(summary["records_read"] / wall, 3),
        "scoring_seconds_summed": summary["seconds"],
        "articles_scored": summary["articles_scored"],
        "set_aside": summary["set_aside"],
        "pairs_scored": summary["pairs_scored"],
        "pairs_flagged": summary["findings_flagged"],
        "peak_rss_tree_mb": round(memory.peak_tree / 2**20, 1),
        "peak_rss_largest_process_mb": round(memory.peak_process / 2**20, 1),
        "processes_at_peak": memory.peak_processes,
    }


def flagged_pairs(outdir: Path) -> list[tuple]:
    rows = (json.loads(line) for line in (outdir / "results.jsonl").read_text().splitlines())
    return [(r["article_id"], r["id"], r["label"]) for r in rows if r["type"] == "finding"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--engines", default="local,ray", help="comma-separated: local, ray")
    parser.add_argument("--model", default=None, help="NLI model folder (default: the shipped one)")
    parser.add_argument("--judge", default=None, help="judge folder or nli-only (default: the shipped one)")
    parser.add_argument("--chunk-size", type=int, default=64)
    parser.add_argument("--ray-cpus", type=int, default=None, help="CPUs of the local Ray (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", default=None, help="keep inputs and outputs here (default: a temporary folder)")
    parser.add_argument("--output", default=str(REPO / "eval" / "results" / "bench_batch.json"))
    args = parser.parse_args()
    if args.model is None and not (SHIPPED_NLI / "config.json").is_file():
        raise SystemExit(f"the shipped NLI model is missing at {SHIPPED_NLI}; pass --model FOLDER (and --judge FOLDER or nli-only)")
    if args.judge is None and not (SHIPPED_JUDGE / "judge.json").is_file():
        raise SystemExit(f"the shipped judge is missing at {SHIPPED_JUDGE}; pass --judge FOLDER or --judge nli-only")
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]

    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-batch-"))
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / "articles.jsonl"
    corpus = write_articles(source, args.articles, args.seed)
    print(f"{corpus['articles']} articles, {corpus['min_words']}-{corpus['max_words']} words (mean {corpus['mean_words']}) in {source}", file=sys.stderr)

    results = []
    for engine in engines:
        print(f"running the {engine} engine ...", file=sys.stderr)
        results.append(run_engine(engine, source, workdir / f"out-{engine}", args))
    agreement = None
    if len(engines) > 1:
        first = flagged_pairs(workdir / f"out-{engines[0]}")
        agreement = all(flagged_pairs(workdir / f"out-{e}") == first for e in engines[1:])

    report = {
        "benchmark": "contradict batch, local vs ray",
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "settings": {"model": args.model or str(SHIPPED_NLI), "judge": args.judge or str(SHIPPED_JUDGE),
                     "chunk_size": args.chunk_size, "ray_cpus": args.ray_cpus or os.cpu_count(), "seed": args.seed},  # fmt: skip
        "corpus": corpus,
        "results": results,
        "engines_flag_the_same_pairs": agreement,
        "notes": "wall time includes model loading (and starting Ray); RSS is summed over the process tree, "
        "so pages shared between processes are counted once per process",
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")

    columns = ["engine", "wall_seconds", "articles_per_second", "scoring_seconds_summed", "pairs_scored",
               "peak_rss_tree_mb", "peak_rss_largest_process_mb"]  # fmt: skip
    widths = [max(len(c), *(len(str(r[c])) for r in results)) for c in columns]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for r in results:
        print("  ".join(str(r[c]).ljust(w) for c, w in zip(columns, widths)))
    if agreement is not None:
        print(f"engines flag the same pairs: {agreement}")
    print(f"written to {output}")


if __name__ == "__main__":
    main()
