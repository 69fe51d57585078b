"""The models shipped in models/: they load offline and do the job on clear cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contradict.attribution import read_article
from contradict.cli import main
from contradict.detector import Detector
from contradict.labels import LABELS
from contradict.model_registry import default_judge, default_voice
from contradict.nli import NLIModel
from contradict.voice import ADAPTER_FILE, CARD_FILE, VOICE_FLAG, base_folder, weights_digest

pytestmark = pytest.mark.shipped_model

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sessions-kislyak.txt"


@pytest.fixture(scope="module")
def shipped_detector(shipped_nli_dir):
    return Detector().load()


def test_shipped_nli_model_is_small_and_labelled(shipped_nli_dir):
    config = json.loads((shipped_nli_dir / "config.json").read_text())
    assert [config["id2label"][str(i)] for i in range(3)] == list(LABELS)
    size = sum(p.stat().st_size for p in shipped_nli_dir.glob("*.safetensors"))
    assert size < 50_000_000
    assert (shipped_nli_dir / "README.md").is_file()


def test_shipped_nli_model_reads_clear_pairs(shipped_nli_dir):
    model = NLIModel()  # the default resolves to the shipped folder
    probs = model.predict(
        [
            ("A man is playing a guitar on stage.", "A man is performing music."),
            ("A man is playing a guitar on stage.", "Nobody is playing an instrument."),
            ("The minister said he never met the ambassador.", "The minister met the ambassador twice in April."),
        ]
    )
    assert probs[0].argmax() == 0
    assert probs[1].argmax() == 2
    assert probs[2, 2] > probs[2, 0]


def test_shipped_judge_matches_the_shipped_nli_model():
    judge = json.loads((default_judge() / "judge.json").read_text())
    assert judge["metadata"]["nli_model"].rstrip("/").endswith("contradict-nli-minilm")


def test_example_flags_the_denial_against_the_post_account(shipped_detector):
    analysis = shipped_detector.analyze(EXAMPLE.read_text(), "Jeff Sessions")
    assert analysis.verdict["contradicted"]
    flagged = [(f.pair.statement.span.text, f.pair.report.span.text) for f in analysis.contradictions]
    assert any(
        ("Russian operatives" in s or "never discussed campaign business" in s)
        and ("discussed matters related to the election campaign" in r or "conversations" in r or "Sessions discussed Trump campaign" in r)
        for s, r in flagged
    ), flagged


def test_example_does_not_flag_unrelated_reports(shipped_detector):
    analysis = shipped_detector.analyze(EXAMPLE.read_text(), "Jeff Sessions")
    flagged = [f.pair.report.span.text for f in analysis.contradictions]
    unrelated = (
        "On Twitter, some users",
        "U.S. spy agencies are said to track",
        "In March, Sessions stepped aside",
        "At the time, Sessions was",
        "The FBI inquiry is reported to cover",
        "Trump, now president,",
    )
    assert not any(r.startswith(unrelated) for r in flagged), flagged


def test_analyze_command_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLE), "--subject", "Jeff Sessions", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["verdict"]["contradicted"] is True


def test_shipped_voice_model_is_small_and_fits_the_shipped_nli_model():
    folder = default_voice()
    card = json.loads((folder / CARD_FILE).read_text())
    assert (folder / ADAPTER_FILE).stat().st_size < 50_000_000
    assert card["base_path"] == "contradict-nli-minilm" and 0.5 <= card["threshold"] < 1.0
    assert card["base_sha256"] == weights_digest(base_folder(card["base_path"]))  # else it must be refitted
    assert (folder / "README.md").is_file()


OFFICER_ARTICLE = (
    "Harlow Creek Schools will close Birch Lane Elementary in June, the district confirmed on Monday.\n\n"
    "Superintendent Maria Okafor told parents at a packed meeting that enrolment at the school "
    "had fallen by a third since 2016.\n\n"
    "Dale Pruitt, president of the Harlow Creek Teachers Union, said the union had never been consulted."
)


def test_the_shipped_voice_model_gives_the_superintendent_back_to_the_district(shipped_detector):
    reader_alone = read_article(OFFICER_ARTICLE, "Harlow Creek Schools")
    assert not any("enrolment" in s.span.text for s in reader_alone.statements)
    reading = shipped_detector.read(OFFICER_ARTICLE, "Harlow Creek Schools")
    given_back = [s for s in reading.statements if "enrolment" in s.span.text]
    assert given_back and all(VOICE_FLAG in s.flags for s in given_back)
    assert not any("never been consulted" in s.span.text for s in reading.statements)
