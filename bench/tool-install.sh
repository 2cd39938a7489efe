#!/usr/bin/env bash
# The installed command from a fresh clone (issue 17): pack the CLI as a .NET tool, install it into a temporary tool
# path exactly as the README says, export stories260K to GGUF with it, load and run that file in a separate program
# using LLamaSharp (the bench's gguf-ppl, built from the clone), time `sharpprune info`, and start two commands at the
# same moment. Usage, from the repo root: bash bench/tool-install.sh [REV]   (default HEAD)
set -euo pipefail
REPO=$(pwd)
SHARED=$(cd ../shared && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
git clone -q "$REPO" "$WORK/clone"
cd "$WORK/clone"
git checkout -q "${1:-HEAD}"
ln -s "$SHARED" "$WORK/shared"
T=$WORK/tools

start=$SECONDS
dotnet pack src/SharpPrune.Cli -c Release -o out/package -v q -nologo >/dev/null
echo "pack: $((SECONDS - start)) s, $(du -m out/package/*.nupkg | cut -f1) MB"
dotnet tool install --tool-path "$T" --add-source out/package SharpPrune.Cli >/dev/null
"$T/sharpprune" --version

cd "$WORK"   # any folder
"$T/sharpprune" export --model shared/models/stories260K --format gguf --out stories260K.gguf --type f32
"$T/sharpprune" export --model clone/models/testbed --format gguf --out testbed-q8_0.gguf --type q8_0

cd "$WORK/clone"
dotnet build bench/SharpPrune.Bench -c Release -v q -nologo >/dev/null
BROWN=(--data ../shared/data/general/brown.jsonl --docs 0.8:1 --max-docs 5 --seq-len 256)
echo "stories260K ppl, SharpPrune (installed tool): $("$T/sharpprune" ppl --model ../shared/models/stories260K "${BROWN[@]}" --json | tail -1)"
echo "stories260K ppl, llama.cpp on the tool's GGUF: $(dotnet bench/SharpPrune.Bench/bin/Release/net10.0/SharpPrune.Bench.dll gguf-ppl --model ../shared/models/stories260K --gguf ../stories260K.gguf "${BROWN[@]}" | tail -1)"
echo "testbed ppl, SharpPrune (installed tool): $("$T/sharpprune" ppl --model models/testbed "${BROWN[@]}" --json | tail -1)"
echo "testbed ppl, llama.cpp on the tool's q8_0 GGUF: $(dotnet bench/SharpPrune.Bench/bin/Release/net10.0/SharpPrune.Bench.dll gguf-ppl --model models/testbed --gguf ../testbed-q8_0.gguf "${BROWN[@]}" | tail -1)"

for i in 1 2 3 4 5; do /usr/bin/time -f "%e" "$T/sharpprune" info --model ../shared/models/stories260K 2>>"$WORK/times" >/dev/null; done
echo "sharpprune info wall seconds (5 runs): $(tr '\n' ' ' < "$WORK/times")"
"$T/sharpprune" info --model ../shared/models/stories260K --json > "$WORK/a" 2>&1 & a=$!
"$T/sharpprune" info --model ../shared/models/stories260K --json > "$WORK/b" 2>&1 & b=$!
wait $a; ra=$?; wait $b; rb=$?
echo "two at once: exit $ra and $rb, outputs $(cmp -s "$WORK/a" "$WORK/b" && echo identical || echo DIFFERENT)"
