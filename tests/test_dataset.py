"""Loading and validating labelled article sets (contradict.dataset)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contradict.dataset import MAX_LISTED_PROBLEMS, Article, load_dataset, read_article_record
from contradict.errors import DatasetError

TEXT = (
    'The mayor said on Monday: "I never approved the contract." '
    "Council minutes show the mayor approved the contract in March. "
    '"I never approved the contract," she repeated.'
)


def article(**overrides) -> dict:
    record = {
        "id": "mayor-contract",
        "source": "written for this test",
        "title": "Mayor denies approving contract",
        "published": "2024-03-05",
        "domain": "politics",
        "subject": "the mayor",
        "kind": "contradiction",
        "text": TEXT,
        "pairs": [
            {
                "statement": "I never approved the contract.",
                "report": "Council minutes show the mayor approved the contract in March.",
                "label": "contradiction",
                "note": "minutes record the approval she denies",
            }
        ],
    }
    record.update(overrides)
    return record


def write_lines(path: Path, lines: list) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def problems_of(path: Path) -> str:
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    return str(caught.value)


def test_valid_file_loads_with_spans_extra_fields_and_line_numbers(tmp_path):
    second = article(id="second", pairs=[{"statement": "she repeated", "report": "Council minutes", "label": "neutral"}])
    path = write_lines(tmp_path / "set.jsonl", [article(), "", second])

    first, other = load_dataset(path)

    pair = first.pairs[0]
    assert (pair.label, pair.note) == ("contradiction", "minutes record the approval she denies")
    # The statement occurs twice (the second time with a comma); the span is the first occurrence.
    assert pair.statement_span.start == TEXT.index("I never approved the contract.")
    assert TEXT[pair.statement_span.start : pair.statement_span.end] == pair.statement
    assert TEXT[pair.report_span.start : pair.report_span.end] == pair.report
    assert first.extra == {"kind": "contradiction"}
    assert (first.title, first.published, first.domain, first.line) == (
        "Mayor denies approving contract",
        "2024-03-05",
        "politics",
        1,
    )
    assert other.line == 3  # blank lines are skipped but still counted
    assert other.pairs[0].note is None


def test_optional_fields_may_be_absent_or_null(tmp_path):
    record = article(published=None, domain=None)
    del record["title"], record["kind"]
    loaded = load_dataset(write_lines(tmp_path / "set.jsonl", [record]))[0]
    assert (loaded.title, loaded.published, loaded.domain, loaded.extra) == (None, None, None, {})


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"subject": ""}, "field 'subject' must be a non-empty string, found an empty string"),
        ({"pairs": "none"}, "pairs must be a list of labelled pairs; found a string"),
        ({"pairs": []}, "pairs is empty"),
        ({"published": "5 March 2024"}, "published must be a YYYY-MM-DD date or null, found '5 March 2024'"),
        ({"published": "2023-02-29"}, "published is not a real date"),
        ({"domain": "news"}, "domain must be one of politics, business"),
        (
            {"pairs": [{"statement": "I never approved  the contract.", "report": "Council minutes", "label": "neutral"}]},
            "pair 1: statement is not an exact substring of text (it differs only in whitespace)",
        ),
        (
            {"pairs": [{"statement": "I never approved the contract.", "report": "council MINUTES", "label": "neutral"}]},
            "pair 1: report is not an exact substring of text (it differs only in letter case)",
        ),
        (
            {"pairs": [{"statement": "I never approved the contract.", "report": "Council minutes", "label": "refutes"}]},
            "pair 1: unknown label 'refutes' (expected one of entailment, neutral, contradiction)",
        ),
        ({"pairs": [["a", "b"]]}, "pair 1 must be an object, found a list"),
    ],
)
def test_each_problem_names_file_line_and_article(tmp_path, overrides, expected):
    path = write_lines(tmp_path / "set.jsonl", [article(id="fine"), article(**overrides)])
    message = problems_of(path)
    assert f"{path}:2 (article mayor-contract): {expected}" in message


def test_missing_required_field_is_named(tmp_path):
    record = article()
    del record["text"]
    message = problems_of(write_lines(tmp_path / "set.jsonl", [record]))
    assert "set.jsonl:1 (article mayor-contract): missing required field 'text'" in message


def test_malformed_json_and_non_object_have_unknown_id(tmp_path):
    path = write_lines(tmp_path / "set.jsonl", [article(), '{"id": "broken",', "[1, 2]"])
    message = problems_of(path)
    assert f"{path}:2 (article ?): malformed JSON" in message
    assert f"{path}:3 (article ?): expected a JSON object, found a list" in message


def test_duplicate_id_points_to_first_use(tmp_path):
    path = write_lines(tmp_path / "set.jsonl", [article(), article(id="other"), article()])
    assert f"{path}:3 (article mayor-contract): duplicate id, first used on line 1" in problems_of(path)


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_lines(tmp_path / "set.jsonl", [article(domain="news"), article(id="b", published="soon"), "oops"])
    message = problems_of(path)
    assert message.startswith(f"{path}: 3 problem(s) found; nothing was scored")
    assert ":1 (article mayor-contract): domain" in message
    assert ":2 (article b): published" in message
    assert ":3 (article ?): malformed JSON" in message


def test_long_problem_lists_are_capped(tmp_path):
    lines = [article(id=f"a{i}", domain="news") for i in range(MAX_LISTED_PROBLEMS + 7)]
    message = problems_of(write_lines(tmp_path / "set.jsonl", lines))
    assert len([line for line in message.splitlines() if "domain must be" in line]) == MAX_LISTED_PROBLEMS
    assert message.splitlines()[-1].strip() == "... and 7 more"


@pytest.mark.parametrize(
    "content, expected",
    [(None, "labelled set not found"), (b"\n\n", "holds no articles"), (b'{"id": "\xff"}\n', "not UTF-8 text")],
)
def test_unreadable_files(tmp_path, content, expected):
    path = tmp_path / "set.jsonl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DatasetError, match=expected) as caught:
        load_dataset(path)
    assert caught.value.exit_code == 6


def test_read_article_record_returns_an_article():
    loaded = read_article_record(article())
    assert isinstance(loaded, Article)
    assert loaded.id == "mayor-contract"
    assert loaded.line == 0
    hash(loaded)  # usable as a key despite the extra dict


def test_read_article_record_reports_every_problem():
    with pytest.raises(DatasetError) as caught:
        read_article_record(article(domain="news", pairs=[]), origin="input.json")
    message = str(caught.value)
    assert "input.json (article mayor-contract): domain must be one of" in message
    assert "input.json (article mayor-contract): pairs is empty" in message


def test_read_article_record_without_pairs_for_analysis():
    record = article()
    del record["pairs"]
    assert read_article_record(record, require_pairs=False).pairs == ()
    assert read_article_record(article(pairs=[]), require_pairs=False).pairs == ()
    with pytest.raises(DatasetError, match="missing required field 'pairs'"):
        read_article_record(record)
    with pytest.raises(DatasetError, match="pair 1: unknown label"):
        read_article_record(
            article(pairs=[{"statement": "she repeated", "report": "Council minutes", "label": "x"}]), require_pairs=False
        )
