"""Rebuild domain_train.jsonl and domain_dev.jsonl from the written parts, split by story.

    python models/recipe/data/split_domain.py            # rebuild both files
    python models/recipe/data/split_domain.py --check    # fail if they are out of date
    python models/recipe/data/split_domain.py --parts d1-d8 --train-out FILE
                                                         # the train side of some parts only

Each part (``parts/domain_dN.jsonl``) holds pairs written for this project, grouped by the
invented story they come from (``group``). A story's pairs all go to the same side, so the
held-out pairs never share a story with the training pairs. Which stories are held out is
recorded in ``dev_groups.txt``, so adding a part never moves an existing story; stories of a
part that the list does not cover yet are assigned once, at random with a fixed seed
(``--assign``), and the list is written back.

Every line is read with the project's NLI parser: a malformed line or an unknown label is
reported with its file and line number and stops the build (the parts are hand-written, so
a bad line is a bug to fix, not noise to skip).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = HERE / "parts"
DEV_GROUPS = HERE / "dev_groups.txt"
TRAIN_FILE, DEV_FILE = HERE / "domain_train.jsonl", HERE / "domain_dev.jsonl"
DEV_SHARE = 0.15
SEED = 13


def read_parts() -> list[dict]:
    sys.path.insert(0, str(HERE.parents[2]))
    from contradict.nli_data import SkippedLine, iter_nli_lines

    rows, problems = [], []
    for path in sorted(PARTS.glob("domain_d*.jsonl")):
        for number, item in iter_nli_lines(path):
            if isinstance(item, SkippedLine):
                problems.append(f"{path.name}:{number}: {item.reason}")
                continue
            raw = json.loads(path.read_text(encoding="utf-8").splitlines()[number - 1])
            if not raw.get("group"):
                problems.append(f"{path.name}:{number}: no 'group' (the story the pair belongs to)")
                continue
            rows.append(raw)
    if problems:
        raise SystemExit("bad lines in the domain parts:\n  " + "\n  ".join(problems))
    return rows


def assign_new_groups(groups: list[str], held_out: set[str], covered_prefixes: set[str]) -> set[str]:
    """Hold out DEV_SHARE of the stories of each part the list does not cover yet."""
    added: set[str] = set()
    by_prefix: dict[str, list[str]] = {}
    for group in groups:
        by_prefix.setdefault(group.split("-")[0], []).append(group)
    for prefix, members in sorted(by_prefix.items()):
        if prefix in covered_prefixes:
            continue
        members = sorted(set(members))
        added.update(random.Random(f"{SEED}-{prefix}").sample(members, round(DEV_SHARE * len(members))))
    return held_out | added


def parts_in_range(spec: str) -> set[str]:
    """'d1-d8' -> {'d1', ..., 'd8'}."""
    try:
        first, last = (int(end.strip().removeprefix("d")) for end in spec.split("-"))
    except ValueError:
        raise SystemExit(f"--parts takes a range like 'd1-d8', got {spec!r}") from None
    return {f"d{n}" for n in range(first, last + 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the split files are out of date")
    parser.add_argument("--assign", action="store_true", help="assign the stories of new parts and update dev_groups.txt")
    parser.add_argument("--parts", help="with --train-out: the parts to keep, as a range 'd1-d8'")
    parser.add_argument("--train-out", help="write the train side of --parts here (an earlier training stage's data)")
    args = parser.parse_args()
    if bool(args.parts) != bool(args.train_out):
        parser.error("--parts and --train-out go together")

    rows = read_parts()
    lines = [line.strip() for line in DEV_GROUPS.read_text().splitlines() if line.strip() and not line.startswith("#")]
    covered = {line.removeprefix("part ") for line in lines if line.startswith("part ")}
    held_out = {line for line in lines if not line.startswith("part ")}
    prefixes = {row["group"].split("-")[0] for row in rows}
    if prefixes - covered:
        if not args.assign:
            raise SystemExit(f"parts {sorted(prefixes - covered)} are not split yet: rerun with --assign")
        held_out = assign_new_groups([row["group"] for row in rows], held_out, covered)
        covered |= prefixes
        header = [line for line in DEV_GROUPS.read_text().splitlines() if line.startswith("#")]
        DEV_GROUPS.write_text(
            "\n".join(header + [f"part {p}" for p in sorted(covered)] + sorted(held_out)) + "\n", encoding="utf-8"
        )

    dump = lambda items: "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items)  # noqa: E731
    train = dump(r for r in rows if r["group"] not in held_out)
    dev = dump(r for r in rows if r["group"] in held_out)
    if args.train_out:
        keep = parts_in_range(args.parts)
        subset = dump(r for r in rows if r["group"] not in held_out and r["group"].split("-")[0] in keep)
        Path(args.train_out).write_text(subset, encoding="utf-8")
        print(f"{subset.count(chr(10))} train pairs of parts {args.parts} written to {args.train_out}")
        return 0
    if args.check:
        stale = [p.name for p, text in ((TRAIN_FILE, train), (DEV_FILE, dev)) if p.read_text(encoding="utf-8") != text]
        if stale:
            raise SystemExit(f"out of date: {stale}; rerun python models/recipe/data/split_domain.py")
        return 0
    TRAIN_FILE.write_text(train, encoding="utf-8")
    DEV_FILE.write_text(dev, encoding="utf-8")
    n_dev_groups = len({r["group"] for r in rows if r["group"] in held_out})
    print(f"{len(rows)} pairs: train {train.count(chr(10))}, dev {dev.count(chr(10))} ({n_dev_groups} stories held out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
