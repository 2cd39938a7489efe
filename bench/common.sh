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
