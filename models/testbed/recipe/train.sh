#!/usr/bin/env bash
# Rebuilds the testbed model from ../shared: a byte-level BPE tokenizer fitted on the training text, then a
# Llama trained from scratch on the same text. Evaluation parts are never read: Brown's last 20 %, the PubMedQA
# test ids, casehold_test, BillSum and the last 60 MultiLegalPile documents.
#   bash models/testbed/recipe/train.sh OUT_DIR     (about 45 minutes on one free core)
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:?usage: train.sh OUT_DIR}
D=../shared/data
DATA=(
  "$D/general/brown.jsonl#docs=0:0.8"
  "$D/general/masc.jsonl"
  "$D/medical/pubmedqa_ori_pqal.json#field=CONTEXTS+LONG_ANSWER#docs=not-ids:$D/medical/pubmedqa_test_ground_truth.json"
  "$D/legal/casehold_train.txt#field=citing_prompt+holding_0+holding_1+holding_2+holding_3+holding_4"
  "$D/legal/MultiLegalPile_300_cleaned.txt#docs=0:0.8"
)
dotnet build src/SharpPrune.Cli -c Release -v q -nologo >/dev/null
sp() { dotnet src/SharpPrune.Cli/bin/Release/net10.0/sharpprune.dll "$@"; }
sp fit-tokenizer --vocab-size 4096 --model-max-length 512 --out "$OUT.tokenizer" --overwrite --data "${DATA[@]}"
sp train --config models/testbed/recipe/config.json --tokenizer "$OUT.tokenizer" --out "$OUT" --resume \
  --steps 700 --batch 16 --seq-len 256 --lr 1e-3 --warmup 50 --min-lr-ratio 0.1 --weight-decay 0.1 --clip 1.0 \
  --seed 0 --checkpoint-every 100 --data "${DATA[@]}"
