"""Batch runs on the tiny model: resume after kill -9, bad records, formats, refusals."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_articles import ARTICLES, BAD_LINES, MAX_CHARS, mixed_lines, write_csv, write_jsonl, write_parquet
from click.testing import CliRunner

from contradict.batch import EXIT_SET_ASIDE, BatchOptions, BatchProgress
from contradict.batch_local import TEST_DELAY_ENV, run_batch
from contradict.batch_store import RunDir
from contradict.cli import main
from contradict.detector import Detector, DetectorConfig
from contradict.errors import EngineError, OutputDirError, ResumeMismatchError

REPO = Path(__file__).resolve().parent.parent
CHUNK = 3


@pytest.fixture(scope="module")
def config(tiny_nli_dir) -> DetectorConfig:
    return DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", top_k=3, voice="off")


@pytest.fixture(scope="module")
def detector(config) -> Detector:
    return Detector(config).load()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("batch-input")
    return {
        "mixed": write_jsonl(folder / "mixed.jsonl", mixed_lines()),
        "jsonl": write_jsonl(folder / "clean.jsonl"),
        "csv": write_csv(folder / "clean.csv"),
        "parquet": write_parquet(folder / "clean.parquet"),
    }


def options(source: Path | str, outdir: Path, **settings) -> BatchOptions:
    return BatchOptions(input=str(source), outdir=outdir, chunk_size=CHUNK, max_chars=MAX_CHARS, **settings)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, inputs, config, detector) -> Path:
    """An uninterrupted run over the mixed input."""
    outdir = tmp_path_factory.mktemp("reference") / "out"
    summary = run_batch(options(inputs["mixed"], outdir), config, detector=detector)
    assert summary.exit_code == EXIT_SET_ASIDE
    return outdir


def records(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "results.jsonl").read_text(encoding="utf-8").splitlines()]


def findings(outdir: Path) -> list[tuple]:
    return [(r["article_id"], r["id"], r["label"], r["probability"]) for r in records(outdir) if r["type"] == "finding"]


def cli_args(source, outdir, tiny_nli_dir, *extra) -> list[str]:
    return ["batch", str(source), "-o", str(outdir), "--chunk-size", str(CHUNK), "--max-chars", str(MAX_CHARS),
            "--model", str(tiny_nli_dir), "--judge", "nli-only", "--voice", "off", "--top-k", "3", *extra]  # fmt: skip


def test_output_has_every_article_once_in_input_order(reference):
    rows = records(reference)
    articles = [r for r in rows if r["type"] == "article"]
    assert [r["id"] for r in articles] == [a["id"] for a in ARTICLES]
    assert articles[0]["fields"] == {"outlet": "Harbor Tribune"}
    assert any(r["type"] == "finding" for r in rows)
    for article in articles:  # each summary is followed by its own findings, most probable first
        own = [r for r in rows if r["type"] == "finding" and r["article_id"] == article["id"]]
        assert len(own) == article["flagged"] == article["verdict"]["contradictions"]
        keys = [(-r["probability"], r["id"]) for r in own]
        assert keys == sorted(keys) and [r["rank"] for r in own] == list(range(1, len(own) + 1))
    manifest = json.loads((reference / "manifest.json").read_text())
    assert manifest["state"] == "complete" and manifest["config"]["detector"]["judge"] == "nli-only"
    assert manifest["input"]["sha256"] and manifest["models"]["nli"]["sha256"]
    assert not (reference / "parts").exists()


def test_bad_records_are_set_aside_with_line_numbers(reference):
    lines = mixed_lines()
    errors = [json.loads(line) for line in (reference / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == len(BAD_LINES)
    for (bad, reason), error in zip(BAD_LINES, errors):
        assert lines[error["line"] - 1] == bad and reason in error["reason"]
    assert errors[1]["id"] == "no-text" and errors[0]["id"] is None
    summary = json.loads((reference / "summary.json").read_text())
    assert summary["set_aside"] == len(BAD_LINES) and summary["exit_code"] == EXIT_SET_ASIDE
    assert summary["articles_scored"] == len(ARTICLES) and summary["records_read"] == len(ARTICLES) + len(BAD_LINES)


def test_kill_9_mid_run_then_resume_gives_the_uninterrupted_output(tmp_path, inputs, reference, tiny_nli_dir):
    outdir = tmp_path / "out"
    command = [sys.executable, "-m", "contradict", *cli_args(inputs["mixed"], outdir, tiny_nli_dir, "--log-every", "0")]
    env = {**os.environ, TEST_DELAY_ENV: "1.5", "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first_commit = outdir / "parts" / "part-000000.done.json"
    deadline = time.monotonic() + 60
    while not first_commit.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first_commit.exists(), process.communicate()[1].decode()[-2000:]
    process.send_signal(signal.SIGKILL)  # in the next chunk's (test-only) pause before its commit
    process.wait()
    assert not (outdir / "results.jsonl").exists()
    committed = sorted(p.name for p in (outdir / "parts").glob("*.done.json"))
    assert 1 <= len(committed) < 6

    resumed = subprocess.run([*command, "--resume"], cwd=REPO, env={**env, TEST_DELAY_ENV: ""}, capture_output=True, timeout=120)
    assert resumed.returncode == EXIT_SET_ASIDE, resumed.stderr.decode()[-2000:]
    assert (outdir / "results.jsonl").read_bytes() == (reference / "results.jsonl").read_bytes()
    assert (outdir / "errors.jsonl").read_bytes() == (reference / "errors.jsonl").read_bytes()
    stderr = resumed.stderr.decode()
    assert "articles/s" in stderr and "5 set aside" in stderr  # progress lines and the summary, stderr not a tty


class _Crash(BatchProgress):
    """Stops a run right after its first commit, as a crash would."""

    def advance(self, counts: dict) -> None:
        raise KeyboardInterrupt


def test_resume_ignores_uncommitted_parts_and_temporaries(tmp_path, inputs, reference, config, detector):
    outdir = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch(options(inputs["mixed"], outdir), config, detector=detector, progress=_Crash())
    run = RunDir(outdir)
    assert list(run.commits()) == [0]
    run.part(1).write_text('{"type": "article", "id": "half-written"}\n')  # killed before its commit
    (run.parts / ".part-000002.jsonl.999.tmp").write_text("partial")
    summary = run_batch(options(inputs["mixed"], outdir, resume=True), config, detector=detector)
    assert summary.set_aside == len(BAD_LINES)
    assert (outdir / "results.jsonl").read_bytes() == (reference / "results.jsonl").read_bytes()
    again = run_batch(options(inputs["mixed"], outdir, resume=True), config, detector=detector)
    assert again == summary  # a complete run resumed is a no-op


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_csv_and_parquet_give_the_same_findings_as_jsonl(tmp_path, inputs, config, detector, kind):
    jsonl = run_batch(options(inputs["jsonl"], tmp_path / "jsonl"), config, detector=detector)
    other = run_batch(options(inputs[kind], tmp_path / kind), config, detector=detector)
    assert jsonl.exit_code == other.exit_code == 0
    assert findings(tmp_path / kind) == findings(tmp_path / "jsonl")
    assert [r["fields"] for r in records(tmp_path / kind) if r["type"] == "article"] == [
        {"outlet": a["outlet"]} for a in ARTICLES
    ]


def test_parquet_output_is_readable(tmp_path, inputs, config, detector):
    pq = pytest.importorskip("pyarrow.parquet")
    outdir = tmp_path / "out"
    summary = run_batch(options(inputs["jsonl"], outdir, output_format="parquet"), config, detector=detector)
    articles = pq.read_table(outdir / "articles.parquet").to_pylist()
    flagged = pq.read_table(outdir / "findings.parquet").to_pylist()
    assert [a["id"] for a in articles] == [a["id"] for a in ARTICLES]
    assert json.loads(articles[0]["fields"]) == {"outlet": "Harbor Tribune"}
    assert len(flagged) == summary.findings_flagged
    assert [(f["article_id"], f["pair_id"], f["probability"]) for f in flagged] == [
        (a, i, p) for a, i, _, p in findings(outdir)
    ]


def test_stdin_gives_the_same_output_as_the_file(tmp_path, inputs, reference, config, detector):
    outdir = tmp_path / "out"
    with open(inputs["mixed"], "rb") as stream:
        summary = run_batch(options("-", outdir), config, detector=detector, stdin=stream)
    assert summary.exit_code == EXIT_SET_ASIDE
    assert (outdir / "results.jsonl").read_bytes() == (reference / "results.jsonl").read_bytes()
    manifest = json.loads((outdir / "manifest.json").read_text())
    assert manifest["input"]["sha256"] == json.loads((reference / "manifest.json").read_text())["input"]["sha256"]


def test_resume_with_another_config_or_input_is_refused(tmp_path, inputs, reference, tiny_nli_dir):
    runner = CliRunner()
    changed = runner.invoke(main, cli_args(inputs["mixed"], reference, tiny_nli_dir, "--top-k", "2", "--resume"))
    assert changed.exit_code == ResumeMismatchError.exit_code
    assert "config differs" in changed.output and "top_k" in changed.output
    assert len(changed.output.strip().splitlines()) == 1
    other_input = runner.invoke(main, cli_args(inputs["jsonl"], reference, tiny_nli_dir, "--resume"))
    assert other_input.exit_code == ResumeMismatchError.exit_code and "input was different" in other_input.output
    not_empty = runner.invoke(main, cli_args(inputs["mixed"], reference, tiny_nli_dir))
    assert not_empty.exit_code == OutputDirError.exit_code and "--overwrite" in not_empty.output


def test_overwrite_starts_over_and_keeps_foreign_files(tmp_path, inputs, config, detector):
    outdir = tmp_path / "out"
    outdir.mkdir()
    (outdir / "notes.txt").write_text("mine")
    with pytest.raises(OutputDirError):
        run_batch(options(inputs["jsonl"], outdir), config, detector=detector)
    run_batch(options(inputs["jsonl"], outdir, overwrite=True), config, detector=detector)
    run_batch(options(inputs["jsonl"], outdir, overwrite=True), config, detector=detector)
    assert (outdir / "notes.txt").read_text() == "mine" and (outdir / "results.jsonl").is_file()


def test_a_folder_in_use_by_another_run_is_refused(tmp_path, inputs, config, detector):
    holder = RunDir(tmp_path / "out")
    holder.lock()
    try:
        with pytest.raises(OutputDirError, match="another batch run"):
            run_batch(options(inputs["jsonl"], tmp_path / "out"), config, detector=detector)
    finally:
        holder.unlock()
    run_batch(options(inputs["jsonl"], tmp_path / "out", resume=True), config, detector=detector)


def test_ray_engine_without_ray_says_what_to_install(tmp_path, inputs, config, monkeypatch):
    from contradict.batch_ray import run_batch_ray

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(EngineError, match=r"pip install 'contradict\[ray\]'"):
        run_batch_ray(options(inputs["jsonl"], tmp_path / "out"), config)
