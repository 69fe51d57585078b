"""The voice model: what it reads, the voice-labelled sets, its storage, and re-attribution.

The texts are invented for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from contradict.attribution import read_article
from contradict.errors import DatasetError, ModelNotFoundError
from contradict.fit_voice import VoiceTraining, _choose_threshold, _freeze_below, _save_adapter, fit_voice_model, gather_examples, held_out
from contradict.voice import ADAPTER_FILE, CARD_FILE, VOICE_FLAG, VoiceInput, VoiceModel, voice_inputs
from contradict.voice_data import VoiceExample, examples_from_voice_set, read_voice_set

DISTRICT = (
    "Harlow Creek Schools will close Birch Lane Elementary in June, the district said on Monday.\n\n"
    "Superintendent Maria Okafor told parents that enrolment had fallen by a third. "
    '"We cannot heat empty classrooms," Okafor said.\n\n'
    "Dale Pruitt, president of the teachers' union, said the union was never consulted.\n\n"
    "The state audit found the building needed $2 million in repairs."
)


def _voice_line(**overrides) -> str:
    record = {
        "id": "t-district",
        "subject": "Harlow Creek Schools",
        "text": DISTRICT,
        "voices": [
            {"span": "enrolment had fallen by a third", "speaker": "Maria Okafor", "subject_voice": True},
            {"span": "We cannot heat empty classrooms", "speaker": "Okafor", "subject_voice": True},
            {"span": "the union was never consulted", "speaker": "Dale Pruitt", "subject_voice": False},
        ],
    }
    record.update(overrides)
    return json.dumps(record)


def test_the_model_reads_the_speaker_the_marked_sentence_the_one_before_and_the_introduction():
    reading = read_article(DISTRICT, "Harlow Creek Schools")
    quote = next(s for s in reading.all_statements if s.span.text == "We cannot heat empty classrooms")
    [read] = voice_inputs(reading, [quote])
    speaker, marked, previous, introduction = read.context.split(" || ")
    assert read.subject == "Harlow Creek Schools"
    assert speaker == quote.voice
    assert "<<We cannot heat empty classrooms>>" in marked
    assert previous.startswith("Superintendent Maria Okafor told parents")
    assert introduction == previous  # the speaker was introduced in the sentence before


def test_a_voice_set_keeps_good_lines_and_reports_each_bad_one_with_its_line(tmp_path, caplog):
    path = tmp_path / "voices.jsonl"
    lines = [
        _voice_line(),
        "{not json",
        _voice_line(id="t-2", subject=""),
        _voice_line(id="t-3", voices=[{"span": "words nobody wrote", "subject_voice": True}]),
        _voice_line(id="t-4", voices=[{"span": "the union was never consulted", "subject_voice": "yes"}]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    voice_set = read_voice_set(path)
    assert [a.id for a in voice_set.articles] == ["t-district"]
    assert [s.line for s in voice_set.skipped] == [2, 3, 4, 5]
    reasons = [s.reason for s in voice_set.skipped]
    assert "malformed JSON" in reasons[0]
    assert "'subject'" in reasons[1]
    assert "not a substring" in reasons[2]
    assert "true or false" in reasons[3]
    assert f"{path}:3" in caplog.text


def test_a_missing_voice_set_is_a_clear_error(tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        read_voice_set(tmp_path / "absent.jsonl")


def test_statements_the_reader_finds_take_the_label_of_the_voice_they_match(tmp_path):
    path = tmp_path / "voices.jsonl"
    path.write_text(_voice_line() + "\n", encoding="utf-8")
    examples = examples_from_voice_set(read_voice_set(path).articles)
    labels = {e.input.context.split(" || ")[1]: e.is_subject for e in examples}
    assert any(label for marked, label in labels.items() if "<<We cannot heat empty classrooms>>" in marked)
    assert not any(label for marked, label in labels.items() if "<<the union was never consulted>>" in marked)


def test_fitting_refuses_a_test_split(tmp_path):
    test_split = tmp_path / "test.jsonl"
    test_split.write_text("", encoding="utf-8")
    with pytest.raises(DatasetError, match="test split"):
        gather_examples([test_split], [])


def test_the_held_out_articles_are_chosen_by_id_alone():
    ids = [f"article-{n}" for n in range(400)]
    chosen = [held_out(i, 0.2) for i in ids]
    assert chosen == [held_out(i, 0.2) for i in ids]
    assert 0.12 < sum(chosen) / len(ids) < 0.28


def test_the_threshold_is_chosen_on_the_statements_the_reader_gave_away():
    def example(is_subject, reader_gave_subject):
        return VoiceExample(VoiceInput("S", "x"), is_subject, "a", reader_gave_subject)

    check = [example(True, False), example(True, False), example(False, False), example(False, False), example(True, True)]
    probabilities = np.array([0.9, 0.72, 0.66, 0.1, 0.01])  # the last one is the reader's: not counted
    threshold, measures = _choose_threshold(check, probabilities)
    assert threshold == 0.7
    assert measures["statements_given_away_by_reader"] == 4
    assert measures["precision_at_threshold"] == 1.0


@pytest.fixture(scope="module")
def random_voice_model(tmp_path_factory) -> Path:
    """The packaged encoder with a random top layer and classifier, stored as an adapter."""
    import torch
    from transformers import AutoModelForSequenceClassification

    from contradict.model_registry import embedding_model_path

    torch.manual_seed(0)
    model = AutoModelForSequenceClassification.from_pretrained(str(embedding_model_path()), num_labels=2)
    _freeze_below(model, 1)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if parameter.requires_grad:
                parameter.add_(0.05 * torch.randn_like(parameter))
    folder = tmp_path_factory.mktemp("voice")
    _save_adapter(model, folder / ADAPTER_FILE)
    (folder / CARD_FILE).write_text(json.dumps({"threshold": 0.5, "max_length": 128}))
    return folder


def test_the_stored_adapter_over_the_packaged_encoder_scores_as_transformers_does(random_voice_model):
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from contradict.model_registry import embedding_model_path

    base = str(embedding_model_path())
    reference = AutoModelForSequenceClassification.from_pretrained(base, num_labels=2)
    reference.load_state_dict({k: v.float() for k, v in load_file(str(random_voice_model / ADAPTER_FILE)).items()}, strict=False)
    reference.eval()
    inputs = [VoiceInput("Harlow Creek Schools", "Maria Okafor || <<We cannot heat empty classrooms,>> Okafor said."),
              VoiceInput("Dale Pruitt", "unknown || The audit found <<repairs>> were due.")]  # fmt: skip
    tokenizer = AutoTokenizer.from_pretrained(base)
    with torch.no_grad():
        encoded = tokenizer([i.subject for i in inputs], [i.context for i in inputs], padding=True, return_tensors="pt")
        expected = torch.softmax(reference(**encoded).logits, dim=-1)[:, 1].numpy()
    assert np.allclose(VoiceModel(random_voice_model).probabilities(inputs), expected, atol=1e-4)


def test_a_folder_without_the_adapter_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="not a voice model"):
        VoiceModel(tmp_path)


class _FixedVoice(VoiceModel):
    """A voice model whose verdicts the test sets: the subject's for statements containing a word."""

    def __init__(self, word: str) -> None:
        self.word, self.threshold = word, 0.5

    def probabilities(self, inputs):
        return np.array([0.9 if self.word in i.context.split(" || ")[1] else 0.1 for i in inputs])


