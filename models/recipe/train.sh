#!/usr/bin/env bash
# The recipe that produced models/contradict-nli-minilm (see its README.md for the numbers).
#
#   bash models/recipe/train.sh [DATA_DIR]
#
# Stage 1: the packaged all-MiniLM-L6-v2 encoder + a new 3-way head, fine-tuned for two
#          epochs on the general NLI training files of DATA_DIR (default ../shared/nli-data).
# Stage 2: continued for two epochs on the team's news-domain pairs
#          (models/recipe/data/domain_train.jsonl, augmented, repeated 3 times per epoch)
#          mixed with a 25% replay sample of the general data, so
#          the model learns statement-versus-report pairs without forgetting general inference.
# Both stages checkpoint every 5 minutes outside the repository and resume when rerun.
# --precision bf16 (bfloat16 autocast, float32 master weights) is what the shipped model was
# trained with; on a CPU without native bfloat16 use fp32 (same loss curve, slower).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA_DIR="${1:-../shared/nli-data}"
RUNS="${CONTRADICT_RUNS:-$HOME/.cache/contradict/train}"
PRECISION="${PRECISION:-bf16}"

python models/recipe/data/split_domain.py --check  # the domain files match their written parts

contradict -v train-nli --data "$DATA_DIR" --epochs 2 --learning-rate 4e-5 --precision "$PRECISION" \
  --checkpoint-dir "$RUNS/stage1" -o "$RUNS/stage1-model"

contradict -v train-nli --data "$DATA_DIR" --base-model "$RUNS/stage1-model" \
  --domain-file models/recipe/data/domain_train.jsonl --domain-repeats 3 --general-fraction 0.25 \
  --epochs 2 --learning-rate 3e-5 --precision "$PRECISION" --checkpoint-dir "$RUNS/stage2" -o models/contradict-nli-minilm
