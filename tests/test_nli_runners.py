"""Runners and precision: the plain-torch path equals transformers; auto picks by the CPU."""

from __future__ import annotations

import numpy as np
import pytest

from contradict import nli_runners
from contradict.errors import InputError
from contradict.nli import NLIModel
from contradict.nli_runners import BertRunner, TransformersRunner, resolve_precision

PAIRS = [
    ("The minister never met the ambassador.", "The minister met the ambassador twice in July."),
    ("We did not sell any customer data.", "The company sold records of 2 million users, the regulator said."),
    ("Short.", "A much longer report sentence about quarterly earnings, layoffs and a merger that fell apart."),
]


@pytest.fixture
def transformers_only(monkeypatch):
    """Make every checkpoint go through transformers, as a RoBERTa or DeBERTa one would."""
    monkeypatch.setattr(BertRunner, "of", classmethod(lambda cls, *args, **kwargs: None))


def test_plain_bert_runs_without_transformers(tiny_nli_dir):
    model = NLIModel(tiny_nli_dir, precision="fp32").load()
    assert isinstance(model._runner, BertRunner)


def test_both_runners_give_the_same_probabilities(tiny_nli_dir, monkeypatch):
    lean = NLIModel(tiny_nli_dir, precision="fp32").predict(PAIRS)
    monkeypatch.setattr(BertRunner, "of", classmethod(lambda cls, *args, **kwargs: None))
    model = NLIModel(tiny_nli_dir, precision="fp32")
    reference = model.predict(PAIRS)
    assert isinstance(model._runner, TransformersRunner)
    np.testing.assert_allclose(lean, reference, atol=1e-5)


def test_transformers_runner_warns_on_truncation(tiny_nli_dir, transformers_only, caplog):
    model = NLIModel(tiny_nli_dir, max_length=32, precision="fp32")
    with caplog.at_level("WARNING", logger="contradict.nli"):
        model.predict([("A long claim about the figures. " * 30, "Short."), ("One.", "Two.")])
    assert "1 pair(s)" in caplog.text


@pytest.mark.parametrize("native, expected", [(True, "bf16"), (False, "fp32")])
def test_auto_precision_follows_the_cpu(monkeypatch, native, expected):
    monkeypatch.setattr(nli_runners, "native_bf16", lambda: native)
    assert resolve_precision("auto") == expected
    assert resolve_precision("int8") == "int8"


def test_loaded_model_reports_the_precision_it_runs_in(tiny_nli_dir, monkeypatch):
    monkeypatch.setattr(nli_runners, "native_bf16", lambda: False)
    assert NLIModel(tiny_nli_dir).load().precision == "fp32"


def test_unknown_precision_names_the_choices():
    with pytest.raises(InputError, match="auto, fp32, bf16, int8"):
        resolve_precision("fp8")


@pytest.mark.shipped_model
def test_shipped_model_runs_the_same_without_transformers(shipped_nli_dir, monkeypatch):
    lean = NLIModel(shipped_nli_dir, precision="fp32").predict(PAIRS)
    monkeypatch.setattr(BertRunner, "of", classmethod(lambda cls, *args, **kwargs: None))
    np.testing.assert_allclose(lean, NLIModel(shipped_nli_dir, precision="fp32").predict(PAIRS), atol=1e-5)
