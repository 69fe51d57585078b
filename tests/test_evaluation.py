"""The evaluation harness and its commands (contradict.evaluation, its report and plots,
contradict.cli_eval), and the reading of NLI evaluation files (contradict.nli_data).

A fake system with known outputs stands in for the detector, so every number of the run can
be checked against a hand count; eval-nli runs the tiny random model from conftest.
"""

from __future__ import annotations

import hashlib
import json
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from contradict.cli import _Group
from contradict.cli_eval import eval_command, eval_nli_command
from contradict.dataset import load_dataset
from contradict.errors import DatasetError
from contradict.evaluation import PLOT_FILES, RUN_FILES, SystemOutput, evaluate, has_negation_cue, more_contradicting
from contradict.evaluation_end_to_end import candidate_miss_reason
from contradict.labels import LABELS
from contradict.nli_data import read_nli_eval_file
from contradict.records import Span

E, N, C = "entailment", "neutral", "contradiction"

BUDGET_TEXT = (
    'Finance Minister Ana Ruiz said: "We have not cut the school budget." '
    "Treasury figures published on Friday show the school budget was cut by 8 percent. "
    'The opposition leader said: "The minister is hiding the cuts." '
    "Ruiz also said the ministry would publish a full report in June."
)
COACH_TEXT = (
    "Coach Tom Bell said he had signed a new two-year contract. "
    "The club confirmed on Tuesday that Bell signed a two-year extension. "
    'Bell added: "I am not thinking about other offers." '
    "A rival club reportedly made an approach in May."
)
# Gold labels in file order: contradiction, neutral, entailment, neutral.
ARTICLES = [
    {
        "id": "minister-budget",
        "source": "written for this test",
        "domain": "politics",
        "subject": "Ana Ruiz",
        "kind": "contradiction",
        "text": BUDGET_TEXT,
        "pairs": [
            {
                "statement": "We have not cut the school budget.",
                "report": "Treasury figures published on Friday show the school budget was cut by 8 percent.",
                "label": C,
            },
            {
                "statement": "the ministry would publish a full report in June",
                "report": "The minister is hiding the cuts.",
                "label": N,
            },
        ],
    },
    {
        "id": "coach-contract",
        "source": "written for this test",
        "domain": "sports",
        "subject": "Tom Bell",
        "kind": "support",
        "text": COACH_TEXT,
        "pairs": [
            {
                "statement": "he had signed a new two-year contract",
                "report": "The club confirmed on Tuesday that Bell signed a two-year extension.",
                "label": E,
            },
            {
                "statement": "I am not thinking about other offers.",
                "report": "A rival club reportedly made an approach in May.",
                "label": N,
            },
        ],
    },
]


def at(text: str, substring: str) -> Span:
    start = text.index(substring)
    return Span(start, start + len(substring), substring)


def one_hot_rows(labels: list[str]) -> np.ndarray:
    rows = np.full((len(labels), 3), 0.1)
    rows[np.arange(len(labels)), [LABELS.index(label) for label in labels]] = 0.8
    return rows


class FakeSystem:
    """Known answers: pair level right except the last pair; end to end as listed in ``analyze``."""

    name = "fake-system"

    def __init__(self) -> None:
        self.analyzed: list[str] = []

    def score_pairs(self, items):
        predicted = [pair.label for _, pair in items]
        predicted[-1] = C  # the coach's neutral pair is called a contradiction
        return one_hot_rows(predicted)

    def nli_scores(self, pairs):
        # A stand-in NLI model: contradiction when the premise says "not", else entailment.
        return one_hot_rows([C if " not " in premise else E for premise, _ in pairs])

    def analyze(self, article):
        self.analyzed.append(article.id)
        t = article.text
        if article.id == "minister-budget":
            denial, june = at(t, "We have not cut the school budget."), at(t, "the ministry would publish a full report in June")
            opposition = at(t, "The minister is hiding the cuts.")
            treasury = at(t, "Treasury figures published on Friday show the school budget was cut by 8 percent.")
            return SystemOutput(
                statements=[denial, june, opposition],
                subject_statements=[denial, opposition],  # misses June; wrongly gives the subject the opposition's words
                reports=[treasury],
                candidates=[(denial, treasury), (opposition, treasury)],
                findings=[(denial, treasury, 0.9), (opposition, treasury, 0.6)],
            )
        signed, offers = at(t, "he had signed a new two-year contract"), at(t, "I am not thinking about other offers.")
        club = at(t, "The club confirmed on Tuesday that Bell signed a two-year extension.")
        rival = at(t, "A rival club reportedly made an approach in May.")
        return SystemOutput(
            statements=[signed, offers],
            subject_statements=[signed, offers],
            reports=[club, rival],
            candidates=[(signed, club), (offers, rival)],
            findings=[(offers, rival, 0.55)],  # a false alarm on a pair labelled neutral
        )

    def describe(self):
        return {"judge": "fake", "nli_model": "fake-nli"}


