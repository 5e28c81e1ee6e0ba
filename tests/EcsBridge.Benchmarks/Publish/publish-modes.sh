#!/usr/bin/env bash
# The publish ladder of issue 17, all three builds measured in one run on this machine (`make bench-publish`):
#   jit  framework-dependent `dotnet build` output (the runtime JITs everything; tiered compilation)
#   r2r  trimmed, self-contained ReadyToRun (PUBLISH_MODE=r2r, the former default)
#   aot  Native AOT (PUBLISH_MODE=aot, the default of `make publish` and the Dockerfile)
# For each: what ships (files without debug symbols), the median wall time of 11 `ecsbridge version` runs, and the
# operator's own RSS in `ecsbridge run --local --no-node` once /readyz answers and IDLE_SECONDS (default 30) have
# passed; then, unless SCALE_SERVICES=0, the scale benchmark with SCALE_SERVICES (default 1,000) services against
# each build: steady RSS, caches synced and first reconcile after a restart on the warm API. Needs
# KUBEBUILDER_ASSETS (tests/envtest/setup.sh) for the local control plane. Prints a Markdown table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
OUT="${OUT:-$ROOT/artifacts/bench/publish}"
IDLE_SECONDS="${IDLE_SECONDS:-30}"
SCALE_SERVICES="${SCALE_SERVICES:-1000}"
DOTNET="${DOTNET:-dotnet}"
[[ -n "${KUBEBUILDER_ASSETS:-}" ]] || { echo "publish-modes: set KUBEBUILDER_ASSETS (tests/envtest/setup.sh prints it)" >&2; exit 2; }
command -v curl >/dev/null || { echo "publish-modes: curl is needed to read /readyz" >&2; exit 2; }

rm -rf "$OUT" && mkdir -p "$OUT"
log() { echo "publish-modes: $*" >&2; }

build() {
  local mode=$1 dir="$OUT/$1" start end
  start=$(date +%s.%N)
  case $mode in
    jit) "$DOTNET" build "$ROOT/src/EcsBridge" -c Release -nologo -clp:ErrorsOnly -o "$dir" >&2 ;;
    *) make -C "$ROOT" --no-print-directory publish PUBLISH_MODE="$mode" PUBLISH_DIR="$dir" >&2 ;;
  esac
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }'
}

shipped_mb() {
  find "$1" -maxdepth 1 -type f ! -name '*.dbg' ! -name '*.pdb' -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1048576 }'
}

version_ms() {
  local exe=$1 times=() i start end
  "$exe" version >/dev/null
  for i in $(seq 11); do
    start=$(date +%s%N); "$exe" version >/dev/null; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 6p
}

idle_rss_mb() {
  local exe=$1 port pid rss deadline
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # SIGTERM stops it (a background job of a script ignores SIGINT).
  "$exe" run --local --no-node --health-probe-bind-address "127.0.0.1:$port" --metrics-bind-address 0 \
    >"$OUT/run-$(basename "$(dirname "$exe")").log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 180))
  until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { log "$exe run exited early; see $OUT"; return 1; }
    ((SECONDS < deadline)) || { log "$exe not ready in 180 s"; kill -TERM "$pid"; return 1; }
    sleep 0.5
  done
  sleep "$IDLE_SECONDS"  # the idle window being measured, not a wait for a condition
  rss=$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$rss"
}

# Steady RSS at SCALE_SERVICES, caches synced and first reconcile after a restart, from the scale benchmark's
# results.json with this build as the operator under test.
at_scale() {
  local mode=$1 out="$OUT/scale-$1"
  [[ "$SCALE_SERVICES" -gt 0 ]] || { echo "- | - | -"; return; }
  ECSBRIDGE_BENCH_OPERATOR_DIR="$OUT/$mode" "$DOTNET" run --project "$ROOT/tests/EcsBridge.Benchmarks" -c Release -- \
    scale --sizes "$SCALE_SERVICES" --idle-seconds 30 --latency-samples 10 --output "$out" >"$OUT/scale-$mode.log" 2>&1 \
    || { log "the scale run of $mode failed; see $OUT/scale-$mode.log"; echo "failed | failed | failed"; return; }
  python3 - "$out/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
f, s = r["footprint"][0], r["startup"][0]
ms = lambda v: "n/a" if v is None else f"{v / 1000:.2f}"
print(f'{f["steadyRssMiB"] * 1.048576:.1f} | {ms(s.get("toCachesSyncedMs"))} | {ms(s.get("toFirstReconcileMs"))}')
PY
}

printf '| build | build time (s) | shipped (MB) | `version` median (ms) | idle RSS after %s s (MB) | steady RSS, %s services (MB) | caches synced after restart (s) | first reconcile after restart (s) |\n' \
  "$IDLE_SECONDS" "$SCALE_SERVICES"
printf '|---|---|---|---|---|---|---|---|\n'
for mode in jit r2r aot; do
  log "building $mode"
  seconds=$(build "$mode")
  exe="$OUT/$mode/ecsbridge"
  size=$(shipped_mb "$OUT/$mode")
  ms=$(version_ms "$exe")
  log "idle RSS of $mode"
  rss=$(idle_rss_mb "$exe")
  log "$SCALE_SERVICES services against $mode"
  scale=$(at_scale "$mode")
  printf '| %s | %.0f | %s | %s | %s | %s |\n' "$mode" "$seconds" "$size" "$ms" "$rss" "$scale"
done
