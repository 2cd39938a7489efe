#!/usr/bin/env bash
# Rebuilds testbed-tasks: models/testbed fine-tuned on the tasks' calibration splits written as the scorer reads them,
# prompt followed by the gold answer only — CaseHOLD's casehold_train (2,000) and PubMedQA's labelled examples outside
# the test 500. casehold_test and the PubMedQA test ids are never read. The weights are not kept in git; this script
# is how they are made.
#   bash models/testbed-tasks/recipe/train.sh OUT_DIR     (about 30 minutes on one thread)
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:?usage: train.sh OUT_DIR}
D=../shared/data
dotnet build src/SharpPrune.Cli -c Release -v q -nologo >/dev/null
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} dotnet src/SharpPrune.Cli/bin/Release/net10.0/sharpprune.dll train \
  --model models/testbed --out "$OUT" --resume \
  --steps 400 --batch 8 --seq-len 512 --lr 5e-4 --warmup 20 --min-lr-ratio 0.1 --weight-decay 0.1 --clip 1.0 \
  --seed 0 --checkpoint-every 50 \
  --data "$D/legal/casehold_train.txt#task=casehold" "$D/medical/pubmedqa_ori_pqal.json#task=pubmedqa"
