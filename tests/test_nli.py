"""The NLI interface: label mapping, batching, both directions, truncation and errors."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from contradict.errors import InputError, LabelMappingError, ModelNotFoundError
from contradict.nli import NLIModel, canonical_order, label_of

PAIRS = [
    ("The minister never met the ambassador.", "The minister met the ambassador twice in July."),
    ("We did not sell any customer data.", "The company sold records of 2 million users, the regulator said."),
    ("Short.", "A much longer report sentence about quarterly earnings, layoffs and a merger that fell apart."),
    ("The club has not sacked its coach.", "The board will vote on the coach's future next week."),
    ("Nobody was hurt.", "Three workers were taken to hospital, according to the fire service."),
]


def test_canonical_order_maps_names_case_insensitively():
    assert canonical_order({0: "entailment", 1: "neutral", 2: "contradiction"}).tolist() == [0, 1, 2]
    assert canonical_order({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}).tolist() == [2, 1, 0]
    assert canonical_order({0: "neutral", 1: "contradiction", 2: "entailment"}).tolist() == [2, 0, 1]


def test_canonical_order_override_for_generic_labels():
    generic = {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}
    assert canonical_order(generic, ["contradiction", "neutral", "entailment"]).tolist() == [2, 1, 0]


@pytest.mark.parametrize(
    "id2label, order, message",
    [
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, None, "generic"),
        ({0: "positive", 1: "negative"}, None, "expected the three labels"),
        ({0: "entailment", 1: "entailment", 2: "neutral"}, None, "expected the three labels"),
        ({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, ["entailment", "neutral"], "gives 2 names"),
    ],
)
def test_unmappable_labels_fail_clearly(id2label, order, message):
    with pytest.raises(LabelMappingError, match=message):
        canonical_order(id2label, order)


def test_predict_returns_probabilities_in_input_order(tiny_nli_dir):
    model = NLIModel(tiny_nli_dir, batch_size=2)
    probs = model.predict(PAIRS)
    assert probs.shape == (len(PAIRS), 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert set(label_of(probs)) <= {"entailment", "neutral", "contradiction"}


def test_batched_equals_one_by_one(tiny_nli_dir):
    model = NLIModel(tiny_nli_dir)
    batched = model.predict(PAIRS, batch_size=4)
    single = np.vstack([model.predict([pair], batch_size=1) for pair in PAIRS])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_label_order_of_checkpoint_does_not_change_answers(tiny_nli_dir, tiny_nli_reversed_dir):
    canonical = NLIModel(tiny_nli_dir).predict(PAIRS)
    reversed_ = NLIModel(tiny_nli_reversed_dir).predict(PAIRS)
    np.testing.assert_allclose(canonical, reversed_, atol=1e-5)
    # The tiny model is not uniform, so a mix-up of columns would have been caught.
    assert np.abs(canonical[:, 0] - canonical[:, 2]).max() > 0.05


def test_generic_labels_need_an_override(tiny_nli_dir, tiny_nli_generic_dir):
    with pytest.raises(LabelMappingError):
        NLIModel(tiny_nli_generic_dir).load()
    override = NLIModel(tiny_nli_generic_dir, label_order=["entailment", "neutral", "contradiction"])
    np.testing.assert_allclose(override.predict(PAIRS), NLIModel(tiny_nli_dir).predict(PAIRS), atol=1e-5)


def test_both_directions_swap_premise_and_hypothesis(tiny_nli_dir):
    model = NLIModel(tiny_nli_dir)
    forward, backward = model.predict_both(PAIRS[:2])
    np.testing.assert_allclose(forward, model.predict(PAIRS[:2]), atol=1e-5)
    np.testing.assert_allclose(backward, model.predict([(h, p) for p, h in PAIRS[:2]]), atol=1e-5)


@pytest.mark.parametrize("pair", [("", "report"), ("statement", "   "), ("statement", None)])
def test_empty_or_non_string_input_is_rejected(tiny_nli_dir, pair):
    with pytest.raises(InputError):
        NLIModel(tiny_nli_dir).predict([pair])


def test_empty_list_gives_empty_array(tiny_nli_dir):
    assert NLIModel(tiny_nli_dir).predict([]).shape == (0, 3)


def test_very_long_input_is_truncated_with_a_warning(tiny_nli_dir, caplog):
    model = NLIModel(tiny_nli_dir, max_length=64)
    long_text = "The ministry said the figures were wrong. " * 400
    with caplog.at_level(logging.WARNING, logger="contradict.nli"):
        probs = model.predict([(long_text, "The figures were right."), ("Short one.", "Short two.")])
    assert probs.shape == (2, 3)
    assert "truncated" in caplog.text
    assert "1 pair(s)" in caplog.text


def test_missing_folder_and_folder_without_weights(tmp_path):
    with pytest.raises(ModelNotFoundError, match="not found"):
        NLIModel(tmp_path / "nope").load()
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelNotFoundError, match="weights"):
        NLIModel(tmp_path).load()


def test_uncached_hub_id_offline_names_the_shipped_default(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotFoundError, match="contradict-nli-minilm"):
        NLIModel("some-org/an-nli-model-that-is-not-cached").load()


def test_weights_load_lazily(tiny_nli_dir):
    model = NLIModel(tiny_nli_dir)
    assert model._runner is None
    model.predict(PAIRS[:1])
    assert model._runner is not None


@pytest.mark.parametrize("precision", ["int8", "bf16"])
def test_fast_precisions_agree_with_fp32(tiny_nli_dir, precision):
    full = NLIModel(tiny_nli_dir, precision="fp32").predict(PAIRS)
    quantized = NLIModel(tiny_nli_dir, precision=precision).predict(PAIRS)
    assert quantized.shape == full.shape
    assert (full.argmax(axis=1) == quantized.argmax(axis=1)).mean() >= 0.8
    np.testing.assert_allclose(quantized, full, atol=0.15)


def test_unknown_precision_is_rejected():
    with pytest.raises(InputError, match="precision"):
        NLIModel("x", precision="fp8")


def test_repeated_pairs_are_scored_once(tiny_nli_dir):
    model = NLIModel(tiny_nli_dir, precision="fp32").load()
    encoded_batches = []
    encode = model._runner.encode
    model._runner.encode = lambda premises, hypotheses: encoded_batches.append(len(premises)) or encode(premises, hypotheses)
    probs = model.predict([PAIRS[0], PAIRS[1], PAIRS[0], list(PAIRS[1])])
    assert encoded_batches == [2]
    np.testing.assert_array_equal(probs[0], probs[2])
    np.testing.assert_array_equal(probs[1], probs[3])
    np.testing.assert_allclose(probs[:2], model.predict(PAIRS[:2]), atol=1e-6)
