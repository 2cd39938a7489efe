# Shared by the bench scripts: a Release build of the CLI and helpers around it. Source it from the repo root.
dotnet build src/SharpPrune.Cli -c Release -v q -nologo >/dev/null
D=../shared/data
sp() { dotnet src/SharpPrune.Cli/bin/Release/net10.0/sharpprune.dll "$@"; }
# ppl MODEL ARGS... → the perplexity, two decimals
ppl() { sp ppl --model "$1" --json "${@:2}" | tail -1 | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["ppl"])'; }
