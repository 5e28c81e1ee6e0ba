#!/usr/bin/env bash
# Two published builds of `ecsbridge` (BEFORE and AFTER: folders made by `make publish PUBLISH_DIR=…`) measured in
# one run on this machine, ROUNDS times in turn so drift in the machine hits both alike: the binary's size, the median
# wall time of 11 `ecsbridge version` runs, the operator's own RSS in `ecsbridge run --local --no-node` once /readyz
# answers and IDLE_SECONDS (default 30) have passed, and, unless SERVICES=0, the scale benchmark with SERVICES
# (default 1,000) services: steady RSS, caches synced and first reconcile after a restart. Needs KUBEBUILDER_ASSETS
# (tests/envtest/setup.sh). Prints one Markdown row per build and round.
#   KUBEBUILDER_ASSETS=… BEFORE=/tmp/before-aot AFTER=/tmp/after-aot SERVICES=1000 ROUNDS=3 bash compare-builds.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
OUT="${OUT:-$ROOT/artifacts/bench/compare}"
IDLE_SECONDS="${IDLE_SECONDS:-30}"
SERVICES="${SERVICES:-1000}"
ROUNDS="${ROUNDS:-1}"
DOTNET="${DOTNET:-dotnet}"
[[ -n "${KUBEBUILDER_ASSETS:-}" ]] || { echo "compare-builds: set KUBEBUILDER_ASSETS (tests/envtest/setup.sh prints it)" >&2; exit 2; }
[[ -x "${BEFORE:-}/ecsbridge" && -x "${AFTER:-}/ecsbridge" ]] || { echo "compare-builds: BEFORE and AFTER must be folders holding a published ecsbridge" >&2; exit 2; }
command -v curl >/dev/null || { echo "compare-builds: curl is needed to read /readyz" >&2; exit 2; }

rm -rf "$OUT" && mkdir -p "$OUT"
log() { echo "compare-builds: $*" >&2; }

binary_mb() { awk -v s="$(stat -c %s "$1/ecsbridge")" 'BEGIN { printf "%.2f", s / 1048576 }'; }

version_ms() {
  local exe=$1 times=() i start end
  "$exe" version >/dev/null
  for i in $(seq 11); do
    start=$(date +%s%N); "$exe" version >/dev/null; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 6p
}

# Prints "idle RSS MB | ms from start to /readyz".
idle() {
  local exe=$1 name=$2 port pid rss deadline start ready
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  start=$(date +%s%N)
  "$exe" run --local --no-node --health-probe-bind-address "127.0.0.1:$port" --metrics-bind-address 0 >"$OUT/run-$name.log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 180))
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { log "$exe run exited early; see $OUT"; return 1; }
    ((SECONDS < deadline)) || { log "$exe not ready in 180 s"; kill -TERM "$pid"; return 1; }
    sleep 0.1
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$IDLE_SECONDS"  # the idle window being measured, not a wait for a condition
  rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$rss | $ready"
}

# Steady RSS at SERVICES, caches synced and first reconcile after a restart (the scale benchmark's results.json).
at_scale() {
  local dir=$1 name=$2 out="$OUT/scale-$2"
  [[ "$SERVICES" -gt 0 ]] || { echo "- | - | -"; return; }
  ECSBRIDGE_BENCH_OPERATOR_DIR="$dir" "$DOTNET" run --project "$ROOT/tests/EcsBridge.Benchmarks" -c Release -- \
    scale --sizes "$SERVICES" --idle-seconds 30 --latency-samples 10 --output "$out" >"$OUT/scale-$name.log" 2>&1 \
    || { log "the scale run of $name failed; see $OUT/scale-$name.log"; echo "failed | failed | failed"; return; }
  python3 - "$out/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f, s = r["footprint"][0], r["startup"][0]
ms = lambda v: "n/a" if v is None else f"{v / 1000:.2f}"
print(f'{f["steadyRssMiB"] * 1.048576:.1f} | {ms(s.get("toCachesSyncedMs"))} | {ms(s.get("toFirstReconcileMs"))}')
PY
}

printf '| build | round | binary (MB) | `version` median (ms) | idle RSS after %s s (MB) | start to /readyz, local (ms) | steady RSS, %s services (MB) | caches synced after restart (s) | first reconcile after restart (s) |\n' \
  "$IDLE_SECONDS" "$SERVICES"
printf '|---|---|---|---|---|---|---|---|---|\n'
for round in $(seq "$ROUNDS"); do
  for name in before after; do
    dir=$BEFORE; [[ $name == after ]] && dir=$AFTER
    log "round $round: $name"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$round" "$(binary_mb "$dir")" "$(version_ms "$dir/ecsbridge")" \
      "$(idle "$dir/ecsbridge" "$name-$round")" "$(at_scale "$dir" "$name-$round")"
  done
done