def test_statements_the_model_gives_the_subject_move_with_a_flag_and_the_reports_stay():
    reading = read_article(DISTRICT, "Harlow Creek Schools")
    given_away = [s for s in reading.other_statements if "enrolment" in s.span.text]
    assert given_away, "the reader should not link the superintendent to the district by itself"
    moved = _FixedVoice("enrolment").reattribute(reading)
    statement = next(s for s in moved.statements if "enrolment" in s.span.text)
    assert statement.is_subject and VOICE_FLAG in statement.flags
    assert not any("enrolment" in s.span.text for s in moved.other_statements)
    assert moved.reports == reading.reports  # a wrong move must not lose the pairs of a report
    assert any("union was never consulted" in s.span.text for s in moved.other_statements)
    assert _FixedVoice("no such word").reattribute(reading) is reading


def test_fit_writes_a_model_that_loads_and_a_card_that_says_how(tmp_path):
    voices = tmp_path / "voices.jsonl"
    voices.write_text("\n".join(_voice_line(id=f"t-{n}") for n in range(6)) + "\n", encoding="utf-8")
    folder = fit_voice_model([], [voices], tmp_path / "voice", VoiceTraining(epochs=1, trained_layers=1, held_out_share=0.5, base=None))
    card = json.loads((folder / CARD_FILE).read_text())
    assert card["sources"][str(voices)]["articles"] == 6
    assert card["sources"][str(voices)]["subject_statements_given_away_by_reader"] > 0
    assert card["examples"]["train"] + card["examples"]["held_out"] > 0
    assert 0.5 <= card["threshold"] <= 0.95
    probabilities = VoiceModel(folder).probabilities([VoiceInput("Harlow Creek Schools", "Okafor || <<We cannot>> she said")])
    assert probabilities.shape == (1,) and 0.0 <= probabilities[0] <= 1.0
