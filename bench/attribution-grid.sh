#!/usr/bin/env bash
# Attribution-based FFN pruning against random and activation-magnitude removal, per task and ratio:
# accuracy and macro-F1 on the task's test split. Writes a Markdown table.
#   bash bench/attribution-grid.sh [MODEL] [CALIB_LIMIT] [TASKS] [EVAL_LIMIT] > table.md
# (defaults: the testbed, 128 calibration examples, "casehold pubmedqa", the whole test split)
# Attribution uses the task's calibration split (PubMedQA non-test ids, casehold_train), never the test split.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed}
LIMIT=${2:-128}
TASKS=${3:-casehold pubmedqa}
EVAL_LIMIT=${4:+--limit $4}
source bench/common.sh
score() { sp eval --model "$1" --task "$2" $EVAL_LIMIT --json | tail -1 | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.3f | %.3f | %d" % (r["accuracy"], r["macro_f1"], r["n"]))'; }
echo "| task | FFN removed | selection | accuracy | macro-F1 | n | FFN width / layer |"
echo "|---|---|---|---|---|---|---|"
for task in $TASKS; do
  echo "| $task | 0 % | dense | $(score "$MODEL" $task) | full |"
  for ratio in 0.3 0.5; do
    for variant in "attribution (supervised):attribution" "attribution (K = 64):attribution --low-resource 64" \
                   "attribution (unsupervised):attribution --unsupervised" "random:attribution-random" "activation magnitude:attribution-activation"; do
      name=${variant%%:*}; args=${variant#*:}
      sp prune --model "$MODEL" --method $args --task $task --ratio $ratio --limit $LIMIT --out $OUT/m --overwrite --json >/dev/null
      width=$(python3 -c "import json; c=json.load(open('$OUT/m/config.json')); print(c.get('sharpprune_intermediate_sizes', c['intermediate_size']))")
      echo "| $task | $(python3 -c "print(round($ratio*100))") % | $name | $(score $OUT/m $task) | $width |"
    done
  done
done
