#!/usr/bin/env bash
# Attribution-based FFN pruning against random and activation-magnitude removal, per task and ratio:
# accuracy (± binomial standard error), macro-F1 and the mean gold-minus-best-wrong margin (± its standard error) on the
# task's test split. Writes a Markdown table.
#   bash bench/attribution-grid.sh [MODEL] [CALIB_LIMIT] [TASKS] [EVAL_LIMIT] > table.md
# (defaults: the task-tuned testbed, 128 calibration examples, "casehold pubmedqa", the whole test split)
# Attribution uses the task's calibration split (PubMedQA non-test ids, casehold_train), never the test split.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-out/testbed-tasks}
LIMIT=${2:-128}
TASKS=${3:-casehold pubmedqa}
EVAL_LIMIT=${4:+--limit $4}
# The task-tuned testbed's weights are not in git: its recipe rebuilds them when missing (about 30 minutes).
if [ "$MODEL" = out/testbed-tasks ] && [ ! -f "$MODEL/config.json" ]; then bash models/testbed-tasks/recipe/train.sh "$MODEL" >&2; fi
source bench/common.sh
score() {
  sp eval --model "$1" --task "$2" $EVAL_LIMIT --json | tail -1 | python3 -c 'import json,math,sys; r=json.load(sys.stdin); a=r["accuracy"]; print("%.3f ± %.3f | %.3f | %+.3f ± %.3f | %d" % (a, math.sqrt(a*(1-a)/r["n"]), r["macro_f1"], r["gold_margin"], r["gold_margin_se"], r["n"]))'
}
echo "| task | FFN removed | selection | accuracy ± s.e. | macro-F1 | gold margin ± s.e. | n | FFN width / layer |"
echo "|---|---|---|---|---|---|---|---|"
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
