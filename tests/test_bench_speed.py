"""The arithmetic behind the speed benchmark's fp32 ceiling (eval/bench_speed.py)."""

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("bench_speed", Path(__file__).resolve().parent.parent / "eval" / "bench_speed.py")
bench_speed = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_speed)

MINILM = {"hidden_size": 384, "intermediate_size": 1536, "num_hidden_layers": 6}


def test_a_sentence_pair_through_minilm_costs_about_one_gflop():
    # 6 layers x 2 x 49 tokens x (4 x 384^2 + 2 x 384 x 1536) multiply-adds, plus attention
    assert bench_speed.pair_gflop(MINILM, 49) == pytest.approx(1.07, abs=0.01)


def test_the_cost_grows_with_layers_and_tokens():
    twelve = dict(MINILM, num_hidden_layers=12)
    assert bench_speed.pair_gflop(twelve, 49) == pytest.approx(2 * bench_speed.pair_gflop(MINILM, 49))
    assert bench_speed.pair_gflop(MINILM, 98) > 2 * bench_speed.pair_gflop(MINILM, 49)  # attention is quadratic
