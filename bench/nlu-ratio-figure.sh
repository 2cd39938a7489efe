#!/usr/bin/env bash
# compare's accuracy-against-ratio figure on the multi-task model: for sst2 and ag_news, FFN neurons removed at 50 % and
# 90 % by supervised attribution, activation magnitude and random selection (seed 1), each scored on 128 train examples
# of its task; then `compare` over bench/suites/nlu-ratio.json (the first 150 validation examples of each task) with the
# dense model. The report goes to OUT (default out/nlu-ratio) and its accuracy-ratio.png to docs/nlu-accuracy-ratio.png.
#   bash bench/nlu-ratio-figure.sh [MODEL] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed-nlu}
REPORT=${2:-out/nlu-ratio}
source bench/common.sh
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
models=("$MODEL")
for task in sst2 ag_news; do
  for ratio in 0.5 0.9; do
    for method in attribution attribution-activation attribution-random; do
      dir=$OUT/$task-${method#attribution-}-${ratio#0.}0
      sp prune --model "$MODEL" --method $method --task tasks/nlu/$task.json --ratio $ratio --limit 128 --seed 1 --out "$dir" --json >/dev/null
      models+=("$dir")
    done
  done
done
sp compare --models "${models[@]}" --suite bench/suites/nlu-ratio.json --out "$REPORT" --overwrite
cp "$REPORT/accuracy-ratio.png" docs/nlu-accuracy-ratio.png
cat "$REPORT/results.md"
