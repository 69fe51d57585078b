"""Writing a batch run's results: the output records, atomic files, Parquet tables.

    Article + Analysis -> article_records -> one ``article`` record, then its ``finding`` records
      -> JSON lines in the parts (atomic files) -> with ``--format parquet``, two flat tables

Every file goes through a temporary name and :func:`os.replace`, so a reader (or a resumed
run) sees it whole or not at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from .batch import require_pyarrow
from .batch_input import Article
from .detector import Analysis

def article_records(article: Article, analysis: Analysis, all_pairs: bool = False) -> list[dict]:
    """The output records of one article: its summary, then its flagged pairs.

    Flagged pairs are those judged contradictions (every judged pair with ``all_pairs``),
    by contradiction probability (rounded as written), highest first, then by pair id.
    """
    chosen = analysis.findings if all_pairs else analysis.contradictions
    ordered = sorted(chosen, key=lambda f: (-round(f.judgement.contradiction, 6), f.id))
    summary = {
        "type": "article",
        "id": article.id,
        "line": article.line,
        "subject": analysis.subject,
        "verdict": analysis.verdict,
        "flagged": len(ordered),
        "fields": article.fields,
    }
    findings = [
        {"type": "finding", "article_id": article.id, "line": article.line, "rank": rank, **finding.to_dict()}
        for rank, finding in enumerate(ordered, 1)
    ]
    return [summary, *findings]


def record_line(record: dict) -> str:
    """One output record as a JSON line (no newline); NaN is refused, not written."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


# -- files written whole or not at all ------------------------------------------------------


def temporary_path(path: Path) -> Path:
    """Where ``path`` is written before it is moved into place (hidden, per process)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through a temporary file and :func:`os.replace`: whole or absent."""
    temporary = temporary_path(path)
    with open(temporary, "wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def write_lines(path: Path, lines: Sequence[str]) -> None:
    """Write ``lines`` (without their newlines) atomically as a UTF-8 text file."""
    atomic_write(path, lambda handle: handle.write("".join(line + "\n" for line in lines).encode("utf-8")))


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` atomically as indented JSON."""
    atomic_write(path, lambda handle: handle.write((json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")))


# -- Parquet tables -------------------------------------------------------------------------

_ARTICLE_COLUMNS = (
    ("id", "string"), ("line", "int64"), ("subject", "string"), ("contradicted", "bool"),
    ("contradictions", "int64"), ("max_contradiction_probability", "float64"), ("statements", "int64"),
    ("reports", "int64"), ("pairs_judged", "int64"), ("flagged", "int64"), ("fields", "string"),
)  # fmt: skip
_FINDING_COLUMNS = (
    ("article_id", "string"), ("line", "int64"), ("rank", "int64"), ("pair_id", "string"), ("label", "string"),
    ("probability", "float64"), ("entailment", "float64"), ("neutral", "float64"), ("contradiction", "float64"),
    ("statement", "string"), ("statement_start", "int64"), ("statement_end", "int64"), ("speaker", "string"),
    ("statement_is_denial", "bool"), ("report", "string"), ("report_start", "int64"), ("report_end", "int64"),
    ("report_source", "string"), ("report_hedged", "bool"), ("premise", "string"), ("retrieval_score", "float64"),
    ("retrieval_rank", "int64"), ("reasons", "list<string>"),
)  # fmt: skip


def _flat_article(record: dict) -> dict:
    verdict = record["verdict"]
    return {
        "id": str(record["id"]),
        "line": record["line"],
        "subject": record["subject"],
        **{k: verdict[k] for k in ("contradicted", "contradictions", "max_contradiction_probability", "statements", "reports", "pairs_judged")},
        "flagged": record["flagged"],
        "fields": json.dumps(record["fields"], ensure_ascii=False),
    }


def _flat_finding(record: dict) -> dict:
    statement, report, judgement = record["statement"], record["report"], record["judgement"]
    return {
        "article_id": str(record["article_id"]),
        "line": record["line"],
        "rank": record["rank"],
        "pair_id": record["id"],
        "label": record["label"],
        "probability": record["probability"],
        **{k: judgement[k] for k in ("entailment", "neutral", "contradiction")},
        "statement": statement["span"]["text"],
        "statement_start": statement["span"]["start"],
        "statement_end": statement["span"]["end"],
        "speaker": statement["speaker"],
        "statement_is_denial": statement["is_denial"],
        "report": report["span"]["text"],
        "report_start": report["span"]["start"],
        "report_end": report["span"]["end"],
        "report_source": report["source"],
        "report_hedged": report["hedged"],
        "premise": record["premise"],
        "retrieval_score": record["retrieval_score"],
        "retrieval_rank": record["retrieval_rank"],
        "reasons": record["reasons"],
    }


def write_parquet(parts: Sequence[Path], articles_path: Path, findings_path: Path, rows_per_group: int = 50_000) -> None:
    """Write the records of JSONL ``parts`` as two flat Parquet tables, streaming, atomically.

    ``articles.parquet`` has one row per article (its passed-through fields as a JSON string);
    ``findings.parquet`` one row per flagged pair.
    """
    pa = require_pyarrow("--format parquet")
    pq = pa.parquet

    def schema(columns):
        types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(), "list<string>": pa.list_(pa.string())}
        return pa.schema([(name, types[kind]) for name, kind in columns])

    targets = {
        "article": (articles_path, schema(_ARTICLE_COLUMNS), _flat_article),
        "finding": (findings_path, schema(_FINDING_COLUMNS), _flat_finding),
    }
    temporaries = {kind: temporary_path(path) for kind, (path, _, _) in targets.items()}
    writers = {kind: pq.ParquetWriter(temporaries[kind], targets[kind][1]) for kind in targets}
    buffers: dict[str, list[dict]] = {kind: [] for kind in targets}

    def flush(kind: str) -> None:
        if buffers[kind]:
            writers[kind].write_table(pa.Table.from_pylist(buffers[kind], schema=targets[kind][1]))
            buffers[kind].clear()

    try:
        for part in parts:
            with open(part, encoding="utf-8") as handle:
                for line in handle:
                    record = json.loads(line)
                    kind = record["type"]
                    buffers[kind].append(targets[kind][2](record))
                    if len(buffers[kind]) >= rows_per_group:
                        flush(kind)
        for kind in targets:
            flush(kind)
    finally:
        for writer in writers.values():
            writer.close()
    for kind, (path, _, _) in targets.items():
        os.replace(temporaries[kind], path)

