#!/usr/bin/env bash
# D-Pruner end to end on a real model against SparseGPT/Wanda calibrated on Brown alone and the
# domain-only score (λ = 0): general, medical and legal perplexity at 50 %. Writes a Markdown table.
#   bash bench/dpruner-e2e.sh [MODEL] > table.md
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-../shared/models/stories260K}
D=../shared/data
OUT=$(mktemp -d)
dotnet build src/SharpPrune.Cli -c Release -v q -nologo >/dev/null
sp() { dotnet src/SharpPrune.Cli/bin/Release/net10.0/sharpprune.dll "$@"; }
ppl() { sp ppl --model "$1" --json "${@:2}" | tail -1 | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["ppl"])'; }
general="--general-calib $D/general/brown.jsonl --general-docs 0:0.8 --nsamples 128"
medical="--domain-calib $D/medical/pubmedqa_ori_pqal.json --domain-field CONTEXTS+LONG_ANSWER --domain-docs not-ids:$D/medical/pubmedqa_test_ground_truth.json"
legal="--domain-calib $D/legal/MultiLegalPile_300_cleaned.txt --domain-docs 0:0.8"
row() {
  local name=$1 dir=$2
  echo "| $name | $(ppl $dir --data $D/general/brown.jsonl --docs 0.8:1) | $(ppl $dir --data $D/medical/pubmedqa_ori_pqal.json --field CONTEXTS+LONG_ANSWER --docs ids:$D/medical/pubmedqa_test_ground_truth.json) | $(ppl $dir --data $D/legal/MultiLegalPile_300_cleaned.txt --docs 0.8:1) |"
}
echo "| model (50 % unstructured) | Brown held-out ppl | PubMedQA test abstracts ppl | MultiLegalPile held-out ppl |"
echo "|---|---|---|---|"
row dense "$MODEL"
for m in sparsegpt wanda; do
  sp prune --model "$MODEL" --method $m --sparsity 0.5 --calib $D/general/brown.jsonl --calib-docs 0:0.8 --out $OUT/$m --json >/dev/null
  row "$m (Brown)" $OUT/$m
done
for domain in medical legal; do
  for variant in "taylor2:--scoring taylor2" "reference:--scoring reference" "domain-only (λ=0):--lambda 0"; do
    name=${variant%%:*}; opts=${variant#*:}
    sp prune --model "$MODEL" --method dpruner --sparsity 0.5 $general ${!domain} $opts --out $OUT/dp --overwrite --json >/dev/null
    row "D-Pruner $domain, $name" $OUT/dp
  done
done
rm -rf "$OUT"
