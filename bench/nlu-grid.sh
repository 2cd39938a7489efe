#!/usr/bin/env bash
# The attribution paper's own setting on models/testbed-nlu (one model fine-tuned on six NLU tasks): per task, FFN
# neurons scored on the task's train split by supervised attribution (activation × gradient), integrated gradients,
# low-resource draws of K examples, unsupervised attribution (the model's own answers), activation magnitude and random
# selection (three seeds), removed at each ratio and scored on the task's first N validation examples, with McNemar's
# exact test on the same examples; the specialization matrix (docs/nlu-specialization.png), the unseen-domain table
# (pruned for sst2, scored on amazon_reviews) and parameters / file size / forward tokens/s per ratio. Markdown on
# stdout; every cell's predictions in OUT/cells.jsonl. All in one process (bench/SharpPrune.Bench/NluAttributionGrid.cs).
#   bash bench/nlu-grid.sh [MODEL] [OUT] [key=value …]    e.g. n=200 calib=256 ratios=0.3,0.5,0.7,0.9 matrix=0.5 ig=4:32
#   (selections=… run at every ratio, extra=… — IG, K, unsupervised — at extra_ratios=… (default: the matrix ratio);
#   heads=R also removes the R share of each layer's KV-head groups, FFN whole, by the selections' head scores;
#   holdout=K scores only the dense model on the validation examples from seeded position K on, for choosing a recipe)
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed-nlu}
OUT=${2:-out/nlu-grid}
dotnet build bench/SharpPrune.Bench -c Release -v q -nologo >/dev/null
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} dotnet bench/SharpPrune.Bench/bin/Release/net10.0/SharpPrune.Bench.dll nlu-grid \
  "$MODEL" "$OUT" docs/nlu-specialization.png "${@:3}"