@pytest.fixture(scope="module")
def dataset_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data") / "tiny-set.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def run(tmp_path_factory, dataset_path):
    """One evaluation shared by the tests that only read its results."""
    system = FakeSystem()
    out_dir = tmp_path_factory.mktemp("eval") / "run"
    metrics = evaluate(load_dataset(dataset_path), system, out_dir, seed=5, bootstrap=20, dataset_path=dataset_path)
    return metrics, out_dir, system


# -- the harness ------------------------------------------------------------------------------


def test_run_folder_contains_every_file(run, dataset_path):
    metrics, out_dir, _ = run
    for name in RUN_FILES + PLOT_FILES:
        assert (out_dir / name).stat().st_size > 0, name
    for name in PLOT_FILES:
        assert (out_dir / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((out_dir / "metrics.json").read_text()) == json.loads(json.dumps(metrics))
    config = json.loads((out_dir / "config.json").read_text())
    assert config["system"] == {"name": "fake-system", "judge": "fake", "nli_model": "fake-nli"}
    assert config["dataset"]["path"] == str(dataset_path)
    assert config["dataset"]["sha256"] == hashlib.sha256(dataset_path.read_bytes()).hexdigest()
    assert (config["seed"], config["bootstrap"], config["end_to_end"]) == (5, 20, True)
    assert config["date"]


def test_pair_level_system_and_baselines(run):
    metrics, _, _ = run
    pairs = metrics["pairs"]
    assert list(pairs) == ["system", "majority", "negation_cue", "raw_nli", "raw_nli_both_directions"]
    assert pairs["system"]["accuracy"] == 0.75
    assert pairs["system"]["confusion_matrix"] == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    assert metrics["primary_metric"] == {"name": "pairs.system.macro_f1", "value": pairs["system"]["macro_f1"]}
    # Majority: neutral (2 of 4) for every pair.
    assert pairs["majority"]["confusion_matrix"] == [[0, 1, 0], [0, 2, 0], [0, 1, 0]]
    # Negation cue: "not" in the two denials, none in their reports -> contradiction, else neutral.
    assert pairs["negation_cue"]["confusion_matrix"] == [[0, 1, 0], [0, 1, 1], [0, 0, 1]]
    # Raw NLI stand-in: contradiction for the two "not" premises, entailment for the others.
    assert pairs["raw_nli"]["confusion_matrix"] == [[1, 0, 0], [1, 0, 1], [0, 0, 1]]
    # Read the other way round no report says "not", so the forward reading stands.
    assert pairs["raw_nli_both_directions"]["confusion_matrix"] == pairs["raw_nli"]["confusion_matrix"]
    for row in pairs.values():
        assert row["bootstrap"]["unit"] == "article"
        assert set(row["bootstrap"]["intervals"]) >= {"accuracy", "macro_f1", "contradiction_auc"}


def test_end_to_end_numbers_match_a_hand_count(run):
    metrics, _, system = run
    assert system.analyzed == ["minister-budget", "coach-contract"]
    e2e = metrics["end_to_end"]["system"]
    assert e2e["statement_recall"] == {"rate": 1.0, "matched": 4, "total": 4}
    assert e2e["subject_statement_recall"] == {"rate": 0.75, "matched": 3, "total": 4}
    assert e2e["report_recall"] == {"rate": 0.75, "matched": 3, "total": 4}
    # The opposition quote matches a gold report, so it is judgeable and wrongly attributed.
    assert e2e["subject_attribution_precision"] == {"rate": 0.75, "matched": 3, "total": 4}
    assert e2e["candidate_pair_recall"] == {"rate": 0.75, "matched": 3, "total": 4}
    assert e2e["contradiction_candidate_recall"] == {"rate": 1.0, "matched": 1, "total": 1}
    # The one gold pair lost: the June statement, read but given to another speaker.
    assert e2e["candidate_misses"] == {
        "statement not read": 0,
        "statement read as a report": 0,
        "statement given to another speaker": 1,
        "report read as the subject's statement": 0,
        "report not read": 0,
        "not retrieved": 0,
    }
    findings = e2e["findings"]
    assert (findings["findings"], findings["correct"], findings["judgeable"]) == (3, 1, 2)
    assert (findings["precision"], findings["recall"], findings["f1"]) == (pytest.approx(1 / 3), 1.0, pytest.approx(0.5))
    raw = metrics["end_to_end"]["raw_nli_all_pairs"]
    assert raw["pairs_scored"] == 2 + 4  # 2 x 1 and 2 x 2 subject statements x reports
    assert (raw["findings"]["findings"], raw["findings"]["correct"], raw["findings"]["found"]) == (3, 1, 1)
    assert set(metrics["timing"]) >= {"pair_scoring_seconds", "end_to_end_seconds", "raw_nli_all_pairs_seconds"}


def test_predictions_support_error_analysis(run):
    _, out_dir, _ = run
    records = [json.loads(line) for line in (out_dir / "predictions.jsonl").read_text().splitlines()]
    pairs = [r for r in records if r["type"] == "pair"]
    articles = {r["article_id"]: r for r in records if r["type"] == "article"}
    assert [p["pair_id"] for p in pairs] == ["minister-budget#0", "minister-budget#1", "coach-contract#0", "coach-contract#1"]
    wrong = pairs[3]
    assert (wrong["gold"], wrong["predicted"], wrong["correct"]) == (N, C, False)
    assert wrong["probabilities"] == {E: 0.1, N: 0.1, C: 0.8}
    assert wrong["baselines"]["majority"]["predicted"] == N
    assert articles["coach-contract"]["wrong_pairs"] == ["coach-contract#1"]
    assert articles["coach-contract"]["kind"] == "support"
    false_alarm = articles["coach-contract"]["end_to_end"]["findings_list"][0]
    assert (false_alarm["gold_label"], false_alarm["probability"]) == (N, 0.55)
    assert articles["minister-budget"]["end_to_end"]["missed_contradictions"] == []
    assert articles["minister-budget"]["end_to_end"]["missed_candidates"] == [
        {"pair_id": "minister-budget#1", "label": N, "reason": "statement given to another speaker"}
    ]
    assert articles["coach-contract"]["end_to_end"]["missed_candidates"] == []


def test_candidate_miss_reason_names_the_step_that_lost_the_pair():
    t = BUDGET_TEXT
    denial, june = at(t, "We have not cut the school budget."), at(t, "the ministry would publish a full report in June")
    treasury, opposition = at(t, "Treasury figures published on Friday show the school budget was cut by 8 percent."), at(
        t, "The minister is hiding the cuts."
    )
    output = SystemOutput(
        statements=[denial, june], subject_statements=[denial], reports=[treasury], candidates=[(denial, treasury)]
    )
    assert candidate_miss_reason((denial, treasury), output) is None
    assert candidate_miss_reason((opposition, treasury), output) == "statement not read"
    assert candidate_miss_reason((june, treasury), output) == "statement given to another speaker"
    assert candidate_miss_reason((denial, opposition), output) == "report not read"
    assert candidate_miss_reason((treasury, denial), output) == "statement read as a report"
    output.subject_statements.append(opposition)
    assert candidate_miss_reason((denial, opposition), output) == "report read as the subject's statement"
    output.reports.append(opposition)
    assert candidate_miss_reason((denial, opposition), output) == "not retrieved"


def test_report_is_readable_markdown(run):
    _, out_dir, _ = run
    report = (out_dir / "report.md").read_text()
    headings = ("# Evaluation: fake-system on tiny-set", "## Per class", "## Confusion matrix", "## Baselines")
    for heading in headings + ("## End to end", "## Timing", "## Dataset"):
        assert heading in report
    assert "| accuracy | 0.750 [" in report
    assert "| majority class |" in report and "| negation-cue heuristic |" in report
    assert "| subject attribution precision (judgeable) | 0.750 (3/4) |" in report
    assert "| pairs: contradiction | 1 |" in report
    assert "by the step that lost them: statement not read 0, statement read as a report 0, statement given to another speaker 1," in report
    assert "![reliability](reliability.png)" in report


def test_same_seed_gives_the_same_numbers(tmp_path, dataset_path):
    articles = load_dataset(dataset_path)
    first = evaluate(articles, FakeSystem(), tmp_path / "a", seed=1, bootstrap=15)
    second = evaluate(articles, FakeSystem(), tmp_path / "b", seed=1, bootstrap=15)
    first.pop("timing"), second.pop("timing")
    assert first == second


def test_without_end_to_end_the_texts_are_not_analyzed(tmp_path, dataset_path):
    system = FakeSystem()
    metrics = evaluate(load_dataset(dataset_path), system, tmp_path / "run", end_to_end=False, bootstrap=0)
    assert system.analyzed == []
    assert metrics["end_to_end"] is None
    assert "bootstrap" not in metrics["pairs"]["system"]
    assert "Not run (--no-end-to-end)." in (tmp_path / "run" / "report.md").read_text()


def test_malformed_system_output_fails_clearly(tmp_path, dataset_path):
    articles = load_dataset(dataset_path)

    class WrongShape(FakeSystem):
        def score_pairs(self, items):
            return np.zeros((len(items), 2))

    class WrongSpan(FakeSystem):
        def analyze(self, article):
            return SystemOutput(statements=[Span(0, 5, "xxxxx")])

    with pytest.raises(ValueError, match=r"fake-system.score_pairs: expected an array of shape \(4, 3\)"):
        evaluate(articles, WrongShape(), tmp_path / "a", bootstrap=0)
    with pytest.raises(ValueError, match="does not index the article text"):
        evaluate(articles, WrongSpan(), tmp_path / "b", bootstrap=0)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I never met him.", True),
        ("We didn\u2019t sign anything.", True),
        ("The company denied the report.", True),
        ("The claims are baseless.", True),
        ("The club confirmed the signing.", False),
        ("Notably, the figures rose.", False),
    ],
)
def test_negation_cue(text, expected):
    assert has_negation_cue(text) is expected


