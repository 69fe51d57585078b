#!/usr/bin/env bash
# The recipe that produced models/contradict-nli-minilm (see its README.md for the numbers).
#
#   bash models/recipe/train.sh [DATA_DIR]
#
# Stage 1: the packaged all-MiniLM-L6-v2 encoder + a new 3-way head, fine-tuned for two
#          epochs on the general NLI training files of DATA_DIR (default ../shared/nli-data).
# Stage 2: continued for two epochs on the team's news-domain pairs of parts d1-d8 (the train
#          side of models/recipe/data/parts/domain_d1..d8, augmented, repeated 3 times per
#          epoch) mixed with a 25% replay sample of the general data, so the model learns
#          statement-versus-report pairs without forgetting general inference.
# Stage 3: continued for two epochs, at a lower learning rate, on all the domain pairs
#          (models/recipe/data/domain_train.jsonl, parts d1-d16, once per epoch) with a 10%
#          general replay: parts d9-d16 were written later, against what the stage 2 and
#          stage 3 models got wrong on news (hard neutrals, formal and fragmentary denials,
#          paraphrased, source-framed and evidential contradictions).
# Each stage checkpoints every 5 minutes outside the repository and resumes when rerun.
# PRECISION=bf16 (bfloat16 autocast, float32 master weights) is what stages 1 and 2 were
# trained with, on a CPU with native bfloat16; stage 3 ran in fp32 on one without it
# (26 min on 2 cores), from the stage 2 model shipped at commit 76baf29.
# Either gives the same loss curve; bf16 is several times faster where the CPU has it.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA_DIR="${1:-../shared/nli-data}"
RUNS="${CONTRADICT_RUNS:-$HOME/.cache/contradict/train}"
PRECISION="${PRECISION:-bf16}"

python models/recipe/data/split_domain.py --check  # the domain files match their written parts
mkdir -p "$RUNS"
python models/recipe/data/split_domain.py --parts d1-d8 --train-out "$RUNS/domain_train_d1-d8.jsonl"

contradict -v train-nli --data "$DATA_DIR" --epochs 2 --learning-rate 4e-5 --precision "$PRECISION" \
  --checkpoint-dir "$RUNS/stage1" -o "$RUNS/stage1-model"

contradict -v train-nli --data "$DATA_DIR" --base-model "$RUNS/stage1-model" \
  --domain-file "$RUNS/domain_train_d1-d8.jsonl" --domain-repeats 3 --general-fraction 0.25 \
  --epochs 2 --learning-rate 3e-5 --precision "$PRECISION" --checkpoint-dir "$RUNS/stage2" -o "$RUNS/stage2-model"

contradict -v train-nli --data "$DATA_DIR" --base-model "$RUNS/stage2-model" \
  --domain-file models/recipe/data/domain_train.jsonl --domain-repeats 1 --general-fraction 0.1 \
  --epochs 2 --learning-rate 2e-5 --precision "$PRECISION" --checkpoint-dir "$RUNS/stage3" -o models/contradict-nli-minilm
