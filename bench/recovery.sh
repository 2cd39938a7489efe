#!/usr/bin/env bash
# Recovery fine-tuning after pruning: Wanda 50 % (Brown calibration) on the testbed, then `train --keep-masks`
# on medical text (PubMedQA non-test abstracts); perplexity before and after, and the sparsity kept.
#   bash bench/recovery.sh [MODEL] [STEPS] > table.md
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed}
STEPS=${2:-200}
source bench/common.sh
sparsity() { sp info --model "$1" --json | tail -1 | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.2f %%" % (100*r["linear_sparsity"]))'; }
row() { echo "| $1 | $(ppl $2 --data $D/medical/pubmedqa_ori_pqal.json --field CONTEXTS+LONG_ANSWER --docs ids:$D/medical/pubmedqa_test_ground_truth.json --max-docs 200) | $(ppl $2 --data $D/general/brown.jsonl --docs 0.8:1 --max-docs 40) | $(sparsity $2) |"; }
sp prune --model "$MODEL" --method wanda --sparsity 0.5 --calib $D/general/brown.jsonl --calib-docs 0:0.8 --out $OUT/wanda --json >/dev/null
start=$SECONDS
sp train --model $OUT/wanda --keep-masks --steps $STEPS --lr 1e-4 --warmup 20 --batch 8 --seq-len 256 --seed 0 --out $OUT/recovered --json \
  --data "$D/medical/pubmedqa_ori_pqal.json#field=CONTEXTS+LONG_ANSWER#docs=not-ids:$D/medical/pubmedqa_test_ground_truth.json" >/dev/null
echo "| model | PubMedQA test abstracts ppl (200) | Brown held-out ppl (40) | layer-linear sparsity |"
echo "|---|---|---|---|"
row dense "$MODEL"
row "Wanda 50 % (Brown)" $OUT/wanda
row "Wanda 50 % + $STEPS steps --keep-masks on PubMedQA non-test abstracts ($((SECONDS - start)) s)" $OUT/recovered
