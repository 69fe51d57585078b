"""`contradict extract`, `analyze` and `compare` through click and a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from contradict.cli import main

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sessions-kislyak.txt"


@pytest.fixture(scope="module")
def model_args(tiny_nli_dir):
    return ["--model", str(tiny_nli_dir), "--judge", "nli-only", "--voice", "off"]


def test_extract_json_lists_statements_and_reports():
    result = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--subject", "Jeff Sessions", "--json", "--voice", "off"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    subject_statements = [s for s in data["statements"] if s["is_subject"]]
    assert len(subject_statements) == 2 and all(s["speaker"] == "Jeff Sessions" for s in subject_statements)
    assert all({"start", "end", "text"} <= set(r["span"]) for r in data["reports"])


def test_extract_table_is_readable():
    result = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--voice", "off"])
    assert result.exit_code == 0
    assert "Statements" in result.output and "Reports" in result.output and "Sessions" in result.output


def test_analyze_table_and_json(model_args):
    runner = CliRunner()
    table = runner.invoke(main, ["analyze", str(EXAMPLE), "--subject", "Jeff Sessions", "--all-pairs", *model_args])
    assert table.exit_code == 0, table.output
    assert "Jeff Sessions" in table.output
    data = json.loads(runner.invoke(main, ["analyze", str(EXAMPLE), "--format", "json", "--top", "2", *model_args]).output)
    assert len(data["findings"]) <= 2 and data["verdict"]["statements"] >= 2


def test_analyze_reads_a_json_record_from_stdin(model_args):
    record = {"id": "adler", "source": "test", "subject": "Ruth Adler",
              "text": '"I have never owned shares in Harbor Energy," Ruth Adler said.\n\nFilings show she bought Harbor Energy shares in 2019.'}
    result = CliRunner().invoke(main, ["analyze", "-", "--format", "json", *model_args], input=json.dumps(record))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "adler" and data["subject"] == "Ruth Adler"


def test_html_escapes_markup_and_loads_nothing(model_args, tmp_path):
    text = (
        '"I never met <b>the donor</b>, <script>alert(1)</script>," Ruth Adler said.\n\n'
        "Records show Adler met the donor <img src=x onerror=alert(2)> twice in May."
    )
    article = tmp_path / "markup.txt"
    article.write_text(text)
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["analyze", str(article), "--subject", "Ruth Adler", "--format", "html", "-o", str(out), *model_args])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page and "src=" not in page.replace("src=x", "")


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"\xff\xfe\x00bad", "not UTF-8"), (b'{"id": "x", "text": ', "not valid JSON")],
)
def test_bad_files_give_a_clear_message_and_exit_code(tmp_path, model_args, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["analyze", str(path), *model_args])
    assert result.exit_code == 3 and message in result.output


def test_missing_file_and_no_subject(tmp_path, model_args):
    runner = CliRunner()
    assert runner.invoke(main, ["analyze", str(tmp_path / "nope.txt"), *model_args]).exit_code == 3
    quiet = tmp_path / "quiet.txt"
    quiet.write_text("The council met on Tuesday. It approved the budget.")
    result = runner.invoke(main, ["analyze", str(quiet), *model_args])
    assert result.exit_code == 3 and "--subject" in result.output


def test_compare_two_articles(tmp_path, model_args):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text('"I have never owned shares in Harbor Energy," Senator Ruth Adler said in March.')
    second.write_text("Filings published on Friday show that Ruth Adler bought Harbor Energy shares in 2019.")
    result = CliRunner().invoke(main, ["compare", str(first), str(second), "--json", *model_args])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["findings"]


def test_analyze_in_a_real_process_has_no_traceback_on_bad_input(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    proc = subprocess.run([sys.executable, "-m", "contradict", "analyze", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3 and "Traceback" not in proc.stderr and "empty" in proc.stderr
