#!/usr/bin/env bash
# Rebuilds testbed-nlu: models/testbed fine-tuned on six NLU tasks' train splits at once — sst2, mrpc, rte, ag_news,
# trec, cola — each example written as its task spec (tasks/nlu/<task>.json) reads it, prompt + gold label word, with
# the loss on the label word only. Four stages, as it was made (each added when the one before left tasks at their
# majority rate):
#   1. 400 steps, balanced: 3,000 examples of each task (seeded samples; rte and mrpc repeated in seeded passes);
#   2. 300 more steps from stage 1 at half the learning rate, new seeded samples weighted towards the tasks still at
#      the prior: 6,000 sst2, 3,000 each of mrpc, rte, cola, 2,000 each of ag_news and trec;
#   3. 300 more steps at lr 1e-3, weighted towards the short-prompt tasks (most examples per token): 12,000 sst2,
#      4,000 cola, 3,000 each of trec and ag_news, 1,500 each of mrpc and rte;
#   4. 480 more steps at lr 7e-4: 20,000 sst2, 6,000 cola, 3,000 each of trec and ag_news, 2,000 mrpc, 1,000 rte.
# Class proportions are each train split's own (no class-balanced sampling; see the README). The validation splits
# are never read.
#   bash models/testbed-nlu/recipe/train.sh OUT_DIR      (about 27 + 15 + 12 + 20 minutes on one shared thread)
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:?usage: train.sh OUT_DIR}
D=../shared/data/nlu
dotnet build src/SharpPrune.Cli -c Release -v q -nologo >/dev/null
train() { OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} dotnet src/SharpPrune.Cli/bin/Release/net10.0/sharpprune.dll train --resume \
  --batch 16 --seq-len 128 --min-lr-ratio 0.1 --weight-decay 0.1 --clip 1.0 --checkpoint-every 50 "$@"; }
src() { echo "$D/$1/train.jsonl#task=tasks/nlu/$1.json#examples=$2"; }
train --model models/testbed --out "$OUT.stage1" --steps 400 --lr 1e-3 --warmup 20 --seed 0 \
  --data $(for t in sst2 mrpc rte ag_news trec cola; do src $t 3000; done)
train --model "$OUT.stage1" --out "$OUT.stage2" --steps 300 --lr 5e-4 --warmup 10 --seed 1 \
  --data $(src sst2 6000) $(src mrpc 3000) $(src rte 3000) $(src cola 3000) $(src ag_news 2000) $(src trec 2000)
train --model "$OUT.stage2" --out "$OUT.stage3" --steps 300 --lr 1e-3 --warmup 10 --seed 3 \
  --data $(src sst2 12000) $(src cola 4000) $(src trec 3000) $(src ag_news 3000) $(src mrpc 1500) $(src rte 1500)
train --model "$OUT.stage3" --out "$OUT" --steps 480 --lr 7e-4 --warmup 10 --seed 4 \
  --data $(src sst2 20000) $(src cola 6000) $(src trec 3000) $(src ag_news 3000) $(src mrpc 2000) $(src rte 1000)