# -- eval command -----------------------------------------------------------------------------


@pytest.fixture
def fake_detector(monkeypatch):
    """Put a stand-in ``contradict.detector`` in place, recording the models asked for."""
    requested: list[str | None] = []
    requested_settings: list[dict] = []
    module = types.ModuleType("contradict.detector")

    def load_evaluated_system(model=None, **settings):
        requested.append(model)
        requested_settings.append(settings)
        return FakeSystem()

    module.load_evaluated_system = load_evaluated_system
    monkeypatch.setitem(sys.modules, "contradict.detector", module)
    module.settings = requested_settings
    return requested


def cli():
    return _Group(commands=[eval_command, eval_nli_command])


def test_eval_command_writes_the_run_and_prints_a_summary(tmp_path, dataset_path, fake_detector):
    out_dir = tmp_path / "run"
    result = CliRunner().invoke(
        cli(), ["eval", str(dataset_path), "--out", str(out_dir), "--bootstrap", "10", "--model", "some/model"]
    )
    assert result.exit_code == 0, result.output
    assert fake_detector == ["some/model"]
    assert "pair level: 4 gold pairs in 2 articles" in result.stdout
    assert "negation_cue" in result.stdout and "finding F1" in result.stdout
    assert f"written to {out_dir}" in result.stdout
    assert all((out_dir / name).is_file() for name in RUN_FILES + PLOT_FILES)


