"""Twelve short invented news articles for the batch tests, and helpers to write them as
JSONL, CSV and Parquet inputs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

ARTICLES = [
    {
        "id": "art-01",
        "subject": "Lena Ortiz",
        "outlet": "Harbor Tribune",
        "text": 'Mayor Lena Ortiz said on Monday: "I never met the developer before the vote."\n\n'
        "Records obtained by the Tribune show that Ortiz met the developer twice in March.\n\n"
        "The council approved the project in April.",
    },
    {
        "id": "art-02",
        "subject": "Paul Reyes",
        "outlet": "State Ledger",
        "text": '"We did not cut the school budget," Governor Paul Reyes said.\n\n'
        "According to the state auditor, the school budget fell by 4 percent last year.\n\n"
        "Teachers' unions said class sizes grew in most districts.",
    },
    {
        "id": "art-03",
        "subject": None,
        "outlet": "Metro Daily",
        "text": 'Police Chief Dana Holt denied that officers used tear gas. "No gas was used," Holt said.\n\n'
        "Video reviewed by reporters shows officers firing tear gas canisters into the crowd.",
    },
    {
        "id": "art-04",
        "subject": "Marcus Webb",
        "outlet": "Business Wire Weekly",
        "text": 'Marcus Webb, the chief executive of Lantern Foods, said: "Our plant has never failed an inspection."\n\n'
        "Inspection reports released on Friday show the plant failed two inspections in 2022.\n\n"
        "The company's shares fell 3 percent.",
    },
    {
        "id": "art-05",
        "subject": "Irene Park",
        "outlet": "Capitol Report",
        "text": 'Senator Irene Park said she "had no role" in drafting the amendment.\n\n'
        "Emails obtained by the newspaper show Park's office wrote the first draft of the amendment.\n\n"
        "The amendment passed by six votes.",
    },
    {
        "id": "art-06",
        "subject": "Tom Alvarez",
        "outlet": "Valley News",
        "text": 'Coach Tom Alvarez insisted: "No player was paid to transfer."\n\n'
        "Two former players told investigators they received cash payments to join the team.\n\n"
        "The league has opened an inquiry.",
    },
    {
        "id": "art-07",
        "subject": "Nadia Cole",
        "outlet": "Coastal Herald",
        "text": 'Nadia Cole, the port director, said: "The spill was cleaned up within a day."\n\n'
        "Environmental officials reported that oil was still visible on the beach a week later.\n\n"
        "Fishing was suspended for ten days.",
    },
    {
        "id": "art-08",
        "subject": None,
        "outlet": "Northern Post",
        "text": '"I have never owned shares in Harbor Energy," Ruth Adler said on Tuesday.\n\n'
        "Filings published on Friday show that Ruth Adler bought Harbor Energy shares in 2019.",
    },
    {
        "id": "art-09",
        "subject": "Owen Grant",
        "outlet": "River City Times",
        "text": 'Owen Grant, the hospital administrator, said: "No surgeries were cancelled because of staffing."\n\n'
        "Nurses said dozens of surgeries were cancelled in January because of staff shortages.\n\n"
        "The hospital declined to release figures.",
    },
    {
        "id": "art-10",
        "subject": "Sofia Brandt",
        "outlet": "Daily Sentinel",
        "text": 'Sofia Brandt said the campaign "did not receive any foreign money."\n\n'
        "Bank records seen by reporters show a transfer from an overseas account to the campaign.\n\n"
        "Brandt's lawyer said the transfer was a loan.",
    },
    {
        "id": "art-11",
        "subject": "Victor Hale",
        "outlet": "Evening Star",
        "text": 'Victor Hale, the county sheriff, said: "We released every record the court asked for."\n\n'
        "The judge said on Thursday that the sheriff's office withheld three sets of records.",
    },
    {
        "id": "art-12",
        "subject": "Grace Liu",
        "outlet": "Southern Courier",
        "text": 'Grace Liu, the university president, said: "Tuition will not rise next year."\n\n'
        "A budget document approved by the trustees raises tuition by 5 percent next year.\n\n"
        "Students plan to protest on Friday.",
    },
]

#: Lines that must be set aside, with the reason each gives (the line numbers depend on
#: where :func:`mixed_lines` puts them).
BAD_LINES = [
    ('{"id": "bad-json", "text": "unterminated', "malformed JSON"),
    ('{"id": "no-text", "outlet": "x"}', "missing text"),
    (json.dumps({"id": "too-long", "subject": "Al Bee", "text": '"No," Al Bee said. ' + "word " * 700}), "--max-chars"),
    (json.dumps({"text": "An article without an id."}), "missing id"),
    (json.dumps({"id": "nobody", "text": "The council met on Tuesday. It approved the budget."}), "analysis failed"),
]
#: A --max-chars that every good article fits in and the "too-long" one does not.
MAX_CHARS = 2000


def jsonl_line(article: dict) -> str:
    return json.dumps(article, ensure_ascii=False)


def mixed_lines() -> list[str]:
    """The twelve articles with a bad line after every third one, and one blank line."""
    lines: list[str] = []
    bad = iter(BAD_LINES)
    for i, article in enumerate(ARTICLES, 1):
        lines.append(jsonl_line(article))
        if i % 3 == 0:
            lines.append(next(bad)[0])
        if i == 5:
            lines.append("")
    lines.extend(line for line, _ in bad)
    return lines


def write_jsonl(path: Path, lines: list[str] | None = None) -> Path:
    lines = [jsonl_line(a) for a in ARTICLES] if lines is None else lines
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def write_csv(path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "subject", "outlet", "text"])
        writer.writeheader()
        for article in ARTICLES:
            writer.writerow({**article, "subject": article["subject"] or ""})
    return path


def write_parquet(path: Path, row_group_size: int = 5) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(ARTICLES), path, row_group_size=row_group_size)
    return path
