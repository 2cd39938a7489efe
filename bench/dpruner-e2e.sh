#!/usr/bin/env bash
# D-Pruner end to end against SparseGPT/Wanda calibrated on Brown alone and against the domain-only score
# (λ = 0), at 50 % unstructured: perplexity on held-out general, medical and legal text. Writes a Markdown table.
#   bash bench/dpruner-e2e.sh [MODEL] > table.md        (default MODEL: the testbed)
# G (stage 1, Brown) is computed once and reused by every D-Pruner run. Legal domain text is CaseHOLD train
# (each prompt with its gold holding) plus the first 240 MultiLegalPile documents, joined into one JSONL here.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed}
source bench/common.sh
python3 - "$D" "$OUT/legal.jsonl" <<'PY'
import json, sys
d, out = sys.argv[1], sys.argv[2]
with open(out, "w") as f:
    for line in open(f"{d}/legal/casehold_train.txt"):
        r = json.loads(line)
        f.write(json.dumps({"id": f"casehold-{r['example_id']}", "text": r["citing_prompt"] + " " + r[f"holding_{r['label']}"]}) + "\n")
    for i, line in enumerate(open(f"{d}/legal/MultiLegalPile_300_cleaned.txt")):
        if i < 240:
            f.write(json.dumps({"id": f"mlp-{i:03d}", "text": json.loads(line)["text"]}) + "\n")
PY
general="--general-calib $D/general/brown.jsonl --general-docs 0:0.8 --nsamples 128"
medical="--domain-calib $D/medical/pubmedqa_ori_pqal.json --domain-field CONTEXTS+LONG_ANSWER --domain-docs not-ids:$D/medical/pubmedqa_test_ground_truth.json"
legal="--domain-calib $OUT/legal.jsonl"
echo "| model (50 % unstructured) | Brown held-out ppl (40 docs) | PubMedQA test abstracts ppl (200) | MultiLegalPile held-out ppl (60) | prune s |"
echo "|---|---|---|---|---|"
row dense "$MODEL"
for m in sparsegpt wanda; do
  s=$(timed prune --model "$MODEL" --method $m --sparsity 0.5 --calib $D/general/brown.jsonl --calib-docs 0:0.8 --out $OUT/$m)
  row "$m (Brown)" $OUT/$m "$s"
done
G=""
for domain in medical legal; do
  for variant in "D-Pruner:" "domain only (λ=0):--lambda 0"; do
    name=${variant%%:*}; opts=${variant#*:}
    s=$(timed prune --model "$MODEL" --method dpruner --sparsity 0.5 $general ${!domain} $opts $G --out $OUT/dp --overwrite)
    row "$name, $domain" $OUT/dp "$s"
    if [ -z "$G" ]; then cp -r $OUT/dp $OUT/g; G="--general-importance $OUT/g"; fi
  done
done
