#!/usr/bin/env bash
# The walker's default order (capture every linear's inputs, prune, re-run the layer) against its one-pass
# true-sequential order, for Wanda and SparseGPT at 50 % unstructured with Brown calibration: perplexity on
# held-out general, medical and legal text and the pruning time. Writes a Markdown table.
#   bash bench/true-sequential.sh [MODEL] > table.md        (default MODEL: the testbed)
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed}
source bench/common.sh
echo "| model (50 % unstructured, Brown calibration) | Brown held-out ppl (40 docs) | PubMedQA test abstracts ppl (200) | MultiLegalPile held-out ppl (60) | prune s |"
echo "|---|---|---|---|---|"
row dense "$MODEL"
for m in wanda sparsegpt; do
  for order in "default:" "true-sequential:--true-sequential"; do
    name=${order%%:*}; opts=${order#*:}
    s=$(timed prune --model "$MODEL" --method $m --sparsity 0.5 --calib $D/general/brown.jsonl --calib-docs 0:0.8 $opts --out $OUT/$m --overwrite)
    row "$m ($name)" $OUT/$m "$s"
  done
done
