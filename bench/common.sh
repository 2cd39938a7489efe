# Shared by the bench scripts: a build of the CLI (Release unless BENCH_CONFIGURATION says otherwise) and helpers
# around it. Source it from the repo root.
C=${BENCH_CONFIGURATION:-Release}
# Scratch space for the script's pruned models, removed when it exits.
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
dotnet build src/SharpPrune.Cli -c "$C" -v q -nologo >/dev/null
D=../shared/data
sp() { dotnet "src/SharpPrune.Cli/bin/$C/net10.0/sharpprune.dll" "$@"; }
# ppl MODEL ARGS... → the perplexity, two decimals
ppl() { sp ppl --model "$1" --json "${@:2}" | tail -1 | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["ppl"])'; }
# row NAME MODEL [SECONDS] → a table row: held-out Brown (40 docs), PubMedQA test abstracts (200) and MultiLegalPile (60) perplexity
row() {
  local name=$1 dir=$2 seconds=${3:-}
  echo "| $name | $(ppl $dir --data $D/general/brown.jsonl --docs 0.8:1 --max-docs 40) | $(ppl $dir --data $D/medical/pubmedqa_ori_pqal.json --field CONTEXTS+LONG_ANSWER --docs ids:$D/medical/pubmedqa_test_ground_truth.json --max-docs 200) | $(ppl $dir --data $D/legal/MultiLegalPile_300_cleaned.txt --docs 0.8:1) | $seconds |"
}
# timed ARGS... → seconds taken by `sp ARGS... --json`
timed() { local start=$SECONDS; sp "$@" --json >/dev/null; echo $((SECONDS - start)); }
