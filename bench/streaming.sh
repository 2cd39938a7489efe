#!/usr/bin/env bash
# Issue 16: random-weight bf16 Llamas of real shapes pruned and evaluated with their decoder layers streamed from disk,
# each run's wall time and peak RSS (/usr/bin/time -v) printed as a Markdown row beside the memory estimate the run made.
#
#   bash bench/streaming.sh STEP...     (from the repo root; steps run in the order given)
#
#   2.8b       2.8B (hidden 3072, 26 layers, 24/8 heads, FFN 8192): Wanda --stream always, 4 × 128 calibration
#   tinyllama  TinyLlama-1.1B shape (2048, 22 layers, 32/4 heads, FFN 5632): Wanda 4 × 128 in memory and streamed
#   7b-wanda   Llama-2-7B shape (4096, 32 layers, 32 heads, FFN 11008) in 3 shards: a streamed forward of the calibration's
#              shape (ppl on N windows), then Wanda with N × L calibration; N, L from CALIB (default 16x512)
#   7b-forward    the streamed forward alone (ppl on N windows of L)
#   7b-wanda-ts   Wanda --true-sequential (one pass over the layers) with N × L calibration: `7b-forward 7b-wanda-ts` for the ratio
#   7b-sparsegpt  the same with SparseGPT (default order: capture, then re-run the pruned layer)
#   7b-sparsegpt-ts  SparseGPT --true-sequential with N × L calibration
#   7b-ppl     ppl --stream always on 8 windows of 512
#   table      100M, 1.1B and 7B Wanda streamed with the same calibration (CALIB), for the cost table
#   table-small   the table's 100M and 1.1B rows only, streamed and in memory (the 7B row from 7b-wanda / 7b-wanda-ts)
#
# WANDA_ARGS is added to every Wanda command (e.g. --true-sequential, which the table's rows then share with 7b-wanda-ts).
#
# Models are generated once under $BIG (default /work/bigmodels: 0.2 + 2.2 + 5.6 + 13.5 GB), outputs go to $BIG/out-*
# (as large as the model) and are deleted after their row: the 7B steps need ~28 GB free. OMP_NUM_THREADS defaults to 1 (a shared machine); set 2 on a quiet one.
set -euo pipefail
BIG=${BIG:-/work/bigmodels}
CALIB=${CALIB:-16x512}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
mkdir -p "$BIG"
dotnet build src/SharpPrune.Cli -c Release -v q -nologo >/dev/null
dotnet build bench/SharpPrune.Bench -c Release -v q -nologo >/dev/null
# The runs use a copy of the CLI's build (0.8 GB), so rebuilding the checkout during an hour-long run cannot change the files it runs from.
rm -rf "$BIG/cli" && cp -r src/SharpPrune.Cli/bin/Release/net10.0 "$BIG/cli"
SP=(dotnet "$BIG/cli/sharpprune.dll")  # an array, not a function: /usr/bin/time runs it
sp() { "${SP[@]}" "$@"; }
bench() { dotnet bench/SharpPrune.Bench/bin/Release/net10.0/SharpPrune.Bench.dll "$@"; }
BROWN=../shared/data/general/brown.jsonl

# model SHAPE SHARDS → the model folder, generated on first use
model() {
  local dir=$BIG/llama-$1
  [ -d "$dir" ] || bench generate-model "$1" "$dir" "$2" >&2
  echo "$dir"
}

# windows N L → a JSON-lines corpus on which ppl --seq-len L runs exactly N windows
windows() {
  local file=$BIG/windows-${1}x$2.jsonl
  [ -f "$file" ] || bench windows-corpus models/testbed "$1" "$2" "$file"
  echo "$file"
}

