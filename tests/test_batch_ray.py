"""The Ray engine on a local Ray with 2 CPUs: same output as the local engine, and it
resumes a run the local engine left half done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_articles import MAX_CHARS, mixed_lines, write_jsonl

from contradict.batch import EXIT_SET_ASIDE, BatchOptions, BatchProgress
from contradict.batch_local import run_batch
from contradict.batch_store import RunDir
from contradict.detector import Detector, DetectorConfig

ray = pytest.importorskip("ray", reason="the Ray engine needs the ray extra: pip install 'contradict[ray]'")
pytest.importorskip("ray.data", reason="the Ray engine needs Ray Data: pip install 'contradict[ray]'")

from contradict.batch_ray import run_batch_ray  # noqa: E402

CHUNK = 3
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, on its config


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def setup(tmp_path_factory, tiny_nli_dir):
    folder = tmp_path_factory.mktemp("batch-ray")
    config = DetectorConfig(nli_model=str(tiny_nli_dir), judge="nli-only", top_k=3, voice="off")
    source = write_jsonl(folder / "mixed.jsonl", mixed_lines())
    reference = folder / "local"
    run_batch(BatchOptions(str(source), reference, chunk_size=CHUNK, max_chars=MAX_CHARS), config, detector=Detector(config))
    return folder, config, source, reference


def rows(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "results.jsonl").read_text().splitlines()]


def assert_same_records(outdir: Path, reference: Path) -> None:
    """Equal record for record; probabilities within float noise of another process."""
    got, want = rows(outdir), rows(reference)
    assert [(r["type"], r.get("id"), r.get("article_id")) for r in got] == [(r["type"], r.get("id"), r.get("article_id")) for r in want]
    for a, b in zip(got, want):
        if a["type"] == "finding":
            assert a["label"] == b["label"] and a["probability"] == pytest.approx(b["probability"], abs=1e-5)
        else:
            assert a["verdict"]["contradictions"] == b["verdict"]["contradictions"] and a["fields"] == b["fields"]
    assert (outdir / "errors.jsonl").read_text() == (reference / "errors.jsonl").read_text()


class _Crash(BatchProgress):
    def advance(self, counts: dict) -> None:
        raise KeyboardInterrupt


def test_ray_engine_agrees_with_the_local_engine_and_resumes_its_run(local_ray, setup):
    folder, config, source, reference = setup
    options = BatchOptions(str(source), folder / "ray", chunk_size=CHUNK, max_chars=MAX_CHARS)
    summary = run_batch_ray(options, config, actors=2)
    assert summary.exit_code == EXIT_SET_ASIDE and summary.engine == "ray"
    assert_same_records(folder / "ray", reference)

    # A local run stopped after its first chunk, finished by the Ray engine.
    half = BatchOptions(str(source), folder / "half", chunk_size=CHUNK, max_chars=MAX_CHARS)
    with pytest.raises(KeyboardInterrupt):
        run_batch(half, config, detector=Detector(config), progress=_Crash())
    assert list(RunDir(folder / "half").commits()) == [0]
    resumed = run_batch_ray(BatchOptions(**{**half.__dict__, "resume": True}), config, actors=2)
    assert resumed.records_read == summary.records_read
    assert_same_records(folder / "half", reference)
