#!/usr/bin/env bash
# Pruned, then quantized (issue 17): file size and perplexity of the testbed dense, Wanda 50 %, D-Pruner 50 % (the
# README main job's output) and Wanda 2:4, each exported as f16 / q8_0 / q4_k_m GGUF, perplexity computed by llama.cpp
# (LLamaSharp) on the windows `sharpprune ppl` scores (held-out Brown, PubMedQA test abstracts), beside
# SharpPrune's own f32 perplexity of the same folder.
# Usage, from the repo root: [MODELS="dense wanda-50 dpruner wanda-2-4"] bash bench/gguf-quant.sh [DPRUNER_DIR]
# (DPRUNER_DIR defaults to out/testbed-dpruner-medical, the README main job's --out.)
set -euo pipefail
source bench/common.sh
DPRUNER=${1:-out/testbed-dpruner-medical}
MODELS=${MODELS:-dense wanda-50 dpruner wanda-2-4}
if [[ " $MODELS " == *" dpruner "* && ! -f "$DPRUNER/pruning.json" ]]; then
  echo "no $DPRUNER/pruning.json: run the README's main job first" >&2; exit 2
fi
dotnet build bench/SharpPrune.Bench -c "$C" -v q -nologo >/dev/null
bench() { dotnet "bench/SharpPrune.Bench/bin/$C/net10.0/SharpPrune.Bench.dll" "$@"; }
# Documents per set: 40 and 200 as in common.sh's rows by default; fewer where the machine is short of time.
GENERAL=(--data $D/general/brown.jsonl --docs 0.8:1 --max-docs ${GENERAL_DOCS:-40})
MEDICAL=(--data $D/medical/pubmedqa_ori_pqal.json --field CONTEXTS+LONG_ANSWER --docs ids:$D/medical/pubmedqa_test_ground_truth.json --max-docs ${MEDICAL_DOCS:-200})
gguf_ppl() { bench gguf-ppl --model "$1" --gguf "$2" "${@:3}" | tail -1 | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["ppl"])'; }
mib() { python3 -c "import os,sys; print('%.2f' % (sum(os.path.getsize(p) for p in sys.argv[1:]) / 2**20))" "$@"; }

CAL=(--calib $D/general/brown.jsonl --calib-docs 0:0.8)

echo "| model | format | size (MiB) | general ppl | medical ppl |"
echo "|---|---|---|---|---|"
declare -A NAME=([dense]="dense" [wanda-50]="Wanda 50 %" [dpruner]="D-Pruner 50 % (medical)" [wanda-2-4]="Wanda 2:4")
declare -A DIR=([dense]=models/testbed [wanda-50]=$OUT/wanda-50 [dpruner]=$DPRUNER [wanda-2-4]=$OUT/wanda-2-4)
for model in $MODELS; do
  name=${NAME[$model]}; dir=${DIR[$model]}
  # Each pruned model is made just before its rows, so a run cut short still prints the rows it finished.
  case $model in
    wanda-50) sp prune --model models/testbed --method wanda --sparsity 0.5 "${CAL[@]}" --out $dir --json >/dev/null ;;
    wanda-2-4) sp prune --model models/testbed --method wanda --sparsity 0.5 --pattern 2:4 "${CAL[@]}" --out $dir --json >/dev/null ;;
  esac
  echo "| $name | safetensors f32 (SharpPrune) | $(mib $dir/*.safetensors) | $(ppl $dir "${GENERAL[@]}") | $(ppl $dir "${MEDICAL[@]}") |"
  for type in f16 q8_0 q4_k_m; do
    file=$OUT/model-$type.gguf
    types=$(sp export --model $dir --format gguf --out $file --type $type --overwrite --json | tail -1 |
      python3 -c 'import json,sys; print(", ".join(f"{n} {t}" for t, n in json.load(sys.stdin)["tensor_types"].items()))')
    echo "| $name | GGUF $type ($types) | $(mib $file) | $(gguf_ppl $dir $file "${GENERAL[@]}") | $(gguf_ppl $dir $file "${MEDICAL[@]}") |"
  done
done