# measure LABEL ESTIMATE CMD... → a row: label, seconds, CPU seconds (user + system: on a shared machine the wall time
# depends on what else runs, the CPU time far less), peak RSS, the estimate, load average at the start and at the end
measure() {
  local label=$1 estimate=$2; shift 2
  local log load
  log=$BIG/log-$(echo "$label" | tr -c 'a-zA-Z0-9.-' '_').txt
  load=$(cut -d' ' -f1 /proc/loadavg)
  if ! /usr/bin/time -v "$@" >"$log" 2>&1; then echo "| $label | failed (see $log) | | | | $load |"; return; fi
  local wall rss cpu
  wall=$(grep 'Elapsed (wall' "$log" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(grep 'Maximum resident' "$log" | awk '{print $NF}')
  cpu=$(grep -E '(User|System) time' "$log" | awk '{ s += $NF } END { printf "%.0f", s }')
  echo "| $label | $wall | $cpu | $(awk "BEGIN { printf \"%.2f GB\", $rss * 1024 / 1e9 }") | $estimate | $load → $(cut -d' ' -f1 /proc/loadavg) |"
}

# estimate DIR WHAT COUNT LENGTH stored|streamed → the run's own estimate of its peak
estimate() { bench estimate "$@" | sed 's/.*estimated peak \([^ ]* [A-Z]*\).*/\1/'; }

# prune LABEL DIR METHOD N L MODE [ARGS...] → a row, and the output's dtype checked to be the input's
prune() {
  local label=$1 dir=$2 method=$3 n=$4 l=$5 mode=$6; shift 6
  local out=$BIG/out-$method residency=streamed; [ "$mode" = never ] && residency=stored
  local extra=("$@"); [ "$method" = wanda ] && extra+=(${WANDA_ARGS:-})
  measure "$label" "$(estimate "$dir" "$method" "$n" "$l" $residency "${extra[@]}")" \
    "${SP[@]}" prune --model "$dir" --method "$method" --sparsity 0.5 --calib $BROWN --calib-docs 0:0.8 --nsamples "$n" --seq-len "$l" \
    --stream "$mode" --out "$out" --overwrite "${extra[@]}"
  if [ -d "$out" ]; then
    # The dtypes from the safetensors headers (`info` would load the whole model in float32) and pruning.json's run record.
    echo "  output: $(python3 -c 'import json, struct, sys, glob, collections
c = collections.Counter()
for f in sorted(glob.glob(sys.argv[1] + "/*.safetensors")):
    h = open(f, "rb"); h = json.loads(h.read(struct.unpack("<Q", h.read(8))[0]))
    c.update(v["dtype"] for k, v in h.items() if k != "__metadata__")
print(dict(c), "in", len(glob.glob(sys.argv[1] + "/*.safetensors")), "file(s); run:", json.load(open(sys.argv[1] + "/pruning.json"))["run"])' "$out")"
    rm -rf "$out"
  fi
}

# forward LABEL DIR N L → a streamed ppl over N windows of L tokens: the forward the pruning runs are timed against
forward() {
  local label=$1 dir=$2 n=$3 l=$4
  measure "$label" "$(estimate "$dir" ppl "$n" "$l" streamed)" "${SP[@]}" ppl --model "$dir" --data "$(windows "$n" "$l")" --seq-len "$l" --stream always --json
}

N=${CALIB%x*} L=${CALIB#*x}
echo "OMP_NUM_THREADS=$OMP_NUM_THREADS, $(nproc --all) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "| run | seconds | CPU seconds | peak RSS | estimate | load at start → end |"
echo "|---|---|---|---|---|---|"
for step in "$@"; do
  case $step in
    2.8b) prune "2.8B wanda 4×128 streamed" "$(model 2.8b 2)" wanda 4 128 always ;;
    tinyllama)
      prune "1.1B wanda 4×128 in memory (stored bf16)" "$(model 1.1b 1)" wanda 4 128 never
      prune "1.1B wanda 4×128 streamed" "$(model 1.1b 1)" wanda 4 128 always ;;
    7b-wanda)
      forward "7B streamed forward ${N}×$L (ppl)" "$(model 7b 3)" "$N" "$L"
      prune "7B wanda ${N}×$L streamed" "$(model 7b 3)" wanda "$N" "$L" always ;;
    7b-forward) forward "7B streamed forward ${N}×$L (ppl)" "$(model 7b 3)" "$N" "$L" ;;
    7b-wanda-ts)
      prune "7B wanda --true-sequential ${N}×$L streamed" "$(model 7b 3)" wanda "$N" "$L" always --true-sequential ;;
    7b-sparsegpt) prune "7B sparsegpt ${N}×$L streamed" "$(model 7b 3)" sparsegpt "$N" "$L" always ;;
    7b-sparsegpt-ts)
      prune "7B sparsegpt --true-sequential ${N}×$L streamed" "$(model 7b 3)" sparsegpt "$N" "$L" always --true-sequential ;;
    7b-ppl) forward "7B ppl 8×512 streamed" "$(model 7b 3)" 8 512 ;;
    table)
      for shape in "100m 2" "1.1b 1" "7b 3"; do
        set -- $shape
        prune "$1 wanda ${N}×$L streamed" "$(model "$1" "$2")" wanda "$N" "$L" always
      done ;;
    table-small)
      for shape in "100m 2" "1.1b 1"; do
        set -- $shape
        prune "$1 wanda${WANDA_ARGS:+ ${WANDA_ARGS}} ${N}×$L streamed" "$(model "$1" "$2")" wanda "$N" "$L" always
        prune "$1 wanda${WANDA_ARGS:+ ${WANDA_ARGS}} ${N}×$L in memory (stored bf16)" "$(model "$1" "$2")" wanda "$N" "$L" never
      done ;;
    *) echo "unknown step '$step'" >&2; exit 2 ;;
  esac
done
