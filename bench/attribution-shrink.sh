#!/usr/bin/env bash
# Structured FFN (and head) removal makes the model smaller and faster: safetensors size and `ppl` forward throughput
# (Brown held-out, 20 documents, 512-token windows) of the dense model and of models with 30 % / 50 % of FFN neurons
# removed (random selection: the units removed, not which, set size and speed), and 50 % FFN + 25 % of KV-head groups.
#   bash bench/attribution-shrink.sh [MODEL] > table.md
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed}
source bench/common.sh
row() {
  local name=$1 dir=$2
  local bytes=$(cat $dir/*.safetensors | wc -c)
  local params=$(sp info --model $dir --json | tail -1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["parameters"])')
  local rate=$(sp ppl --model $dir --data $D/general/brown.jsonl --docs 0.8:1 --max-docs 20 | grep -o '[0-9,]* tokens/s' | tr -d ',')
  echo "| $name | $params | $(python3 -c "print('%.2f' % ($bytes/1e6))") | $rate |"
}
echo "| model | parameters | safetensors MB | forward (ppl) |"
echo "|---|---|---|---|"
row dense "$MODEL"
for spec in "30 % FFN:--ratio 0.3" "50 % FFN:--ratio 0.5" "50 % FFN + 25 % head groups:--ratio 0.5 --heads 0.25"; do
  sp prune --model "$MODEL" --method attribution-random --task casehold ${spec#*:} --limit 8 --out $OUT/m --overwrite --json >/dev/null
  row "${spec%%:*} removed" $OUT/m
done
