#!/usr/bin/env bash
# D-Pruner end to end on the testbed at 50 % unstructured (issue 14): the rank form's trade-off along α for medical and
# legal, the three reconstructions after masking (general, domain, mixed Hessians), the default α with G calibrated on
# C4 instead of Brown, and SparseGPT/Wanda calibrated on Brown and on C4 as points. Perplexity on the full held-out sets:
# Brown's last 20 % (100 documents), C4's last 20 % (200), the 500 PubMedQA test abstracts and MultiLegalPile's last
# 20 % (60); each α point skips the other domain's set.
#   bash bench/dpruner-e2e.sh [MODEL] [RESULTS.tsv]     (defaults: the testbed, results.tsv in a temporary folder)
# Writes one tab-separated row per model (name, Brown, C4, medical, legal ppl) and the figures
# docs/dpruner-tradeoff-{medical,legal}.png (Brown on the y axis) and docs/dpruner-tradeoff-{medical,legal}-c4.png (C4).
# Stage 1 (G, Brown) runs once; stage 2 runs once per domain with α = 0 (S does not depend on α or G) and every other
# row reuses both scores, so the whole curve costs masks and evaluations only; the C4 G is one more stage 1.
# Legal domain text is CaseHOLD train (each prompt with its gold holding) plus the first 240 MultiLegalPile documents.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/testbed}
source bench/common.sh
dotnet build bench/SharpPrune.Bench -c "$C" -v q -nologo >/dev/null
R=${2:-$OUT/results.tsv}
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
c4="--general-calib $D/general/c4_sample.jsonl --general-docs 0:0.8 --nsamples 128"
medical="--domain-calib $D/medical/pubmedqa_ori_pqal.json --domain-field CONTEXTS+LONG_ANSWER --domain-docs not-ids:$D/medical/pubmedqa_test_ground_truth.json"
legal="--domain-calib $OUT/legal.jsonl"
# ev NAME DIR [SETS]: a row of perplexities, SETS a subset of "b c m l", "-" for a set skipped (each α point skips the other domain).
ev() {
  local sets=${3:-b c m l} b=- c=- m=- l=-
  [[ $sets == *b* ]] && b=$(ppl $2 --data $D/general/brown.jsonl --docs 0.8:1)
  [[ $sets == *c* ]] && c=$(ppl $2 --data $D/general/c4_sample.jsonl --docs 0.8:1)
  [[ $sets == *m* ]] && m=$(ppl $2 --data $D/medical/pubmedqa_ori_pqal.json --field CONTEXTS+LONG_ANSWER --docs ids:$D/medical/pubmedqa_test_ground_truth.json)
  [[ $sets == *l* ]] && l=$(ppl $2 --data $D/legal/MultiLegalPile_300_cleaned.txt --docs 0.8:1)
  echo "$1	$b	$c	$m	$l" >> "$R"
}
ev dense "$MODEL"
for m in sparsegpt wanda; do
  for g in brown c4; do
    sp prune --model "$MODEL" --method $m --sparsity 0.5 --calib $D/general/${g/c4/c4_sample}.jsonl --calib-docs 0:0.8 --out $OUT/$m-$g --json >/dev/null
    ev $m-$g $OUT/$m-$g
  done
done
for domain in medical legal; do
  G=""; [ -d $OUT/dp-medical-a0 ] && G="--general-importance $OUT/dp-medical-a0"
  sp prune --model "$MODEL" --method dpruner --sparsity 0.5 $general ${!domain} --alpha 0 $G --out $OUT/dp-$domain-a0 --json >/dev/null
  sets="b c m"; [ $domain = legal ] && sets="b c l"
  ev dp-$domain-a0 $OUT/dp-$domain-a0 "$sets"
  reuse="--general-importance $OUT/dp-medical-a0 --domain-importance $OUT/dp-$domain-a0"
  for a in 0.3 0.5 0.7 1; do
    sp prune --model "$MODEL" --method dpruner --sparsity 0.5 $general ${!domain} --alpha $a $reuse --out $OUT/dp-$domain-a$a --json >/dev/null
    ev dp-$domain-a$a $OUT/dp-$domain-a$a "$sets"
  done
  for c in general domain mixed; do
    sp prune --model "$MODEL" --method dpruner --sparsity 0.5 $general ${!domain} $reuse --reconstruct $c --out $OUT/dp-$domain-r$c --json >/dev/null
    ev dp-$domain-r$c $OUT/dp-$domain-r$c "$sets"
  done
  # G from C4's calibration part instead of Brown's (stage 1 once, for the first domain), S reused.
  CG=""; [ -d $OUT/c4g-medical-a0.5 ] && CG="--general-importance $OUT/c4g-medical-a0.5"
  for a in 0.5 1; do
    sp prune --model "$MODEL" --method dpruner --sparsity 0.5 $c4 ${!domain} --alpha $a $CG --domain-importance $OUT/dp-$domain-a0 --out $OUT/c4g-$domain-a$a --json >/dev/null
    CG="--general-importance $OUT/c4g-$domain-a0.5"
    ev c4g-$domain-a$a $OUT/c4g-$domain-a$a "$sets"
  done
done
for domain in medical legal; do
  dotnet bench/SharpPrune.Bench/bin/$C/net10.0/SharpPrune.Bench.dll tradeoff-figure "$R" $domain docs/dpruner-tradeoff-$domain.png
  dotnet bench/SharpPrune.Bench/bin/$C/net10.0/SharpPrune.Bench.dll tradeoff-figure "$R" $domain docs/dpruner-tradeoff-$domain-c4.png c4
done
cat "$R"
