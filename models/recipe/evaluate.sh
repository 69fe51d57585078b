#!/usr/bin/env bash
# Accuracy of an NLI model on every held-out split of the NLI data (the model card's table).
#
#   bash models/recipe/evaluate.sh [MODEL] [DATA_DIR] [OUT.json]
#
# None of these files is trained on. VitaminC is scored on its first 5,000 pairs (its label
# mix there matches the whole file: 50% entailment, 13% neutral, 37% contradiction) to keep
# the run short; every other file is scored whole.
set -euo pipefail
cd "$(dirname "$0")/../.."
MODEL="${1:-models/contradict-nli-minilm}"
DATA="${2:-../shared/nli-data}"
OUT="${3:-eval/results/nli_heldout.json}"
mkdir -p "$(dirname "$OUT")"
contradict eval-nli --model "$MODEL" --out "$OUT" \
  "$DATA/snli.test.jsonl" \
  "$DATA/mnli_taxinli.dev_matched.jsonl" "$DATA/mnli_taxinli.dev_mismatched.jsonl" \
  "$DATA/lingnli.dev.jsonl" \
  "$DATA/negation_snli.test.jsonl" "$DATA/negation_mnli.test.jsonl" \
  "$DATA/breaking_nli.test.jsonl" "$DATA/conjnli.dev.jsonl" \
  "$DATA/cad_snli.test.jsonl" "$DATA/mpe.test.jsonl" \
  "$DATA/fever_symmetric.test.jsonl" "$DATA/climate_fever.test.jsonl" \
  "$DATA/two_way/rte.dev.jsonl" "$DATA/two_way/negation_rte.test.jsonl" "$DATA/two_way/med.test.jsonl" \
  "$DATA/noncommercial/sick.test.jsonl" "$DATA/noncommercial/xnli_en.test.jsonl"
contradict eval-nli --model "$MODEL" --limit 5000 --out "${OUT%.json}_vitaminc.json" "$DATA/eval_only/vitaminc.test.jsonl"
contradict eval-nli --model "$MODEL" --out "${OUT%.json}_domain_dev.json" models/recipe/data/domain_dev.jsonl
