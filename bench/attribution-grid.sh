#!/usr/bin/env bash
# Attribution-based FFN pruning against random and activation-magnitude removal, per task and ratio:
# accuracy (± binomial standard error), macro-F1 and the mean gold-minus-best-wrong margin (± its standard error) on the
# task's test split. Writes a Markdown table.
#   bash bench/attribution-grid.sh [MODEL] [CALIB_LIMIT] [TASKS] [EVAL_LIMIT] [RATIOS] [SELECTIONS] > table.md
# (defaults: the testbed, 128 calibration examples, "casehold pubmedqa", the whole test split, "0.3 0.5", every
# selection; SELECTIONS picks some by name, e.g. "random@1 random@2" for the random baseline with other seeds; the testbed
# fine-tuned on the tasks is built by models/testbed-tasks/recipe/train.sh)
# Attribution uses the task's calibration split (PubMedQA non-test ids, casehold_train), never the test split.
# Besides the built-in tasks, "medical-cloze" (bench/tasks/medical-cloze.json: the next word of a PubMedQA abstract
# among four words of the same abstract) is a task the testbed can do; its files are made here from ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed}
LIMIT=${2:-128}
TASKS=${3:-casehold pubmedqa}
EVAL_LIMIT=${4:+--limit $4}
RATIOS=${5:-0.3 0.5}
SELECTIONS=${6:-supervised K=64 unsupervised random activation}
source bench/common.sh
# The prune and eval arguments naming a task and its data.
prune_task() { case $1 in medical-cloze) echo "--task bench/tasks/medical-cloze.json --task-data $OUT/cloze/calibration.jsonl" ;; *) echo "--task $1" ;; esac; }
eval_task() { case $1 in medical-cloze) echo "--task bench/tasks/medical-cloze.json --data $OUT/cloze/test.jsonl" ;; *) echo "--task $1" ;; esac; }
mkdir -p $OUT/cloze && python3 bench/tasks/make-medical-cloze.py $D/medical $OUT/cloze 2>/dev/null
# --score acc_per_token: the convention bench/RESULTS.md's attribution figures were measured under (eval's default is acc).
score() {
  sp eval --model "$1" $(eval_task $2) $EVAL_LIMIT --score acc_per_token --json | tail -1 | python3 -c 'import json,math,sys; r=json.load(sys.stdin); a=r["accuracy"]; print("%.3f ± %.3f | %.3f | %+.3f ± %.3f | %d" % (a, math.sqrt(a*(1-a)/r["n"]), r["macro_f1"], r["gold_margin"], r["gold_margin_se"], r["n"]))'
}
echo "| task | FFN removed | selection | accuracy ± s.e. | macro-F1 | gold margin ± s.e. | n | FFN width / layer |"
echo "|---|---|---|---|---|---|---|---|"
for task in $TASKS; do
  echo "| $task | 0 % | dense | $(score "$MODEL" $task) | full |"
  for ratio in $RATIOS; do
    for selection in $SELECTIONS; do
      case $selection in
        supervised) name="attribution (supervised)"; args="attribution" ;;
        K=64) name="attribution (K = 64)"; args="attribution --low-resource 64" ;;
        unsupervised) name="attribution (unsupervised)"; args="attribution --unsupervised" ;;
        random) name="random"; args="attribution-random" ;;
        random@*) name="random (seed ${selection#random@})"; args="attribution-random --seed ${selection#random@}" ;;
        activation) name="activation magnitude"; args="attribution-activation" ;;
        *) echo "unknown selection $selection" >&2; exit 2 ;;
      esac
      sp prune --model "$MODEL" --method $args $(prune_task $task) --ratio $ratio --limit $LIMIT --out $OUT/m --overwrite --json >/dev/null
      width=$(python3 -c "import json; c=json.load(open('$OUT/m/config.json')); print(c.get('sharpprune_intermediate_sizes', c['intermediate_size']))")
      echo "| $task | $(python3 -c "print(round($ratio*100))") % | $name | $(score $OUT/m $task) | $width |"
    done
  done
done