def test_eval_command_json_and_default_folder(tmp_path, dataset_path, fake_detector, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli(), ["eval", str(dataset_path), "--bootstrap", "0", "--no-end-to-end", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["end_to_end"] is None
    out_dir = Path(printed["out_dir"])
    assert out_dir.parent == Path("eval/runs") and out_dir.name.startswith("tiny-set-")
    assert (tmp_path / out_dir / "metrics.json").is_file()


def test_eval_command_stops_before_scoring_on_a_bad_set(tmp_path, fake_detector):
    bad = dict(ARTICLES[0], pairs=[dict(ARTICLES[0]["pairs"][0], label="refuted")])
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(ARTICLES[1]) + "\n" + json.dumps(bad) + "\n")
    result = CliRunner().invoke(cli(), ["eval", str(path), "--out", str(tmp_path / "run")])
    assert result.exit_code == DatasetError.exit_code
    assert f"{path}:2 (article minister-budget): pair 1: unknown label 'refuted'" in result.stderr
    assert fake_detector == []  # the system was never built
    assert not (tmp_path / "run").exists()


# -- eval-nli ---------------------------------------------------------------------------------


def write_jsonl(path: Path, lines: list) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


@pytest.fixture
def nli_files(tmp_path):
    three_way = write_jsonl(
        tmp_path / "three.jsonl",
        [
            {"premise": "A man is sleeping.", "hypothesis": "A man is awake.", "label": "contradiction"},
            {"premise": "A dog runs in a park.", "hypothesis": "An animal is outside.", "label": "entailment"},
            "{not json",
            {"premise": "A woman sings.", "hypothesis": "She is famous.", "label": "neutral"},
            {"premise": "Kids play.", "hypothesis": "", "label": "neutral"},
        ],
    )
    two_way = write_jsonl(
        tmp_path / "two_way" / "rte.jsonl",
        [
            {"premise": "The bank opened in 1990.", "hypothesis": "The bank exists.", "label": "entailment"},
            {"premise": "The bank opened in 1990.", "hypothesis": "The bank closed.", "label": "not_entailment"},
            {"premise": "Prices rose in May.", "hypothesis": "Prices fell in May.", "label": "not_entailment"},
        ],
    )
    return three_way, two_way


def test_read_nli_eval_file_detects_two_way_and_reports_bad_lines(nli_files, tmp_path):
    three_way, two_way = nli_files
    three = read_nli_eval_file(three_way)
    assert (len(three.examples), three.two_way) == (3, False)
    assert [(s.line, s.reason) for s in three.skipped] == [
        (3, "malformed JSON (Expecting property name enclosed in double quotes)"),
        (5, "missing or empty field 'hypothesis'"),
    ]
    assert read_nli_eval_file(two_way).two_way
    assert len(read_nli_eval_file(three_way, limit=2).examples) == 2
    mixed = write_jsonl(tmp_path / "mixed.jsonl", [
        {"premise": "a b", "hypothesis": "c", "label": "not_entailment"},
        {"premise": "a b", "hypothesis": "c", "label": "neutral"},
    ])
    with pytest.raises(DatasetError, match="mixes two-way and three-way labels"):
        read_nli_eval_file(mixed)


def test_eval_nli_prints_confusion_matrices(nli_files, tiny_nli_dir):
    three_way, two_way = nli_files
    result = CliRunner().invoke(cli(), ["eval-nli", str(three_way), str(two_way), "--model", str(tiny_nli_dir)])
    assert result.exit_code == 0, result.output
    assert f"skipped {three_way}:3: malformed JSON" in result.stderr
    assert f"skipped {three_way}:5: missing or empty field 'hypothesis'" in result.stderr
    out = result.stdout
    assert "three.jsonl: confusion matrix" in out and "rte.jsonl: confusion matrix" in out
    assert "rows gold, columns predicted" in out
    assert "gold \\ predicted" in out and "recall" in out
    assert "not_entailment" in out and "2-way" in out and "3-way" in out


def test_eval_nli_json_and_out_file(nli_files, tiny_nli_dir, tmp_path):
    three_way, two_way = nli_files
    out_file = tmp_path / "results" / "nli.json"
    result = CliRunner().invoke(
        cli(), ["eval-nli", str(three_way), str(two_way), "--model", str(tiny_nli_dir), "--json", "--out", str(out_file)]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed == json.loads(out_file.read_text())
    three, two = printed["files"]
    assert (three["n"], three["two_way"], len(three["skipped"])) == (3, False, 2)
    assert sum(map(sum, three["confusion_matrix"])) == 3 and len(three["confusion_matrix"]) == 3
    assert three["contradiction_recall"] in (0.0, 1.0)
    assert (two["n"], two["two_way"], two["labels"], two["contradiction_recall"]) == (3, True, [E, "not_entailment"], None)
    assert sum(map(sum, two["confusion_matrix"])) == 3 and len(two["confusion_matrix"]) == 2
    assert set(two["per_class_recall"]) == {E, "not_entailment"}


def test_eval_nli_checks_every_file_before_loading_the_model(nli_files, tmp_path):
    three_way, _ = nli_files
    missing = tmp_path / "missing.jsonl"
    result = CliRunner().invoke(cli(), ["eval-nli", str(three_way), str(missing), "--model", "/nonexistent/model"])
    assert result.exit_code == DatasetError.exit_code
    assert "NLI data file not found" in result.stderr


def test_limit_does_not_hide_a_two_way_file(tmp_path):
    path = write_jsonl(tmp_path / "rte.jsonl", [
        {"premise": "a b", "hypothesis": "c", "label": "entailment"},
        {"premise": "a b", "hypothesis": "d", "label": "not_entailment"},
    ])
    limited = read_nli_eval_file(path, limit=1)
    assert [e.label for e in limited.examples] == [E]
    assert limited.two_way


def test_eval_command_passes_judge_precision_voice_and_top_k(tmp_path, dataset_path, fake_detector):
    result = CliRunner().invoke(
        cli(),
        ["eval", str(dataset_path), "--out", str(tmp_path / "run"), "--bootstrap", "0",
         "--judge", "nli-only", "--precision", "int8", "--top-k", "3", "--voice", "off"],
    )
    assert result.exit_code == 0, result.output
    settings = sys.modules["contradict.detector"].settings
    assert settings == [{"judge": "nli-only", "precision": "int8", "top_k": 3, "voice": "off"}]


def test_both_directions_keeps_the_more_contradicting_reading_of_each_pair():
    forward = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    backward = np.array([[0.1, 0.3, 0.6], [0.3, 0.6, 0.1]])
    both = more_contradicting(forward, backward)
    np.testing.assert_array_equal(both, [[0.1, 0.3, 0.6], [0.1, 0.1, 0.8]])


def test_count_records_add_field_by_field():
    from contradict.evaluation_end_to_end import EndToEndCounts
    from contradict.metrics import FindingCounts, MatchCount

    a = EndToEndCounts(statements=MatchCount(1, 2), findings=FindingCounts(3, 1, 2, 4, 1), contradiction_candidates=MatchCount(2, 3))
    b = EndToEndCounts(statements=MatchCount(2, 2), findings=FindingCounts(1, 1, 1, 1, 1), contradiction_candidates=MatchCount(1, 1))
    total = a + b
    assert total.statements == MatchCount(3, 4) and total.contradiction_candidates == MatchCount(3, 4)
    assert total.findings == FindingCounts(4, 2, 3, 5, 2) and total.reports == MatchCount(0, 0)


def test_eval_command_scores_only_the_articles_whose_id_matches(tmp_path, dataset_path, fake_detector):
    first_id = ARTICLES[0]["id"]
    result = CliRunner().invoke(
        cli(), ["eval", str(dataset_path), "--ids", f"^{first_id}$", "--bootstrap", "0", "--no-end-to-end", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 0, result.output
    assert "gold pairs in 1 articles" in result.stdout


@pytest.mark.parametrize("pattern, message", [("^nothing-", "no article id"), ("(", "not a regular expression")])
def test_eval_command_refuses_an_id_pattern_that_selects_nothing(tmp_path, dataset_path, fake_detector, pattern, message):
    result = CliRunner().invoke(cli(), ["eval", str(dataset_path), "--ids", pattern, "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and message in result.stderr
    assert fake_detector == []
