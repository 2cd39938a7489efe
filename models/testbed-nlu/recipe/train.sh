#!/usr/bin/env bash
# Rebuilds testbed-nlu: models/testbed fine-tuned on six NLU tasks' train splits at once — sst2, mrpc, rte, ag_news,
# trec, cola — each example written as its task spec (tasks/nlu/<task>.json) reads it, prompt + gold label word, with
# the loss on the label word only. Balanced mix: 3,000 examples of each task (a seeded sample of sst2, cola, ag_news
# and trec; rte and mrpc repeated in seeded passes). The validation splits are never read.
#   bash models/testbed-nlu/recipe/train.sh OUT_DIR [STEPS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:?usage: train.sh OUT_DIR [STEPS]}
STEPS=${2:-400}
D=../shared/data/nlu
N=3000
dotnet build src/SharpPrune.Cli -c Release -v q -nologo >/dev/null
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} dotnet src/SharpPrune.Cli/bin/Release/net10.0/sharpprune.dll train \
  --model models/testbed --out "$OUT" --resume \
  --steps $STEPS --batch 16 --seq-len 128 --lr 1e-3 --warmup 20 --min-lr-ratio 0.1 --weight-decay 0.1 --clip 1.0 \
  --seed 0 --checkpoint-every 50 \
  --data $(for t in sst2 mrpc rte ag_news trec cola; do echo "$D/$t/train.jsonl#task=tasks/nlu/$t.json#examples=$N"; done)
